#!/usr/bin/env bash
# Builds the local images the demo and the tests use, without any registry: each is skipped when
# its tag already exists, and timed otherwise.
#
#   busybox:latest            Debian's busybox-static in a tiny rootfs (docker import), CMD sh
#   flotilla/debian:bookworm  debootstrap --variant=minbase (rootfs tarball cached in
#                             /var/cache/flotilla), also tagged debian:bookworm(-slim), debian:12
#   nginx:latest              scripts/images/nginx   (also nginx:alpine)
#   redis:alpine              scripts/images/redis   (also redis:latest)
#   python:3.11-slim          scripts/images/python  (also python:3.11, python:3-slim,
#                             python:3.12-slim, python:slim): Debian's Python 3.11 with Flask and
#                             redis-py, plus an offline `pip` shim
#
# Usage: bash scripts/setup/images.sh [--force] [IMAGE...]
#   IMAGE is one of busybox, debian, nginx, redis, python (default: all, in that order).
#   --force rebuilds even when the tag exists (the rootfs cache is kept; delete
#   /var/cache/flotilla to redo debootstrap).
# Needs a running engine (scripts/setup/engine.sh) and root for apt-get/debootstrap.
set -euo pipefail
cd "$(dirname "$0")/../.."

cache=${FLOTILLA_IMAGE_CACHE:-/var/cache/flotilla}
force=0
want=()
for a in "$@"; do
  case "$a" in
    --force) force=1 ;;
    busybox | debian | nginx | redis | python) want+=("$a") ;;
    *)
      echo "images: unknown argument '$a' (expected --force or busybox, debian, nginx, redis, python)" >&2
      exit 2
      ;;
  esac
done
[ ${#want[@]} -gt 0 ] || want=(busybox debian nginx redis python)

# Derived images need the Debian base; build in dependency order whatever the argument order.
order=()
for w in busybox debian nginx redis python; do
  for x in "${want[@]}"; do
    if [ "$x" = "$w" ] || { [ "$w" = debian ] && [[ $x =~ ^(nginx|redis|python)$ ]]; }; then
      order+=("$w")
      break
    fi
  done
done
want=("${order[@]}")

total_start=$(date +%s%N)
ms_since() { echo "$(( ($(date +%s%N) - $1) / 1000000 ))"; }
say() { printf 'images: %s\n' "$*"; }
have_image() { docker image inspect "$1" >/dev/null 2>&1; }
# shellcheck source=scripts/setup/apt.sh
source scripts/setup/apt.sh
# Tags $1 as every further argument.
add_tags() {
  local src=$1
  shift
  for t in "$@"; do docker tag "$src" "$t"; done
}
# Skips (returns 1) when the main tag exists, unless --force.
needs_build() {
  if [ "$force" = 0 ] && have_image "$1"; then
    say "$1 exists, skipped"
    return 1
  fi
  return 0
}

build_busybox() {
  local tag=busybox:latest t0
  needs_build "$tag" || return 0
  t0=$(date +%s%N)
  if [ ! -x /bin/busybox ] || ! dpkg -s busybox-static >/dev/null 2>&1; then
    say "installing busybox-static"
    apt_install busybox-static
  fi
  local root
  root=$(mktemp -d /var/tmp/flotilla-busybox.XXXXXX)
  bash scripts/images/busybox/rootfs.sh "$root" /bin/busybox
  tar --numeric-owner -C "$root" -c . |
    docker import \
      -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      -c 'CMD ["sh"]' \
      -m 'flotilla: busybox-static from Debian' - "$tag" >/dev/null
  rm -rf "$root"
  say "$tag built in $(ms_since "$t0") ms"
}

build_debian() {
  local tag=flotilla/debian:bookworm tarball=$cache/debian-bookworm-minbase.tar t0
  needs_build "$tag" || return 0
  t0=$(date +%s%N)
  if [ ! -s "$tarball" ]; then
    if ! command -v debootstrap >/dev/null 2>&1; then
      say "installing debootstrap"
      apt_install debootstrap
    fi
    say "debootstrap --variant=minbase bookworm (cached as $tarball)"
    local d0
    d0=$(date +%s%N)
    bash scripts/images/debian/rootfs.sh bookworm "$tarball"
    say "debootstrap + tarball took $(ms_since "$d0") ms"
  else
    say "using cached rootfs $tarball"
  fi
  docker import \
    -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    -c 'CMD ["bash"]' \
    -m 'flotilla: debootstrap --variant=minbase bookworm' "$tarball" "$tag" >/dev/null
  add_tags "$tag" debian:bookworm debian:bookworm-slim debian:12 debian:12-slim
  say "$tag built in $(ms_since "$t0") ms"
}

# Builds scripts/images/$1 as tag $2, then adds the remaining tags.
build_dockerfile() {
  local dir=scripts/images/$1 tag=$2 t0 log
  shift 2
  needs_build "$tag" || return 0
  t0=$(date +%s%N)
  log=$(mktemp /tmp/flotilla-build.XXXXXX)
  # The classic builder: it is what Engine 20.10 offers without the buildx plugin.
  if ! DOCKER_BUILDKIT=0 docker build -q -t "$tag" "$dir" >"$log" 2>&1; then
    say "building $tag from $dir failed:" >&2
    tail -n 30 "$log" >&2
    rm -f "$log"
    return 1
  fi
  rm -f "$log"
  add_tags "$tag" "$@"
  say "$tag built in $(ms_since "$t0") ms"
}

for w in "${want[@]}"; do
  case "$w" in
    busybox) build_busybox ;;
    debian) build_debian ;;
    nginx) build_dockerfile nginx nginx:latest nginx:alpine ;;
    redis) build_dockerfile redis redis:alpine redis:latest ;;
    python)
      build_dockerfile python python:3.11-slim python:3.11 python:3-slim python:3.12-slim python:slim
      ;;
  esac
done
say "done in $(ms_since "$total_start") ms"
