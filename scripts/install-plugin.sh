#!/usr/bin/env bash
# Installs flotilla as the Docker CLI plugin `docker-compose`, so that `docker compose ...` runs
# flotilla. The plugin is a small wrapper that executes bin/flotilla.js of this checkout with the
# node found now. Target: $DOCKER_CONFIG/cli-plugins (default ~/.docker/cli-plugins), or the
# directory given as the first argument. Builds the CLI first when dist/ is missing.
# Remove it again with: rm "${DOCKER_CONFIG:-$HOME/.docker}/cli-plugins/docker-compose"
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${1:-${DOCKER_CONFIG:-$HOME/.docker}/cli-plugins}"
node_bin="$(command -v node || true)"
if [ -z "$node_bin" ]; then
  echo "install-plugin: node is not on PATH" >&2
  exit 1
fi
if [ ! -f "$root/dist/cli/main.js" ]; then
  (cd "$root" && "$node_bin" scripts/build.mjs --no-lib)
fi
mkdir -p "$dir"
target="$dir/docker-compose"
tmp="$(mktemp "$dir/.docker-compose.XXXXXX")"
cat >"$tmp" <<WRAPPER
#!/bin/sh
# flotilla as the docker compose CLI plugin (installed by scripts/install-plugin.sh)
exec "$node_bin" -- "$root/bin/flotilla.js" "\$@"
WRAPPER
chmod 755 "$tmp"
mv -f "$tmp" "$target"
echo "installed $target -> $root/bin/flotilla.js"
