#!/usr/bin/env bash
# Regenerates the golden manifests in src/deployments/__golden__ from the builders.
# Review the diff before committing: every change is a change to what runs on the clusters.
cd "$(dirname "$0")/.."
# shellcheck source=../../../scripts/env.sh
source ../../scripts/env.sh
UPDATE_GOLDEN=1 CI=true yarn backstage-cli package test src/deployments/golden.test.ts
