#!/usr/bin/env bash
# The end-to-end suite: every test/e2e/**/*.test.ts against a real Docker engine.
# Installs and starts the engine, fetches docker compose v2 (scripts/setup/compose-v2.sh) and
# builds the local images when missing (each step is idempotent and cached), then runs the test
# files a few at a time: each file works in its own name prefix and label, so independent engine
# tests overlap.
#
# The scenarios of the standalone BuildKit daemon (buildkitd-*.test.ts) run after the other engine
# tests, once scripts/setup/buildkit.sh has it up; Kubernetes scenarios (k8s-*.test.ts) run last,
# on the test cluster (scripts/setup/kubernetes.sh).
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

# Clusters this run started are stopped at the end (each command in order). A stop that fails
# (something left on the host) fails the run, after the others ran.
on_exit=()
run_on_exit() {
  local status=$? c
  for c in "${on_exit[@]}"; do
    $c || {
      echo "e2e: \`$c\` failed (exit $?)" >&2
      [ "$status" != 0 ] || status=1
    }
  done
  exit "$status"
}
trap run_on_exit EXIT

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
      on_exit+=('bash scripts/setup/swarm-cluster.sh down')
    fi
  fi
  echo "e2e: swarm cluster ready in $(ms_since "$t") ms"
fi

# Kubernetes scenarios (test/e2e/k8s-*.test.ts) need the test cluster: they run after the
# others, once `kubernetes.sh up` has it (waiting for the binaries' build, which scripts/test.sh
# starts in the background at its very beginning). A cluster this run started is stopped after.
# Long scenarios (*-scale.test.ts: hundreds of containers; swarm-cicd-*.test.ts: a whole
# pipeline with image builds; build-buildkit.test.ts: ten BuildKit builds, one of them through a
# registry cache, over 300 s under load) run one at a time after the other engine tests, so that
# neither they nor the others run out of time on a busy machine.
engine_files=()
long_files=()
bk_files=()
k8s_files=()
while IFS= read -r f; do
  case "$(basename "$f")" in
    k8s-*.test.ts) k8s_files+=("$f") ;;
    buildkitd-*.test.ts) bk_files+=("$f") ;;
    *-scale.test.ts | swarm-cicd-*.test.ts | build-buildkit.test.ts) long_files+=("$f") ;;
    *) engine_files+=("$f") ;;
  esac
done < <(find "${targets[@]}" -name '*.test.ts' -not -path '*/testdata/*' -not -path '*/node_modules/*' | sort)

if [ ${#engine_files[@]} -gt 0 ]; then
  t=$(date +%s%N)
  node scripts/run-tests.mjs --concurrency "${FLOTILLA_E2E_CONCURRENCY:-3}" --timeout 300000 "${engine_files[@]}"
  echo "e2e: engine tests passed in $(ms_since "$t") ms"
fi

if [ ${#long_files[@]} -gt 0 ]; then
  t=$(date +%s%N)
  node scripts/run-tests.mjs --concurrency 1 --timeout 900000 "${long_files[@]}"
  echo "e2e: long tests passed in $(ms_since "$t") ms"
fi

# The BuildKit daemon's binaries are built in the background by scripts/test.sh: `up` waits for
# that build (or builds them itself). A daemon this run started is stopped after.
if [ ${#bk_files[@]} -gt 0 ]; then
  bk=scripts/setup/buildkit.sh
  bash "$bk" status >/dev/null 2>&1 || on_exit+=("bash $bk down")
  t=$(date +%s%N)
  bash "$bk" up
  echo "e2e: BuildKit daemon ready in $(ms_since "$t") ms"
  t=$(date +%s%N)
  node scripts/run-tests.mjs --concurrency 1 --timeout 600000 "${bk_files[@]}"
  echo "e2e: BuildKit daemon tests passed in $(ms_since "$t") ms"
fi

if [ ${#k8s_files[@]} -gt 0 ]; then
  k8s=scripts/setup/kubernetes.sh
  k8s_before=$(bash "$k8s" env | sed -n 's/^FLOTILLA_K8S_MODE=//p')
  if [ "$k8s_before" != full ]; then
    on_exit+=("bash $k8s down")
  fi
  t=$(date +%s%N)
  bash "$k8s" up
  echo "e2e: Kubernetes test cluster ready in $(ms_since "$t") ms"
  bash "$k8s" status || true
  t=$(date +%s%N)
  node scripts/run-tests.mjs --concurrency 2 --timeout 600000 "${k8s_files[@]}"
  echo "e2e: Kubernetes tests passed in $(ms_since "$t") ms"
fi
echo "e2e: total $(ms_since "$started") ms"
