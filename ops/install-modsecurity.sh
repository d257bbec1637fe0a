#!/usr/bin/env bash
# Installs libmodsecurity3 (+ headers) from Debian when missing, then builds the C harness
# that domain/rules tests use to prove generated rules on the real engine. Prints the harness
# path as the last line of stdout. Idempotent: no apt traffic when the packages are present.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"

missing=()
for pkg in libmodsecurity3 libmodsecurity-dev; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
command -v gcc >/dev/null 2>&1 || missing+=(gcc)

if [ "${#missing[@]}" -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq >&2
  $SUDO apt-get install -y -qq "${missing[@]}" >&2
fi

bash "$ROOT/ops/modsec/build.sh"
