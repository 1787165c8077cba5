//! Groundwork network program: the supply side of a DePIN network.
//!
//! One deployment serves many networks, each a PDA of its token mint. A network holds its
//! governance (authority with two-step handover, parameters, pause flags), its m-of-n oracle
//! set, the stake vault, and the registry of operators and devices. Operators stake, unbond
//! through a waiting period, and are slashed on oracle-approved evidence.
#![no_std]

pub mod error;
pub mod events;
pub mod guard;
pub mod instructions;
pub mod params;
pub mod stake_math;
pub mod state;

use groundwork_common::pinocchio::{AccountView, Address, ProgramResult};

/// Other programs link this crate for its account layouts with `features = ["no-entrypoint"]`.
#[cfg(all(any(target_os = "solana", target_arch = "bpf"), not(feature = "no-entrypoint")))]
mod entrypoint {
    use super::*;
    use groundwork_common::pinocchio;
    pinocchio::program_entrypoint!(process_instruction);
    pinocchio::no_allocator!();
}

pub fn process_instruction(program_id: &Address, accounts: &mut [AccountView], data: &[u8]) -> ProgramResult {
    let result = instructions::dispatch(program_id, accounts, data);
    if let Err(error) = &result {
        error::log_program_error(error);
    }
    result
}

/// Every instruction's discriminator, in one place: dispatch and the IDL check both use this.
pub fn instruction_discriminators() -> &'static [(&'static str, [u8; 8])] {
    instructions::ALL
}
