#!/usr/bin/env bash
# Installs libmodsecurity3 (+ headers, gcc) from Debian when missing, then builds the C harness
# (ops/modsec/harness.c) that proves generated rules on the real engine. Prints the harness
# path as the last line of stdout. Idempotent: no apt traffic when the packages are present,
# no compile when the harness is newer than its source.
#
# Installing needs root (or password-less sudo) and apt-get. Without them the script stops
# with the reason on stderr; `bulwark start` and the tests report it with this command as the fix.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
fail() {
  echo "install-modsecurity: $*" >&2
  exit 1
}

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for pkg in libmodsecurity3 libmodsecurity-dev; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
elif [ ! -f /usr/include/modsecurity/modsecurity.h ]; then
  fail "libmodsecurity headers missing and this is not a Debian-like system (no dpkg); install libmodsecurity3 + its headers, then run bash ops/modsec/build.sh"
fi
command -v gcc >/dev/null 2>&1 || missing+=(gcc)

if [ "${#missing[@]}" -gt 0 ]; then
  command -v apt-get >/dev/null 2>&1 || fail "missing ${missing[*]} and no apt-get to install them"
  SUDO=()
  if [ "$(id -u)" -ne 0 ]; then
    # -n: never wait for a password prompt nobody sees (npm start, test setup).
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      SUDO=(sudo -n)
    else
      fail "missing ${missing[*]}; installing them needs root: run  sudo bash ops/install-modsecurity.sh"
    fi
  fi
  echo "install-modsecurity: apt-get install ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get -o DPkg::Lock::Timeout=300 update -qq >&2 || fail "apt-get update failed"
  "${SUDO[@]}" apt-get -o DPkg::Lock::Timeout=300 install -y -qq "${missing[@]}" >&2 || fail "apt-get install ${missing[*]} failed"
fi

bash "$ROOT/ops/modsec/build.sh"
