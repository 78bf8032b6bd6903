#!/usr/bin/env bash
# Makes sure a tool the tests run comes from Debian's packages: `ensure-deb.sh LABEL CHECK PKG…`
# runs the shell command CHECK and, only when it fails, installs PKG… with apt-get (as root, or
# through sudo -n). Where nothing can be installed (no apt-get, not root and no sudo) it says so
# on stderr and exits 0: the tests that need the tool then say they were skipped and why. It
# exits 1 only when the install ran and CHECK still fails.
set -euo pipefail
if [ "$#" -lt 3 ]; then
  echo "usage: ensure-deb.sh LABEL CHECK PACKAGE..." >&2
  exit 2
fi
label="$1" check="$2"
shift 2
if bash -c "$check" >/dev/null 2>&1; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-$label: apt-get is unavailable; install $* for the tests that need it" >&2
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; else
    echo "ensure-$label: not root and no sudo; cannot install $* (the tests that need it will be skipped)" >&2
    exit 0
  fi
fi
echo "ensure-$label: installing Debian's $*" >&2
$SUDO apt-get update -qq >&2 || true
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >&2
if ! bash -c "$check" >/dev/null 2>&1; then
  echo "ensure-$label: still missing after installing $*" >&2
  exit 1
fi
