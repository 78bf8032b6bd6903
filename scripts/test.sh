#!/usr/bin/env bash
# The README's test command (`npm test`): provisions Node 26 and dependencies when needed,
# makes sure PostgreSQL and Redis are up, then lint, typecheck, build (dist/ and the single
# executable, which test/e2e/package.e2e.test.ts runs), and the whole suite.
set -euo pipefail
source "$(dirname "$0")/env.sh"
bash scripts/services.sh
if [ -f scripts/ensure-awscli.sh ]; then bash scripts/ensure-awscli.sh; fi
bash scripts/ensure-python-kubernetes.sh
bash scripts/ensure-chromium.sh
echo "== lint" && npx eslint . && npx prettier --check . >/dev/null
echo "== typecheck" && npx tsc --noEmit -p tsconfig.json
echo "== build" && node scripts/build.mjs
echo "== package (the single executable)" && node scripts/package.mjs
echo "== tests" && npx vitest run "$@"
