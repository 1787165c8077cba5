#!/usr/bin/env bash
# Builds the native merkle addon (native/merkle, raw N-API over the sha2 crate) into
# target/native/groundwork_merkle.node with the host's cargo. Idempotent: cargo rebuilds only on
# change, and the copy happens only when the library differs. The SDK falls back to the
# TypeScript builder when the addon is absent, so a failure here is reported, not fatal to callers
# that do not need the speed (pass --strict to fail instead).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
strict=0; [[ "${1:-}" == --strict ]] && strict=1
step() { printf '\033[1m[build:native]\033[0m %s\n' "$*"; }

# The programs' build exports Debian's rustc for BPF; the addon is a host build.
unset RUSTC RUSTFLAGS CARGO_TARGET_DIR
if ! command -v cargo >/dev/null 2>&1; then
  step "no cargo on PATH: skipping the native merkle addon (the SDK uses its TypeScript builder)"
  ((strict)) && exit 1 || exit 0
fi
if ! cargo build --release --quiet -p groundwork-merkle-native; then
  step "native merkle addon failed to build (the SDK uses its TypeScript builder)"
  ((strict)) && exit 1 || exit 0
fi
mkdir -p target/native
src=target/release/libgroundwork_merkle_native.so
[[ -f "$src" ]] || src=target/release/libgroundwork_merkle_native.dylib
dst=target/native/groundwork_merkle.node
if ! cmp -s "$src" "$dst" 2>/dev/null; then cp "$src" "$dst"; fi
step "$(printf '%-22s %7d bytes  %s' groundwork_merkle "$(stat -c %s "$dst")" "$dst")"
