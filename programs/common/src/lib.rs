//! What the three Groundwork programs share, written once.
//!
//! - [`discriminator`]: Anchor's 8-byte instruction, account and event discriminators.
//! - [`wire`]: a Borsh reader for instruction arguments.
//! - [`errors`]: the macros that give each program its single Anchor-style error enum and its
//!   instruction table (`program_errors!`, `instructions!`).
//! - [`checks`]: signer / writable / owner / PDA / token checks used at the top of every handler.
//! - [`state`]: zero-copy access to fixed-layout accounts behind an Anchor discriminator.
//! - [`token`]: reading SPL token accounts and mints, and the CPIs we make.
//! - [`event`]: Anchor events (`Program data:` logs that Anchor's EventParser reads).
//! - [`key`]: 32-byte keys compared and copied as aligned words (upstream BPF has no misaligned
//!   loads), and the PDA derivation and canonical-bump search the checks use.
//! - [`ids`]: program ids, so each program can verify accounts owned by the others.
#![no_std]

pub mod checks;
pub mod discriminator;
pub mod errors;
pub mod event;
pub mod ids;
pub mod key;
pub mod log;
pub mod math;
pub mod pda;
pub mod state;
pub mod token;
pub mod wire;

pub use pinocchio;

// The one panic handler of every program (BPF only; the host links std's). Here rather than in
// each program so that a program crate linked as a library (`no-entrypoint`, for its layouts)
// still builds as a cdylib: cargo builds every crate type of a dependency.
#[cfg(any(target_os = "solana", target_arch = "bpf"))]
pinocchio::nostd_panic_handler!();

/// One instruction's inputs, passed to handlers by reference: upstream BPF passes at most five
/// arguments in registers (a slice counts two, a large return value one), so handlers take this.
pub struct Ix<'a> {
    pub program_id: &'a pinocchio::Address,
    pub accounts: &'a mut [pinocchio::AccountView],
    /// Instruction data after the 8-byte discriminator.
    pub data: &'a [u8],
}
