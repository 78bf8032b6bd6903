#!/usr/bin/env bash
# Makes sure AWS CLI v2 is at /usr/bin/aws (Debian's `awscli` package): the CloudWatch Logs
# simulator's fidelity tests run `aws logs tail --follow --endpoint-url …` against it, and the
# `aws` first on PATH may be CLI v1 (pip), which has no `logs tail`.
set -euo pipefail
exec bash "$(dirname "$0")/ensure-deb.sh" awscli "/usr/bin/aws --version 2>&1 | grep -q '^aws-cli/2\.'" awscli
