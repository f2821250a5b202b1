#!/usr/bin/env bash
# A real multi-node Docker Swarm on this one machine, for `flotilla stack` tests, demo and bench:
# one manager and two workers, each its own containerd + dockerd in its own network namespace,
# joined over a bridge that lives in a separate "hub" namespace. Nothing is done in the root
# network namespace (no link, route or firewall rule there), the main engine's socket is only
# used to `docker save` the local images the nodes need, and every node has its own data-root,
# exec-root, pidfile, socket, config file, engine key, hostname and cgroup parent.
#
#   netns flotilla-swarm-hub  bridge flswbr0 10.213.0.1/24, the registry on 10.213.0.1:5000
#     veth flsw1-h <-> eth0 @ netns flotilla-swarm-1  10.213.0.11  node1  manager
#     veth flsw2-h <-> eth0 @ netns flotilla-swarm-2  10.213.0.12  node2  worker
#     veth flsw3-h <-> eth0 @ netns flotilla-swarm-3  10.213.0.13  node3  worker
#   10.216.N.0/24  docker0 of node N       10.214.0.0/16  docker_gwbridge pools (per node)
#   10.215.0.0/16  swarm overlay networks  (all of them exist only inside these namespaces)
#
# The kernel here has no IPVS: services need `endpoint_mode: dnsrr` and `mode: host` ports for
# traffic to flow (VIPs and the ingress routing mesh do not answer).
#
# Usage: bash scripts/setup/swarm-cluster.sh COMMAND
#   up            builds the cluster, or does nothing when it is up and healthy (idempotent);
#                 a half-built or stale one is torn down first
#   down          removes everything `up` made (processes, cgroups, namespaces, the work dir);
#                 safe to run again or on a half-built cluster
#   status        each node's engine and swarm state; exit status 0 when the cluster is healthy
#   env           shell `export` lines: DOCKER_HOST (the manager) and FLOTILLA_SWARM_* for tests
#   kill-node N   kill -9 node N's dockerd and containerd (a crashed engine; containers stay)
#   start-node N  starts node N again (it rejoins the swarm by itself)
#   hub CMD...    runs CMD in the hub namespace, the cluster's "outside" (curl a node address)
# Environment:
#   FLOTILLA_SWARM_DIR        work dir (default /var/lib/flotilla-swarm; never inside the clone)
#   FLOTILLA_SWARM_IMAGES     images of the main engine loaded into every node
#                             (default "busybox:latest redis:alpine python:3.11-slim", those present)
#   FLOTILLA_SWARM_HEARTBEAT  swarm dispatcher heartbeat (default 1s: a dead node is Down in ~3 s)
#   FLOTILLA_SWARM_PREFER_OFFLINE=1  start the nodes with DOCKER_SERVICE_PREFER_OFFLINE_IMAGE=1:
#                             they never pull (faster with loaded images only, but images pushed
#                             to the registry then never reach the workers)
set -euo pipefail

script=$(readlink -f "$0")
dir=${FLOTILLA_SWARM_DIR:-/var/lib/flotilla-swarm}
nodes=3
prefix=flotilla-swarm
hub=$prefix-hub
bridge=flswbr0
subnet_prefix=10.213.0
registry_addr=$subnet_prefix.1:5000
heartbeat=${FLOTILLA_SWARM_HEARTBEAT:-1s}
images=${FLOTILLA_SWARM_IMAGES:-busybox:latest redis:alpine python:3.11-slim}
main_host=unix:///var/run/docker.sock

say() { printf 'swarm-cluster: %s\n' "$*"; }
die() {
  printf 'swarm-cluster: %s\n' "$*" >&2
  exit 1
}
ms_since() { echo "$(( ($(date +%s%N) - $1) / 1000000 ))"; }
step_t0=$(date +%s%N)
# FLOTILLA_SWARM_DEBUG=1: the time of each step on stderr.
step() { [ -z "${FLOTILLA_SWARM_DEBUG:-}" ] || printf 'swarm-cluster: +%s ms %s\n' "$(ms_since "$step_t0")" "$*" >&2; }

ns() { echo "$prefix-$1"; }
addr() { echo "$subnet_prefix.1$1"; }
sock() { echo "$dir/n$1.sock"; }
cgroup_parent() { echo "$prefix-n$1"; }
# docker CLI against node N (never the main engine).
ndocker() {
  local n=$1
  shift
  DOCKER_HOST="unix://$(sock "$n")" DOCKER_CONTEXT= docker "$@"
}
ping_node() {
  [ -S "$(sock "$1")" ] &&
    [ "$(curl -fsS --max-time 2 --unix-socket "$(sock "$1")" http://localhost/_ping 2>/dev/null)" = OK ]
}

# --- inside a node: runs as `ip netns exec NS unshare --uts bash swarm-cluster.sh __node N` ----
# `ip netns exec` gave this process a private mount namespace with a fresh /sys, which lacks the
# cgroup hierarchies dockerd needs: mount them again as the host has them, then start the node's
# containerd and exec its dockerd.
node_main() {
  local n=$1 d=$dir/n$1
  hostname "node$n"
  while read -r fstype target options; do
    case "$fstype" in
      tmpfs) mount -t tmpfs -o "$options" tmpfs "$target" ;;
      cgroup | cgroup2)
        mkdir -p "$target"
        mount -t "$fstype" -o "$options" "$fstype" "$target"
        ;;
    esac
  done <"$dir/cgroup-mounts"
  while read -r link target; do
    [ -e "$link" ] || ln -s "$target" "$link"
  done <"$dir/cgroup-links"
  containerd --config "$d/containerd.toml" >>"$d/containerd.log" 2>&1 &
  echo $! >"$d/containerd.pid"
  local i
  for i in $(seq 1 300); do
    [ -S "$d/exec/containerd.sock" ] && break
    sleep 0.05
  done
  # Nodes pull a task's image before running it: pushed images (`--build --push`) come from the
  # registry that way; a tag that only exists locally (the loaded images) fails that pull at once
  # (no route out of the namespace) and runs as it is. DOCKER_SERVICE_PREFER_OFFLINE_IMAGE=1
  # would skip every pull, pushed images included.
  if [ "${FLOTILLA_SWARM_PREFER_OFFLINE:-0}" = 1 ]; then export DOCKER_SERVICE_PREFER_OFFLINE_IMAGE=1; fi
  exec dockerd \
    --config-file "$d/daemon.json" \
    --host "unix://$(sock "$n")" \
    --containerd "$d/exec/containerd.sock" \
    --data-root "$d/data" \
    --exec-root "$d/exec/docker" \
    --pidfile "$d/dockerd.pid" \
    --storage-driver overlay2 \
    --bip "10.216.$n.1/24" \
    --default-address-pool base=10.214.0.0/16,size=24 \
    --cgroup-parent "/$(cgroup_parent "$n")" \
    --swarm-default-advertise-addr "$(addr "$n")" \
    --insecure-registry "$registry_addr" \
    --shutdown-timeout 5
}

# Starts node N's engine in its namespace (the namespace and its files must exist).
start_node() {
  local n=$1 d=$dir/n$1
  mkdir -p "$d/data" "$d/exec" "$d/containerd"
  rm -f "$(sock "$n")"
  setsid ip netns exec "$(ns "$n")" unshare --uts -- bash "$script" __node "$n" \
    >>"$d/dockerd.log" 2>&1 </dev/null &
}

wait_node() {
  local n=$1 deadline=$(($(date +%s) + 90))
  until ping_node "$n"; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      say "node$n did not answer on $(sock "$n") within 90 s; last lines of its log:" >&2
      tail -n 30 "$dir/n$n/dockerd.log" >&2 || true
      return 1
    fi
    sleep 0.2
  done
}

write_node_files() {
  local n=$1 d=$dir/n$1
  mkdir -p "$d/data" "$d/exec" "$d/containerd"
  # 20.10 has no flag for the engine key: without this every node would read (and report the ID
  # of) the main engine's /etc/docker/key.json; the file also keeps /etc/docker/daemon.json out.
  printf '{"deprecated-key-path": "%s/key.json"}\n' "$d" >"$d/daemon.json"
  cat >"$d/containerd.toml" <<EOF
version = 2
root = "$d/containerd"
state = "$d/exec/containerd"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$d/exec/containerd.sock"
[debug]
  address = "$d/exec/containerd-debug.sock"
[ttrpc]
  address = "$d/exec/containerd.sock.ttrpc"
EOF
}

install_missing() {
  local missing=()
  command -v ip >/dev/null 2>&1 || missing+=(iproute2)
  command -v unshare >/dev/null 2>&1 || missing+=(util-linux)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  command -v docker-registry >/dev/null 2>&1 || missing+=(docker-registry)
  command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
  command -v containerd >/dev/null 2>&1 || missing+=(containerd)
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1; then
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

make_network() {
  ip netns add "$hub"
  ip -n "$hub" link set lo up
  ip -n "$hub" link add "$bridge" type bridge
  ip -n "$hub" addr add "$subnet_prefix.1/24" dev "$bridge"
  ip -n "$hub" link set "$bridge" up
  local n
  for n in $(seq 1 "$nodes"); do
    ip netns add "$(ns "$n")"
    ip -n "$(ns "$n")" link set lo up
    ip -n "$hub" link add "flsw$n-h" type veth peer name eth0 netns "$(ns "$n")"
    ip -n "$hub" link set "flsw$n-h" master "$bridge" up
    ip -n "$(ns "$n")" addr add "$(addr "$n")/24" dev eth0
    ip -n "$(ns "$n")" link set eth0 up
  done
}

start_registry() {
  local d=$dir/registry
  mkdir -p "$d/storage"
  cat >"$d/config.yml" <<EOF
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $d/storage
  delete:
    enabled: true
http:
  addr: $registry_addr
  secret: flotilla-swarm
EOF
  setsid ip netns exec "$hub" docker-registry serve "$d/config.yml" >"$d/registry.log" 2>&1 </dev/null &
  echo $! >"$d/pid"
}

wait_registry() {
  local i
  for i in $(seq 1 100); do
    if ip netns exec "$hub" curl -fsS -o /dev/null --max-time 2 "http://$registry_addr/v2/" 2>/dev/null; then
      return 0
    fi
    sleep 0.1
  done
  say "the registry did not answer on $registry_addr; its log:" >&2
  cat "$dir/registry/registry.log" >&2
  return 1
}

# The host's cgroup mounts, replayed by each node (see node_main).
record_cgroups() {
  awk '$2 ~ /^\/sys\/fs\/cgroup(\/|$)/ && ($3 == "tmpfs" || $3 == "cgroup" || $3 == "cgroup2") { print $3, $2, $4 }' \
    /proc/self/mounts >"$dir/cgroup-mounts"
  : >"$dir/cgroup-links"
  local l
  for l in /sys/fs/cgroup/*; do
    [ -L "$l" ] && printf '%s %s\n' "$l" "$(readlink "$l")" >>"$dir/cgroup-links"
  done
  return 0
}

# Saves the wanted images of the main engine once (the only use of its socket) and loads them
# into every node concurrently.
load_images() {
  local present=() img
  for img in $images; do
    if docker -H "$main_host" image inspect "$img" >/dev/null 2>&1; then
      present+=("$img")
    else
      say "image $img is not on the main engine (scripts/setup/images.sh builds it); not loaded"
    fi
  done
  [ ${#present[@]} -gt 0 ] || return 0
  docker -H "$main_host" save -o "$dir/images.tar" "${present[@]}"
  local pids=() n
  for n in $(seq 1 "$nodes"); do
    ndocker "$n" load -q -i "$dir/images.tar" >/dev/null &
    pids+=($!)
  done
  local status=0 p
  for p in "${pids[@]}"; do wait "$p" || status=1; done
  rm -f "$dir/images.tar"
  [ "$status" = 0 ] || die "loading images into the nodes failed"
  say "loaded ${present[*]} into $nodes nodes"
}

form_swarm() {
  ndocker 1 swarm init --advertise-addr "$(addr 1)" --listen-addr "$(addr 1):2377" \
    --default-addr-pool 10.215.0.0/16 --default-addr-pool-mask-length 24 \
    --dispatcher-heartbeat "$heartbeat" >/dev/null
  local token n pids=() p
  token=$(ndocker 1 swarm join-token -q worker)
  for n in $(seq 2 "$nodes"); do
    ndocker "$n" swarm join --advertise-addr "$(addr "$n")" --listen-addr "$(addr "$n"):2377" \
      --token "$token" "$(addr 1):2377" >/dev/null &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p"; done
  local deadline=$(($(date +%s) + 60))
  until [ "$(ready_nodes)" = "$nodes" ]; do
    [ "$(date +%s)" -lt "$deadline" ] || die "the swarm has $(ready_nodes) of $nodes nodes Ready after 60 s"
    sleep 0.2
  done
}

ready_nodes() {
  ndocker 1 node ls --format '{{.Status}}' 2>/dev/null | grep -c '^Ready$' || true
}

healthy() {
  [ -d "$dir" ] || return 1
  local n
  for n in $(seq 1 "$nodes"); do ping_node "$n" || return 1; done
  [ "$(ready_nodes)" = "$nodes" ] || return 1
  ip netns exec "$hub" curl -fsS -o /dev/null --max-time 2 "http://$registry_addr/v2/" 2>/dev/null
}

up() {
  [ "$(id -u)" = 0 ] || die "needs root (network namespaces, mounts, dockerd)"
  if healthy; then
    say "up already ($nodes nodes Ready; manager unix://$(sock 1))"
    return 0
  fi
  local t0
  t0=$(date +%s%N)
  install_missing
  down quiet
  step "old state removed"
  mkdir -p "$dir"
  chmod 700 "$dir"
  record_cgroups
  make_network
  start_registry
  local n
  for n in $(seq 1 "$nodes"); do
    write_node_files "$n"
    start_node "$n"
  done
  for n in $(seq 1 "$nodes"); do wait_node "$n"; done
  step "engines answer"
  wait_registry
  load_images &
  local loader=$!
  form_swarm
  step "swarm formed"
  wait "$loader" || die "loading images failed"
  step "images loaded"
  say "up in $(ms_since "$t0") ms: manager unix://$(sock 1), workers unix://$(sock 2) unix://$(sock 3), registry $registry_addr"
}

# Node N's namespace's pids, the processes in its cgroups, and its dockerd/containerd.
node_pids() {
  local n=$1 f
  ip netns pids "$(ns "$n")" 2>/dev/null || true
  for f in /sys/fs/cgroup/*/"$(cgroup_parent "$n")"; do
    [ -d "$f" ] || continue
    find "$f" -name cgroup.procs -exec cat {} + 2>/dev/null || true
  done
}

# kill -9 of a pid file's process, when it still is the expected command.
kill_pidfile() {
  local file=$1 comm=$2 pid
  [ -s "$file" ] || return 0
  pid=$(cat "$file")
  if [ -r "/proc/$pid/comm" ] && [ "$(cat "/proc/$pid/comm")" = "$comm" ]; then
    kill -9 "$pid" 2>/dev/null || true
  fi
}

kill_node() {
  local n=$1 d=$dir/n$1
  kill_pidfile "$d/dockerd.pid" dockerd
  kill_pidfile "$d/containerd.pid" containerd
}

# Kills every process of node N (engine, shims, containers, proxies) until none is left.
power_off_node() {
  local n=$1 i pids
  kill_node "$n"
  for i in $(seq 1 100); do
    pids=$(node_pids "$n" | sort -u | tr '\n' ' ')
    [ -n "${pids// /}" ] || return 0
    # shellcheck disable=SC2086 # one pid per word
    kill -9 $pids 2>/dev/null || true
    sleep 0.1
  done
  say "node$n: processes still alive: $(node_pids "$n" | tr '\n' ' ')" >&2
}

# The shim sockets (in /run/containerd/s, shared with the host) that node N's processes hold.
node_shim_sockets() {
  local pid
  pid=$(ip netns pids "$(ns "$1")" 2>/dev/null | head -n1 || true)
  [ -n "$pid" ] || return 0
  awk '$8 ~ /^\/run\/containerd\/s\// { print $8 }' "/proc/$pid/net/unix" 2>/dev/null | sort -u || true
}

down() {
  local quiet=${1:-} t0 n shims=()
  t0=$(date +%s%N)
  [ "$(id -u)" = 0 ] || die "needs root"
  for n in $(seq 1 "$nodes"); do
    while read -r s; do [ -n "$s" ] && shims+=("$s"); done < <(node_shim_sockets "$n")
  done
  for n in $(seq 1 "$nodes"); do power_off_node "$n"; done
  step "nodes killed"
  if [ -s "$dir/registry/pid" ]; then
    kill_pidfile "$dir/registry/pid" docker-registry
  fi
  local p
  for p in $(ip netns pids "$hub" 2>/dev/null || true); do kill -9 "$p" 2>/dev/null || true; done
  for n in $(seq 1 "$nodes"); do
    local cg
    for cg in /sys/fs/cgroup/*/"$(cgroup_parent "$n")"; do
      [ -d "$cg" ] || continue
      find "$cg" -depth -type d -exec rmdir {} + 2>/dev/null || true
    done
  done
  step "cgroups removed"
  for p in "${shims[@]}"; do rm -f "$p"; done
  for n in $(seq 1 "$nodes"); do
    ip netns del "$(ns "$n")" 2>/dev/null || true
  done
  ip netns del "$hub" 2>/dev/null || true
  step "namespaces removed"
  if [ -d "$dir" ]; then
    rm -rf "$dir" 2>/dev/null || {
      sleep 0.5
      rm -rf "$dir"
    }
  fi
  [ -n "$quiet" ] || say "down in $(ms_since "$t0") ms"
}

status() {
  local n ok=0
  if [ ! -d "$dir" ]; then
    say "no cluster (no $dir)"
    return 1
  fi
  for n in $(seq 1 "$nodes"); do
    if ping_node "$n"; then
      printf 'node%s  %-15s  unix://%s  %s\n' "$n" "$(addr "$n")" "$(sock "$n")" \
        "$(ndocker "$n" info --format '{{.Swarm.LocalNodeState}} {{if .Swarm.ControlAvailable}}manager{{else}}worker{{end}}' 2>/dev/null)"
    else
      printf 'node%s  %-15s  unix://%s  not answering\n' "$n" "$(addr "$n")" "$(sock "$n")"
      ok=1
    fi
  done
  ping_node 1 && ndocker 1 node ls || true
  healthy || ok=1
  return "$ok"
}

env_lines() {
  local n workers=()
  for n in $(seq 2 "$nodes"); do workers+=("unix://$(sock "$n")"); done
  cat <<EOF
export DOCKER_HOST=unix://$(sock 1)
export FLOTILLA_SWARM_DIR=$dir
export FLOTILLA_SWARM_MANAGER=unix://$(sock 1)
export FLOTILLA_SWARM_WORKERS="${workers[*]}"
export FLOTILLA_SWARM_ADDRESSES="$(for n in $(seq 1 "$nodes"); do printf '%s ' "$(addr "$n")"; done | sed 's/ $//')"
export FLOTILLA_SWARM_REGISTRY=$registry_addr
export FLOTILLA_SWARM_HUB_NETNS=$hub
EOF
}

check_node_arg() {
  [[ ${1:-} =~ ^[0-9]+$ ]] && [ "$1" -ge 1 ] && [ "$1" -le "$nodes" ] ||
    die "expected a node number 1..$nodes, got '${1:-}'"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  env) env_lines ;;
  kill-node)
    check_node_arg "${2:-}"
    kill_node "$2"
    ;;
  start-node)
    check_node_arg "${2:-}"
    ping_node "$2" || {
      kill_node "$2"
      start_node "$2"
      wait_node "$2"
    }
    ;;
  hub)
    shift
    exec ip netns exec "$hub" "$@"
    ;;
  __node) node_main "$2" ;;
  *)
    sed -n '2,/^set -euo/p' "$script" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
