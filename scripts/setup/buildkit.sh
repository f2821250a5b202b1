#!/usr/bin/env bash
# A standalone BuildKit daemon (buildkitd, OCI worker on the host's runc) for the builds that the
# engine's own BuildKit cannot do on Engine 20.10: cache export to a local directory
# (`cache_to: type=local,dest=...`) and named contexts (`additional_contexts`). buildx reaches
# it through its `remote` driver, as the builder `flotilla-buildkit` of the private
# DOCKER_CONFIG of scripts/setup/compose-v2.sh (the machine's own docker configuration is not
# touched); flotilla and docker compose select it with `--builder` or BUILDX_BUILDER.
#
# No Debian release ships buildkitd, and no registry on the internet is reachable, so:
# - build: buildkitd and buildctl are compiled from the BuildKit source that Debian 13 ships
#   inside golang-github-docker-docker-dev (the BuildKit of its docker.io 26.1.5), against the
#   Go sources of Debian 13's golang-*-dev packages and its Go 1.24 toolchain: all fetched with
#   `apt-get download` through a private apt state and unpacked with `dpkg-deb -x` under the
#   cache directory (nothing is installed, the machine's packages are not changed), built in
#   GOPATH mode with GOPROXY=off at the lowest CPU priority. buildkit/buildkit.patch leaves out
#   what Debian does not package (the gha and azblob cache backends, the fuse-overlayfs
#   snapshotter, the amd64 micro-architecture probe); buildkit/packageurl.go stands in for the
#   package-URL library that provenance attestations use. The binaries are cached in
#   $FLOTILLA_BUILDKIT_CACHE/bin; the sources and Go cache are removed after a good build.
# - up: buildkitd runs as root on the host (no container, no privileged container) with host
#   networking for RUN steps (docker0 is not touched) and its state in $FLOTILLA_BUILDKIT_STATE.
#   Base images (FROM) are pulled by buildkitd from a registry, not from the engine: a local
#   registry (Debian's docker-registry on 127.0.0.1:$FLOTILLA_BUILDKIT_MIRROR_PORT) is its
#   mirror of docker.io, seeded with the engine's local images $FLOTILLA_BUILDKIT_IMAGES. Built
#   images are loaded into the engine by buildx (`type=docker` output), as with any remote
#   builder.
#
# Usage: bash scripts/setup/buildkit.sh COMMAND   (as root)
#   build [--background]  build the binaries into the cache, or reuse a good cached build;
#                         --background starts it detached (log: $FLOTILLA_BUILDKIT_CACHE/build.log)
#   up                    start the mirror registry, buildkitd and the buildx builder (building
#                         first if needed); idempotent
#   down                  stop them, remove the builder and the daemon's state (the binaries stay)
#   status                exit 0 when buildkitd answers
#   env                   KEY=value lines: BUILDX_BUILDER, DOCKER_CONFIG, the socket and mirror
# Environment:
#   FLOTILLA_BUILDKIT_CACHE        binaries and build (default /var/cache/flotilla-ci/buildkit)
#   FLOTILLA_BUILDKIT_STATE        the daemon's state (default /var/lib/flotilla-buildkit)
#   FLOTILLA_BUILDKIT_BUILDER      the buildx builder's name (default flotilla-buildkit)
#   FLOTILLA_BUILDKIT_MIRROR_PORT  the mirror registry's port (default 5053)
#   FLOTILLA_BUILDKIT_IMAGES       local images seeded into the mirror (default busybox:latest)
#   FLOTILLA_COMPOSE_V2_CONFIG     the DOCKER_CONFIG holding buildx (see compose-v2.sh)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
BK_CACHE=${FLOTILLA_BUILDKIT_CACHE:-/var/cache/flotilla-ci/buildkit}
BK_BIN=$BK_CACHE/bin
BK_WORK=$BK_CACHE/work
BK_LOG=$BK_CACHE/build.log
BK_STATE=${FLOTILLA_BUILDKIT_STATE:-/var/lib/flotilla-buildkit}
BK_SOCK=$BK_STATE/buildkitd.sock
BK_BUILDER=${FLOTILLA_BUILDKIT_BUILDER:-flotilla-buildkit}
BK_MIRROR_PORT=${FLOTILLA_BUILDKIT_MIRROR_PORT:-5053}
BK_MIRROR=127.0.0.1:$BK_MIRROR_PORT
BK_IMAGES=${FLOTILLA_BUILDKIT_IMAGES:-busybox:latest}
BK_PATCHES=("$here/buildkit/buildkit.patch" "$here/buildkit/packageurl.go")
# The Debian 13 packages the build starts from; their Go dependencies are resolved by apt.
BK_ROOTS=(
  golang-github-docker-docker-dev golang-github-urfave-cli-dev golang-github-coreos-go-systemd-dev
  golang-go.etcd-bbolt-dev golang-github-pelletier-go-toml-dev golang-github-gofrs-flock-dev
  golang-github-containerd-stargz-snapshotter-dev golang-github-containerd-nydus-snapshotter-dev
  golang-github-google-shlex-dev golang-github-mitchellh-hashstructure-v2-dev
  golang-github-spdx-tools-golang-dev golang-github-tonistiigi-vt100-dev
  golang-github-pkg-profile-dev golang-github-agext-levenshtein-dev
)
# Alternatives both listed by `apt-cache depends` that would unpack over each other.
BK_EXCLUDE='^golang-github-golang-protobuf-1-3-dev$'
BK_GO=golang-1.24

bk_say() { printf 'buildkit: %s\n' "$*" >&2; }
bk_die() {
  bk_say "$*"
  exit 1
}

# The binaries' version line (buildkitd warns on stderr about its default state directory, which
# this set-up never uses, before it prints it).
bk_version() { "$BK_BIN/buildkitd" --version 2>/dev/null; }

# What identifies a build: our patches (the Debian versions are recorded beside it).
bk_build_id() { cat "${BK_PATCHES[@]}" | sha256sum | cut -c1-16; }
bk_cache_ok() {
  [ -x "$BK_BIN/buildkitd" ] && [ -x "$BK_BIN/buildctl" ] &&
    [ "$(head -n1 "$BK_BIN/.build-id" 2>/dev/null)" = "$(bk_build_id)" ]
}

# apt-get/apt-cache options of the private Debian 13 state (lists and cache of its own).
bk_apt_opts() {
  local apt=$BK_WORK/apt
  printf '%s\n' -o "Dir::Etc::SourceList=$apt/sources.list" -o Dir::Etc::SourceParts=/dev/null \
    -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache" -o Dir::State::Status=/dev/null \
    -o APT::Sandbox::User=root
}

# Downloads and unpacks the sources and the Go toolchain into $BK_WORK/root (once).
bk_fetch() {
  local root=$BK_WORK/root stamp=$BK_WORK/.fetched apt=$BK_WORK/apt opts
  [ -f "$stamp" ] && return 0
  rm -rf "$root" "$BK_WORK/debs"
  mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$BK_WORK/debs" "$root"
  local keyring=/usr/share/keyrings/debian-archive-keyring.gpg signed=
  [ -f "$keyring" ] && signed="[signed-by=$keyring] "
  printf 'deb %s%s trixie main\n' "$signed" "${FLOTILLA_DEBIAN_MIRROR:-http://deb.debian.org/debian}" >"$apt/sources.list"
  mapfile -t opts < <(bk_apt_opts)
  bk_say "resolving the Go sources of ${BK_ROOTS[0]} (Debian 13, private apt state)"
  apt-get "${opts[@]}" -qq update
  local pkgs
  mapfile -t pkgs < <(apt-cache "${opts[@]}" depends --recurse --no-recommends --no-suggests \
    --no-conflicts --no-breaks --no-replaces --no-enhances "${BK_ROOTS[@]}" |
    grep -E '^golang-[a-z0-9.+-]+-dev$' | grep -v -E "$BK_EXCLUDE" | sort -u)
  bk_say "downloading ${#pkgs[@]} Go source packages and the $BK_GO toolchain"
  (cd "$BK_WORK/debs" && apt-get "${opts[@]}" -qq download "${pkgs[@]}" "$BK_GO-go" "$BK_GO-src")
  local d
  for d in "$BK_WORK"/debs/*.deb; do dpkg-deb -x "$d" "$root"; done
  dpkg-deb -f "$BK_WORK"/debs/golang-github-docker-docker-dev_*.deb Version >"$BK_WORK/.docker-dev-version"
  rm -rf "$BK_WORK/debs" "$apt/cache"
  touch "$stamp"
}

# The patched BuildKit tree and stand-ins, first on GOPATH.
bk_overlay() {
  local src=$BK_WORK/root/usr/share/gocode/src ov=$BK_WORK/overlay/src
  rm -rf "$BK_WORK/overlay"
  mkdir -p "$ov/github.com/moby" "$ov/github.com/coreos/go-systemd" "$ov/github.com/package-url/packageurl-go"
  cp -a "$src/github.com/moby/buildkit" "$ov/github.com/moby/buildkit"
  patch -d "$ov/github.com/moby/buildkit" -p1 --forward --quiet <"$here/buildkit/buildkit.patch"
  cp "$here/buildkit/packageurl.go" "$ov/github.com/package-url/packageurl-go/"
  # Debian ships go-systemd v22 at its GOPATH-mode path, without the /v22 of its module path.
  ln -sfn "$src/github.com/coreos/go-systemd" "$ov/github.com/coreos/go-systemd/v22"
}

bk_build() {
  mkdir -p "$BK_CACHE"
  exec 9>"$BK_CACHE/build.lock"
  if ! flock -n 9; then
    bk_say "another build is running (log: $BK_LOG); waiting for it"
    flock 9
  fi
  if bk_cache_ok; then
    bk_say "using cached binaries in $BK_BIN ($(bk_version))"
    exec 9>&-
    return 0
  fi
  local t0
  t0=$(date +%s)
  for tool in apt-get apt-cache dpkg-deb patch flock; do
    command -v "$tool" >/dev/null 2>&1 || bk_die "$tool is missing"
  done
  bk_fetch
  bk_overlay
  local goroot=$BK_WORK/root/usr/lib/go-1.24 version staging=$BK_CACHE/bin.new
  version="v0.13-debian-docker.io-$(cat "$BK_WORK/.docker-dev-version")"
  rm -rf "$staging"
  mkdir -p "$staging" "$BK_WORK/home"
  bk_say "building buildkitd and buildctl (nice 19, GOPATH mode, GOPROXY=off; 4-6 min from clean on 2 cores, more under load)"
  env -u GOFLAGS GOROOT="$goroot" GOPATH="$BK_WORK/overlay:$BK_WORK/root/usr/share/gocode" \
    GO111MODULE=off GOPROXY=off GOTOOLCHAIN=local GOCACHE="$BK_WORK/gocache" HOME="$BK_WORK/home" \
    CGO_ENABLED=0 nice -n 19 ionice -c 3 "$goroot/bin/go" build -trimpath \
    -tags 'osusergo netgo static_build' \
    -ldflags "-X github.com/moby/buildkit/version.Version=$version -X github.com/moby/buildkit/version.Revision=$(bk_build_id)" \
    -o "$staging/" github.com/moby/buildkit/cmd/buildkitd github.com/moby/buildkit/cmd/buildctl
  { bk_build_id; echo "$version"; } >"$staging/.build-id"
  rm -rf "$BK_BIN"
  mv "$staging" "$BK_BIN"
  bk_cache_ok || bk_die "the build finished without working binaries in $BK_BIN"
  bk_say "built $(bk_version) in $(($(date +%s) - t0)) s into $BK_BIN"
  exec 9>&-
  if [ -z "${FLOTILLA_BUILDKIT_KEEP_BUILD:-}" ]; then
    mv "$BK_WORK" "$BK_WORK.old.$$"
    rm -rf "$BK_WORK.old.$$"
  fi
}

bk_build_background() {
  mkdir -p "$BK_CACHE"
  if bk_cache_ok; then
    bk_say "binaries cached in $BK_BIN"
    return 0
  fi
  if ! (exec 9>"$BK_CACHE/build.lock" && flock -n 9); then
    bk_say "a build is already running (log: $BK_LOG)"
    return 0
  fi
  bk_say "starting the build in the background (log: $BK_LOG)"
  setsid nohup bash "$here/buildkit.sh" build >"$BK_LOG" 2>&1 </dev/null &
}

# shellcheck source=scripts/setup/buildkit/daemon.sh
. "$here/buildkit/daemon.sh"

case "${1:-}" in
  build)
    if [ "${2:-}" = --background ]; then bk_build_background; else bk_build; fi
    ;;
  up) bk_up ;;
  down) bk_down ;;
  status) bk_status ;;
  env) bk_env ;;
  *)
    echo "usage: bash scripts/setup/buildkit.sh build [--background] | up | down | status | env" >&2
    exit 2
    ;;
esac
