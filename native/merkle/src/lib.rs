//! Groundwork's cumulative-reward merkle tree, built natively for the oracle's epoch close.
//!
//! Same rules as `programs/rewards/src/merkle.rs` (what claims are verified against) and
//! `sdk/src/rewards/merkle.ts` (the reference builder):
//!   leaf = sha256(0x00 ‖ network ‖ operator ‖ amount u64 LE)        (73 bytes)
//!   node = sha256(min(a, b) ‖ max(a, b))                              (64 bytes, byte order)
//!   a lone last node of a level is promoted unchanged.
//!
//! Why native: node's one-shot `crypto.hash` costs about a microsecond per call, mostly call
//! overhead, and a million-leaf tree is two million hashes. Here each hash is two SHA-256
//! compressions with the padding block precomputed (SHA-NI when the CPU has it).
//!
//! Layout shared with the TypeScript side: every level, leaves first, as consecutive 32-byte
//! hashes in one buffer; level k holds ceil(n / 2^k) hashes.
pub mod tree;

#[cfg(not(test))]
mod napi;
