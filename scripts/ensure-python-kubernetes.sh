#!/usr/bin/env bash
# Makes sure Debian's python3-kubernetes (the official Python client) is installed for
# /usr/bin/python3: the Kubernetes simulator's fidelity test (test/sim/kube-python.test.ts) runs it.
set -euo pipefail
exec bash "$(dirname "$0")/ensure-deb.sh" python-kubernetes "/usr/bin/python3 -c 'import kubernetes'" python3-kubernetes
