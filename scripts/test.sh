#!/usr/bin/env bash
# The whole test suite, from a clean clone on a fresh Debian machine:
# npm packages, build, lint, format, types, unit tests, loader conformance, then the
# end-to-end suite against a real Docker engine (installed and started when missing), the
# scenarios of a standalone BuildKit daemon (scripts/setup/buildkit.sh) and the Kubernetes
# scenarios on the test cluster (scripts/setup/kubernetes.sh), both built in the background from
# the start; last, the demo.
set -euo pipefail
cd "$(dirname "$0")/.."

started=$(date +%s)
step_started=$started
step_name=
# Prints the previous step's duration, then the next step's name.
step() {
  [ -z "$step_name" ] || step_end
  step_name=$*
  step_started=$(date +%s)
  printf '\n==> %s\n' "$*"
}
step_end() { printf '    (%s: %ss)\n' "$step_name" "$(($(date +%s) - step_started))"; }

# The Kubernetes test cluster's binaries take 25-45 minutes to build from clean on a 2-core
# machine (seconds when cached): the build starts first, in the background, at the lowest CPU
# priority, and the Kubernetes scenarios at the end of the e2e suite wait for it.
step "Kubernetes test cluster: build in the background"
bash scripts/setup/kubernetes.sh build --background

# The standalone BuildKit daemon (named contexts, local cache export) compiles from Debian's
# sources in about 4 min from clean on a quiet 2-core machine (seconds when cached): in the background too, for the
# BuildKit-daemon scenarios that run after the long e2e tests.
step "BuildKit daemon: build in the background"
bash scripts/setup/buildkit.sh build --background

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
  step "end-to-end tests against a real Docker engine, then the Kubernetes test cluster"
  bash scripts/e2e.sh
fi

# The README's other command: the demo must run to its end (it fails on any step that does not
# answer as it says). Its output is kept in memory, not on disk (it prints the examples' resolved
# files, environment included), and shown when it fails.
step "the demo (npm run demo)"
if ! demo_out=$(bash scripts/demo.sh 2>&1); then
  printf '%s\n' "$demo_out" | tail -n 60
  echo "the demo failed (the last 60 lines of its output are above)" >&2
  exit 1
fi
printf '    demo steps run: %s\n' "$(printf '%s\n' "$demo_out" | grep -c '^==> ')"
step_end

printf '\nall tests passed in %ss\n' "$(( $(date +%s) - started ))"
