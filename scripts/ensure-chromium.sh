#!/usr/bin/env bash
# Browser tests and end-to-end tests drive Debian's Chromium: npm packages cannot download a
# browser on this network, and `npm ci` never installs one.
set -euo pipefail
CHROMIUM="${CHROME_PATH:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then exit 0; fi
echo "chromium: $CHROMIUM missing, installing Debian package chromium"
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq chromium >/dev/null
"$CHROMIUM" --version 2>/dev/null || true
