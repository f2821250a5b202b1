#!/usr/bin/env bash
# Command-line tools the end-to-end suite drives: tmux (a real pseudo-terminal for interactive
# exec/run) and curl (HTTP checks against published ports). Installs the missing ones from
# Debian's packages; a no-op when all are present.
set -euo pipefail
missing=()
command -v tmux >/dev/null 2>&1 || missing+=(tmux)
command -v curl >/dev/null 2>&1 || missing+=(curl)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "tools: ${missing[*]} missing and not root: install them first" >&2
  exit 1
fi
echo "tools: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1; then
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
