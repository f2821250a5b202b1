#!/usr/bin/env bash
# Writes a tarball of a minimal Debian root filesystem (`debootstrap --variant=minbase`), tuned
# for containers like the official debian images: no docs or man pages, unsafe-io dpkg, apt
# caches cleaned after every install, no recommends.
# Usage: bash scripts/images/debian/rootfs.sh SUITE OUT.tar [MIRROR]
set -euo pipefail
suite=${1:?usage: rootfs.sh SUITE OUT.tar [MIRROR]}
out=${2:?usage: rootfs.sh SUITE OUT.tar [MIRROR]}
mirror=${3:-http://deb.debian.org/debian}

work=$(mktemp -d /var/tmp/flotilla-debootstrap.XXXXXX)
trap 'rm -rf "$work"' EXIT
root=$work/rootfs

debootstrap --variant=minbase "$suite" "$root" "$mirror" >"$work/debootstrap.log" 2>&1 || {
  echo "debian rootfs: debootstrap $suite failed; last lines of its log:" >&2
  tail -n 20 "$work/debootstrap.log" >&2
  exit 1
}

cat >"$root/etc/apt/sources.list" <<SOURCES
deb $mirror $suite main
deb $mirror $suite-updates main
deb http://deb.debian.org/debian-security $suite-security main
SOURCES
cat >"$root/etc/dpkg/dpkg.cfg.d/docker-apt-speedup" <<'CFG'
force-unsafe-io
CFG
cat >"$root/etc/dpkg/dpkg.cfg.d/docker-excludes" <<'CFG'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
CFG
cat >"$root/etc/apt/apt.conf.d/docker-clean" <<'CFG'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
CFG
cat >"$root/etc/apt/apt.conf.d/docker-no-recommends" <<'CFG'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
CFG

# The engine provides these at run time; build-host copies must not leak into the image.
rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/archives/*.deb "$root"/var/cache/apt/*.bin \
  "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/info/* \
  "$root"/var/log/*.log "$root"/var/log/apt/* "$root"/tmp/* "$root"/debootstrap
: >"$root/etc/resolv.conf"
: >"$root/etc/hostname"

mkdir -p "$(dirname "$out")"
tar --numeric-owner --xattrs -C "$root" -cf "$out.partial" .
mv "$out.partial" "$out"
