#!/usr/bin/env bash
# Source this file: it puts a Node.js >= 22 first on PATH and installs the project's
# dependencies when they are missing or older than package-lock.json.
# The machines this project runs on may ship an older Node; Node 22 then comes from the
# npm registry's `node@22` package, installed once into .tools/ (git-ignored).
set -euo pipefail
WARROOM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export WARROOM_ROOT
node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(node_major)" -lt 22 ]; then
  tools="$WARROOM_ROOT/.tools"
  if [ ! -x "$tools/node_modules/.bin/node" ]; then
    echo "warroom: system Node is $(node --version 2>/dev/null || echo absent); installing Node 22 from the npm registry into .tools/ (once)" >&2
    mkdir -p "$tools"
    npm install --silent --no-audit --no-fund --prefix "$tools" node@22 >&2
  fi
  export PATH="$tools/node_modules/.bin:$PATH"
fi
if [ "$(node_major)" -lt 22 ]; then
  echo "warroom: Node >= 22 is required and could not be provisioned" >&2
  exit 1
fi
cd "$WARROOM_ROOT"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "warroom: installing dependencies (npm ci)" >&2
  npm ci --no-audit --no-fund >&2
fi
