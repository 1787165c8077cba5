//! Test-only attacker program: what anyone can deploy on a real cluster to forge account bytes.
//!
//! It writes arbitrary bytes into accounts it owns, so the adversarial suites make their
//! look-alike accounts (right discriminator, wrong owner; right size, wrong network; a fake vault,
//! mint or price account) with real transactions instead of the embedded SVM's `setAccount`:
//! the client creates an account owned by this program (`SystemProgram.createAccount` with
//! `owner` = this id), then fills it with `write`. What it cannot forge — an account owned by one
//! of Groundwork's programs, the Token programs or the Pyth receiver — no attacker can.
//!
//! Instruction data: `[0] ‖ offset: u32 LE ‖ bytes` writes `bytes` at `offset` into account 0
//! (writable, owned by this program). Anything else fails.
#![no_std]

use pinocchio::{error::ProgramError, AccountView, Address, ProgramResult};

#[cfg(any(target_os = "solana", target_arch = "bpf"))]
mod entrypoint {
    pinocchio::program_entrypoint!(super::process_instruction);
    pinocchio::no_allocator!();
}

// The panic handler lives in groundwork-common on BPF; the host build (cargo test) links std's.
extern crate groundwork_common;
#[cfg(not(any(target_os = "solana", target_arch = "bpf")))]
extern crate std;

pub const WRITE: u8 = 0;

pub fn process_instruction(program_id: &Address, accounts: &mut [AccountView], data: &[u8]) -> ProgramResult {
    let (tag, rest) = data.split_first().ok_or(ProgramError::InvalidInstructionData)?;
    if *tag != WRITE || rest.len() < 4 {
        return Err(ProgramError::InvalidInstructionData);
    }
    let offset = u32::from_le_bytes([rest[0], rest[1], rest[2], rest[3]]) as usize;
    let bytes = &rest[4..];
    let account = accounts.first_mut().ok_or(ProgramError::NotEnoughAccountKeys)?;
    if !account.owned_by(program_id) {
        return Err(ProgramError::IncorrectProgramId);
    }
    if !account.is_writable() {
        return Err(ProgramError::InvalidAccountData);
    }
    let end = offset.checked_add(bytes.len()).ok_or(ProgramError::InvalidArgument)?;
    let mut target = account.try_borrow_mut()?;
    if end > target.len() {
        return Err(ProgramError::AccountDataTooSmall);
    }
    target[offset..end].copy_from_slice(bytes);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::vec::Vec;

    #[test]
    fn write_data_is_tag_offset_bytes() {
        let mut data = Vec::from([WRITE]);
        data.extend_from_slice(&7u32.to_le_bytes());
        data.extend_from_slice(b"forged");
        let (tag, rest) = data.split_first().unwrap();
        assert_eq!((*tag, u32::from_le_bytes(rest[..4].try_into().unwrap()), &rest[4..]), (WRITE, 7, &b"forged"[..]));
    }
}
