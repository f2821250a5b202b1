#!/usr/bin/env bash
# `npm run demo`: flotilla on the tutorial's example projects (examples/), from a clean clone on
# a fresh Debian machine. It does its own set-up: npm packages, then a build of the CLI when
# dist/ is missing or older than the sources.
#
#   1. `flotilla config` on each example: the resolved, normalised model, as docker compose
#      prints it.
#   2. The applications on a real Docker engine: nginx on localhost:8080, the tutorial's
#      Flask + Redis counter as written (flotilla warns that web and redis share no network),
#      and the fixed version whose count survives `down`/`up` and is reset by `down -v`.
#   3. The fixed Flask + Redis on a three-node Docker Swarm built on this machine
#      (scripts/setup/swarm-cluster.sh): `flotilla stack deploy --build --push` builds web,
#      pushes it to the cluster's registry and runs it by digest on every node; the counter
#      answers on port 5001 of each node and keeps its count across re-deploys.
#
# Usage: bash scripts/demo.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

step() { printf '\n==> %s\n' "$*"; }
flotilla() { node "$root/bin/flotilla.js" "$@"; }

examples=(nginx flask-redis flask-redis-fixed)

step "npm packages"
bash scripts/setup/node-deps.sh

cli=dist/cli/main.js
if [ ! -f "$cli" ] ||
  [ -n "$(find src scripts/build.mjs scripts/codegen package-lock.json -newer "$cli" -type f -print -quit 2>/dev/null)" ]; then
  step "build (node scripts/build.mjs --no-lib)"
  node scripts/build.mjs --no-lib
fi

# 1. The loader: each example's compose file, resolved.
for ex in "${examples[@]}"; do
  step "flotilla config   (examples/$ex/compose.yaml)"
  (cd "examples/$ex" && flotilla config)
done

# 2. The applications on a real Docker engine.

# Waits until URL answers and prints the body; fails after about 30 seconds.
fetch() {
  local url=$1 body
  for _ in $(seq 60); do
    if body=$(curl -fsS --max-time 2 "$url" 2>/dev/null); then
      printf '%s\n' "$body"
      return 0
    fi
    sleep 0.5
  done
  echo "demo: no answer from $url" >&2
  return 1
}

step "Docker engine and local images (scripts/setup/engine.sh, scripts/setup/images.sh)"
bash scripts/setup/engine.sh
bash scripts/setup/images.sh nginx redis python

demo_nginx() {
  cd "$root/examples/nginx"
  step "nginx: flotilla up -d, then curl http://localhost:8080"
  flotilla up -d
  fetch http://localhost:8080 | head -n 4
  step "nginx: flotilla down"
  flotilla down
}

demo_flask_redis() {
  cd "$root/examples/flask-redis"
  step "Flask + Redis as the tutorial wrote it: web and redis share no network"
  flotilla up -d --build
  flotilla down
}

demo_flask_redis_fixed() {
  cd "$root/examples/flask-redis-fixed"
  step "Flask + Redis, network fixed: the counter on http://localhost:5001"
  flotilla up -d --build
  fetch http://localhost:5001
  fetch http://localhost:5001
  step "down, up: the count survives in the redis_data volume"
  flotilla down
  flotilla up -d
  fetch http://localhost:5001
  step "down -v: the volume is removed, the count starts again"
  flotilla down -v
  flotilla up -d
  fetch http://localhost:5001
  flotilla down -v
}

# Like fetch, from the swarm's hub namespace (the node addresses exist only in there).
hub_fetch() {
  local url=$1 body
  for _ in $(seq 60); do
    if body=$(bash "$root/scripts/setup/swarm-cluster.sh" hub curl -fsS --max-time 2 "$url" 2>/dev/null); then
      printf '%s: %s\n' "$url" "$body"
      return 0
    fi
    sleep 0.5
  done
  echo "demo: no answer from $url" >&2
  return 1
}

# Waits until the manager has no container and no network of stack $1 left.
wait_stack_gone() {
  for _ in $(seq 240); do
    if [ -z "$(docker ps -q --filter "label=com.docker.stack.namespace=$1")" ] &&
      [ -z "$(docker network ls -q --filter "label=com.docker.stack.namespace=$1")" ]; then
      return 0
    fi
    sleep 0.5
  done
  echo "demo: stack $1 is still going" >&2
  return 1
}

demo_swarm() {
  local started=0
  cd "$root"
  step "Docker Swarm: a manager and two workers on this machine (scripts/setup/swarm-cluster.sh)"
  if ! bash scripts/setup/swarm-cluster.sh status >/dev/null 2>&1; then
    bash scripts/setup/swarm-cluster.sh up
    started=1
  fi
  (
    eval "$(bash "$root/scripts/setup/swarm-cluster.sh" env)"
    cd "$root/examples/flask-redis-fixed"
    local deploy=(stack deploy -c compose.yaml -c compose.swarm.yaml --build --push --wait counter)
    step "swarm: flotilla ${deploy[*]}"
    flotilla "${deploy[@]}"
    flotilla stack services counter
    step "swarm: the counter on port 5001 of every node"
    for address in $FLOTILLA_SWARM_ADDRESSES; do hub_fetch "http://$address:5001/"; done
    step "swarm: deploy again: nothing changed, so nothing is updated; the count goes on"
    flotilla "${deploy[@]}"
    hub_fetch "http://${FLOTILLA_SWARM_ADDRESSES%% *}:5001/"
    step "swarm: stack rm keeps the redis_data volume: deploy again and the count goes on"
    flotilla stack rm counter
    wait_stack_gone counter
    flotilla "${deploy[@]}"
    hub_fetch "http://${FLOTILLA_SWARM_ADDRESSES##* }:5001/"
    step "swarm: stack rm --volumes"
    flotilla stack rm --volumes counter
  )
  if [ "$started" = 1 ]; then
    step "swarm: removing the cluster"
    bash scripts/setup/swarm-cluster.sh down
  fi
}

demo_nginx
demo_flask_redis
demo_flask_redis_fixed
demo_swarm
step "demo done"
