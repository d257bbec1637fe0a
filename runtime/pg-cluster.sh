#!/usr/bin/env bash
# Throwaway local Postgres clusters for tests and CI (never for real data: fsync is off).
#
#   pg-cluster.sh init DIR         initdb into DIR (superuser bulwark/bulwark, trust auth on
#                                  127.0.0.1 and the socket); prints PG_BINDIR=, PG_USER=
#   pg-cluster.sh start DIR PORT   pg_ctl start (daemon) on 127.0.0.1:PORT; prints the URL last
#   pg-cluster.sh stop DIR         pg_ctl stop -m fast (no error when not running)
#   pg-cluster.sh bindir           prints the directory holding initdb/postgres/pg_ctl
#   pg-cluster.sh args DIR PORT    prints the server options, one per line (for foreground runs)
#
# initdb refuses to run as root, so as root the cluster belongs to the `postgres` user (created
# by the Debian package; a system user of that name is added if missing). DIR's parents must be
# traversable by that user, so keep DIR under /tmp rather than under /root.
set -euo pipefail

fail() {
  echo "pg-cluster: $*" >&2
  exit 1
}

bindir() {
  if [ -n "${PG_BINDIR:-}" ]; then
    [ -x "$PG_BINDIR/initdb" ] || fail "PG_BINDIR=$PG_BINDIR has no initdb"
    echo "$PG_BINDIR"; return
  fi
  local d
  d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
  if [ -n "$d" ] && [ -x "$d/initdb" ]; then echo "$d"; return; fi
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then pg_config --bindir; return; fi
  if command -v initdb >/dev/null 2>&1; then dirname "$(command -v initdb)"; return; fi
  fail "no Postgres server binaries found (apt-get install postgresql, or set PG_BINDIR)"
}

# The OS user that owns and runs the cluster.
pg_user() {
  if [ "$(id -u)" != 0 ]; then id -un; return; fi
  if ! id postgres >/dev/null 2>&1; then
    useradd --system --user-group --no-create-home --shell /usr/sbin/nologin postgres >&2 ||
      fail "running as root and could not create a 'postgres' user for initdb"
  fi
  echo postgres
}

# Runs a command as the cluster owner.
as_owner() {
  local user="$1"; shift
  if [ "$(id -un)" = "$user" ]; then "$@"; else runuser -u "$user" -- "$@"; fi
}

server_args() {
  local dir="$1" port="$2"
  printf '%s\n' -k "$dir" -p "$port" \
    -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
    -c max_connections=200 -c unix_socket_permissions=0777
}

cmd="${1:-}"
case "$cmd" in
  bindir)
    bindir
    ;;
  args)
    [ $# -eq 3 ] || fail "usage: pg-cluster.sh args DIR PORT"
    server_args "$2" "$3"
    ;;
  init)
    [ $# -eq 2 ] || fail "usage: pg-cluster.sh init DIR"
    dir="$2"; bin="$(bindir)"; user="$(pg_user)"
    mkdir -p "$dir"
    [ -z "$(ls -A "$dir")" ] || fail "$dir is not empty"
    chown "$user" "$dir"
    chmod 0700 "$dir"
    pw="$(mktemp)"
    echo bulwark >"$pw"
    chmod 0644 "$pw"
    as_owner "$user" "$bin/initdb" -D "$dir" -U bulwark --pwfile="$pw" -A trust -E UTF8 --locale=C \
      --no-sync --no-instructions >"$dir.initdb.log" 2>&1 || {
      rm -f "$pw"; cat "$dir.initdb.log" >&2; fail "initdb failed"
    }
    rm -f "$pw" "$dir.initdb.log"
    echo "PG_BINDIR=$bin"
    echo "PG_USER=$user"
    ;;
  start)
    [ $# -eq 3 ] || fail "usage: pg-cluster.sh start DIR PORT"
    dir="$2"; port="$3"; bin="$(bindir)"; user="$(stat -c %U "$dir")"
    opts="$(server_args "$dir" "$port" | tr '\n' ' ')"
    as_owner "$user" "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 -o "$opts" start >&2 || {
      tail -20 "$dir/server.log" >&2 || true; fail "pg_ctl start failed"
    }
    echo "postgres://bulwark:bulwark@127.0.0.1:$port/postgres"
    ;;
  stop)
    [ $# -eq 2 ] || fail "usage: pg-cluster.sh stop DIR"
    dir="$2"
    [ -f "$dir/postmaster.pid" ] || exit 0
    as_owner "$(stat -c %U "$dir")" "$(bindir)/pg_ctl" -D "$dir" -m fast -w stop >&2 || true
    ;;
  *)
    fail "usage: pg-cluster.sh init|start|stop|bindir|args ..."
    ;;
esac
