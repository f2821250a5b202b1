#!/usr/bin/env bash
# Sourced by the set-up scripts: installs Debian packages, one apt run at a time.
#
# Several set-up steps may run at once (the Kubernetes build starts beside the engine set-up),
# and apt refuses to run while another apt holds the dpkg lock. `apt_install` serialises the
# project's own apt runs with flock and waits up to 10 minutes for a lock held by anyone else;
# it runs `apt-get update` only when a package is unknown to the lists (or an install
# fails on stale lists), and never upgrades anything.
#
# Usage: source scripts/setup/apt.sh; apt_install PACKAGE...

apt_lock_file=${FLOTILLA_APT_LOCK:-/tmp/flotilla-apt.lock}

# apt_run ARGS...: apt-get under the project's lock, with the dpkg lock wait.
apt_run() {
  DEBIAN_FRONTEND=noninteractive flock -w 900 "$apt_lock_file" apt-get -o DPkg::Lock::Timeout=600 "$@"
}

# apt_install PACKAGE...: installs the packages; updates the lists first when a package is
# unknown to them. Output is kept quiet unless the install fails.
apt_install() {
  local pkg need_update=0 log
  for pkg in "$@"; do
    apt-cache show "$pkg" >/dev/null 2>&1 || need_update=1
  done
  log=$(mktemp /tmp/flotilla-apt.XXXXXX)
  if [ "$need_update" = 1 ]; then
    apt_run update -qq >"$log" 2>&1 || { cat "$log" >&2; rm -f "$log"; return 1; }
  fi
  if ! apt_run install -y -qq --no-install-recommends "$@" >"$log" 2>&1; then
    # Stale lists (a package moved to a newer version on the mirror): update once and retry.
    apt_run update -qq >>"$log" 2>&1 && apt_run install -y -qq --no-install-recommends "$@" >>"$log" 2>&1 || {
      tail -n 20 "$log" >&2
      rm -f "$log"
      return 1
    }
  fi
  rm -f "$log"
}
