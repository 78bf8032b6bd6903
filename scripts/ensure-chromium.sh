#!/usr/bin/env bash
# Makes sure Debian's `chromium` is at /usr/bin/chromium: the HTML review's screenshot test
# (test/incident/review.test.ts) renders the review in it, headless.
set -euo pipefail
exec bash "$(dirname "$0")/ensure-deb.sh" chromium "test -x /usr/bin/chromium" chromium
