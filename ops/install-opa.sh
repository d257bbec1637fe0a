#!/usr/bin/env bash
# Prints the path of a usable OPA CLI as the last line of stdout, installing a pinned
# build under <repo>/.tools/bin when none is available.
#
# The OPA CLI is a build/test-time tool only: it compiles policies/hardening to wasm and
# runs `opa test`. At run time Bulwark evaluates the committed wasm with
# @open-policy-agent/opa-wasm, so production hosts never need this script.
#
# Lookup order: $OPA_PATH (explicit override, fails loudly if unusable), `opa` on PATH,
# <repo>/.tools/bin/opa, then `go install` (with a `go mod download` + `go build`
# fallback for module versions whose go.mod carries a `replace` that `go install` refuses).
# Idempotent and quiet: stderr carries one line when a one-time build starts, else only failures.
set -euo pipefail

OPA_VERSION="${OPA_VERSION:-v1.22.2}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
TOOLS_BIN="$ROOT/.tools/bin"

# Rego v1 syntax is the default only from OPA 1.0 on; an older binary would reject our
# policies with confusing parse errors, so it does not count as usable.
usable() {
  local bin="$1" out
  [ -n "$bin" ] && [ -x "$bin" ] || return 1
  out="$("$bin" version 2>/dev/null)" || return 1
  printf '%s\n' "$out" | grep -Eq '^Version: v?[1-9][0-9]*\.'
}

fail() {
  echo "install-opa: $*" >&2
  exit 1
}

if [ -n "${OPA_PATH:-}" ]; then
  usable "$OPA_PATH" || fail "OPA_PATH=$OPA_PATH is not an executable OPA >= 1.0"
  echo "$OPA_PATH"
  exit 0
fi

if on_path="$(command -v opa 2>/dev/null)" && usable "$on_path"; then
  echo "$on_path"
  exit 0
fi

if usable "$TOOLS_BIN/opa"; then
  echo "$TOOLS_BIN/opa"
  exit 0
fi

command -v go >/dev/null 2>&1 || fail "no OPA found and no Go toolchain to build one; set OPA_PATH or install Go"

mkdir -p "$TOOLS_BIN"
# Build into a private directory and rename into place, so concurrent callers (parallel
# test workers) never see a half-written binary.
stage="$(mktemp -d "$TOOLS_BIN/.opa-build.XXXXXX")"
log="$stage/build.log"
trap 'rm -rf "$stage"' EXIT

module="github.com/open-policy-agent/opa@$OPA_VERSION"
echo "install-opa: building $module with go install (one-time, a few minutes)" >&2
if ! GOBIN="$stage" go install "$module" >"$log" 2>&1; then
  # `go install pkg@version` refuses modules whose go.mod has replace directives; building
  # inside the downloaded module directory lets replacements that live in the module resolve.
  dir="$(go mod download -json "$module" 2>>"$log" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')" || true
  if [ -z "$dir" ] || ! (cd "$dir" && go build -o "$stage/opa" . >>"$log" 2>&1); then
    cat "$log" >&2
    fail "could not build $module (log above)"
  fi
fi

usable "$stage/opa" || { cat "$log" >&2; fail "built $module but it does not run"; }
mv -f "$stage/opa" "$TOOLS_BIN/opa"
echo "$TOOLS_BIN/opa"
