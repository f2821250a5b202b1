# Tear-down (sourced by kubernetes.sh): stops every component by its pid file and removes what
# the cluster created, and only that: its pods' containers (dockershim's k8s_* containers in the
# cluster's cgroup), its iptables chains and rules, its bridge, mounts, cgroups and pause image.
# Then it checks that the host's kernel settings and dockerd's oom score are as they were.
# Exit status: 0 after a clean stop; 1 with a message on standard error when something is left
# or a step failed (the state directory is kept then, so that `down` can be run again).

K8S_COMPONENTS=(kube-proxy kubelet k8s-dns kube-scheduler kube-controller-manager kube-apiserver etcd)

# The host facts the cluster must leave unchanged (recorded at up, compared at down).
k8s_host_snapshot() {
  local f
  for f in vm/overcommit_memory vm/panic_on_oom kernel/panic kernel/panic_on_oops \
    kernel/keys/root_maxkeys kernel/keys/root_maxbytes net/ipv4/conf/all/route_localnet \
    net/bridge/bridge-nf-call-iptables net/ipv4/ip_forward net/netfilter/nf_conntrack_max \
    net/netfilter/nf_conntrack_tcp_timeout_established net/netfilter/nf_conntrack_tcp_timeout_close_wait; do
    [ -e "/proc/sys/$f" ] && echo "$f=$(cat "/proc/sys/$f")"
  done
  [ -f /run/docker.pid ] && echo "dockerd.oom_score_adj=$(cat "/proc/$(cat /run/docker.pid)/oom_score_adj" 2>/dev/null)"
  iptables-save | grep '^\*' | tr '\n' ' ' | sed 's/^/iptables.tables=/;s/ $/\n/'
}

# Containers dockershim made for this cluster: k8s_* names in the cluster's cgroup root. A
# container removed between the listing and the inspection (dockerd may still be carrying out a
# removal kubelet asked for before it stopped) is simply not listed.
k8s_own_containers() {
  local ids
  ids=$(docker ps -aq --filter name=^k8s_ 2>/dev/null) || return 0
  [ -n "$ids" ] || return 0
  # shellcheck disable=SC2086
  { docker inspect --format '{{.Id}} {{.HostConfig.CgroupParent}}' $ids 2>/dev/null || true; } |
    awk '$2 ~ "^/flotilla-k8s/" { print $1 }'
}

# `k8s_iptables_has [-t TABLE] GREP-ARGS...`: whether the rules match, read whole first (a
# `grep -q` that stops early would kill iptables-save with SIGPIPE, and pipefail would turn a
# match into a miss).
k8s_iptables_has() {
  local table=() rules
  if [ "$1" = -t ]; then
    table=(-t "$2")
    shift 2
  fi
  rules=$(iptables-save "${table[@]}" 2>/dev/null) || return 1
  grep -q "$@" <<<"$rules"
}

# Removes this cluster's rules from one iptables table: jumps into KUBE-* chains, the KUBE-*
# chains themselves, and the CNI firewall plugin's rules for the cluster's pod addresses (its
# CNI-FORWARD/CNI-ADMIN chains too when they are left empty and were not there before).
k8s_clean_iptables_table() {
  local table=$1 rules line chain prefix=${K8S_POD_CIDR%.*}.
  rules=$(iptables-save -t "$table" 2>/dev/null) || return 0
  while IFS= read -r line; do
    eval "iptables -w -t $table -D ${line#-A }" 2>/dev/null || true
  done < <(printf '%s\n' "$rules" | grep -E '^-A ' | grep -Ev '^-A KUBE-' | grep -E -- '-j KUBE-' || true)
  for chain in $(printf '%s\n' "$rules" | sed -n 's/^:\(KUBE-[^ ]*\) .*/\1/p'); do
    iptables -w -t "$table" -F "$chain" 2>/dev/null || true
  done
  for chain in $(printf '%s\n' "$rules" | sed -n 's/^:\(KUBE-[^ ]*\) .*/\1/p'); do
    iptables -w -t "$table" -X "$chain" 2>/dev/null || true
  done
  [ "$table" = filter ] || return 0
  while IFS= read -r line; do
    eval "iptables -w -t filter -D ${line#-A }" 2>/dev/null || true
  done < <(printf '%s\n' "$rules" | grep -E '^-A CNI-FORWARD ' | grep -F -- " $prefix" || true)
  grep -qx 'CNI-FORWARD' "$K8S_STATE/iptables-before" 2>/dev/null && return 0
  rules=$(iptables-save -t filter)
  if ! printf '%s\n' "$rules" | grep -E '^-A CNI-FORWARD ' | grep -qv -- '-j CNI-ADMIN'; then
    while IFS= read -r line; do
      eval "iptables -w -t filter -D ${line#-A }" 2>/dev/null || true
    done < <(printf '%s\n' "$rules" | grep -E '^-A [A-Z]+ .*-j CNI-FORWARD' | grep -v '^-A CNI-' || true)
    iptables -w -t filter -F CNI-FORWARD 2>/dev/null || true
    iptables -w -t filter -X CNI-FORWARD 2>/dev/null || true
    if ! k8s_iptables_has -t filter '^-A CNI-ADMIN '; then
      iptables -w -t filter -X CNI-ADMIN 2>/dev/null || true
    fi
  fi
}

# True when the mangle table holds nothing but its built-in chains with ACCEPT policies.
k8s_mangle_empty() {
  local t
  t=$(iptables-save -t mangle)
  ! grep -q '^-A' <<<"$t" &&
    [ "$(grep -c '^:' <<<"$t")" -eq "$(grep -cE '^:(PREROUTING|INPUT|FORWARD|OUTPUT|POSTROUTING) ACCEPT' <<<"$t")" ]
}

k8s_down() {
  local t0 name id c
  t0=$(k8s_ms)
  if [ ! -d "$K8S_STATE" ]; then
    k8s_say "no cluster state in $K8S_STATE: nothing to stop"
    return 0
  fi
  for name in "${K8S_COMPONENTS[@]}"; do k8s_stop "$name"; done

  local ids
  ids=$(k8s_own_containers)
  # shellcheck disable=SC2086
  [ -z "$ids" ] || docker rm -f $ids >/dev/null 2>&1 || true

  for table in filter nat mangle; do k8s_clean_iptables_table "$table"; done
  if ! grep -qx '\*mangle' "$K8S_STATE/iptables-before" 2>/dev/null &&
    k8s_iptables_has -x '\*mangle' && k8s_mangle_empty && command -v nft >/dev/null; then
    # kube-proxy's canary chain made the table; once empty again it goes too.
    nft delete table ip mangle 2>/dev/null || true
  fi

  if ip link show "$K8S_BRIDGE" >/dev/null 2>&1; then ip link del "$K8S_BRIDGE"; fi

  # Mounts below the state directory (etcd's tmpfs, kubelet's root and its volumes), deepest first.
  { findmnt -rn -o TARGET | grep -F "$K8S_STATE" || true; } | sort -r | while read -r m; do
    umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true
  done

  for c in "$K8S_CGROUP_FS"/*/flotilla-k8s; do
    [ -d "$c" ] || continue
    for _ in 1 2 3 4 5 6 7 8 9 10; do
      find "$c" -depth -type d -exec rmdir {} \; 2>/dev/null || true
      [ -d "$c" ] || break
      sleep 0.5
    done
  done

  if docker image inspect --format '{{index .Config.Labels "'"$K8S_PAUSE_LABEL"'"}}' "$K8S_PAUSE_IMAGE" 2>/dev/null | grep -qx "$K8S_STATE"; then
    docker rmi "$K8S_PAUSE_IMAGE" >/dev/null
  fi
  if [ "$(readlink /tmp/hostpath_pv 2>/dev/null)" = "$K8S_STATE/hostpath-pv" ]; then rm -f /tmp/hostpath_pv; fi
  if [ -f "$K8S_STATE/created-var-lib-kubelet" ]; then rm -rf /var/lib/kubelet; fi

  if ! k8s_verify_clean; then
    k8s_say "down: the cluster is stopped but the host is not clean (above); $K8S_STATE is kept: fix what is listed and run down again" >&2
    K8S_DOWN_REPORTED=1
    return 1
  fi
  rm -rf "$K8S_STATE"
  k8s_say "down in $(($(k8s_ms) - t0)) ms"
}

# Reports anything the cluster left behind, and any host setting that differs from before up;
# returns 1 when there is any.
k8s_verify_clean() {
  local problems=()
  [ -z "$(k8s_own_containers)" ] || problems+=("containers left: $(k8s_own_containers | wc -l)")
  ip link show "$K8S_BRIDGE" >/dev/null 2>&1 && problems+=("bridge $K8S_BRIDGE left")
  k8s_iptables_has 'KUBE-' && problems+=("KUBE-* iptables rules left")
  k8s_iptables_has -F "${K8S_POD_CIDR%.*}." && problems+=("iptables rules for $K8S_POD_CIDR left")
  findmnt -rn -o TARGET | grep -qF "$K8S_STATE" && problems+=("mounts below $K8S_STATE left")
  compgen -G "$K8S_CGROUP_FS/*/flotilla-k8s" >/dev/null && problems+=("cgroups $K8S_CGROUP_FS/*/flotilla-k8s left")
  if [ -f "$K8S_STATE/host-before" ]; then
    local now
    now=$(k8s_host_snapshot)
    if [ "$now" != "$(cat "$K8S_STATE/host-before")" ]; then
      problems+=("host settings changed: $(diff <(cat "$K8S_STATE/host-before") <(echo "$now") | grep '^[<>]' | tr '\n' ' ')")
    fi
  fi
  if [ ${#problems[@]} -eq 0 ]; then
    k8s_say "host checked: no containers, chains, bridge, mounts or cgroups left; kernel settings, iptables tables and dockerd's oom score as before"
  else
    local p
    for p in "${problems[@]}"; do k8s_say "left behind: $p" >&2; done
    return 1
  fi
}
