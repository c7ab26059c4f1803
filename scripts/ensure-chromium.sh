#!/usr/bin/env bash
# The end-to-end tests drive Debian's Chromium (never a browser download); install it with apt
# when it is missing (as root, or through sudo).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
echo "==> /usr/bin/chromium is missing: installing Debian's chromium with apt-get"
SUDO=""
if [ "$(id -u)" != 0 ]; then
  if ! command -v sudo >/dev/null; then
    echo "cannot install chromium: not root and no sudo; run: apt-get install chromium" >&2
    exit 1
  fi
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
if ! { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq chromium >/dev/null; }; then
  echo "apt-get could not install chromium (see above); the end-to-end tests need /usr/bin/chromium" >&2
  exit 1
fi
echo "==> installed $(/usr/bin/chromium --version 2>/dev/null)"
