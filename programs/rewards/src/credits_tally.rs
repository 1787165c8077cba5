//! Reading the credits program's per-epoch tally: how many network tokens customers burned for
//! credits in an epoch. Kept behind one function so the rest of the program does not depend on
//! the credits program's layout.
//!
//! Layout read (the credits program's `Tally` account at `["tally", network, epoch u64 LE]`):
//! Anchor discriminator `account:Tally`, then `network: Pubkey`, `epoch: u64`, `tokens_burned: u64`.
use crate::error::RewardsError;
use groundwork_common::{
    discriminator, fast,
    pinocchio::{error::ProgramError, AccountView, Address},
};

pub const TALLY_SEED: &[u8] = b"tally";
pub const TALLY_DISCRIMINATOR: [u8; 8] = discriminator::account("Tally");
const NETWORK_OFFSET: usize = 8;
const EPOCH_OFFSET: usize = 40;
const TOKENS_BURNED_OFFSET: usize = 48;
const MIN_LEN: usize = 56;

/// Tokens burned in `epoch` of `network`. A tally the credits program never created (nothing was
/// burned) reads as 0, but only at the tally's own address, so a caller cannot dodge net emissions
/// by passing some other empty account.
#[inline(never)]
pub fn tokens_burned(tally: &AccountView, network: &Address, epoch: u64) -> Result<u64, ProgramError> {
    if fast::owned_by(tally, &fast::CREDITS_PROGRAM.0) {
        if tally.data_len() < MIN_LEN {
            return Err(RewardsError::InvalidTally.into());
        }
        // SAFETY: length checked above; fields are read by copying bytes.
        let data = unsafe { core::slice::from_raw_parts(tally.data_ptr(), MIN_LEN) };
        // Account data is 8-byte aligned: the discriminator and epoch are read as words and the
        // network compared as words (`fast::eq`), not byte by byte.
        let word = |at: usize| u64::from_le_bytes(data[at..at + 8].try_into().unwrap());
        // SAFETY: NETWORK_OFFSET..+32 lies within the checked MIN_LEN bytes.
        let stored_network = unsafe { &*(data.as_ptr().add(NETWORK_OFFSET) as *const Address) };
        let same = word(0) == u64::from_le_bytes(TALLY_DISCRIMINATOR)
            && fast::eq(stored_network, network)
            && word(EPOCH_OFFSET) == epoch;
        if !same {
            return Err(RewardsError::InvalidTally.into());
        }
        return Ok(u64::from_le_bytes(data[TOKENS_BURNED_OFFSET..MIN_LEN].try_into().unwrap()));
    }
    let expected = fast::find_program_address(&[TALLY_SEED, network.as_ref(), &epoch.to_le_bytes()], &fast::CREDITS_PROGRAM.0).0;
    if fast::eq(tally.address(), &expected.0) && tally.is_data_empty() {
        Ok(0)
    } else {
        Err(RewardsError::InvalidTally.into())
    }
}
