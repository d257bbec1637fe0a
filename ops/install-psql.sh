#!/usr/bin/env bash
# Makes sure the `psql` client exists (the e2e suite queries the all-in-one's embedded database
# with it, as a user would) and prints its absolute path as the last line of stdout.
#
# Lookup order: $PSQL_PATH (explicit; fails loudly if unusable), `psql` on PATH, else apt-get
# install the Debian `postgresql-client` package (root, or password-less sudo).
# Idempotent: no apt traffic when psql is there. Installer noise goes to stderr.
set -euo pipefail

fail() {
  echo "install-psql: $*" >&2
  exit 1
}

usable() { [ -n "$1" ] && [ -x "$1" ] && "$1" --version >/dev/null 2>&1; }

if [ -n "${PSQL_PATH:-}" ]; then
  usable "$PSQL_PATH" || fail "PSQL_PATH=$PSQL_PATH is not a working psql"
  echo "$PSQL_PATH"
  exit 0
fi
if found="$(command -v psql 2>/dev/null)" && usable "$found"; then
  echo "$found"
  exit 0
fi

command -v apt-get >/dev/null 2>&1 || fail "no psql and no apt-get; install the PostgreSQL client and put psql on PATH (or set PSQL_PATH)"
SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO=(sudo -n)
  else
    fail "no psql; installing it needs root: run  sudo bash ops/install-psql.sh  (or set PSQL_PATH)"
  fi
fi
echo "install-psql: apt-get install postgresql-client" >&2
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get -o DPkg::Lock::Timeout=300 update -qq >&2 || fail "apt-get update failed"
"${SUDO[@]}" apt-get -o DPkg::Lock::Timeout=300 install -y -qq postgresql-client >&2 || fail "apt-get install postgresql-client failed"
found="$(command -v psql)" && usable "$found" || fail "postgresql-client installed but psql does not run"
echo "$found"
