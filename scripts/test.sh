#!/usr/bin/env bash
# The whole test suite: the lockfile check, type-check, lint, unit + integration tests (store
# tests on SQLite and, when it answers, PostgreSQL), end-to-end tests in Debian's Chromium.
# Every step runs even when an earlier one failed, so one failure does not hide the state of the
# rest; a summary of every step's result comes last, and the exit status is non-zero if any
# step failed.
# Usage: scripts/test.sh [lockfile|tsc|lint|unit|e2e|reliability]...
#   (no argument: lockfile tsc lint unit e2e, in that order; `reliability` only when named)
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$HMAS_ROOT"
export CI="${CI:-true}"

step() { printf '\n==> %s\n' "$*"; }

run_lockfile() {
  step "lockfile: reproducible from the committed files (scripts/check-lockfile.sh)"
  bash scripts/check-lockfile.sh
}

run_tsc() {
  step "type-check (tsc) and API reports of the published packages"
  # One compile does both: --tsc type-checks the whole repository (tsc with skipLibCheck and
  # incremental off, stricter than `yarn tsc`) and writes the declarations the reports are
  # made from. A change to a package's public API must come with its report.api.md:
  # regenerate them with `yarn build:api-reports`, which compiles the same way.
  yarn backstage-repo-tools api-reports --ci --tsc -o ae-wrong-input-file-type,ae-undocumented plugins/*/
}

run_lint() {
  step "lint"
  yarn backstage-cli repo lint
  yarn prettier --check .
}

# Finds the PostgreSQL on 127.0.0.1:5432 (trust auth) and points TestDatabases at it.
detect_postgres() {
  if [ -n "${BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING:-}" ]; then
    return 0
  fi
  local url="postgresql://postgres@127.0.0.1:5432" major
  major="$(node scripts/pg-major.js "$url" 2>/dev/null || true)"
  if [ -n "$major" ]; then
    export "BACKSTAGE_TEST_DATABASE_POSTGRES${major}_CONNECTION_STRING=$url"
    HMAS_PG_MAJOR="$major"
  fi
}

run_unit() {
  export BACKSTAGE_TEST_DISABLE_DOCKER=1
  HMAS_PG_MAJOR=""
  detect_postgres
  if [ -n "${BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING:-}" ]; then
    step "unit and integration tests — store tests run on: SQLite 3 and PostgreSQL 15 (127.0.0.1:5432)"
  else
    cat >&2 <<'MSG'

!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
!!! PostgreSQL 15 is NOT reachable at 127.0.0.1:5432: store tests run on SQLITE ONLY.      !!!
!!! Start PostgreSQL (trust auth) or set BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING. !!!
!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
MSG
    [ -n "$HMAS_PG_MAJOR" ] && echo "(found PostgreSQL $HMAS_PG_MAJOR; the store tests target 15)" >&2
    step "unit and integration tests — store tests run on: SQLite 3 ONLY"
  fi
  yarn backstage-cli repo test --maxWorkers=2
}

# The whole reliability suite: fuzzing of every mutating route and action, a fault at every
# step of create, update and delete, kill -9 at every step of create and delete (make test
# runs all of it but the kill -9 of every step: one step of each), and the races. Each suite
# records its counts in test-results/reports/ (a green Jest run stays quiet); this prints them.
run_reliability() {
  export BACKSTAGE_TEST_DISABLE_DOCKER=1
  detect_postgres
  step "reliability suite (every step; HMAS_RELIABILITY=full)"
  rm -rf test-results/reports
  HMAS_RELIABILITY=full yarn backstage-cli repo test --maxWorkers=1 \
    plugins/hmas-backend/src/crashRecovery.test.ts \
    plugins/hmas-backend/src/service/DeploymentService.faults.test.ts \
    plugins/hmas-backend/src/races.reliability.test.ts \
    plugins/scaffolder-backend-module-hmas/src/fuzz.reliability.test.ts
  step "reliability counts (test-results/reports)"
  tail -n +1 test-results/reports/*.txt
}

run_e2e() {
  step "end-to-end tests (Playwright in Chromium)"
  bash scripts/e2e.sh
}

steps=("$@")
[ ${#steps[@]} -gt 0 ] || steps=(lockfile tsc lint unit e2e)
for s in "${steps[@]}"; do
  case "$s" in
    lockfile | tsc | lint | unit | e2e | reliability) ;;
    *) echo "unknown step: $s" >&2; exit 2 ;;
  esac
done

results=()
failed=0
for s in "${steps[@]}"; do
  started=$(date +%s)
  set +e
  ( set -e; "run_$s" )
  rc=$?
  set -e
  if [ "$rc" -eq 0 ]; then status="passed"; else status="FAILED (exit $rc)"; failed=1; fi
  results+=("$(printf '  %-9s %-18s %5ss' "$s" "$status" "$(( $(date +%s) - started ))")")
done

printf '\n==> make test summary\n'
printf '%s\n' "${results[@]}"
if [ "$failed" -ne 0 ]; then
  echo "==> FAILED: see the output of the failed steps above" >&2
  exit 1
fi
echo "==> all steps passed"
