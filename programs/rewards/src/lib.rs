//! Groundwork rewards program: pays operators for verified useful work.
//!
//! Per network (a PDA of the network program) a rewards config holds the emission schedule, the
//! supply cap, the operator/treasury split and the funding mode (the program mints, or pays from a
//! vault the team funds). After each epoch an m-of-n quorum of the network's oracles publishes one
//! merkle root of every operator's cumulative lifetime reward; operators (or anyone for them)
//! claim the difference to what they already claimed. On-chain cost per epoch does not depend on
//! the number of operators.
#![no_std]

pub mod credits_tally;
pub mod emission;
pub mod error;
pub mod events;
pub mod hash;
pub mod instructions;
pub mod merkle;
pub mod state;

use groundwork_common::pinocchio::{AccountView, Address, ProgramResult};

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
