#!/usr/bin/env bash
# Installs the npm packages from package-lock.json unless node_modules already matches it.
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v node >/dev/null 2>&1; then
  echo "node is not installed: flotilla needs Node.js 20 or newer" >&2
  exit 1
fi
stamp=node_modules/.flotilla-lock-stamp
if [ -f "$stamp" ] && cmp -s package-lock.json "$stamp"; then
  exit 0
fi
npm ci --no-audit --no-fund --loglevel=error
cp package-lock.json "$stamp"
