#!/usr/bin/env bash
# The counter's CI/CD pipeline, run by flotilla, stage by stage:
#
#   1. build        the images of web and tests, once (every later stage uses them as built)
#   2. unit         `run --rm tests`: the unit tests (pytest), in the test image
#   3. integration  `up --wait` web and redis, `run --rm tests` the integration tests against
#                   them; each writes a report (--report) into REPORT_DIR
#   4. push         web's image, tagged with the commit id, to the registry
#   5. deploy       `stack deploy --wait` to the swarm; Swarm rolls back an update whose tasks
#                   fail or do not get healthy (update_config.failure_action: rollback)
#   6. smoke        HTTP against the deployed release: /version names the commit, / counts
#   7. rollback     only after a failed deploy or smoke test: back to the release that ran
#                   before (re-deployed unless Swarm rolled back already), smoke-tested
#   cleanup         `down -v --remove-orphans` of the test project: always, whatever happened
#
# Each stage is printed with its duration; the pipeline ends at the first failure with that
# stage's exit status (1 after a rollback). Nothing is pushed unless the tests passed.
#
# Usage: pipeline.sh [STAGE...]
#   Without arguments, every stage in order, and cleanup on exit. With stage names (build, unit,
#   integration, push, release = deploy + smoke + rollback, cleanup), only those, in the order
#   given, and cleanup (when named) at exit whatever happened: a CI job runs them as steps, and
#   cleanup as a step that runs always (see .github/workflows/ci.yml and .gitlab-ci.yml).
#
# Environment (all optional):
#   TAG                 image tag (default: the commit id: GITHUB_SHA, CI_COMMIT_SHA, or
#                       `git rev-parse HEAD`)
#   REGISTRY            registry host[:port] (default 127.0.0.1:5050)
#   IMAGE_REPO          repository under it (default counter): the image is
#                       $REGISTRY/$IMAGE_REPO/web:$TAG
#   DOCKER_HOST         the engine that builds, tests and pushes (the runner's)
#   DEPLOY_DOCKER_HOST  the swarm manager to deploy to (default: DOCKER_HOST)
#   PROJECT             the test project's name (default counter-ci-<first 12 of TAG>)
#   STACK               the stack's name (default counter)
#   WEB_PORT            port web is published on, on every swarm node (default 5001)
#   SMOKE_URL           where the deployed web answers (default http://127.0.0.1:$WEB_PORT)
#   SMOKE_CURL          the curl command that reaches SMOKE_URL (default curl)
#   REPORT_DIR          where the reports go (default ./reports beside this script)
#   WAIT_TIMEOUT        seconds for `up --wait` and `stack deploy --wait` (default 180)
#   RESOLVE_IMAGE       `stack deploy --resolve-image` (default always)
#   FLOTILLA            the flotilla command (default: flotilla)
set -uo pipefail
cd "$(dirname "$0")"

TAG=${TAG:-${GITHUB_SHA:-${CI_COMMIT_SHA:-$(git rev-parse HEAD 2>/dev/null || true)}}}
if [ -z "$TAG" ]; then
  echo "pipeline: no TAG, and no commit id to use as one (GITHUB_SHA, CI_COMMIT_SHA, git)" >&2
  exit 2
fi
export TAG
export REGISTRY=${REGISTRY:-127.0.0.1:5050}
export IMAGE_REPO=${IMAGE_REPO:-counter}
export WEB_PORT=${WEB_PORT:-5001}
PROJECT=${PROJECT:-counter-ci-${TAG:0:12}}
STACK=${STACK:-counter}
SMOKE_URL=${SMOKE_URL:-http://127.0.0.1:$WEB_PORT}
read -r -a smoke_curl <<<"${SMOKE_CURL:-curl}"
REPORT_DIR=${REPORT_DIR:-$PWD/reports}
WAIT_TIMEOUT=${WAIT_TIMEOUT:-180}
RESOLVE_IMAGE=${RESOLVE_IMAGE:-always}
read -r -a flotilla <<<"${FLOTILLA:-flotilla}"
DEPLOY_DOCKER_HOST=${DEPLOY_DOCKER_HOST:-${DOCKER_HOST:-}}
IMAGE=$REGISTRY/$IMAGE_REPO/web:$TAG
mkdir -p "$REPORT_DIR"

# flotilla on the test project (the runner's engine), progress one line per event.
ci() { "${flotilla[@]}" --progress plain -p "$PROJECT" -f compose.yaml -f compose.ci.yaml "$@"; }
# flotilla on the swarm manager.
swarm() {
  if [ -n "$DEPLOY_DOCKER_HOST" ]; then
    DOCKER_HOST=$DEPLOY_DOCKER_HOST "${flotilla[@]}" --progress plain "$@"
  else
    "${flotilla[@]}" --progress plain "$@"
  fi
}

now_ms() { echo $(($(date +%s%N) / 1000000)); }
started=$(now_ms)
timings=()
# stage NAME COMMAND...: prints the stage, runs it, records its duration; exits on failure.
stage() {
  local name=$1 t0 status
  shift
  printf '\n==> %s\n' "$name"
  t0=$(now_ms)
  "$@"
  status=$?
  local ms=$(($(now_ms) - t0))
  timings+=("$name $ms")
  if [ "$status" -ne 0 ]; then
    printf '<== %s: FAILED (exit %s) in %s ms\n' "$name" "$status" "$ms"
    return "$status"
  fi
  printf '<== %s: ok in %s ms\n' "$name" "$ms"
}

summary() {
  local t
  printf '\npipeline: %s, %s ms in all\n' "$1" "$(($(now_ms) - started))"
  for t in "${timings[@]}"; do printf '  %-12s %8s ms\n' "${t% *}" "${t##* }"; done
}

cleanup() { ci --profile tests down -v --remove-orphans --rmi local; }
on_exit() {
  local status=$?
  stage cleanup cleanup || true
  exit "$status"
}

fail() {
  summary "failed at stage \"$1\" (exit $2)"
  exit "$2"
}

# --- the stages ---------------------------------------------------------------------------

# tests first, then web: built at once, both would run the Dockerfile's shared stages (the
# classic builder runs every stage up to the target), neither finding them in its cache yet; one
# after the other, web finds base and tests (the stage before its own) in the cache.
build() { ci --profile tests build tests && ci build web; }

unit() { ci run --rm --no-deps --report "$REPORT_DIR/unit.json" tests; }

integration() {
  ci up -d --wait --wait-timeout "$WAIT_TIMEOUT" --report "$REPORT_DIR/up.json" web redis &&
    ci run --rm --report "$REPORT_DIR/integration.json" tests \
      python3 -m pytest -v tests/integration
}

push() { ci push web; }

# The image web runs now (empty before the first release).
deployed_image() {
  swarm stack services "$STACK" --filter "name=${STACK}_web" --format '{{.Image}}' 2>/dev/null |
    head -n 1
}

deploy_tag() {
  TAG=$1 swarm stack deploy -c compose.yaml -c compose.swarm.yaml --wait \
    --wait-timeout "$WAIT_TIMEOUT" --resolve-image "$RESOLVE_IMAGE" "$STACK"
}

deploy() { deploy_tag "$TAG"; }

# smoke_version TAG: polls SMOKE_URL/version until it names TAG (the tasks of every node are
# replaced one by one), then checks that / counts.
smoke_version() {
  local want=$1 deadline=$(($(date +%s) + 60)) got=
  while :; do
    got=$("${smoke_curl[@]}" -fsS --max-time 5 "$SMOKE_URL/version" 2>/dev/null | tr -d '\r\n')
    [ "$got" = "$want" ] && break
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "smoke: $SMOKE_URL/version answers '${got:-nothing}', expected '$want'"
      return 1
    fi
    sleep 1
  done
  echo "smoke: $SMOKE_URL/version is $got"
  local first second
  first=$("${smoke_curl[@]}" -fsS --max-time 5 "$SMOKE_URL/") || return 1
  second=$("${smoke_curl[@]}" -fsS --max-time 5 "$SMOKE_URL/") || return 1
  echo "smoke: $first"
  echo "smoke: $second"
  local a=${first#*seen } b=${second#*seen }
  a=${a%% *} b=${b%% *}
  if ! [[ $a =~ ^[0-9]+$ && $b =~ ^[0-9]+$ ]] || [ "$b" -le "$a" ]; then
    echo "smoke: the count did not go up"
    return 1
  fi
}

smoke() { smoke_version "$TAG"; }

# Back to the release that ran before this one. Swarm has done it already when the update's
# tasks failed (failure_action: rollback); otherwise (a failed smoke test) the previous image
# is deployed again.
rollback() {
  if [ -z "$previous" ]; then
    echo "rollback: no release ran before this one; nothing to go back to"
    return 1
  fi
  local before=${previous%@*} now
  now=$(deployed_image)
  now=${now%@*}
  if [ "$now" = "$before" ]; then
    echo "rollback: Swarm rolled the update back already: web runs $before"
  else
    echo "rollback: web runs ${now:-nothing}; deploying $before again"
    deploy_tag "${before##*:}" || return 1
  fi
  smoke_version "${before##*:}"
}

# deploy, then smoke test; after a failure of either, rollback. Fails when either failed.
release() {
  previous=$(deployed_image)
  echo "pipeline: web runs ${previous:-nothing yet} before the deploy"
  local failed=
  stage deploy deploy || failed=deploy
  if [ -z "$failed" ]; then
    stage smoke smoke || failed=smoke
  fi
  if [ -n "$failed" ]; then
    stage rollback rollback || fail "$failed, then rollback" 1
    fail "$failed" 1
  fi
}

stages=()
if [ $# -eq 0 ]; then
  stages=(build unit integration push release)
  trap on_exit EXIT
fi
for s in "$@"; do
  case "$s" in
    build | unit | integration | push | release) stages+=("$s") ;;
    # Named, cleanup runs last, whatever happened before.
    cleanup) trap on_exit EXIT ;;
    *)
      echo "pipeline: unknown stage '$s' (build, unit, integration, push, release, cleanup)" >&2
      exit 2
      ;;
  esac
done

echo "pipeline: $IMAGE, test project $PROJECT, stack $STACK${DEPLOY_DOCKER_HOST:+ on $DEPLOY_DOCKER_HOST}"
previous=
for s in "${stages[@]}"; do
  case "$s" in
    release) release ;;
    push)
      # The test project is done with: it goes before the release (and again at cleanup).
      ci --profile tests down -v --remove-orphans >/dev/null 2>&1 || true
      stage push push || fail push $?
      ;;
    *) stage "$s" "$s" || fail "$s" $? ;;
  esac
done
summary "${stages[*]}: ok (image $IMAGE)"
