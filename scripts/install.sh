#!/usr/bin/env bash
# Installs the workspace's dependencies with the committed yarn release, exactly as yarn.lock
# records them (`--immutable`: an install never rewrites yarn.lock, in CI or not), unless
# nothing that affects them changed since the last successful install (then it returns at
# once). After changing a package.json, update the lockfile with `make lock`.
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

if [ "${1:-}" = "--update-lockfile" ]; then
  echo "==> yarn install, updating yarn.lock (Node $(node -v))"
  yarn install
else
  echo "==> yarn install --immutable (Node $(node -v))"
  if ! yarn install --immutable; then
    cat >&2 <<'MSG'

yarn install --immutable failed. If it says YN0028 (the lockfile would be modified), a
package.json changed without yarn.lock: run `make lock` and commit yarn.lock.
MSG
    exit 1
  fi
fi
inputs_hash > "$stamp"
