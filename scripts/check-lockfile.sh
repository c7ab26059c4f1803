#!/usr/bin/env bash
# Fails when yarn.lock is not a pure function of the committed files: when an install would
# change it, or when resolving it would need to ask the registry anything (yarn runs with
# enableNetwork=false here, so a plugin or an unlocked range that consults the registry fails).
# Also runs the tests of the install's inputs (scripts/test/*.test.js). Run early by `make test`.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$HMAS_ROOT"

node --test scripts/test/*.test.js

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if ! YARN_ENABLE_NETWORK=0 yarn install --immutable --mode=skip-build >"$log" 2>&1; then
  grep -v YN0002 "$log" | tail -20 >&2
  cat >&2 <<'MSG'

yarn.lock is not reproducible from the committed files: an install with the network off
would change it (YN0028) or had to ask the registry. If you changed a package.json, run
`make lock` and commit yarn.lock; see README "Installing".
MSG
  exit 1
fi
echo "yarn.lock: unchanged by an install with the network off"
