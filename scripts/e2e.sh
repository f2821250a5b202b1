#!/usr/bin/env bash
# The end-to-end suite: every test/e2e/**/*.test.ts against a real Docker engine.
# Installs and starts the engine, fetches docker compose v2 (scripts/setup/compose-v2.sh) and
# builds the local images when missing (each step is idempotent and cached), then runs the test
# files a few at a time: each file works in its own name prefix and label, so independent engine
# tests overlap.
#
# Usage: bash scripts/e2e.sh [test/e2e/<dir-or-file> ...]   (default: test/e2e)
# Environment:
#   FLOTILLA_E2E_CONCURRENCY  test files run at once (default 3)
#   FLOTILLA_SWARM_KEEP       1: keep the swarm cluster this run started (see below)
#   FLOTILLA_TEST_REPORTER    node test reporter (default dot; spec lists every test)
set -euo pipefail
cd "$(dirname "$0")/.."

started=$(date +%s%N)
ms_since() { echo "$(( ($(date +%s%N) - $1) / 1000000 ))"; }

bash scripts/setup/engine.sh
bash scripts/setup/tools.sh
bash scripts/setup/compose-v2.sh
t=$(date +%s%N)
bash scripts/setup/images.sh
echo "e2e: images ready in $(ms_since "$t") ms"
bash scripts/setup/registry.sh

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(test/e2e)

# The stack tests (test/e2e/swarm-*.test.ts) run on a three-node swarm of their own
# (scripts/setup/swarm-cluster.sh): started here when a target holds them, and removed at the
# end unless it was already up before (then it is left for the next run), or
# FLOTILLA_SWARM_KEEP=1 asks to keep it.
wants_swarm=0
for target in "${targets[@]}"; do
  case "$target" in
    test/e2e | test/e2e/ | ./test/e2e | *swarm-*) wants_swarm=1 ;;
  esac
done
if [ "$wants_swarm" = 1 ]; then
  t=$(date +%s%N)
  if bash scripts/setup/swarm-cluster.sh status >/dev/null 2>&1; then
    echo "e2e: the swarm cluster is up already; it stays up afterwards"
  else
    bash scripts/setup/swarm-cluster.sh up
    if [ "${FLOTILLA_SWARM_KEEP:-0}" != 1 ]; then
      trap 'bash scripts/setup/swarm-cluster.sh down' EXIT
    fi
  fi
  echo "e2e: swarm cluster ready in $(ms_since "$t") ms"
fi

t=$(date +%s%N)
node scripts/run-tests.mjs --concurrency "${FLOTILLA_E2E_CONCURRENCY:-3}" --timeout 180000 "${targets[@]}"
echo "e2e: tests passed in $(ms_since "$t") ms (total $(ms_since "$started") ms)"
