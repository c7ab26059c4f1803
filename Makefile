# The two commands of the README. Every recipe sets up its own toolchain (scripts/env.sh):
# Node 24 from the npm registry into .tools/, the committed yarn release, and the environment
# yarn and node-gyp need on these machines.
SHELL := /bin/bash

.PHONY: start test install lock tsc lint unit e2e reliability bench clean

## Install everything and start the portal (SQLite + embedded Karmada simulator).
start: install
	@bash scripts/start.sh

## Install everything and run type-check, lint, unit/integration tests and end-to-end tests.
test: install
	@bash scripts/test.sh

## Install exactly what yarn.lock records (never rewrites it).
install:
	@bash scripts/install.sh

## After changing a package.json: resolve the new ranges and rewrite yarn.lock (commit it).
lock:
	@bash scripts/install.sh --update-lockfile

tsc: install
	@bash scripts/test.sh tsc

lint: install
	@bash scripts/test.sh lint

unit: install
	@bash scripts/test.sh unit

e2e: install
	@bash scripts/test.sh e2e

## The whole reliability suite: kill -9 and faults at every step (make test runs a subset).
reliability: install
	@bash scripts/test.sh reliability

clean:
	rm -rf node_modules packages/*/node_modules plugins/*/node_modules dist-types test-results

## Benchmarks (figures quoted in the issues' notes; nothing is asserted about time).
bench: install
	@bash -c 'source scripts/env.sh && yarn bench:sim && yarn bench && yarn bench:deployments && yarn bench:inference'
