# The running part of scripts/setup/buildkit.sh (sourced after its settings): the mirror
# registry, buildkitd and the buildx `remote` builder.

bk_docker_config() { printf '%s\n' "${FLOTILLA_COMPOSE_V2_CONFIG:-/var/cache/flotilla-ci/docker-config}"; }
bk_buildx() { DOCKER_CONFIG=$(bk_docker_config) docker buildx "$@"; }
bk_buildctl() { "$BK_BIN/buildctl" --addr "unix://$BK_SOCK" "$@"; }

bk_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
bk_mirror_answers() {
  [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://$BK_MIRROR/v2/" || true)" = 200 ]
}
bk_status() { bk_alive "$BK_STATE/buildkitd.pid" && bk_buildctl debug workers >/dev/null 2>&1; }

bk_env() {
  printf 'BUILDX_BUILDER=%s\nDOCKER_CONFIG=%s\nFLOTILLA_BUILDKIT_SOCK=%s\nFLOTILLA_BUILDKIT_MIRROR=%s\n' \
    "$BK_BUILDER" "$(bk_docker_config)" "$BK_SOCK" "$BK_MIRROR"
}

# The registry buildkitd pulls base images from (its mirror of docker.io).
bk_mirror_up() {
  local dir=$BK_STATE/mirror
  bk_mirror_answers && return 0
  if ! command -v docker-registry >/dev/null 2>&1 || ! command -v curl >/dev/null 2>&1; then
    # shellcheck source=scripts/setup/apt.sh
    . "$here/apt.sh"
    apt_install docker-registry curl
  fi
  mkdir -p "$dir/storage"
  cat >"$dir/config.yml" <<EOF
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $dir/storage
http:
  addr: $BK_MIRROR
  secret: flotilla-buildkit-mirror
EOF
  setsid nohup docker-registry serve "$dir/config.yml" >"$dir/registry.log" 2>&1 </dev/null 8>&- 9>&- &
  echo $! >"$dir/pid"
  for _ in $(seq 1 100); do
    bk_mirror_answers && return 0
    sleep 0.1
  done
  cat "$dir/registry.log" >&2
  bk_die "the mirror registry did not answer on $BK_MIRROR"
}

# Pushes each local image of $BK_IMAGES to the mirror as docker.io would name it
# (busybox:latest -> library/busybox:latest), again when the local image changed.
bk_mirror_seed() {
  local image name tag path id seeded=$BK_STATE/mirror/seeded ref
  mkdir -p "$seeded"
  for image in $BK_IMAGES; do
    name=${image%%:*}
    tag=${image#*:}
    [ "$tag" != "$image" ] || tag=latest
    case "$name" in */*) path=$name ;; *) path=library/$name ;; esac
    id=$(docker image inspect --format '{{.Id}}' "$image" 2>/dev/null) ||
      bk_die "the local image $image is missing (bash scripts/setup/images.sh makes it)"
    [ "$(cat "$seeded/${path//\//_}_$tag" 2>/dev/null)" = "$id" ] && continue
    ref=$BK_MIRROR/$path:$tag
    docker tag "$image" "$ref"
    docker push -q "$ref" >/dev/null
    docker rmi "$ref" >/dev/null
    echo "$id" >"$seeded/${path//\//_}_$tag"
    bk_say "mirror: $image as $ref"
  done
}

bk_daemon_up() {
  bk_status && return 0
  mkdir -p "$BK_STATE/root"
  cat >"$BK_STATE/buildkitd.toml" <<EOF
# flotilla's test BuildKit daemon (scripts/setup/buildkit.sh)
root = "$BK_STATE/root"
[grpc]
  address = ["unix://$BK_SOCK"]
[worker.oci]
  enabled = true
  snapshotter = "auto"
  gc = true
  gckeepstorage = 4000
[worker.containerd]
  enabled = false
[registry."docker.io"]
  mirrors = ["$BK_MIRROR"]
[registry."$BK_MIRROR"]
  http = true
[registry."127.0.0.1:5050"]
  http = true
[registry."127.0.0.1:5051"]
  http = true
EOF
  rm -f "$BK_SOCK"
  PATH=/usr/local/sbin:/usr/sbin:/sbin:$PATH setsid nohup "$BK_BIN/buildkitd" \
    --config "$BK_STATE/buildkitd.toml" --oci-worker-net host \
    >"$BK_STATE/buildkitd.log" 2>&1 </dev/null 8>&- 9>&- &
  echo $! >"$BK_STATE/buildkitd.pid"
  for _ in $(seq 1 300); do
    bk_status && return 0
    bk_alive "$BK_STATE/buildkitd.pid" || break
    sleep 0.1
  done
  tail -n 30 "$BK_STATE/buildkitd.log" >&2
  bk_die "buildkitd did not answer on $BK_SOCK"
}

bk_builder_up() {
  if ! bk_buildx inspect "$BK_BUILDER" >/dev/null 2>&1; then
    bk_buildx create --name "$BK_BUILDER" --driver remote "unix://$BK_SOCK" >/dev/null
  fi
  bk_buildx inspect --bootstrap "$BK_BUILDER" >/dev/null
}

bk_up() {
  local t0
  t0=$(date +%s%N)
  [ "$(id -u)" = 0 ] || bk_die "buildkitd runs as root (its OCI worker runs runc)"
  command -v runc >/dev/null 2>&1 || PATH=/usr/sbin:/sbin:$PATH
  command -v runc >/dev/null 2>&1 || bk_die "runc is missing (it comes with docker.io)"
  bash "$here/compose-v2.sh"
  bk_build
  mkdir -p "$BK_STATE"
  exec 8>"$BK_STATE/.up.lock"
  flock 8
  bk_mirror_up
  bk_mirror_seed
  bk_daemon_up
  bk_builder_up
  exec 8>&-
  bk_say "builder $BK_BUILDER ($(bk_version | awk '{print $3}')) on unix://$BK_SOCK, mirror $BK_MIRROR ($(( ($(date +%s%N) - t0) / 1000000 )) ms)"
}

# stop PIDFILE NAME: SIGTERM, then SIGKILL after 10 s.
bk_stop() {
  local pidfile=$1 pid
  bk_alive "$pidfile" || {
    rm -f "$pidfile"
    return 0
  }
  pid=$(cat "$pidfile")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$pidfile"
}

bk_down() {
  bk_buildx rm "$BK_BUILDER" >/dev/null 2>&1 || true
  bk_stop "$BK_STATE/buildkitd.pid"
  bk_stop "$BK_STATE/mirror/pid"
  local m left=0
  # Mounts buildkitd left (a killed daemon leaves its snapshots' overlays), deepest first.
  while read -r m; do
    umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || left=1
  done < <(awk -v s="$BK_STATE/" 'index($2, s) == 1 { print $2 }' /proc/mounts | sort -r)
  [ "$left" = 0 ] || bk_die "mounts under $BK_STATE are left: $(awk -v s="$BK_STATE/" 'index($2, s) == 1 { print $2 }' /proc/mounts)"
  rm -rf "$BK_STATE"
  bk_say "stopped; $BK_STATE removed"
}
