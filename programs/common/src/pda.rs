//! The shape of each PDA's seeds, declared next to the seed constants (each program's
//! `state::seeds::PDAS`), so the IDL check compares every `pda.seeds` in the IDL with the seeds the
//! program derives. Host-side description only: handlers derive with the constants themselves.

/// One seed of a PDA address.
#[derive(Clone, Copy, Debug)]
pub enum Seed {
    /// A fixed byte string (the seed constant).
    Const(&'static [u8]),
    /// A 32-byte key (an account's address, or a key argument or field); the name says which.
    Key(&'static str),
    /// A u64, little-endian (an argument or field).
    U64(&'static str),
    /// 32 raw bytes (a hash argument or field).
    Bytes32(&'static str),
}

/// A kind of PDA a program owns or signs for: a name (the account type, or the role of a PDA
/// that is not one of the program's account types, such as a token vault) and its seeds.
#[derive(Clone, Copy, Debug)]
pub struct Pda {
    pub name: &'static str,
    pub seeds: &'static [Seed],
}
