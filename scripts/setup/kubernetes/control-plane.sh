# The control plane (sourced by kubernetes.sh): etcd, kube-apiserver, kube-controller-manager
# and kube-scheduler, on 127.0.0.1 and non-default ports, with no insecure ports open.

k8s_start_etcd() {
  k8s_running etcd && return 0
  local data=$K8S_STATE/etcd
  mkdir -p "$data"
  # etcd's data is disposable: on tmpfs it does not wait for a busy shared disk.
  mountpoint -q "$data" || mount -t tmpfs -o size=1g,mode=0700 flotilla-k8s-etcd "$data"
  k8s_start etcd etcd --name flotilla --data-dir "$data/data" \
    --listen-client-urls "http://127.0.0.1:$K8S_ETCD_PORT" \
    --advertise-client-urls "http://127.0.0.1:$K8S_ETCD_PORT" \
    --listen-peer-urls "http://127.0.0.1:$K8S_ETCD_PEER_PORT" \
    --initial-advertise-peer-urls "http://127.0.0.1:$K8S_ETCD_PEER_PORT" \
    --initial-cluster "flotilla=http://127.0.0.1:$K8S_ETCD_PEER_PORT" \
    --initial-cluster-state new --log-level warn --logger zap
  k8s_wait 60 etcd curl -fsS --max-time 2 "http://127.0.0.1:$K8S_ETCD_PORT/health"
}

k8s_start_apiserver() {
  k8s_running kube-apiserver && return 0
  local pki=$K8S_STATE/pki
  k8s_start kube-apiserver "$K8S_BIN/kube-apiserver" \
    --etcd-servers "http://127.0.0.1:$K8S_ETCD_PORT" \
    --bind-address 127.0.0.1 --secure-port "$K8S_APISERVER_PORT" --insecure-port 0 \
    --advertise-address "$K8S_BRIDGE_IP" \
    --service-cluster-ip-range "$K8S_SERVICE_CIDR" --service-node-port-range 30000-32767 \
    --authorization-mode Node,RBAC --enable-admission-plugins NodeRestriction \
    --allow-privileged=true \
    --client-ca-file "$pki/ca.crt" \
    --tls-cert-file "$pki/apiserver.crt" --tls-private-key-file "$pki/apiserver.key" \
    --kubelet-certificate-authority "$pki/ca.crt" \
    --kubelet-client-certificate "$pki/apiserver-kubelet-client.crt" \
    --kubelet-client-key "$pki/apiserver-kubelet-client.key" \
    --kubelet-preferred-address-types InternalIP \
    --service-account-key-file "$pki/sa.pub" \
    --service-account-signing-key-file "$pki/sa.key" \
    --service-account-issuer "https://kubernetes.default.svc.$K8S_CLUSTER_DOMAIN" \
    --profiling=false --event-ttl 30m
  k8s_wait 90 kube-apiserver k8s_api GET /readyz
}

k8s_start_controller_manager() {
  k8s_running kube-controller-manager && return 0
  local pki=$K8S_STATE/pki kc=$K8S_STATE/kubeconfig/kube-controller-manager.kubeconfig
  mkdir -p "$K8S_STATE/volume-plugins" "$K8S_STATE/pki/controller-manager"
  k8s_start kube-controller-manager "$K8S_BIN/kube-controller-manager" \
    --kubeconfig "$kc" --authentication-kubeconfig "$kc" --authorization-kubeconfig "$kc" \
    --bind-address 127.0.0.1 --secure-port "$K8S_CM_PORT" --port 0 \
    --cert-dir "$K8S_STATE/pki/controller-manager" \
    --leader-elect=false --use-service-account-credentials \
    --service-account-private-key-file "$pki/sa.key" --root-ca-file "$pki/ca.crt" \
    --cluster-signing-cert-file "$pki/ca.crt" --cluster-signing-key-file "$pki/ca.key" \
    --service-cluster-ip-range "$K8S_SERVICE_CIDR" \
    --flex-volume-plugin-dir "$K8S_STATE/volume-plugins" \
    --enable-hostpath-provisioner --profiling=false
}

k8s_start_scheduler() {
  k8s_running kube-scheduler && return 0
  local kc=$K8S_STATE/kubeconfig/kube-scheduler.kubeconfig
  mkdir -p "$K8S_STATE/pki/scheduler"
  k8s_start kube-scheduler "$K8S_BIN/kube-scheduler" \
    --kubeconfig "$kc" --authentication-kubeconfig "$kc" --authorization-kubeconfig "$kc" \
    --bind-address 127.0.0.1 --secure-port "$K8S_SCHED_PORT" --port 0 \
    --cert-dir "$K8S_STATE/pki/scheduler" --leader-elect=false --profiling=false
}

# Objects every full cluster has: the DNS server's read access, a default StorageClass whose
# claims the controller-manager's hostPath provisioner binds (as on kind or minikube).
k8s_bootstrap_objects() {
  k8s_api GET /apis/rbac.authorization.k8s.io/v1/clusterrolebindings/flotilla-k8s-dns >/dev/null 2>&1 ||
    k8s_api POST /apis/rbac.authorization.k8s.io/v1/clusterrolebindings -H 'Content-Type: application/json' -d '{
      "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding",
      "metadata": {"name": "flotilla-k8s-dns"},
      "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "system:kube-dns"},
      "subjects": [{"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": "flotilla-k8s-dns"}]}' >/dev/null
  k8s_api GET /apis/storage.k8s.io/v1/storageclasses/standard >/dev/null 2>&1 ||
    k8s_api POST /apis/storage.k8s.io/v1/storageclasses -H 'Content-Type: application/json' -d '{
      "apiVersion": "storage.k8s.io/v1", "kind": "StorageClass",
      "metadata": {"name": "standard", "annotations": {"storageclass.kubernetes.io/is-default-class": "true"}},
      "provisioner": "kubernetes.io/host-path", "reclaimPolicy": "Delete",
      "volumeBindingMode": "Immediate"}' >/dev/null
}
