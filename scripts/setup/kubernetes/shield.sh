#!/usr/bin/env bash
# Runs kubelet or kube-proxy in a mount namespace of its own that hides the host-wide knobs
# Kubernetes 1.20 would rewrite, so the test cluster never changes a shared machine:
#   - kernel settings kubelet "fixes" at start (vm.overcommit_memory=1, kernel.panic=10,
#     kernel.panic_on_oops=1, ...) and kube-proxy's net.ipv4.conf.all.route_localnet=1: each
#     /proc/sys file is covered by a plain file holding the current value, so writes land there;
#   - /var/run/docker.pid, which dockershim reads every 5 minutes to lower dockerd's oom score
#     to -999: covered by a file naming the shielded process itself (its own score is its own);
#   - /var/log (kubelet's hard-coded /var/log/pods and /var/log/containers): covered by a
#     directory under the cluster's state.
# The covered mounts are made private in the new namespace first, so nothing propagates back to
# the host whatever the host's propagation. Mounts below the kubelet root (Secret, ConfigMap and
# projected volumes) do propagate: kubernetes.sh makes that directory a shared mount before, and
# the namespace is entered with --propagation unchanged, so dockerd sees them.
#
# Usage: shield.sh STATE_DIR COMPONENT -- COMMAND [ARG...]   (as root; execs COMMAND, same pid)
set -euo pipefail

state=$1
component=$2
shift 2
[ "${1:-}" = -- ] && shift

if [ -z "${FLOTILLA_K8S_SHIELDED:-}" ]; then
  export FLOTILLA_K8S_SHIELDED=1
  exec unshare --mount --propagation unchanged -- bash "$0" "$state" "$component" -- "$@"
fi

dir=$state/shield/$component
mkdir -p "$dir/sys"

# Makes the mount holding $1 private in this namespace (not recursive: the shared kubelet root
# keeps propagating).
privatise() {
  local mp
  mp=$(findmnt -n -o TARGET --target "$1")
  mount --make-private "$mp"
}

# Covers /proc/sys/$1 with a regular file holding its current value.
cover_sysctl() {
  local f=/proc/sys/$1 copy
  [ -e "$f" ] || return 0
  copy=$dir/sys/${1//\//.}
  cat "$f" >"$copy"
  privatise "$f"
  mount --bind "$copy" "$f"
}

sysctls=(net/ipv4/conf/all/route_localnet)
if [ "$component" = kubelet ]; then
  sysctls+=(vm/overcommit_memory vm/panic_on_oom kernel/panic kernel/panic_on_oops
    kernel/keys/root_maxkeys kernel/keys/root_maxbytes
    net/bridge/bridge-nf-call-iptables net/bridge/bridge-nf-call-ip6tables)
else
  sysctls+=(net/netfilter/nf_conntrack_max net/netfilter/nf_conntrack_tcp_timeout_established
    net/netfilter/nf_conntrack_tcp_timeout_close_wait)
fi
for s in "${sysctls[@]}"; do cover_sysctl "$s"; done

if [ "$component" = kubelet ]; then
  echo $$ >"$dir/docker.pid"
  privatise /run/docker.pid
  mount --bind "$dir/docker.pid" /run/docker.pid
  mkdir -p "$state/varlog"
  privatise /var/log
  mount --bind "$state/varlog" /var/log
fi

exec "$@"
