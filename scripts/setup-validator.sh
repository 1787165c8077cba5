#!/usr/bin/env bash
# One-time install of solana-test-validator from the `agave-validator` crate on crates.io (the
# official release binaries cannot be downloaded here). Long: it compiles the whole validator.
# Later runs see the binary and do nothing; an official solana-test-validator on PATH is used as is.
set -euo pipefail
AGAVE_VERSION=${AGAVE_VERSION:-4.2.2}
TOOLS_DIR=${GROUNDWORK_TOOLS_DIR:-$HOME/.local/share/groundwork-tools}
DEST="$TOOLS_DIR/validator"
step() { printf '\033[1m[setup:validator]\033[0m %s\n' "$*"; }

if command -v solana-test-validator >/dev/null 2>&1; then
  step "using $(command -v solana-test-validator) ($(solana-test-validator --version 2>/dev/null | head -1))"
  exit 0
fi
if [[ -x "$DEST/bin/solana-test-validator" ]]; then
  step "already installed: $DEST/bin/solana-test-validator ($("$DEST/bin/solana-test-validator" --version | head -1))"
  exit 0
fi

packages=(pkg-config libssl-dev libudev-dev libclang-dev clang protobuf-compiler cmake make)
missing=()
for p in "${packages[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p"); done
if ((${#missing[@]})); then
  step "installing Debian packages: ${missing[*]}"
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

step "compiling agave-validator $AGAVE_VERSION from crates.io (solana-test-validator); this takes a long time"
start=$(date +%s)
# A test validator does not need a release-grade optimizer: opt-level 1 (which the cc crate also
# passes to RocksDB's and jemalloc's C/C++ builds), no debug info, no LTO, stripped symbols. This is
# the main lever on the install's length; GROUNDWORK_VALIDATOR_OPT_LEVEL=3 restores the default.
CARGO_TARGET_DIR="$TOOLS_DIR/validator-build" \
CARGO_PROFILE_RELEASE_OPT_LEVEL=${GROUNDWORK_VALIDATOR_OPT_LEVEL:-1} \
CARGO_PROFILE_RELEASE_DEBUG=false \
CARGO_PROFILE_RELEASE_LTO=false \
CARGO_PROFILE_RELEASE_STRIP=symbols \
CARGO_PROFILE_RELEASE_INCREMENTAL=false \
  cargo install "agave-validator@$AGAVE_VERSION" --locked --root "$DEST" --bin solana-test-validator
rm -rf "$TOOLS_DIR/validator-build"
step "installed $DEST/bin/solana-test-validator in $(( $(date +%s) - start )) s"
