#!/usr/bin/env bash
# The whole test suite, from a clean clone on a fresh Debian machine:
# npm packages, build, lint, format, types, unit tests, loader conformance, then the
# end-to-end suite against a real Docker engine (installed and started when missing).
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }
started=$(date +%s)

step "npm packages"
bash scripts/setup/node-deps.sh

step "build"
node scripts/build.mjs

step "lint, format, types"
npx --no-install eslint .
npx --no-install prettier --check . >/dev/null
npx --no-install tsc -p tsconfig.json --noEmit

step "kubectl and helm for the conversion tests (validation layer 2)"
bash scripts/setup/kube-tools.sh >/dev/null

step "unit tests"
npm run --silent test:unit

step "loader conformance"
npm run --silent conformance

if [ -f scripts/e2e.sh ]; then
  step "end-to-end tests against a real Docker engine"
  bash scripts/e2e.sh
fi

printf '\nall tests passed in %ss\n' "$(( $(date +%s) - started ))"
