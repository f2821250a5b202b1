#!/usr/bin/env bash
# Writes a tiny busybox root filesystem into the directory given as $1: /bin/busybox (the static
# build from Debian's busybox-static), one symlink per applet, /etc/passwd, /etc/group and the
# directories programs expect. The caller imports it with `docker import`.
# Usage: bash scripts/images/busybox/rootfs.sh DIR [BUSYBOX_BINARY]
set -euo pipefail
root=${1:?usage: rootfs.sh DIR [BUSYBOX_BINARY]}
bin=${2:-/bin/busybox}

# The dynamically linked busybox would need a libc in the image: insist on the static one.
if file_out=$(LC_ALL=C file -b "$bin" 2>/dev/null) && [[ $file_out != *static* ]]; then
  echo "busybox rootfs: $bin is not statically linked ($file_out)" >&2
  exit 1
fi

mkdir -p "$root"/{bin,etc,root,tmp,var/www,home,usr/bin,usr/sbin,sbin,proc,sys,dev}
chmod 1777 "$root/tmp"
chmod 700 "$root/root"
install -m 0755 "$bin" "$root/bin/busybox"
for applet in $("$bin" --list); do
  [ "$applet" = busybox ] && continue
  ln -sf busybox "$root/bin/$applet"
done

cat >"$root/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/bin/false
bin:x:2:2:bin:/bin:/bin/false
sys:x:3:3:sys:/dev:/bin/false
www-data:x:33:33:www-data:/var/www:/bin/false
nobody:x:65534:65534:nobody:/home:/bin/false
PASSWD
cat >"$root/etc/group" <<'GROUP'
root:x:0:
daemon:x:1:
bin:x:2:
sys:x:3:
tty:x:5:
www-data:x:33:
users:x:100:
nogroup:x:65534:
GROUP
# Name lookups inside the container read these (docker bind-mounts hosts/resolv.conf itself).
printf 'hosts: files dns\n' >"$root/etc/nsswitch.conf"
