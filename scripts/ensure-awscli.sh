#!/usr/bin/env bash
# Makes sure AWS CLI v2 is at /usr/bin/aws (Debian's `awscli` package): the CloudWatch Logs
# simulator's fidelity tests run `aws logs tail --follow --endpoint-url …` against it, and the
# `aws` first on PATH may be CLI v1 (pip), which has no `logs tail`. Installs only when
# /usr/bin/aws is missing or is not v2; does nothing otherwise. Needs root (apt-get) to install.
set -euo pipefail
is_v2() { [ -x /usr/bin/aws ] && /usr/bin/aws --version 2>&1 | grep -q '^aws-cli/2\.'; }
if is_v2; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-awscli: /usr/bin/aws is not AWS CLI v2 and apt-get is unavailable; the aws fidelity tests will be skipped" >&2
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; else
    echo "ensure-awscli: not root and no sudo; cannot install awscli (aws fidelity tests will be skipped)" >&2
    exit 0
  fi
fi
echo "ensure-awscli: installing Debian's awscli (AWS CLI v2) into /usr/bin/aws" >&2
$SUDO apt-get update -qq >&2 || true
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq awscli >&2
if ! is_v2; then
  echo "ensure-awscli: /usr/bin/aws is still not AWS CLI v2 after installing awscli" >&2
  exit 1
fi
