#!/usr/bin/env bash
# `npm run bench`: measures flotilla against its floors, against docker compose v2 (Debian 13's
# 2.26.1, the Go original) and against Debian's docker-compose (v1), from a clean clone on a
# fresh Debian machine. It installs what it needs itself: the npm packages, a build of the CLI
# when dist/ is missing or older than the sources, docker compose v2 in a private DOCKER_CONFIG
# (scripts/setup/compose-v2.sh; the machine's packages are not touched), and Debian's
# `docker-compose` package when the command is missing (needs root or sudo). Without them, their
# rows are skipped.
#
# Usage: bash scripts/bench.sh [run.mjs options]   e.g. --only version, --rounds 20, --list
# See scripts/bench/run.mjs for the workloads and the options.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'bench: %s\n' "$*"; }

bash scripts/setup/node-deps.sh

# Rebuild the CLI when it is missing or any of its inputs is newer than it.
cli=dist/cli/main.js
if [ ! -f "$cli" ] ||
  [ -n "$(find src scripts/build.mjs scripts/codegen package-lock.json -newer "$cli" -type f -print -quit 2>/dev/null)" ]; then
  say "building the CLI (node scripts/build.mjs --no-lib)"
  node scripts/build.mjs --no-lib
fi

# Debian's docker-compose (v1), the comparison rows.
install_docker_compose() {
  local sudo=()
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo=(sudo -n)
    else
      say "docker-compose is not installed and installing it needs root; its rows are skipped"
      return 0
    fi
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    say "docker-compose is not installed and apt-get is missing; its rows are skipped"
    return 0
  fi
  if ! apt-cache show docker-compose >/dev/null 2>&1; then
    say "apt-get update (docker-compose not in the package lists yet)"
    "${sudo[@]}" apt-get update -qq
  fi
  say "installing Debian's docker-compose"
  local log
  log=$(mktemp /tmp/flotilla-bench-apt.XXXXXX)
  if ! DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
    docker-compose >"$log" 2>&1; then
    tail -n 20 "$log" >&2
    say "apt-get install docker-compose failed; its rows are skipped"
  fi
  rm -f "$log"
}
if ! command -v docker-compose >/dev/null 2>&1; then
  install_docker_compose
fi

# docker compose v2 (and buildx), the comparison rows; a failure only skips them.
if ! FLOTILLA_COMPOSE_V2_CONFIG=$(bash scripts/setup/compose-v2.sh --print-dir); then
  say "docker compose v2 could not be set up; its rows are skipped"
else
  export FLOTILLA_COMPOSE_V2_CONFIG
fi

exec node scripts/bench/run.mjs "$@"
