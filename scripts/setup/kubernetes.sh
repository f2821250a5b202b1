#!/usr/bin/env bash
# A real single-node Kubernetes 1.20.2 cluster for flotilla's tests, built from Debian's source
# package and run on the machine's Docker engine through kubelet's dockershim. It never changes
# the host's kernel settings, dockerd's settings, oom score or images, or docker0; `down`
# removes everything it made and checks the host (README "Test cluster" has the details).
#
# Usage: bash scripts/setup/kubernetes.sh COMMAND   (as root)
#   build [--background]  build the binaries into the cache, or reuse a verified cached build;
#                         --background starts it detached (log: $FLOTILLA_K8S_CACHE/build.log)
#   up [--apiserver-only] start the cluster (building first if needed); idempotent. With
#                         --apiserver-only: etcd and kube-apiserver only (server-side dry-run)
#   down                  stop everything and remove what the cluster created; exit 0 when
#                         the host is clean, else 1 with what is left on standard error
#   status                what runs; exit 0 when the apiserver answers
#   env                   KEY=value lines: KUBECONFIG, the mode and the cluster's addresses
# Environment (defaults in scripts/setup/kubernetes/lib.sh):
#   FLOTILLA_K8S_CACHE   build cache (default /var/cache/flotilla-ci/kubernetes-1.20.2)
#   FLOTILLA_K8S_BIN     binaries (default $FLOTILLA_K8S_CACHE/bin)
#   FLOTILLA_K8S_STATE   the running cluster's state (default /var/lib/flotilla-k8s)
#   FLOTILLA_K8S_KEEP_BUILD=1  keep the source tree and Go cache after a successful build
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
for part in lib build pki control-plane node down; do
  # shellcheck source=/dev/null
  . "$here/kubernetes/$part.sh"
done

k8s_mode() {
  if k8s_running kube-apiserver && k8s_running kubelet; then
    echo full
  elif k8s_running kube-apiserver; then
    echo apiserver-only
  else
    echo down
  fi
}

# Refuses to start next to something the cluster would collide with.
k8s_preflight() {
  iptables-save -t nat 2>/dev/null | grep -q '^:KUBE-SERVICES' &&
    k8s_die "iptables already has KUBE-SERVICES: another kube-proxy runs on this machine"
  ip link show "$K8S_BRIDGE" >/dev/null 2>&1 && k8s_die "bridge $K8S_BRIDGE exists but this cluster has no state"
  local route
  route=$(ip -4 route show "$K8S_POD_CIDR" 2>/dev/null; ip -4 route show "$K8S_SERVICE_CIDR" 2>/dev/null)
  [ -z "$route" ] || k8s_die "the cluster's address ranges are in use ($route); set FLOTILLA_K8S_POD_CIDR/BRIDGE_IP/SERVICE_CIDR"
  if [ -e /tmp/hostpath_pv ] && [ "$(readlink /tmp/hostpath_pv)" != "$K8S_STATE/hostpath-pv" ]; then
    k8s_die "/tmp/hostpath_pv exists and is not this cluster's (the hostPath provisioner writes there)"
  fi
}

# Checks for the node: facts kubelet 1.20 and the pods' network need, none of which we change.
k8s_node_checks() {
  [ "$(stat -fc %T /sys/fs/cgroup)" = tmpfs ] || k8s_die "kubelet 1.20 needs cgroup v1 (this host has a unified cgroup v2 hierarchy)"
  local driver minapi
  driver=$(docker info --format '{{.CgroupDriver}}')
  [ "$driver" = cgroupfs ] || k8s_die "dockerd's cgroup driver is $driver; the cluster's kubelet uses cgroupfs"
  minapi=$(docker version --format '{{.Server.MinAPIVersion}}')
  [ "$(printf '%s\n1.40\n' "$minapi" | sort -V | head -1)" = "$minapi" ] ||
    k8s_die "dockerd's minimum API version is $minapi; dockershim 1.20 speaks 1.40"
  [ "$(cat /proc/sys/net/ipv4/ip_forward)" = 1 ] ||
    k8s_die "net.ipv4.ip_forward is 0 (dockerd normally sets it); Services need it"
  [ "$(cat /proc/sys/net/bridge/bridge-nf-call-iptables 2>/dev/null)" = 1 ] ||
    k8s_say "warning: bridge-nf-call-iptables is not 1: Services between pods on the bridge may not answer"
}

k8s_up() {
  local mode=full t0 t
  [ "${1:-}" = --apiserver-only ] && mode=apiserver-only
  [ "$(id -u)" = 0 ] || k8s_die "up needs root"
  t0=$(k8s_ms)
  mkdir -p "$K8S_CACHE"
  exec 8>"$K8S_CACHE/cluster.lock"
  flock 8
  local current
  current=$(k8s_mode)
  if [ "$current" = full ] || [ "$current" = "$mode" ]; then
    k8s_say "cluster already up ($current)"
    return 0
  fi
  k8s_need_packages etcd-server containernetworking-plugins conntrack iptables openssl nftables curl
  t=$(k8s_ms)
  k8s_build
  k8s_say "binaries ready in $(($(k8s_ms) - t)) ms"
  if [ "$current" = down ] && [ -d "$K8S_STATE" ]; then
    k8s_say "cleaning up after a cluster that is no longer running"
    k8s_down
  fi
  if [ ! -d "$K8S_STATE" ]; then
    k8s_preflight
    mkdir -p "$K8S_STATE"
    chmod 700 "$K8S_STATE"
    k8s_host_snapshot >"$K8S_STATE/host-before"
    iptables-save | sed -n 's/^:\([^ ]*\) .*/\1/p; /^\*/p' >"$K8S_STATE/iptables-before"
  fi
  k8s_pki
  t=$(k8s_ms)
  k8s_start_etcd
  k8s_start_apiserver
  k8s_say "etcd and kube-apiserver ready in $(($(k8s_ms) - t)) ms"
  if [ "$mode" = full ]; then
    k8s_node_checks
    t=$(k8s_ms)
    k8s_bootstrap_objects
    mkdir -p "$K8S_STATE/hostpath-pv"
    [ -L /tmp/hostpath_pv ] || ln -s "$K8S_STATE/hostpath-pv" /tmp/hostpath_pv
    k8s_start_controller_manager
    k8s_start_scheduler
    k8s_pause_image
    k8s_bridge
    k8s_start_dns
    k8s_start_kubelet
    k8s_start_proxy
    k8s_wait 300 "node $K8S_NODE_NAME Ready" k8s_node_ready || {
      tail -n 30 "$K8S_STATE/logs/kubelet.log" >&2
      exit 1
    }
    k8s_wait 120 "default ServiceAccount" k8s_default_sa
    k8s_say "node Ready in $(($(k8s_ms) - t)) ms"
  fi
  k8s_say "cluster up ($mode) in $(($(k8s_ms) - t0)) ms; KUBECONFIG=$K8S_ADMIN_KUBECONFIG"
}

k8s_status() {
  local mode name pid rss total=0
  mode=$(k8s_mode)
  k8s_say "mode: $mode (state: $K8S_STATE)"
  for name in etcd kube-apiserver kube-controller-manager kube-scheduler k8s-dns kubelet kube-proxy; do
    if k8s_running "$name"; then
      pid=$(cat "$K8S_STATE/run/$name.pid")
      rss=$(awk '/^VmRSS/ { print int($2 / 1024) }' "/proc/$pid/status")
      total=$((total + rss))
      printf '  %-24s pid %-8s %5s MiB\n' "$name" "$pid" "$rss"
    fi
  done
  [ "$mode" = down ] || printf '  %-24s %14s MiB\n' total "$total"
  if k8s_cache_ok; then k8s_say "binaries: $K8S_BIN (cached)"; else k8s_say "binaries: not built"; fi
  [ "$mode" != down ] && k8s_api GET /readyz >/dev/null 2>&1
}

k8s_env() {
  echo "KUBECONFIG=$K8S_ADMIN_KUBECONFIG"
  echo "FLOTILLA_K8S_MODE=$(k8s_mode)"
  echo "FLOTILLA_K8S_SERVER=https://127.0.0.1:$K8S_APISERVER_PORT"
  echo "FLOTILLA_K8S_NODE=$K8S_NODE_NAME"
  echo "FLOTILLA_K8S_DNS=$K8S_DNS_IP"
  echo "FLOTILLA_K8S_POD_CIDR=$K8S_POD_CIDR"
  echo "FLOTILLA_K8S_SERVICE_CIDR=$K8S_SERVICE_CIDR"
  echo "FLOTILLA_K8S_CLUSTER_DOMAIN=$K8S_CLUSTER_DOMAIN"
  echo "FLOTILLA_K8S_BIN=$K8S_BIN"
  echo "FLOTILLA_K8S_VERSION=$K8S_VERSION"
}

cmd=${1:-}
shift || true
case "$cmd" in
  build) if [ "${1:-}" = --background ]; then k8s_build_background; else k8s_build; fi ;;
  up) k8s_up "$@" ;;
  down)
    [ "$(id -u)" = 0 ] || k8s_die "down needs root"
    mkdir -p "$K8S_CACHE"
    exec 8>"$K8S_CACHE/cluster.lock"
    flock 8
    # A step that fails stops `down` (set -e): say which, rather than exit 1 silently.
    set -E
    trap 'k8s_rc=$?; [ -n "${K8S_DOWN_REPORTED:-}" ] || k8s_say "down failed (exit $k8s_rc) at ${BASH_SOURCE[0]##*/}:$LINENO: $BASH_COMMAND; $K8S_STATE is kept: run down again" >&2; K8S_DOWN_REPORTED=1' ERR
    k8s_down
    ;;
  status) k8s_status ;;
  env) k8s_env ;;
  *)
    sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
