#!/usr/bin/env bash
# Makes sure Postgres server binaries (initdb, postgres) exist, installing the Debian
# `postgresql` package when missing (root, or password-less sudo), and prints their directory
# as the last line of stdout. The tests' throwaway cluster (runtime/postgres.ts) runs them;
# `bulwark start` needs none (embedded PGlite). Idempotent: no apt traffic when present.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CLUSTER="$ROOT/runtime/pg-cluster.sh"
fail() {
  echo "install-postgres: $*" >&2
  exit 1
}

if bindir="$(bash "$CLUSTER" bindir 2>/dev/null)"; then
  echo "$bindir"
  exit 0
fi

command -v apt-get >/dev/null 2>&1 || fail "no Postgres server binaries and no apt-get; install PostgreSQL >= 14 and set PG_BINDIR to its bin directory"
SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO=(sudo -n)
  else
    fail "no Postgres server binaries; installing them needs root: run  sudo bash ops/install-postgres.sh  (or set TEST_DATABASE_URL to an existing Postgres superuser URL)"
  fi
fi
echo "install-postgres: apt-get install postgresql" >&2
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get -o DPkg::Lock::Timeout=300 update -qq >&2 || fail "apt-get update failed"
"${SUDO[@]}" apt-get -o DPkg::Lock::Timeout=300 install -y -qq postgresql >&2 || fail "apt-get install postgresql failed"
# The package starts its own cluster on 5432; the tests start theirs, so stop it.
if command -v pg_lsclusters >/dev/null 2>&1; then
  pg_lsclusters -h 2>/dev/null | while read -r ver name _; do "${SUDO[@]}" pg_ctlcluster "$ver" "$name" stop >&2 || true; done
fi
bash "$CLUSTER" bindir
