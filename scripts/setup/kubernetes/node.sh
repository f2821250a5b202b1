# The node (sourced by kubernetes.sh): the pause image, a bridge and CNI configuration of the
# cluster's own, the DNS server, kubelet (dockershim on the machine's dockerd) and kube-proxy,
# the last two inside shield.sh. Nothing here uses docker0 or changes the engine's settings.

K8S_PAUSE_LABEL=dev.flotilla.k8s.pause

# Imports the pause image (pause.c from the same source tree, compiled static at build time).
k8s_pause_image() {
  if docker image inspect --format '{{index .Config.Labels "'$K8S_PAUSE_LABEL'"}}' "$K8S_PAUSE_IMAGE" 2>/dev/null | grep -qx "$K8S_STATE"; then
    return 0
  fi
  docker image inspect "$K8S_PAUSE_IMAGE" >/dev/null 2>&1 &&
    k8s_die "image $K8S_PAUSE_IMAGE exists but was not made by this cluster; set FLOTILLA_K8S_PAUSE_IMAGE"
  local dir
  dir=$(mktemp -d)
  cp "$K8S_BIN/pause" "$dir/pause"
  tar -C "$dir" -c pause | docker import --change 'ENTRYPOINT ["/pause"]' \
    --change "LABEL $K8S_PAUSE_LABEL=$K8S_STATE" - "$K8S_PAUSE_IMAGE" >/dev/null
  rm -rf "$dir"
}

# The bridge pods attach to (created up front: kubelet serves on its address).
k8s_bridge() {
  if ! ip link show "$K8S_BRIDGE" >/dev/null 2>&1; then
    ip link add "$K8S_BRIDGE" type bridge
    ip addr add "$K8S_BRIDGE_IP/${K8S_POD_CIDR#*/}" dev "$K8S_BRIDGE"
  fi
  ip link set "$K8S_BRIDGE" up
  mkdir -p "$K8S_STATE/cni/net.d" "$K8S_STATE/cni/ipam" "$K8S_STATE/cni/cache"
  # cniVersion 0.4.0: kubelet 1.20's libcni does not speak 1.0.0. The firewall plugin adds
  # per-pod accept rules: dockerd sets FORWARD's policy to DROP and br_netfilter sends even
  # same-bridge traffic through FORWARD. No ipMasq: pods only talk to the node and each other.
  cat >"$K8S_STATE/cni/net.d/10-flotilla.conflist" <<EOF
{
  "cniVersion": "0.4.0",
  "name": "flotilla-k8s",
  "plugins": [
    {
      "type": "bridge", "bridge": "$K8S_BRIDGE", "isGateway": true, "hairpinMode": true, "ipMasq": false,
      "ipam": {
        "type": "host-local", "dataDir": "$K8S_STATE/cni/ipam",
        "ranges": [[{"subnet": "$K8S_POD_CIDR", "gateway": "$K8S_BRIDGE_IP"}]],
        "routes": [{"dst": "0.0.0.0/0"}]
      }
    },
    {"type": "firewall", "backend": "iptables"}
  ]
}
EOF
}

k8s_start_dns() {
  k8s_running k8s-dns && return 0
  k8s_start k8s-dns node "$K8S_SCRIPTS/../k8s-dns.mjs" --listen "$K8S_DNS_IP:53" \
    --kubeconfig "$K8S_STATE/kubeconfig/dns.kubeconfig" --domain "$K8S_CLUSTER_DOMAIN"
}

# kubelet's configuration file: everything that would reach beyond the cluster is turned off.
k8s_kubelet_config() {
  local pki=$K8S_STATE/pki
  cat >"$K8S_STATE/kubelet-config.json" <<EOF
{
  "apiVersion": "kubelet.config.k8s.io/v1beta1",
  "kind": "KubeletConfiguration",
  "address": "$K8S_BRIDGE_IP",
  "port": $K8S_KUBELET_PORT,
  "readOnlyPort": 0,
  "healthzBindAddress": "127.0.0.1",
  "healthzPort": $K8S_KUBELET_HEALTHZ_PORT,
  "tlsCertFile": "$pki/kubelet-serving.crt",
  "tlsPrivateKeyFile": "$pki/kubelet-serving.key",
  "authentication": {"anonymous": {"enabled": false}, "webhook": {"enabled": true}, "x509": {"clientCAFile": "$pki/ca.crt"}},
  "authorization": {"mode": "Webhook"},
  "cgroupDriver": "cgroupfs",
  "cgroupRoot": "/flotilla-k8s",
  "clusterDNS": ["$K8S_DNS_IP"],
  "clusterDomain": "$K8S_CLUSTER_DOMAIN",
  "imageGCHighThresholdPercent": 100,
  "imageGCLowThresholdPercent": 99,
  "evictionHard": {"memory.available": "0%", "nodefs.available": "0%", "nodefs.inodesFree": "0%", "imagefs.available": "0%", "imagefs.inodesFree": "0%"},
  "makeIPTablesUtilChains": false,
  "oomScoreAdj": 0,
  "failSwapOn": false,
  "protectKernelDefaults": false,
  "serializeImagePulls": false,
  "volumePluginDir": "$K8S_STATE/volume-plugins",
  "rotateCertificates": false,
  "podPidsLimit": 4096,
  "maxPods": 110
}
EOF
}

k8s_start_kubelet() {
  k8s_running kubelet && return 0
  [ -f /run/docker.pid ] || k8s_die "/run/docker.pid is missing: kubelet would look for every dockerd by name to change its oom score"
  # kubelet 1.20 hard-codes /var/lib/kubelet/device-plugins; remove it at down only if ours.
  [ -e /var/lib/kubelet ] || { mkdir -p /var/lib/kubelet && touch "$K8S_STATE/created-var-lib-kubelet"; }
  local root=$K8S_STATE/kubelet c
  mkdir -p "$root" "$K8S_STATE/dockershim" "$K8S_STATE/seccomp" "$K8S_STATE/kubelet-pki"
  # Volumes kubelet mounts below its root must reach dockerd: a shared mount of its own.
  if ! mountpoint -q "$root"; then
    mount --bind "$root" "$root"
    mount --make-shared "$root"
  fi
  for c in "$K8S_CGROUP_FS"/*/; do
    [ ! -L "${c%/}" ] && [ "$(stat -fc %T "$c")" = cgroupfs ] || continue
    mkdir -p "$c/flotilla-k8s"
    # A new cpuset cgroup starts with no CPUs or memory nodes: give it its parent's.
    if [ -f "$c/cpuset.cpus" ]; then
      cat "$c/cpuset.cpus" >"$c/flotilla-k8s/cpuset.cpus"
      cat "$c/cpuset.mems" >"$c/flotilla-k8s/cpuset.mems"
    fi
  done
  k8s_kubelet_config
  k8s_start kubelet bash "$K8S_SCRIPTS/shield.sh" "$K8S_STATE" kubelet -- "$K8S_BIN/kubelet" \
    --config "$K8S_STATE/kubelet-config.json" \
    --kubeconfig "$K8S_STATE/kubeconfig/kubelet.kubeconfig" \
    --root-dir "$root" --cert-dir "$K8S_STATE/kubelet-pki" \
    --hostname-override "$K8S_NODE_NAME" --node-ip "$K8S_BRIDGE_IP" \
    --container-runtime docker --docker-endpoint "unix://$K8S_DOCKER_SOCK" \
    --container-runtime-endpoint "unix://$K8S_STATE/dockershim.sock" \
    --image-service-endpoint "unix://$K8S_STATE/dockershim.sock" \
    --experimental-dockershim-root-directory "$K8S_STATE/dockershim" \
    --pod-infra-container-image "$K8S_PAUSE_IMAGE" \
    --network-plugin cni --cni-bin-dir /usr/lib/cni \
    --cni-conf-dir "$K8S_STATE/cni/net.d" --cni-cache-dir "$K8S_STATE/cni/cache" \
    --seccomp-profile-root "$K8S_STATE/seccomp"
}

k8s_start_proxy() {
  k8s_running kube-proxy && return 0
  k8s_start kube-proxy bash "$K8S_SCRIPTS/shield.sh" "$K8S_STATE" kube-proxy -- "$K8S_BIN/kube-proxy" \
    --kubeconfig "$K8S_STATE/kubeconfig/kube-proxy.kubeconfig" \
    --proxy-mode iptables --hostname-override "$K8S_NODE_NAME" \
    --bind-address "$K8S_BRIDGE_IP" --cluster-cidr "$K8S_POD_CIDR" \
    --nodeport-addresses "$K8S_BRIDGE_IP/32" \
    --healthz-bind-address "127.0.0.1:$K8S_PROXY_HEALTHZ_PORT" \
    --metrics-bind-address "127.0.0.1:$K8S_PROXY_METRICS_PORT" \
    --conntrack-max-per-core 0 --conntrack-tcp-timeout-established 0 \
    --conntrack-tcp-timeout-close-wait 0 --oom-score-adj 0 --profiling=false
}

# True when the node reports Ready.
k8s_node_ready() {
  k8s_api GET "/api/v1/nodes/$K8S_NODE_NAME" | node -e '
    let s = ""; process.stdin.on("data", (c) => (s += c)).on("end", () => {
      const c = (JSON.parse(s).status.conditions || []).find((x) => x.type === "Ready");
      process.exit(c && c.status === "True" ? 0 : 1);
    });'
}

# True when the default namespace's ServiceAccount exists (pods need it to be admitted).
k8s_default_sa() {
  k8s_api GET /api/v1/namespaces/default/serviceaccounts/default
}
