#!/usr/bin/env bash
# End-to-end tests: starts the portal (unless one is already running outside CI), runs the
# Playwright tests in Debian's Chromium, stops the portal.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
source "$HMAS_ROOT/scripts/portal.sh"
cd "$HMAS_ROOT"

bash scripts/ensure-chromium.sh

portal=""
stop_portal() {
  if [ -n "$portal" ]; then
    kill -- "-$portal" 2>/dev/null || true
    wait "$portal" 2>/dev/null || true
  fi
}
trap stop_portal EXIT

if [ "${CI:-}" != "true" ] && portal_ready; then
  echo "==> using the portal already running at $HMAS_APP_URL"
else
  mkdir -p test-results
  echo "==> starting the portal (log: test-results/portal.log)"
  # Guest is a researcher; the journeys of a platform admin switch user with the dev sign-in
  # cookie (e2e/helpers.ts, packages/backend/src/devSignIn.ts).
  # The tests watch deployments reach Ready: a short model load, whatever the portal's pace.
  APP_CONFIG_hmas_karmada_embedded_modelLoadMs=3000 \
    APP_CONFIG_hmas_karmada_embedded_modelLoadMsPerGiB=0 \
    setsid bash scripts/start.sh >test-results/portal.log 2>&1 &
  portal=$!
  if ! wait_for_portal 600 "$portal"; then
    tail -50 test-results/portal.log >&2
    exit 1
  fi
fi

yarn playwright test "$@"
