#!/usr/bin/env bash
# The README's run command (`npm start`): provisions Node 26 and dependencies when needed,
# builds when the sources are newer than dist/, then runs `warroom demo` (or the arguments given:
# `npm start -- --config prod.yaml`).
set -euo pipefail
source "$(dirname "$0")/env.sh"
if [ ! -f dist/cli.js ] || [ -n "$(find src package.json -newer dist/cli.js -print -quit)" ]; then
  node scripts/build.mjs
fi
if [ $# -eq 0 ]; then set -- demo; fi
exec node bin/warroom "$@"
