#!/usr/bin/env bash
# Prints the path of a MinIO server binary (last line), building it from the Go module proxy
# when needed: $MINIO_PATH, then `minio` on PATH, then <repo>/.tools/bin/minio.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VERSION="v0.0.0-20260212201848-7aac2a2c5b7c" # the pseudo-version `@latest` resolved to when pinned

if [ -n "${MINIO_PATH:-}" ]; then
  [ -x "$MINIO_PATH" ] || { echo "MINIO_PATH=$MINIO_PATH is not executable" >&2; exit 1; }
  echo "$MINIO_PATH"; exit 0
fi
if command -v minio >/dev/null 2>&1; then command -v minio; exit 0; fi
if [ -x "$ROOT/.tools/bin/minio" ]; then echo "$ROOT/.tools/bin/minio"; exit 0; fi

command -v go >/dev/null 2>&1 || { echo "go is needed to build MinIO" >&2; exit 1; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
GOBIN="$tmp" go install "github.com/minio/minio@$VERSION" >&2
mkdir -p "$ROOT/.tools/bin"
mv "$tmp/minio" "$ROOT/.tools/bin/minio"
echo "$ROOT/.tools/bin/minio"
