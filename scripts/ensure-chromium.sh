#!/usr/bin/env bash
# Makes sure Debian's `chromium` is at /usr/bin/chromium: the HTML review's screenshot test
# (test/incident/review.test.ts) renders the review in it, headless. Installs only when it is
# missing; needs root (apt-get) to install, and says why the test will be skipped otherwise.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: /usr/bin/chromium is missing and apt-get is unavailable; the HTML review's screenshot test will be skipped" >&2
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; else
    echo "ensure-chromium: not root and no sudo; cannot install chromium (the screenshot test will be skipped)" >&2
    exit 0
  fi
fi
echo "ensure-chromium: installing Debian's chromium" >&2
$SUDO apt-get update -qq >&2 || true
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >&2 || {
  echo "ensure-chromium: apt-get install chromium failed; the screenshot test will be skipped" >&2
  exit 0
}
