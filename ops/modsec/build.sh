#!/usr/bin/env bash
# Compiles ops/modsec/harness.c against libmodsecurity3 into <repo>/.tools/bin/modsec-harness.
# Idempotent: rebuilds only when the source is newer than the binary. Needs libmodsecurity-dev
# (ops/install-modsecurity.sh installs it). Prints the binary path as the last line.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
SRC="$ROOT/ops/modsec/harness.c"
OUT="$ROOT/.tools/bin/modsec-harness"

[ -f /usr/include/modsecurity/modsecurity.h ] || {
  echo "modsec build: /usr/include/modsecurity/modsecurity.h missing; run bash ops/install-modsecurity.sh" >&2
  exit 1
}
mkdir -p "$(dirname "$OUT")"
if [ ! -x "$OUT" ] || [ "$SRC" -nt "$OUT" ]; then
  # pkg-config knows the flags when the .pc file is shipped; -lmodsecurity is the fallback.
  flags="$(pkg-config --cflags --libs modsecurity 2>/dev/null || echo -lmodsecurity)"
  # Build to a private temp name first, so neither a failed compile nor a concurrent build
  # (parallel test runs) ever leaves a half-written binary.
  tmp="$OUT.tmp.$$"
  trap 'rm -f "$tmp"' EXIT
  # shellcheck disable=SC2086
  gcc -O2 -Wall -Wextra -o "$tmp" "$SRC" $flags
  mv -f "$tmp" "$OUT"
fi
echo "$OUT"
