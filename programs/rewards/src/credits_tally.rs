//! Reading the credits program's tally ring (`groundwork_credits::state::TallyRing` at
//! `["tally", network]`, its address stored in the rewards config): how many network tokens
//! customers burned for credits in an epoch.
use crate::error::RewardsError;
use core::mem::size_of;
use groundwork_common::{
    ids::{CREDITS_PROGRAM, SYSTEM_PROGRAM},
    key,
    pinocchio::{error::ProgramError, AccountView, Address},
    state::AccountState,
};
use groundwork_credits::state::TallyRing;

const LEN: usize = 8 + size_of::<TallyRing>();

/// Tokens burned in `epoch` of `network`, read from `ring`, whose address the caller has checked
/// against the config's `tally_ring` (so no other account can stand in for it). A ring that does
/// not exist (credits never set up on the network) reads as 0, and so does an epoch the ring no
/// longer holds (more than 16 epochs ago).
#[inline(never)]
pub fn tokens_burned(ring: &AccountView, network: &Address, epoch: u64) -> Result<u64, ProgramError> {
    if key::owned_by(ring, &SYSTEM_PROGRAM.0) && ring.is_data_empty() {
        return Ok(0);
    }
    if !key::owned_by(ring, &CREDITS_PROGRAM.0) || ring.data_len() != LEN {
        return Err(RewardsError::InvalidTally.into());
    }
    // SAFETY: owner and exact size checked; account data is 8-byte aligned in the input region
    // and TallyRing's alignment is 8; nothing writes the account during this instruction.
    let (discriminator, r) = unsafe { (*(ring.data_ptr() as *const u64), &*(ring.data_ptr().add(8) as *const TallyRing)) };
    if discriminator != u64::from_le_bytes(TallyRing::DISCRIMINATOR) || !key::eq(&r.network, network) {
        return Err(RewardsError::InvalidTally.into());
    }
    Ok(r.slot(epoch).map_or(0, |s| s.tokens_burned))
}
