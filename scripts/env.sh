#!/usr/bin/env bash
# Source this file: it puts Node.js 26 first on PATH and installs the project's dependencies
# when they are missing or older than package-lock.json.
# One Node line for everything: the tests, `npm start`, and the single executable
# (`npm run package` embeds the very Node that runs here). A system Node of another major
# (machines often ship an older one) is not used: Node 26 then comes from the npm registry's
# `node@26` package, installed once into .tools/ (git-ignored), and again when .tools/ holds
# another line (e.g. the Node 22 this project used before).
set -euo pipefail
WARROOM_NODE_MAJOR=26
WARROOM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export WARROOM_ROOT WARROOM_NODE_MAJOR
node_major() { "${1:-node}" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(node_major)" != "$WARROOM_NODE_MAJOR" ]; then
  tools="$WARROOM_ROOT/.tools"
  if [ "$(node_major "$tools/node_modules/.bin/node")" != "$WARROOM_NODE_MAJOR" ]; then
    echo "warroom: system Node is $(node --version 2>/dev/null || echo absent); installing Node $WARROOM_NODE_MAJOR from the npm registry into .tools/ (once)" >&2
    mkdir -p "$tools"
    npm install --silent --no-audit --no-fund --prefix "$tools" "node@$WARROOM_NODE_MAJOR" >&2
  fi
  export PATH="$tools/node_modules/.bin:$PATH"
fi
if [ "$(node_major)" != "$WARROOM_NODE_MAJOR" ]; then
  echo "warroom: Node $WARROOM_NODE_MAJOR is required and could not be provisioned" >&2
  exit 1
fi
cd "$WARROOM_ROOT"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "warroom: installing dependencies (npm ci)" >&2
  npm ci --no-audit --no-fund >&2
fi
