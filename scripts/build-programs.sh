#!/usr/bin/env bash
# Builds every Groundwork program into a loadable SBPF program at target/deploy/<program>.so,
# from Debian's packages and crates.io alone (see docs/build.md for the why of each choice).
#
#   1. Debian: rustc-web (rustc 1.96, LLVM 22), libstd-rust-web-dev-bpf (core/alloc for
#      bpfel-unknown-none), llvm-22-dev (libLLVM for the linker).
#   2. crates.io: sbpf-linker, pinned, built against Debian's LLVM 22.
#   3. cargo build --target bpfel-unknown-none with sbpf-linker as the linker, SBPF v0.
#
# Idempotent: a second run with nothing changed installs nothing and rebuilds nothing.
# If `cargo build-sbf` (the official platform tools) is on PATH and GROUNDWORK_USE_BUILD_SBF=1,
# it is used instead.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

SBPF_LINKER_VERSION=0.2.6
LLVM_MAJOR=22
SBPF_ARCH=${SBPF_ARCH:-v0}
TOOLS_DIR=${GROUNDWORK_TOOLS_DIR:-$HOME/.local/share/groundwork-tools}
DEBIAN_PACKAGES=(rustc-web libstd-rust-web-dev-bpf "llvm-${LLVM_MAJOR}-dev" libzstd-dev zlib1g-dev pkg-config)
PROGRAMS=(groundwork_network groundwork_credits groundwork_rewards)
# Test-only programs, built with ours into target/deploy for the suites (never deployed by
# migrations/deploy.ts): the attacker of the adversarial suites (tests/programs/attacker).
TEST_PROGRAMS=(groundwork_test_attacker)
# `build-programs.sh groundwork_credits` builds only the programs named.
if (($#)); then PROGRAMS=("$@"); TEST_PROGRAMS=(); fi
ALL_PROGRAMS=("${PROGRAMS[@]}" "${TEST_PROGRAMS[@]}")
# Where a program's crate is: programs/<name> for ours, tests/programs/<name> for test programs.
crate_dir() {
  case "$1" in
    groundwork_test_*) echo "tests/programs/${1#groundwork_test_}" ;;
    *) echo "programs/${1#groundwork_}" ;;
  esac
}

step() { printf '\033[1m[build:programs]\033[0m %s\n' "$*"; }

# Program keypairs where Anchor's CLI and `cargo build-sbf` look for them (scripts/deploy-keypairs.sh).
bash scripts/deploy-keypairs.sh "${ALL_PROGRAMS[@]}"

if [[ "${GROUNDWORK_USE_BUILD_SBF:-0}" == 1 ]] && command -v cargo-build-sbf >/dev/null 2>&1; then
  step "using the official toolchain: cargo build-sbf"
  for program in "${ALL_PROGRAMS[@]}"; do
    [[ -d "$(crate_dir "$program")" ]] || continue
    cargo build-sbf --manifest-path "$(crate_dir "$program")/Cargo.toml" --sbf-out-dir target/deploy
  done
  exit 0
fi

# --- 1. Debian packages --------------------------------------------------------------------
missing=()
for pkg in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  step "installing Debian packages: ${missing[*]}"
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
else
  step "Debian packages present (rustc-web, libstd-rust-web-dev-bpf, llvm-${LLVM_MAJOR}-dev)"
fi

BPF_RUSTC=/usr/bin/rustc
"$BPF_RUSTC" --print target-libdir --target bpfel-unknown-none >/dev/null 2>&1 || {
  echo "error: $BPF_RUSTC has no bpfel-unknown-none standard library (libstd-rust-web-dev-bpf)" >&2; exit 1; }

# A host cargo: rustup's if present, Debian's otherwise.
if ! command -v cargo >/dev/null 2>&1; then
  step "no cargo on PATH: installing Debian's cargo-web"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq cargo-web >/dev/null
fi

# --- 2. sbpf-linker ----------------------------------------------------------------------
LINKER="$TOOLS_DIR/bin/sbpf-linker"
linker_ok() {
  # Capture first: `cmd | grep -q` under pipefail fails when grep exits early (SIGPIPE).
  local version
  [[ -x "$LINKER" ]] || return 1
  version=$("$LINKER" --version 2>/dev/null) || return 1
  [[ "$version" == *"sbpf-linker $SBPF_LINKER_VERSION"* && "$version" == *"LLVM ${LLVM_MAJOR}."* ]]
}
if linker_ok; then
  step "sbpf-linker $SBPF_LINKER_VERSION (LLVM $LLVM_MAJOR) present at $LINKER"
else
  step "building sbpf-linker $SBPF_LINKER_VERSION against Debian's LLVM $LLVM_MAJOR (one time, a few minutes)"
  # The crate's default feature expects rustc's own LLVM 23; we link the system libLLVM 22 instead.
  env PATH="/usr/lib/llvm-${LLVM_MAJOR}/bin:$PATH" \
    LLVM_PREFIX="/usr/lib/llvm-${LLVM_MAJOR}" \
    "LLVM_SYS_${LLVM_MAJOR}1_PREFIX=/usr/lib/llvm-${LLVM_MAJOR}" \
    CARGO_TARGET_DIR="$TOOLS_DIR/build" \
    cargo install "sbpf-linker@$SBPF_LINKER_VERSION" --locked --quiet \
      --no-default-features --features "bpf-linker/llvm-${LLVM_MAJOR}" --root "$TOOLS_DIR"
  rm -rf "$TOOLS_DIR/build"
  linker_ok || { echo "error: sbpf-linker did not install correctly" >&2; exit 1; }
fi

# --- 3. Programs -------------------------------------------------------------------------
step "compiling programs for bpfel-unknown-none, relinking to SBPF $SBPF_ARCH"
export RUSTC="$BPF_RUSTC"
export CARGO_TARGET_DIR="$ROOT/target/sbpf"
# The linker options ride on RUSTFLAGS, so cargo's fingerprint also tracks a change of them.
export RUSTFLAGS="-C linker=$LINKER -C link-arg=--arch=$SBPF_ARCH -C link-arg=--llvm-args=--bpf-stack-size=4096 -C link-arg=--disable-math-builtins -C link-arg=--deploy=false"
mkdir -p target/deploy
for program in "${ALL_PROGRAMS[@]}"; do
  dir=$(crate_dir "$program")
  [[ -f "$dir/Cargo.toml" ]] || continue
  package=$(sed -n 's/^name *= *"\(.*\)"/\1/p' "$dir/Cargo.toml" | head -1)
  cargo build --release --quiet --target bpfel-unknown-none -p "$package"
  # Copy before the next build: credits and rewards link the network (and credits) crate with
  # `no-entrypoint`, and cargo puts that build of its cdylib (no entrypoint) at the same path.
  src="target/sbpf/bpfel-unknown-none/release/lib${program}.so"
  dst="target/deploy/${program}.so"
  if ! cmp -s "$src" "$dst" 2>/dev/null; then cp "$src" "$dst"; fi
  step "$(printf '%-22s %7d bytes  %s' "$program" "$(stat -c %s "$dst")" "$dst")"
done
