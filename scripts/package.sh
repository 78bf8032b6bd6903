#!/usr/bin/env bash
# `npm run package`: provisions Node 26 and dependencies when needed (scripts/env.sh), then
# builds the single executable dist/warroom-<platform>-<arch> (scripts/package.mjs).
set -euo pipefail
source "$(dirname "$0")/env.sh"
node scripts/package.mjs
