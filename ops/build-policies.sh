#!/usr/bin/env bash
# Compiles the Rego hardening policy to wasm and refreshes the committed artifacts in
# policies/dist/hardening/ (policy.wasm, data.json, manifest.json). The artifacts are
# committed so the runtime (policies/loader.ts) needs only @open-policy-agent/opa-wasm,
# never an OPA binary; policies/bundle-freshness.test.ts fails CI when they are stale.
#
# Usage: ops/build-policies.sh [--test]
#   --test   run `opa test -v` on the sources first and stop if any test fails.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SRC_REL="policies/hardening"
OUT_REL="policies/dist/hardening"
ENTRYPOINT="bulwark/hardening/decision"
SDK_CAPS="$ROOT/node_modules/@open-policy-agent/opa-wasm/capabilities.json"

run_tests=0
for arg in "$@"; do
  case "$arg" in
    --test) run_tests=1 ;;
    -h | --help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "build-policies: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

cd "$ROOT"
OPA="$(ops/install-opa.sh | tail -n 1)"
[ -f "$SDK_CAPS" ] || { echo "build-policies: $SDK_CAPS missing; run npm install" >&2; exit 1; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

if [ "$run_tests" = 1 ]; then
  # The source dir, not policies/: data.json is rooted relative to the directory given,
  # and policies/ would also load the dist copy of data.json.
  "$OPA" test "$SRC_REL" -v
fi

# Restrict the compiler to the builtins the JS wasm SDK can run (its capabilities.json),
# keeping this OPA's language features (rego_v1 ...) that the SDK file predates. A policy
# using e.g. time.now_ns or regex.replace then fails here, not at evaluation time.
# sprintf is dropped too: the SDK runs it through sprintf-js, which rejects Go verbs like
# %v, so messages that pass `opa test` could throw in production; use concat instead.
"$OPA" capabilities --current >"$tmp/opa-caps.json"
node -e '
  const fs = require("fs");
  const [opaCaps, sdkCaps, out] = process.argv.slice(1);
  const caps = JSON.parse(fs.readFileSync(opaCaps, "utf8"));
  const sdk = new Set(JSON.parse(fs.readFileSync(sdkCaps, "utf8")).builtins.map((b) => b.name));
  caps.builtins = caps.builtins.filter((b) => sdk.has(b.name) && b.name !== "sprintf");
  fs.writeFileSync(out, JSON.stringify(caps));
' "$tmp/opa-caps.json" "$SDK_CAPS" "$tmp/caps.json"

"$OPA" build -t wasm -e "$ENTRYPOINT" --ignore '*_test.rego' --capabilities "$tmp/caps.json" \
  "$SRC_REL" -o "$tmp/bundle.tar.gz"

mkdir -p "$tmp/bundle"
tar -xzf "$tmp/bundle.tar.gz" -C "$tmp/bundle" 2>/dev/null
for f in policy.wasm data.json; do
  [ -s "$tmp/bundle/$f" ] || { echo "build-policies: bundle has no $f" >&2; exit 1; }
done

# built_from: every non-test .rego/.json under the source dir, concatenated in
# byte-sorted relative-path order (policies/bundle-freshness.test.ts recomputes it).
built_from="$(
  cd "$SRC_REL" &&
    find . -type f \( -name '*.rego' -o -name '*.json' \) ! -name '*_test.rego' | sed 's|^\./||' |
    LC_ALL=C sort | while IFS= read -r f; do cat -- "$f"; done | sha256sum | cut -d' ' -f1
)"
bundle_sha="$(cat "$tmp/bundle/policy.wasm" "$tmp/bundle/data.json" | sha256sum | cut -d' ' -f1)"
opa_version="$("$OPA" version | sed -n 's/^Version: //p')"

mkdir -p "$OUT_REL"
install -m 0644 "$tmp/bundle/policy.wasm" "$tmp/bundle/data.json" "$OUT_REL/"
cat >"$OUT_REL/manifest.json" <<EOF
{
  "entrypoint": "$ENTRYPOINT",
  "sha256": "$bundle_sha",
  "built_from": "$built_from",
  "opa_version": "$opa_version"
}
EOF
echo "built $OUT_REL (sha256 $bundle_sha, opa $opa_version)"
