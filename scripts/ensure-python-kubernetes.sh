#!/usr/bin/env bash
# Makes sure Debian's python3-kubernetes (the official Python client) is installed for
# /usr/bin/python3: the Kubernetes simulator's fidelity test (test/sim/kube-python.test.ts) runs
# it. Installs only when missing; needs root (apt-get) to install.
set -euo pipefail
if /usr/bin/python3 -c 'import kubernetes' >/dev/null 2>&1; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-python-kubernetes: apt-get is unavailable; install python3-kubernetes for the fidelity test" >&2
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; else
    echo "ensure-python-kubernetes: not root and no sudo; cannot install python3-kubernetes" >&2
    exit 0
  fi
fi
echo "ensure-python-kubernetes: installing Debian's python3-kubernetes" >&2
$SUDO apt-get update -qq >&2 || true
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-kubernetes >&2
