#!/usr/bin/env bash
# Helpers for a running portal, sourced by scripts/start.sh and scripts/test.sh.

HMAS_APP_URL="${HMAS_APP_URL:-http://localhost:3000}"
HMAS_BACKEND_URL="${HMAS_BACKEND_URL:-http://localhost:7007}"

# True when the backend has mounted every plugin and the frontend dev server serves the app.
portal_ready() {
  curl -fsS -m 5 "$HMAS_BACKEND_URL/.backstage/health/v1/readiness" >/dev/null 2>&1 &&
    curl -fsS -m 5 "$HMAS_APP_URL" >/dev/null 2>&1
}

# Waits until the portal is ready, at most $1 seconds; fails early if process $2 died.
wait_for_portal() {
  local timeout="$1" pid="${2:-}" waited=0
  until portal_ready; do
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
      echo "the portal exited before it was ready" >&2
      return 1
    fi
    if [ "$waited" -ge "$timeout" ]; then
      echo "the portal was not ready after ${timeout}s" >&2
      return 1
    fi
    sleep 2
    waited=$((waited + 2))
  done
}
