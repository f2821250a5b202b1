#!/usr/bin/env bash
# Two local image registries for the pull/push tests, both Debian's `docker-registry` (the
# distribution registry v2) on 127.0.0.1, started in the background (no systemd needed):
#
#   127.0.0.1:5050  open: anyone may pull and push
#   127.0.0.1:5051  htpasswd (bcrypt) basic auth: user `flotilla`, password `flotilla-secret`
#
# Each has its own config file, storage directory and log under /var/lib/flotilla-registry
# (FLOTILLA_REGISTRY_DIR). Idempotent: a registry that already answers /v2/ is left alone.
# dockerd allows plain HTTP to registries in 127.0.0.0/8 without configuration.
#
# Usage: bash scripts/setup/registry.sh
# Environment:
#   FLOTILLA_REGISTRY_DIR        state directory (default /var/lib/flotilla-registry)
#   FLOTILLA_REGISTRY_PORT       port of the open registry (default 5050)
#   FLOTILLA_REGISTRY_AUTH_PORT  port of the authenticated registry (default 5051)
set -euo pipefail

dir=${FLOTILLA_REGISTRY_DIR:-/var/lib/flotilla-registry}
open_port=${FLOTILLA_REGISTRY_PORT:-5050}
auth_port=${FLOTILLA_REGISTRY_AUTH_PORT:-5051}
user=flotilla
password=flotilla-secret

missing=()
command -v docker-registry >/dev/null 2>&1 || missing+=(docker-registry)
command -v htpasswd >/dev/null 2>&1 || missing+=(apache2-utils)
command -v curl >/dev/null 2>&1 || missing+=(curl)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "registry: ${missing[*]} missing and not root: install them first" >&2
    exit 1
  fi
  echo "registry: installing ${missing[*]}"
  # shellcheck source=scripts/setup/apt.sh
  source "$(dirname "$0")/apt.sh"
  apt_install "${missing[@]}"
fi

# 200 (open) or 401 (auth) from /v2/ means a registry is serving on that port.
answers() {
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$1/v2/" || true)
  [ "$code" = 200 ] || [ "$code" = 401 ]
}

# start NAME PORT [AUTH_YAML]
start() {
  local name=$1 port=$2 auth=${3:-}
  if answers "$port"; then
    return 0
  fi
  mkdir -p "$dir/$name/storage"
  cat >"$dir/$name/config.yml" <<EOF
version: 0.1
log:
  level: warn
  fields:
    service: flotilla-registry-$name
storage:
  filesystem:
    rootdirectory: $dir/$name/storage
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$port
  secret: flotilla-$name
$auth
EOF
  setsid nohup docker-registry serve "$dir/$name/config.yml" >"$dir/$name/registry.log" 2>&1 </dev/null &
  echo $! >"$dir/$name/pid"
  for _ in $(seq 1 100); do
    if answers "$port"; then
      echo "registry: $name registry on 127.0.0.1:$port"
      return 0
    fi
    sleep 0.1
  done
  echo "registry: the $name registry did not answer on 127.0.0.1:$port; its log:" >&2
  cat "$dir/$name/registry.log" >&2
  exit 1
}

mkdir -p "$dir"
start open "$open_port"
htpasswd -vb "$dir/htpasswd" "$user" "$password" >/dev/null 2>&1 ||
  htpasswd -Bbc "$dir/htpasswd" "$user" "$password" >/dev/null 2>&1
start auth "$auth_port" "auth:
  htpasswd:
    realm: flotilla-registry
    path: $dir/htpasswd"
