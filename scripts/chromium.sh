#!/usr/bin/env bash
# Make sure Debian's chromium is installed for the browser tests (never a downloaded browser).
set -euo pipefail
if [ -n "${CHROMIUM_PATH:-}" ] && [ -x "$CHROMIUM_PATH" ]; then exit 0; fi
for candidate in /usr/bin/chromium /usr/bin/chromium-browser; do
  [ -x "$candidate" ] && exit 0
done
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "chromium is not installed; installing Debian's chromium for the browser tests..." >&2
  if { apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2; }; then
    exit 0
  fi
  echo "WARNING: installing chromium failed (see apt's messages above; on Ubuntu chromium is a snap), so the browser tests will be skipped. Install it, or set CHROMIUM_PATH." >&2
  exit 0
fi
echo "WARNING: chromium is not installed, so the browser tests will be skipped. Install it with 'sudo apt-get install chromium' (or set CHROMIUM_PATH)." >&2
