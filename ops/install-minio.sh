#!/usr/bin/env bash
# Prints the path of a MinIO server binary (last line), building it from the Go module proxy
# when needed: $MINIO_PATH, then `minio` on PATH, then <repo>/.tools/bin/minio, else
# `go install` (one-time: several minutes on a cold Go cache). The S3 object-store tests run
# against it; `bulwark start` does not need it (OBJECT_STORE=fs by default).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VERSION="v0.0.0-20260212201848-7aac2a2c5b7c" # the pseudo-version `@latest` resolved to when pinned
fail() {
  echo "install-minio: $*" >&2
  exit 1
}

if [ -n "${MINIO_PATH:-}" ]; then
  [ -x "$MINIO_PATH" ] || fail "MINIO_PATH=$MINIO_PATH is not executable"
  echo "$MINIO_PATH"; exit 0
fi
if command -v minio >/dev/null 2>&1; then command -v minio; exit 0; fi
if [ -x "$ROOT/.tools/bin/minio" ]; then echo "$ROOT/.tools/bin/minio"; exit 0; fi

command -v go >/dev/null 2>&1 || fail "no MinIO binary and no Go toolchain to build one; install Go (go.dev/dl), or set MINIO_PATH to a minio server binary"
echo "install-minio: building MinIO $VERSION with go install (one-time, several minutes)" >&2
mkdir -p "$ROOT/.tools/bin"
# Build into a private directory and rename into place: a concurrent run never sees half a binary.
tmp="$(mktemp -d "$ROOT/.tools/bin/.minio-build.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
GOBIN="$tmp" go install "github.com/minio/minio@$VERSION" >&2 || fail "go install github.com/minio/minio@$VERSION failed (is the Go module proxy reachable?)"
mv -f "$tmp/minio" "$ROOT/.tools/bin/minio"
echo "$ROOT/.tools/bin/minio"
