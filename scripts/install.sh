#!/usr/bin/env bash
# Installs the workspace's dependencies with the committed yarn release, unless nothing that
# affects them changed since the last successful install (then it returns at once).
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$HMAS_ROOT"

stamp=node_modules/.hmas-install-stamp
inputs_hash() {
  shopt -s nullglob
  (node -v; cat yarn.lock package.json .yarnrc.yml .yarn/plugins/*.cjs \
    packages/*/package.json plugins/*/package.json) | sha256sum | cut -d' ' -f1
}
hash="$(inputs_hash)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$hash" ]; then
  echo "==> dependencies up to date"
  exit 0
fi

echo "==> yarn install (Node $(node -v))"
if [ "${CI:-}" = "true" ]; then
  yarn install --immutable
else
  yarn install
fi
inputs_hash > "$stamp"
