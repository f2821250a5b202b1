#!/usr/bin/env bash
# A real single-node Kubernetes 1.20.2 cluster for flotilla's tests, built from Debian's source
# package and run on the machine's Docker engine through kubelet's dockershim. It never changes
# the host's kernel settings, dockerd's settings or images, or docker0 (see README "Test cluster").
#
# Usage: bash scripts/setup/kubernetes.sh COMMAND
#   build [--background]  build the five binaries into the cache (reused when verified)
#   up [--apiserver-only] start the cluster (building first if needed); idempotent
#   down                  stop everything and remove what the cluster created
#   status                what runs; exit 0 when the cluster (or apiserver-only) answers
#   env                   shell lines: KUBECONFIG=... and the cluster's addresses
# Environment (defaults in scripts/setup/kubernetes/lib.sh):
#   FLOTILLA_K8S_CACHE   build cache (default /var/cache/flotilla-ci/kubernetes-1.20.2)
#   FLOTILLA_K8S_BIN     binaries (default $FLOTILLA_K8S_CACHE/bin)
#   FLOTILLA_K8S_STATE   the running cluster's state (default /var/lib/flotilla-k8s)
#   FLOTILLA_K8S_KEEP_BUILD=1  keep the source tree and Go cache after a successful build
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=kubernetes/lib.sh
. "$here/kubernetes/lib.sh"
# shellcheck source=kubernetes/build.sh
. "$here/kubernetes/build.sh"

cmd=${1:-}
shift || true
case "$cmd" in
  build)
    if [ "${1:-}" = --background ]; then k8s_build_background; else k8s_build; fi
    ;;
  *)
    sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
