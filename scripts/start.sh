#!/usr/bin/env bash
# Starts the portal for development: frontend dev server on :3000, backend on :7007, SQLite in
# memory and the embedded Karmada simulator (app-config.yaml). Prints the URL once it is ready.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
source "$HMAS_ROOT/scripts/portal.sh"
cd "$HMAS_ROOT"

started=$(date +%s)
yarn start "$@" &
portal=$!
trap 'kill -- -$$ 2>/dev/null; kill "$portal" 2>/dev/null' INT TERM

if wait_for_portal 600 "$portal"; then
  cat <<MSG

==> H-MAS portal ready after $(( $(date +%s) - started ))s: $HMAS_APP_URL
    H-MAS page: $HMAS_APP_URL/hmas   (backend: $HMAS_BACKEND_URL; sign in as guest)
    Stop with Ctrl-C.

MSG
fi
wait "$portal"
