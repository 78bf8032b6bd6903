#!/usr/bin/env bash
# `npm run bench`: every benchmark in bench/, each against a reference measured in the same run.
# Results are printed and written to docs/BENCHMARKS.md sections by each bench.
set -euo pipefail
source "$(dirname "$0")/env.sh"
bash scripts/services.sh
node scripts/build.mjs
for b in bench/*.bench.ts; do
  if [ -n "${1:-}" ] && [[ "$b" != *"$1"* ]]; then continue; fi
  echo "== $b"
  npx tsx "$b"
done
