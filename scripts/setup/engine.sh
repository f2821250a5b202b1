#!/usr/bin/env bash
# Makes sure a Docker engine answers, for tests and the demo. Idempotent and fast when the
# engine is already up: one /_ping and done.
#
# On a fresh Debian 12 machine (as root) it installs Debian's `docker.io` (Engine 20.10,
# API 1.41) when dockerd is missing, starts dockerd in the background (no systemd here) and
# waits until /_ping answers.
#
# Usage: bash scripts/setup/engine.sh
# Environment:
#   DOCKER_HOST                 engine to check (default unix:///var/run/docker.sock). A local
#                               unix socket is started when silent; tcp hosts are only checked.
#   FLOTILLA_DOCKERD_LOG        dockerd log file (default /var/log/dockerd.log)
#   FLOTILLA_ENGINE_WAIT        seconds to wait for /_ping after starting dockerd (default 60)
#   FLOTILLA_DOCKERD_ARGS       extra dockerd arguments (e.g. a separate --data-root, --exec-root
#                               and --pidfile for a second daemon on another socket). Never pass
#                               `--bridge none` next to a running engine: dockerd then deletes the
#                               host's docker0 interface, which the first engine still uses.
set -euo pipefail

started_ns=$(date +%s%N)
log_file=${FLOTILLA_DOCKERD_LOG:-/var/log/dockerd.log}
wait_s=${FLOTILLA_ENGINE_WAIT:-60}
default_host=unix:///var/run/docker.sock
host=${DOCKER_HOST:-$default_host}

elapsed() { echo "$(( ($(date +%s%N) - started_ns) / 1000000 )) ms"; }
say() { printf 'engine: %s\n' "$*"; }

# Pings the engine at $host; prints nothing, returns 0 when it answers "OK".
ping_engine() {
  case "$host" in
    unix://*)
      local sock=${host#unix://}
      [ -S "$sock" ] || return 1
      if command -v curl >/dev/null 2>&1; then
        [ "$(curl -fsS --max-time 2 --unix-socket "$sock" http://localhost/_ping 2>/dev/null)" = OK ]
        return
      fi
      ;;
  esac
  # tcp/http hosts (and machines without curl): ask node, which flotilla needs anyway.
  FLOTILLA_PING_HOST="$host" node -e '
    const http = require("node:http");
    const h = process.env.FLOTILLA_PING_HOST;
    const opts = { path: "/_ping", timeout: 2000 };
    if (h.startsWith("unix://")) opts.socketPath = h.slice(7);
    else { const u = new URL(h.replace(/^tcp:/, "http:")); opts.host = u.hostname; opts.port = u.port || 2375; }
    const req = http.get(opts, (res) => { let b = ""; res.on("data", (c) => (b += c)); res.on("end", () => process.exit(b === "OK" ? 0 : 1)); });
    req.on("timeout", () => req.destroy());
    req.on("error", () => process.exit(1));
  ' 2>/dev/null
}

if ping_engine; then
  say "engine at $host answers ($(elapsed))"
  exit 0
fi

case "$host" in
  unix://*) ;;
  *)
    say "no engine answers at DOCKER_HOST=$host; only a local unix-socket engine can be started here" >&2
    exit 1
    ;;
esac

if [ "$(id -u)" != 0 ]; then
  say "no engine answers at $host and starting one needs root (run this script as root)" >&2
  exit 1
fi

if ! command -v dockerd >/dev/null 2>&1; then
  say "dockerd is missing: installing Debian's docker.io"
  t0=$(date +%s)
  # shellcheck source=scripts/setup/apt.sh
  source "$(dirname "$0")/apt.sh"
  apt_install docker.io
  say "installed docker.io in $(( $(date +%s) - t0 )) s"
fi

# The daemon we wait for: one we start, or a default-socket dockerd still starting up.
daemon_pid=
if [ "$host" = "$default_host" ] && pgrep -x dockerd >/dev/null 2>&1; then
  daemon_pid=$(pgrep -x dockerd | head -n1)
  say "dockerd is running (pid $daemon_pid) but not answering yet; waiting"
else
  say "starting dockerd on $host (log: $log_file)"
  mkdir -p "$(dirname "$log_file")"
  args=()
  [ "$host" = "$default_host" ] || args+=(-H "$host")
  # shellcheck disable=SC2206 # word splitting of the extra arguments is intended
  args+=(${FLOTILLA_DOCKERD_ARGS:-})
  # setsid + nohup: the daemon must outlive this script and its terminal.
  setsid nohup dockerd "${args[@]}" >"$log_file" 2>&1 </dev/null &
  daemon_pid=$!
fi

deadline=$(( $(date +%s) + wait_s ))
until ping_engine; do
  if [ "$(date +%s)" -ge "$deadline" ]; then
    say "dockerd did not answer /_ping on $host within ${wait_s}s; last lines of $log_file:" >&2
    tail -n 25 "$log_file" >&2 2>/dev/null || true
    exit 1
  fi
  if ! kill -0 "$daemon_pid" 2>/dev/null; then
    say "dockerd exited during start-up; last lines of $log_file:" >&2
    tail -n 25 "$log_file" >&2 2>/dev/null || true
    exit 1
  fi
  sleep 0.2
done
say "engine at $host is up ($(elapsed))"
