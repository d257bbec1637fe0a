#!/usr/bin/env bash
# Makes sure a headless-capable Chromium exists (the console's browser tests drive it with
# playwright-core through executablePath; nothing downloads a browser build of its own) and
# prints its absolute path as the last line of stdout.
#
# Lookup order: $CHROMIUM_PATH (explicit; fails loudly if unusable), `chromium` or
# `chromium-browser` on PATH, else apt-get install the Debian `chromium` package (root, or
# password-less sudo). Idempotent: no apt traffic when Chromium is there. Installer noise goes to stderr.
set -euo pipefail

fail() {
  echo "install-chromium: $*" >&2
  exit 1
}

usable() { [ -n "$1" ] && [ -x "$1" ] && "$1" --headless=new --no-sandbox --version >/dev/null 2>&1; }

if [ -n "${CHROMIUM_PATH:-}" ]; then
  usable "$CHROMIUM_PATH" || fail "CHROMIUM_PATH=$CHROMIUM_PATH is not a working Chromium"
  echo "$CHROMIUM_PATH"
  exit 0
fi
for name in chromium chromium-browser; do
  if found="$(command -v "$name" 2>/dev/null)" && usable "$found"; then
    echo "$found"
    exit 0
  fi
done

command -v apt-get >/dev/null 2>&1 || fail "no Chromium and no apt-get; install Chromium and put it on PATH (or set CHROMIUM_PATH)"
SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO=(sudo -n)
  else
    fail "no Chromium; installing it needs root: run  sudo bash ops/install-chromium.sh  (or set CHROMIUM_PATH)"
  fi
fi
echo "install-chromium: apt-get install chromium" >&2
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get -o DPkg::Lock::Timeout=300 update -qq >&2 || fail "apt-get update failed"
"${SUDO[@]}" apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends chromium >&2 || fail "apt-get install chromium failed"
found="$(command -v chromium)" && usable "$found" || fail "chromium installed but does not run"
echo "$found"
