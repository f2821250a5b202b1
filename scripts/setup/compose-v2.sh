#!/usr/bin/env bash
# docker compose v2 (the Go original) and the buildx plugin, for the interop tests and the bench,
# without touching the machine's packages: Debian 13's `docker-compose` (2.26.1) and
# `docker-buildx` (0.13.1) are fetched with `apt-get download` through a private apt state
# (its own sources list with the suite trixie, lists and cache; the machine's sources, lists and
# installed packages are never read nor changed), unpacked with `dpkg-deb -x`, and their plugin
# binaries (which link only libc, so they run on Debian 12) placed in a private
# DOCKER_CONFIG/cli-plugins. Idempotent: a no-op once the plugins of the expected versions are in
# place.
#
# Then: DOCKER_CONFIG=/var/cache/flotilla-ci/docker-config docker compose version
#       -> Docker Compose version 2.26.1-4
#
# Usage: bash scripts/setup/compose-v2.sh [--print-dir]
#   --print-dir   print the DOCKER_CONFIG directory on stdout once it is ready
# Environment:
#   FLOTILLA_COMPOSE_V2_CONFIG   the DOCKER_CONFIG directory (default
#                                /var/cache/flotilla-ci/docker-config)
#   FLOTILLA_COMPOSE_V2_APT      the private apt state (default /var/cache/flotilla-ci/apt-trixie)
#   FLOTILLA_DEBIAN_MIRROR       the Debian mirror (default: the one /etc/apt/sources.list* uses)
set -euo pipefail

config_dir=${FLOTILLA_COMPOSE_V2_CONFIG:-/var/cache/flotilla-ci/docker-config}
apt_dir=${FLOTILLA_COMPOSE_V2_APT:-/var/cache/flotilla-ci/apt-trixie}
# The package versions, as the suite trixie serves them; the stamp records what was installed.
packages=(docker-compose=2.26.1-4 docker-buildx=0.13.1+ds1-3)
stamp_text="${packages[*]}"
print_dir=0
for a in "$@"; do
  case "$a" in
    --print-dir) print_dir=1 ;;
    *)
      echo "compose-v2: unknown argument '$a' (expected --print-dir)" >&2
      exit 2
      ;;
  esac
done

say() { printf 'compose-v2: %s\n' "$*" >&2; }
done_() {
  [ "$print_dir" = 1 ] && printf '%s\n' "$config_dir"
  exit 0
}

plugins=$config_dir/cli-plugins
stamp=$plugins/.flotilla-versions
ready() {
  [ -x "$plugins/docker-compose" ] && [ -x "$plugins/docker-buildx" ] &&
    [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$stamp_text" ]
}
ready && done_

for tool in apt-get dpkg-deb flock; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    say "$tool is missing: docker compose v2 is fetched from Debian's archive with apt-get and dpkg-deb"
    exit 1
  fi
done
mkdir -p "$config_dir" "$apt_dir"
# One installer at a time (test files start in parallel); the others wait, then find it ready.
exec 9>"$apt_dir/.lock"
flock 9
ready && done_

# The mirror the machine's own sources use (deb822 `URIs:` or one-line `deb URI suite ...`),
# leaving out the security archive.
mirror() {
  if [ -n "${FLOTILLA_DEBIAN_MIRROR:-}" ]; then
    printf '%s\n' "$FLOTILLA_DEBIAN_MIRROR"
    return
  fi
  local found
  found=$(
    cat /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list 2>/dev/null |
      awk '
        /^[[:space:]]*URIs:/ { for (i = 2; i <= NF; i++) print $i }
        /^[[:space:]]*deb[[:space:]]/ { for (i = 2; i <= NF; i++) if ($i !~ /^\[/ && $i !~ /\]$/) { print $i; break } }
      ' | grep -E '/debian/?$' | head -n1
  )
  printf '%s\n' "${found:-http://deb.debian.org/debian}"
}
url=$(mirror)
url=${url%/}
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
signed=
[ -f "$keyring" ] && signed="[signed-by=$keyring] "

mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/debs"
printf 'deb %s%s trixie main\n' "$signed" "$url" >"$apt_dir/sources.list"
apt_opts=(
  -o "Dir::Etc::SourceList=$apt_dir/sources.list"
  -o Dir::Etc::SourceParts=/dev/null
  -o "Dir::State::Lists=$apt_dir/lists"
  -o "Dir::Cache=$apt_dir/cache"
  -o Dir::State::Status=/dev/null
  -o APT::Sandbox::User=root
)
t0=$(date +%s%N)
have_debs() {
  local p
  for p in "${packages[@]}"; do
    compgen -G "$apt_dir/debs/${p%%=*}_${p#*=}_*.deb" >/dev/null || return 1
  done
}
if ! have_debs; then
  say "fetching ${packages[*]} from $url (suite trixie, private apt state in $apt_dir)"
  apt-get "${apt_opts[@]}" -qq update >/dev/null
  (cd "$apt_dir/debs" && apt-get "${apt_opts[@]}" -qq download "${packages[@]}" >/dev/null)
fi

work=$(mktemp -d "$config_dir/.unpack.XXXXXX")
trap 'rm -rf "$work"' EXIT
for p in "${packages[@]}"; do
  dpkg-deb -x "$(compgen -G "$apt_dir/debs/${p%%=*}_${p#*=}_*.deb" | head -n1)" "$work/root"
done
mkdir -p "$work/cli-plugins"
for bin in docker-compose docker-buildx; do
  install -m 0755 "$work/root/usr/libexec/docker/cli-plugins/$bin" "$work/cli-plugins/$bin"
done
printf '%s\n' "$stamp_text" >"$work/cli-plugins/.flotilla-versions"
# Swap the whole directory in, so a reader never sees half a plugin.
rm -rf "$plugins.old"
[ -d "$plugins" ] && mv "$plugins" "$plugins.old"
mv "$work/cli-plugins" "$plugins"
rm -rf "$plugins.old"

version=$(DOCKER_CONFIG=$config_dir docker compose version 2>&1 || true)
say "$version; buildx $(DOCKER_CONFIG=$config_dir docker buildx version 2>/dev/null | awk '{print $2}') in $plugins ($(( ($(date +%s%N) - t0) / 1000000 )) ms)"
done_
