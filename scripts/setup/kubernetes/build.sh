# The build of the test cluster's binaries (sourced by scripts/setup/kubernetes.sh after lib.sh).
#
# Debian's `kubernetes` source package is fetched with `apt-get source` through a private apt
# configuration (a deb-src list, lists and cache of its own: the machine's apt setup is not
# touched), unpacked with Debian's patches, patched with ours (scripts/setup/kubernetes/*.patch)
# and built as debian/rules does: GOPATH mode, vendor tree, no network (GOPROXY=off), at the
# lowest CPU priority. kubelet is built static (CGO_ENABLED=0) so it shares the package cache
# of the other four binaries. The five binaries are copied to $K8S_BIN with a build id; the
# source tree is removed after a successful build and kept after a failed one, so that a re-run
# resumes with the Go build cache.

# Fetches and unpacks the source tree into $K8S_BUILD_DIR/src (skipped when already there).
k8s_fetch_source() {
  local tree=$K8S_BUILD_DIR/src stamp=$K8S_BUILD_DIR/src/.flotilla-source
  if [ "$(cat "$stamp" 2>/dev/null)" = "$(k8s_build_id)" ]; then
    k8s_say "source tree already unpacked in $tree"
    return 0
  fi
  rm -rf "$K8S_BUILD_DIR"
  mkdir -p "$K8S_BUILD_DIR"
  local apt=$K8S_BUILD_DIR/apt suite
  mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/sources.list.d"
  # deb-src lines for the suites the machine's own sources use (the same mirrors).
  for suite in bookworm bookworm-updates; do
    echo "deb-src http://deb.debian.org/debian $suite main"
  done >"$apt/sources.list"
  echo "deb-src http://deb.debian.org/debian-security bookworm-security main" >>"$apt/sources.list"
  local opts=(-o "Dir::Etc::SourceList=$apt/sources.list" -o "Dir::Etc::SourceParts=$apt/sources.list.d"
    -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache" -o "APT::Sandbox::User=root")
  k8s_say "fetching Debian source $K8S_DEB_SOURCE $K8S_DEB_VERSION"
  apt-get "${opts[@]}" update -qq
  (cd "$K8S_BUILD_DIR" && apt-get "${opts[@]}" source --download-only -qq "$K8S_DEB_SOURCE=$K8S_DEB_VERSION")
  (cd "$K8S_BUILD_DIR" && dpkg-source -x --no-check ./*.dsc src >/dev/null)
  local p
  for p in "${K8S_PATCHES[@]}"; do
    k8s_say "applying $(basename "$p")"
    patch -d "$tree" -p1 --forward --quiet <"$p"
  done
  k8s_vendor_from_debian "$tree"
  rm -rf "$apt" "$K8S_BUILD_DIR"/*.tar.* "$K8S_BUILD_DIR"/*.dsc
  k8s_build_id >"$stamp"
}

# What the build needs from Debian.
k8s_build_packages() {
  k8s_need_packages golang-go gcc libc6-dev make rsync patch dpkg-dev
}

# Replaces vendored packages with the sources of Debian's packages (vendor-from-debian.txt):
# the .deb files are downloaded and unpacked in the build directory, not installed.
k8s_vendor_from_debian() {
  local tree=$1 debs=$K8S_BUILD_DIR/debs path pkg src f
  mkdir -p "$debs"
  while read -r path pkg; do
    case "$path" in '' | '#'*) continue ;; esac
    (cd "$debs" && apt-get -o APT::Sandbox::User=root download -qq "$pkg")
    dpkg-deb -x "$debs/${pkg}"_*.deb "$debs/root"
    src=$debs/root/usr/share/gocode/src/$path
    [ -d "$src" ] || k8s_die "$pkg has no $path"
    k8s_say "vendor/$path from Debian's $(basename "$debs/${pkg}"_*.deb .deb)"
    rm -rf "${tree:?}/vendor/$path"
    mkdir -p "$tree/vendor/$path"
    for f in "$src"/*; do
      case "$f" in *_test.go) continue ;; esac
      [ -f "$f" ] && cp "$f" "$tree/vendor/$path/"
    done
  done <"$K8S_SCRIPTS/vendor-from-debian.txt"
  rm -rf "$debs"
}

# Builds the five binaries into $K8S_BIN unless a verified build is cached there.
k8s_build() {
  mkdir -p "$K8S_CACHE"
  exec 9>"$K8S_CACHE/build.lock"
  if ! flock -n 9; then
    k8s_say "another build is running (log: $K8S_BUILD_LOG); waiting for it"
    flock 9
  fi
  if k8s_cache_ok; then
    k8s_say "using cached binaries in $K8S_BIN ($("$K8S_BIN/kubelet" --version))"
    exec 9>&-
    return 0
  fi
  local t0 tree
  t0=$(date +%s)
  k8s_build_packages
  k8s_fetch_source
  tree=$K8S_BUILD_DIR/src
  local what=()
  for b in "${K8S_BINARIES[@]}"; do what+=("cmd/$b"); done
  k8s_say "building ${K8S_BINARIES[*]} (nice 19, GOPATH mode, GOPROXY=off; 25-45 min from clean)"
  (
    cd "$tree"
    mkdir -p "$K8S_BUILD_DIR/home"
    env -u GOFLAGS -u GOPATH HOME="$K8S_BUILD_DIR/home" GOPROXY=off GOSUMDB=off GOTOOLCHAIN=local \
      KUBE_STATIC_OVERRIDES=kubelet KUBE_BUILD_PLATFORMS=linux/amd64 \
      nice -n 19 ionice -c 3 make WHAT="${what[*]}"
  )
  local out=$tree/_output/local/bin/linux/amd64 staging=$K8S_CACHE/bin.new
  rm -rf "$staging"
  mkdir -p "$staging"
  for b in "${K8S_BINARIES[@]}"; do
    [ -x "$out/$b" ] || k8s_die "build finished without $out/$b"
    cp "$out/$b" "$staging/$b"
  done
  # The pod sandbox's pause program, from the same tree (its Makefile's flags).
  gcc -Os -Wall -Werror -static -DVERSION=v3.4-flotilla -o "$staging/pause" "$tree/build/pause/linux/pause.c"
  if readelf -l "$staging/kubelet" | grep -q INTERP; then
    k8s_die "kubelet is not statically linked"
  fi
  k8s_build_id >"$staging/.build-id"
  rm -rf "$K8S_BIN"
  mv "$staging" "$K8S_BIN"
  k8s_cache_ok || k8s_die "the new binaries in $K8S_BIN do not report v$K8S_VERSION"
  k8s_say "built ${K8S_BINARIES[*]} in $(($(date +%s) - t0)) s into $K8S_BIN"
  exec 9>&-
  if [ -z "${FLOTILLA_K8S_KEEP_BUILD:-}" ]; then
    # 3.5 GB of tree and Go cache: removed after the lock is released, so waiters go on.
    mv "$K8S_BUILD_DIR" "$K8S_BUILD_DIR.old.$$"
    rm -rf "$K8S_BUILD_DIR.old.$$"
  fi
}

# Starts k8s_build detached (log in $K8S_BUILD_LOG) unless the cache is valid or a build runs.
k8s_build_background() {
  mkdir -p "$K8S_CACHE"
  if k8s_cache_ok; then
    k8s_say "binaries cached in $K8S_BIN"
    return 0
  fi
  if ! (exec 9>"$K8S_CACHE/build.lock" && flock -n 9); then
    k8s_say "a build is already running (log: $K8S_BUILD_LOG)"
    return 0
  fi
  # Packages first, in the foreground: other set-up steps use apt right after this returns.
  k8s_build_packages
  k8s_say "starting the build in the background (log: $K8S_BUILD_LOG)"
  setsid nohup bash "$K8S_SCRIPTS/../kubernetes.sh" build >"$K8S_BUILD_LOG" 2>&1 </dev/null &
}
