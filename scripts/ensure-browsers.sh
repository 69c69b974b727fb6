#!/usr/bin/env bash
# The widget suite runs in Chromium, Firefox ESR and WebKitGTK, the end-to-end tests in Chromium
# and Firefox: all Debian's builds, since npm packages cannot download a browser on this network
# and `npm ci` never installs one (docs/adr/0010-three-engines.md). Installs the missing Debian packages.
#   chromium           /usr/bin/chromium
#   firefox-esr        /usr/bin/firefox-esr (driven over WebDriver BiDi by puppeteer-core)
#   webkit2gtk-driver  /usr/bin/WebKitWebDriver, pulls libwebkit2gtk-4.1-0 with its MiniBrowser
#   xvfb               /usr/bin/Xvfb, the display MiniBrowser needs (it has no headless mode)
set -euo pipefail
missing=()
[ -x "${CHROME_PATH:-/usr/bin/chromium}" ] || missing+=(chromium)
[ -x "${FIREFOX_PATH:-/usr/bin/firefox-esr}" ] || missing+=(firefox-esr)
if [ ! -x "${WEBKIT_DRIVER_PATH:-/usr/bin/WebKitWebDriver}" ] || ! ls /usr/lib/*/webkit2gtk-4.1/MiniBrowser >/dev/null 2>&1; then
  missing+=(webkit2gtk-driver)
fi
command -v Xvfb >/dev/null || missing+=(xvfb)
[ "${#missing[@]}" -eq 0 ] && exit 0
echo "browsers: installing missing Debian packages: ${missing[*]}"
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
