#!/usr/bin/env bash
# `npm test`: lint (incl. the layering rule), typecheck, unit tests and e2e, in that order; stops at the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-system-deps.sh
step() { echo; echo "=== $1 ==="; shift; local t0=$SECONDS; "$@"; echo "=== done in $((SECONDS - t0)) s ==="; }
step "lint" npm run --silent lint
step "typecheck" npm run --silent typecheck
step "unit tests" npm run --silent test:unit
step "e2e" npm run --silent test:e2e
