#!/usr/bin/env bash
# The merchant examples (examples/php-merchant, examples/python-merchant) run as real processes in
# test/e2e/merchant-ledger.test.ts: Debian's PHP and Python, since npm cannot install either.
# Installs the missing Debian packages, like scripts/ensure-browsers.sh does for the browsers.
#   php-cli       /usr/bin/php, its built-in server (`php -S`)
#   php-sqlite3   pdo_sqlite, the PHP example's ledger
#   python3       /usr/bin/python3 (the Python example is run by Debian's, whatever is first on PATH)
#   python3-jwt   PyJWT, which signs the Python example's session tokens
set -euo pipefail
PHP="${CASHIER_PHP:-/usr/bin/php}"
PYTHON="${CASHIER_PYTHON:-/usr/bin/python3}"
missing=()
[ -x "$PHP" ] || missing+=(php-cli)
if [ ! -x "$PHP" ] || ! "$PHP" -m 2>/dev/null | grep -qx pdo_sqlite; then missing+=(php-sqlite3); fi
[ -x "$PYTHON" ] || missing+=(python3)
if [ ! -x "$PYTHON" ] || ! "$PYTHON" -c 'import jwt, sqlite3' 2>/dev/null; then missing+=(python3-jwt); fi
[ "${#missing[@]}" -eq 0 ] && exit 0
echo "tools: installing missing Debian packages: ${missing[*]}"
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
