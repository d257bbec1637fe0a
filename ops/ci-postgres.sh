#!/usr/bin/env bash
# CI Postgres: installs the Debian server package when missing, starts a fresh throwaway
# cluster (durability off) on 127.0.0.1:$PG_PORT (default 55432) and prints its URL as the
# last line of stdout:
#   postgres://bulwark:bulwark@127.0.0.1:55432/postgres
# `ci-postgres.sh stop` stops it and removes its data. The cluster is a daemon (pg_ctl), so it
# outlives this script; .ci/run stops it on exit.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PG_PORT="${PG_PORT:-55432}"
# Under /tmp: as root the cluster runs as `postgres`, which cannot enter /root/... checkouts.
DATA_DIR="${CI_PG_DIR:-${TMPDIR:-/tmp}/bulwark-ci-pg}"
CLUSTER="$ROOT/runtime/pg-cluster.sh"

fail() {
  echo "ci-postgres: $*" >&2
  exit 1
}

if [ "${1:-}" = stop ]; then
  bash "$CLUSTER" stop "$DATA_DIR"
  rm -rf "$DATA_DIR"
  exit 0
fi

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && [ -z "${PG_BINDIR:-}" ]; then
  [ "$(id -u)" = 0 ] || fail "Postgres server binaries missing and not root; apt-get install postgresql (or set PG_BINDIR)"
  echo "ci-postgres: installing postgresql" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
  # The package starts its own cluster on 5432; we do not need it.
  if command -v pg_lsclusters >/dev/null 2>&1; then
    pg_lsclusters -h 2>/dev/null | while read -r ver name _; do pg_ctlcluster "$ver" "$name" stop >&2 || true; done
  fi
fi

# A fresh cluster every run: stop and drop whatever an earlier run left behind.
bash "$CLUSTER" stop "$DATA_DIR"
rm -rf "$DATA_DIR"
mkdir -p "$(dirname "$DATA_DIR")"
bash "$CLUSTER" init "$DATA_DIR" >&2
url="$(bash "$CLUSTER" start "$DATA_DIR" "$PG_PORT" | tail -1)"
[ -n "$url" ] || fail "cluster did not start"
echo "$url"
