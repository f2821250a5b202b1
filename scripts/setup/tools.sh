#!/usr/bin/env bash
# Command-line tools the end-to-end suite drives: tmux (a real pseudo-terminal for interactive
# exec/run), curl (HTTP checks against published ports) and docker-compose (Debian's v1, the
# interop test's other client of flotilla's labels). Installs the missing ones from
# Debian's packages; a no-op when all are present.
set -euo pipefail
missing=()
command -v tmux >/dev/null 2>&1 || missing+=(tmux)
command -v curl >/dev/null 2>&1 || missing+=(curl)
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "tools: ${missing[*]} missing and not root: install them first" >&2
  exit 1
fi
echo "tools: installing ${missing[*]}"
# shellcheck source=scripts/setup/apt.sh
source "$(dirname "$0")/apt.sh"
apt_install "${missing[@]}"
