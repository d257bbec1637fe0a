#!/usr/bin/env bash
# Makes sure the schemathesis CLI (OpenAPI fuzzer, used by test/api/schemathesis.test.ts) exists
# and prints its absolute path as the last line of stdout.
#
# Lookup order:
#   1. $SCHEMATHESIS_PATH (explicit override; fails loudly if unusable)
#   2. `schemathesis` on PATH
#   3. <repo>/.tools/venv-schemathesis/bin/schemathesis
#   4. install: python3 -m venv <repo>/.tools/venv-schemathesis and pip install the pinned
#      schemathesis from PyPI. Its own venv, because the tests' global setup runs this beside
#      ops/install-temporal.sh, and two pips creating one venv at once race.
# Idempotent: a second run finds it and installs nothing. Installer noise goes to stderr.
set -euo pipefail

SCHEMATHESIS_VERSION="${SCHEMATHESIS_VERSION:-4.32.5}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VENV="$ROOT/.tools/venv-schemathesis"

fail() {
  echo "install-schemathesis: $*" >&2
  exit 1
}

usable() { [ -n "$1" ] && [ -x "$1" ] && "$1" --version >/dev/null 2>&1; }

if [ -n "${SCHEMATHESIS_PATH:-}" ]; then
  usable "$SCHEMATHESIS_PATH" || fail "SCHEMATHESIS_PATH=$SCHEMATHESIS_PATH is not a working schemathesis CLI"
  echo "$SCHEMATHESIS_PATH"
  exit 0
fi

if p="$(command -v schemathesis 2>/dev/null)" && usable "$p"; then
  echo "$p"
  exit 0
fi
if usable "$VENV/bin/schemathesis"; then
  echo "$VENV/bin/schemathesis"
  exit 0
fi

if [ ! -x "$VENV/bin/pip" ]; then
  command -v python3 >/dev/null 2>&1 || fail "python3 is needed to install schemathesis from PyPI (or set SCHEMATHESIS_PATH)"
  mkdir -p "$ROOT/.tools"
  python3 -m venv "$VENV" >&2 || fail "python3 -m venv $VENV failed; install python3-venv (Debian/Ubuntu) or set SCHEMATHESIS_PATH"
fi
echo "install-schemathesis: installing schemathesis==$SCHEMATHESIS_VERSION into $VENV" >&2
"$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION" >&2 ||
  fail "pip install schemathesis==$SCHEMATHESIS_VERSION failed (is PyPI reachable?)"
usable "$VENV/bin/schemathesis" || fail "installed schemathesis but $VENV/bin/schemathesis does not work"
echo "$VENV/bin/schemathesis"
