//! Reading the credits program's per-epoch tally (`groundwork_credits::state::Tally` at
//! `["tally", network, epoch u64 LE]`): how many network tokens customers burned for credits in
//! an epoch.
use crate::error::RewardsError;
use core::mem::offset_of;
use groundwork_common::{
    ids::CREDITS_PROGRAM,
    key,
    pinocchio::{error::ProgramError, AccountView, Address},
    state::AccountState,
};
use groundwork_credits::state::{seeds::TALLY, Tally};

/// The bytes read: discriminator through `tokens_burned` (a tally shorter than that is invalid).
const MIN_LEN: usize = 8 + offset_of!(Tally, tokens_burned) + 8;

/// Tokens burned in `epoch` of `network`. A tally the credits program never created (nothing was
/// burned) reads as 0, but only at the tally's own address, so a caller cannot dodge net emissions
/// by passing some other empty account.
#[inline(never)]
pub fn tokens_burned(tally: &AccountView, network: &Address, epoch: u64) -> Result<u64, ProgramError> {
    if key::owned_by(tally, &CREDITS_PROGRAM.0) {
        if tally.data_len() < MIN_LEN {
            return Err(RewardsError::InvalidTally.into());
        }
        // SAFETY: the first MIN_LEN bytes are checked to exist and only fields within them are
        // read; account data is 8-byte aligned in the input region, Tally's alignment is 8.
        let (discriminator, t) = unsafe { (*(tally.data_ptr() as *const u64), &*(tally.data_ptr().add(8) as *const Tally)) };
        let same = discriminator == u64::from_le_bytes(Tally::DISCRIMINATOR) && key::eq(&t.network, network) && t.epoch == epoch;
        if !same {
            return Err(RewardsError::InvalidTally.into());
        }
        return Ok(t.tokens_burned);
    }
    let expected = key::find_program_address(&[TALLY, network.as_ref(), &epoch.to_le_bytes()], &CREDITS_PROGRAM.0).0;
    if key::eq(tally.address(), &expected.0) && tally.is_data_empty() {
        Ok(0)
    } else {
        Err(RewardsError::InvalidTally.into())
    }
}
