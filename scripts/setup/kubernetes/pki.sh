# The test cluster's PKI and kubeconfigs, made with openssl (sourced by kubernetes.sh).
# One CA signs: the apiserver's and kubelet's serving certificates, a client certificate per
# component (its user and group are what RBAC and the Node authorizer expect), and the admin's
# (group system:masters). The service-account key pair signs pods' tokens.

# Writes a key and a CA-signed certificate: k8s_cert NAME CN [O] [SANS] [server|client].
k8s_cert() {
  local name=$1 cn=$2 org=${3:-} sans=${4:-} usage=${5:-client} dir=$K8S_STATE/pki
  local subj="/CN=$cn" ext=$dir/$name.ext
  [ -n "$org" ] && subj="/O=$org$subj"
  {
    echo "basicConstraints=critical,CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    if [ "$usage" = server ]; then
      echo "extendedKeyUsage=serverAuth,clientAuth"
      echo "subjectAltName=$sans"
    else
      echo "extendedKeyUsage=clientAuth"
    fi
  } >"$ext"
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$dir/$name.key" -subj "$subj" \
    -out "$dir/$name.csr" 2>/dev/null
  openssl x509 -req -in "$dir/$name.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" \
    -CAcreateserial -days 3650 -sha256 -extfile "$ext" -out "$dir/$name.crt" 2>/dev/null
  rm -f "$dir/$name.csr" "$ext"
}

# Writes a kubeconfig (JSON, which every Kubernetes client reads) for a client certificate.
k8s_kubeconfig() {
  local file=$1 name=$2 pki=$K8S_STATE/pki
  cat >"$file" <<EOF
{
  "apiVersion": "v1",
  "kind": "Config",
  "clusters": [{"name": "flotilla", "cluster": {"server": "https://127.0.0.1:$K8S_APISERVER_PORT", "certificate-authority": "$pki/ca.crt"}}],
  "users": [{"name": "$name", "user": {"client-certificate": "$pki/$name.crt", "client-key": "$pki/$name.key"}}],
  "contexts": [{"name": "flotilla", "context": {"cluster": "flotilla", "user": "$name", "namespace": "default"}}],
  "current-context": "flotilla"
}
EOF
  chmod 600 "$file"
}

# Creates the whole PKI once per cluster state (skipped when present).
k8s_pki() {
  local dir=$K8S_STATE/pki
  [ -f "$dir/.complete" ] && return 0
  local t0
  t0=$(k8s_ms)
  rm -rf "$dir"
  mkdir -p "$dir" "$K8S_STATE/kubeconfig"
  chmod 700 "$dir"
  openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$dir/ca.key" -days 3650 -sha256 \
    -subj "/CN=flotilla-k8s-ca" -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" -out "$dir/ca.crt" 2>/dev/null
  k8s_cert apiserver kube-apiserver "" \
    "DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.$K8S_CLUSTER_DOMAIN,DNS:localhost,IP:127.0.0.1,IP:$K8S_BRIDGE_IP,IP:$K8S_SERVICE_API_IP" server
  k8s_cert kubelet-serving "system:node:$K8S_NODE_NAME" system:nodes "DNS:$K8S_NODE_NAME,IP:$K8S_BRIDGE_IP,IP:127.0.0.1" server
  k8s_cert admin flotilla-admin system:masters
  k8s_cert apiserver-kubelet-client kube-apiserver-kubelet-client system:masters
  k8s_cert kube-controller-manager system:kube-controller-manager
  k8s_cert kube-scheduler system:kube-scheduler
  k8s_cert kubelet "system:node:$K8S_NODE_NAME" system:nodes
  k8s_cert kube-proxy system:kube-proxy
  k8s_cert dns flotilla-k8s-dns
  openssl ecparam -name prime256v1 -genkey -noout -out "$dir/sa.key" 2>/dev/null
  openssl ec -in "$dir/sa.key" -pubout -out "$dir/sa.pub" 2>/dev/null
  rm -f "$dir/ca.srl"
  local c
  for c in admin kube-controller-manager kube-scheduler kubelet kube-proxy dns; do
    k8s_kubeconfig "$K8S_STATE/kubeconfig/$c.kubeconfig" "$c"
  done
  cp "$K8S_STATE/kubeconfig/admin.kubeconfig" "$K8S_ADMIN_KUBECONFIG"
  chmod 600 "$dir"/*.key
  touch "$dir/.complete"
  k8s_say "PKI and kubeconfigs written in $(($(k8s_ms) - t0)) ms"
}
