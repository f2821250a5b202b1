#!/bin/sh
# Like the official image: `redis-server ...` and bare flags (`--appendonly yes`) run the server
# reachable from other containers. Without a config file Redis would otherwise refuse non-loopback
# clients (protected mode); a config file given by the user is left to decide.
set -e
if [ "${1#-}" != "$1" ]; then
  set -- redis-server "$@"
fi
if [ "$1" = redis-server ]; then
  shift
  conf=
  case "${1:-}" in *.conf) conf=$1 ;; esac
  extra=
  if [ -z "$conf" ]; then
    case " $* " in
      *" --bind "*) ;;
      *) extra="--bind 0.0.0.0" ;;
    esac
    case " $* " in
      *" --protected-mode "*) ;;
      *) extra="$extra --protected-mode no" ;;
    esac
  fi
  # shellcheck disable=SC2086 # $extra is a list of flags
  set -- redis-server "$@" $extra
fi
exec "$@"
