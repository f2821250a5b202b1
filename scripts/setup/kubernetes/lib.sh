# Shared settings of the test cluster's scripts (sourced by scripts/setup/kubernetes.sh).
# Every path, address and port the cluster uses is defined here, and each can be overridden
# through the environment so that a second cluster or another cache can coexist.

K8S_VERSION=1.20.2
# Debian's source package (bookworm) that carries Kubernetes 1.20.2 with its vendor tree.
K8S_DEB_SOURCE=kubernetes
K8S_DEB_VERSION=${FLOTILLA_K8S_DEB_VERSION:-1.20.5+really1.20.2-1.1+deb12u1}
K8S_BINARIES=(kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy)

K8S_SCRIPTS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
K8S_PATCHES=("$K8S_SCRIPTS"/[0-9][0-9][0-9][0-9]-*.patch)

# The build cache lives outside the clone so that every clone and CI run on the machine shares it.
K8S_CACHE=${FLOTILLA_K8S_CACHE:-/var/cache/flotilla-ci/kubernetes-$K8S_VERSION}
K8S_BIN=${FLOTILLA_K8S_BIN:-$K8S_CACHE/bin}
K8S_BUILD_DIR=${FLOTILLA_K8S_BUILD_DIR:-$K8S_CACHE/build}
K8S_BUILD_LOG=${FLOTILLA_K8S_BUILD_LOG:-$K8S_CACHE/build.log}

# The running cluster's state: PKI, kubeconfigs, etcd data, kubelet root, logs, pid files.
K8S_STATE=${FLOTILLA_K8S_STATE:-/var/lib/flotilla-k8s}
K8S_ADMIN_KUBECONFIG=$K8S_STATE/admin.kubeconfig

# Addresses: loopback for the control plane, a bridge of our own for pods (never docker0).
K8S_ETCD_PORT=${FLOTILLA_K8S_ETCD_PORT:-23790}
K8S_ETCD_PEER_PORT=${FLOTILLA_K8S_ETCD_PEER_PORT:-23800}
K8S_APISERVER_PORT=${FLOTILLA_K8S_APISERVER_PORT:-16443}
K8S_CM_PORT=${FLOTILLA_K8S_CM_PORT:-20257}
K8S_SCHED_PORT=${FLOTILLA_K8S_SCHED_PORT:-20259}
K8S_KUBELET_PORT=${FLOTILLA_K8S_KUBELET_PORT:-20250}
K8S_KUBELET_HEALTHZ_PORT=${FLOTILLA_K8S_KUBELET_HEALTHZ_PORT:-20248}
K8S_PROXY_HEALTHZ_PORT=${FLOTILLA_K8S_PROXY_HEALTHZ_PORT:-20256}
K8S_PROXY_METRICS_PORT=${FLOTILLA_K8S_PROXY_METRICS_PORT:-20249}
K8S_BRIDGE=${FLOTILLA_K8S_BRIDGE:-flk8s0}
K8S_POD_CIDR=${FLOTILLA_K8S_POD_CIDR:-10.196.0.0/24}
K8S_BRIDGE_IP=${FLOTILLA_K8S_BRIDGE_IP:-10.196.0.1}
K8S_SERVICE_CIDR=${FLOTILLA_K8S_SERVICE_CIDR:-10.197.0.0/24}
K8S_SERVICE_API_IP=${FLOTILLA_K8S_SERVICE_API_IP:-10.197.0.1}
# The cluster's DNS server (scripts/setup/k8s-dns.mjs) listens on the bridge address.
K8S_DNS_IP=$K8S_BRIDGE_IP
K8S_CLUSTER_DOMAIN=cluster.local
K8S_NODE_NAME=${FLOTILLA_K8S_NODE_NAME:-flotilla-node}
K8S_PAUSE_IMAGE=${FLOTILLA_K8S_PAUSE_IMAGE:-flotilla.local/k8s-pause:3.4}
K8S_DOCKER_SOCK=${FLOTILLA_K8S_DOCKER_SOCK:-/var/run/docker.sock}
# The cgroup v1 hierarchies; kubelet's pods go below <hierarchy>/flotilla-k8s in each.
K8S_CGROUP_FS=${FLOTILLA_K8S_CGROUP_FS:-/sys/fs/cgroup}

k8s_say() { printf 'kubernetes: %s\n' "$*"; }
k8s_die() {
  printf 'kubernetes: %s\n' "$*" >&2
  exit 1
}
k8s_ms() { echo "$(($(date +%s%N) / 1000000))"; }

# Installs the Debian packages that are missing, through the project's apt helper (one apt run
# at a time; apt-get update only when needed).
k8s_need_packages() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" = 0 ] || k8s_die "missing Debian packages ${missing[*]} (installing them needs root)"
  k8s_say "installing Debian packages: ${missing[*]}"
  # shellcheck source=../apt.sh
  . "$K8S_SCRIPTS/../apt.sh"
  apt_install "${missing[@]}"
}

# The identity of a build: the Debian source version plus our patches and vendor updates.
k8s_build_id() {
  {
    echo "$K8S_DEB_SOURCE $K8S_DEB_VERSION static-kubelet"
    cat "${K8S_PATCHES[@]}" "$K8S_SCRIPTS/vendor-from-debian.txt"
  } | sha256sum | cut -c1-16
}

# True when the cached binaries are complete, match this build id and all report the version.
k8s_cache_ok() {
  local b
  [ "$(cat "$K8S_BIN/.build-id" 2>/dev/null)" = "$(k8s_build_id)" ] || return 1
  [ -x "$K8S_BIN/pause" ] || return 1
  for b in "${K8S_BINARIES[@]}"; do
    [ -x "$K8S_BIN/$b" ] || return 1
    "$K8S_BIN/$b" --version 2>/dev/null | grep -qx "Kubernetes v$K8S_VERSION" || return 1
  done
}

# ---- processes: one pid file and one log per component, under the state directory ----

# Starts a component detached from this shell: k8s_start NAME COMMAND [ARG...].
k8s_start() {
  local name=$1
  shift
  mkdir -p "$K8S_STATE/run" "$K8S_STATE/logs"
  # Without the build and cluster locks (fds 9 and 8): daemons would hold them for their lifetime.
  setsid nohup "$@" >>"$K8S_STATE/logs/$name.log" 2>&1 </dev/null 8>&- 9>&- &
  echo $! >"$K8S_STATE/run/$name.pid"
}

# True when the component's recorded process is alive (and is not a recycled pid).
k8s_running() {
  local pid
  pid=$(cat "$K8S_STATE/run/$1.pid" 2>/dev/null) || return 1
  [ -n "$pid" ] && [ -d "/proc/$pid" ] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "$K8S_STATE"
}

# Stops a component by its pid file: TERM, then KILL after 10 s.
k8s_stop() {
  local name=$1 pid i
  pid=$(cat "$K8S_STATE/run/$name.pid" 2>/dev/null) || return 0
  if k8s_running "$name"; then
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 100); do
      [ -d "/proc/$pid" ] || break
      sleep 0.1
    done
    [ -d "/proc/$pid" ] && kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$K8S_STATE/run/$name.pid"
}

# Waits until COMMAND succeeds: k8s_wait SECONDS WHAT COMMAND [ARG...]; shows the log on failure.
k8s_wait() {
  local limit=$1 what=$2 start
  shift 2
  start=$(date +%s)
  until "$@" >/dev/null 2>&1; do
    if [ $(($(date +%s) - start)) -ge "$limit" ]; then
      k8s_say "$what: not ready after ${limit} s" >&2
      return 1
    fi
    sleep 0.5
  done
}

# curl against the apiserver as the admin: k8s_api METHOD PATH [curl args...].
k8s_api() {
  local method=$1 path=$2
  shift 2
  curl -fsS --max-time 10 -X "$method" --cacert "$K8S_STATE/pki/ca.crt" \
    --cert "$K8S_STATE/pki/admin.crt" --key "$K8S_STATE/pki/admin.key" \
    "https://127.0.0.1:$K8S_APISERVER_PORT$path" "$@"
}
