//! Read-only view of the network program's `Network` account: the fields credits needs, at the
//! offsets the network crate defines. A host test checks them against
//! `groundwork_network::state::Network`, so a layout change there fails the build here.
//! (Linking the network crate into the BPF program is not possible: cargo would also build its
//! cdylib, which has no panic handler under `no-entrypoint`.)
use groundwork_common::{
    checks::{account_error, FrameworkError},
    discriminator,
    ids::NETWORK_PROGRAM_ID,
    pinocchio::{error::ProgramError, AccountView, Address},
};

pub const NETWORK_DISCRIMINATOR: [u8; 8] = discriminator::account("Network");
/// Discriminator plus `size_of::<Network>()`.
pub const NETWORK_SPACE: usize = 8 + 816;

/// The leading fields of `Network`, in its order (`repr(C)`, no padding).
#[repr(C)]
pub struct NetworkPrefix {
    pub authority: Address,
    pub pending_authority: Address,
    pub mint: Address,
    pub stake_vault: Address,
    pub treasury: Address,
    pub token_program: Address,
    pub oracles: [Address; 16],
    pub genesis_ts: i64,
    pub epoch_length_secs: u64,
}

/// The network account, checked like `state::load::<Network>` (owner, size, discriminator).
#[inline(always)]
pub fn load(account: &AccountView) -> Result<&NetworkPrefix, ProgramError> {
    if !account.owned_by(&NETWORK_PROGRAM_ID) {
        return Err(account_error("network", FrameworkError::AccountOwnedByWrongProgram));
    }
    if account.data_len() != NETWORK_SPACE {
        return Err(account_error("network", FrameworkError::AccountDidNotDeserialize));
    }
    // SAFETY: length checked; account data is 8-byte aligned and the prefix has alignment 8.
    unsafe {
        if *(account.data_ptr() as *const [u8; 8]) != NETWORK_DISCRIMINATOR {
            return Err(account_error("network", FrameworkError::AccountDiscriminatorMismatch));
        }
        Ok(&*(account.data_ptr().add(8) as *const NetworkPrefix))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::mem::offset_of;
    use groundwork_common::state::AccountState;
    use groundwork_network::state::Network;

    #[test]
    fn matches_the_network_crate() {
        assert_eq!(NETWORK_DISCRIMINATOR, Network::DISCRIMINATOR);
        assert_eq!(NETWORK_SPACE, Network::SPACE);
        assert_eq!(offset_of!(NetworkPrefix, authority), offset_of!(Network, authority));
        assert_eq!(offset_of!(NetworkPrefix, mint), offset_of!(Network, mint));
        assert_eq!(offset_of!(NetworkPrefix, token_program), offset_of!(Network, token_program));
        assert_eq!(offset_of!(NetworkPrefix, genesis_ts), offset_of!(Network, genesis_ts));
        assert_eq!(offset_of!(NetworkPrefix, epoch_length_secs), offset_of!(Network, epoch_length_secs));
    }
}
