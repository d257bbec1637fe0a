#!/usr/bin/env bash
# Compiles each Rego policy bundle (policies/hardening, policies/gatekeeper) to wasm and
# refreshes its committed artifacts in policies/dist/<bundle>/ (policy.wasm, data.json,
# manifest.json). The artifacts are committed so the runtime (policies/loader.ts,
# policies/gatekeeper-loader.ts) needs only @open-policy-agent/opa-wasm, never an OPA
# binary; policies/bundle-freshness.test.ts fails CI when they are stale.
#
# Usage: ops/build-policies.sh [--test]
#   --test   run `opa test -v` on each bundle's sources first and stop if any test fails.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# name:entrypoint; sources in policies/<name>, artifacts in policies/dist/<name>.
BUNDLES=(
  "hardening:bulwark/hardening/decision"
  "gatekeeper:bulwark/gatekeeper/decision"
)
SDK_CAPS="$ROOT/node_modules/@open-policy-agent/opa-wasm/capabilities.json"

run_tests=0
for arg in "$@"; do
  case "$arg" in
    --test) run_tests=1 ;;
    -h | --help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "build-policies: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

cd "$ROOT"
OPA="$(ops/install-opa.sh | tail -n 1)"
[ -f "$SDK_CAPS" ] || { echo "build-policies: $SDK_CAPS missing; run npm install" >&2; exit 1; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

if [ "$run_tests" = 1 ]; then
  # Each source dir, not policies/: data.json is rooted relative to the directory given,
  # and policies/ would also load the dist copies and both bundles' data.json.
  for b in "${BUNDLES[@]}"; do "$OPA" test "policies/${b%%:*}" -v; done
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

# build_bundle <name> <entrypoint>: compile policies/<name> into policies/dist/<name>.
build_bundle() {
  local name="$1" entrypoint="$2"
  local src_rel="policies/$name" out_rel="policies/dist/$name" work="$tmp/$name"
  local built_from bundle_sha
  mkdir -p "$work"

  "$OPA" build -t wasm -e "$entrypoint" --ignore '*_test.rego' --capabilities "$tmp/caps.json" \
    "$src_rel" -o "$work/bundle.tar.gz"

  mkdir -p "$work/bundle"
  tar -xzf "$work/bundle.tar.gz" -C "$work/bundle" 2>/dev/null
  for f in policy.wasm data.json; do
    [ -s "$work/bundle/$f" ] || { echo "build-policies: bundle has no $f" >&2; exit 1; }
  done

  # built_from: every non-test .rego/.json under the source dir, concatenated in
  # byte-sorted relative-path order (policies/bundle-freshness.test.ts recomputes it).
  built_from="$(
    cd "$src_rel" &&
      find . -type f \( -name '*.rego' -o -name '*.json' \) ! -name '*_test.rego' | sed 's|^\./||' |
      LC_ALL=C sort | while IFS= read -r f; do cat -- "$f"; done | sha256sum | cut -d' ' -f1
  )"
  bundle_sha="$(cat "$work/bundle/policy.wasm" "$work/bundle/data.json" | sha256sum | cut -d' ' -f1)"

  mkdir -p "$out_rel"
  install -m 0644 "$work/bundle/policy.wasm" "$work/bundle/data.json" "$out_rel/"
  cat >"$out_rel/manifest.json" <<EOF
{
  "entrypoint": "$entrypoint",
  "sha256": "$bundle_sha",
  "built_from": "$built_from",
  "opa_version": "$opa_version"
}
EOF
  echo "built $out_rel (sha256 $bundle_sha, opa $opa_version)"
}

opa_version="$("$OPA" version | sed -n 's/^Version: //p')"
for b in "${BUNDLES[@]}"; do build_bundle "${b%%:*}" "${b#*:}"; done
