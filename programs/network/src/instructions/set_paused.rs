//! `set_paused`: the authority sets the pause flags (bit 0 staking, bit 1 registration,
//! bit 2 slashing). Staking pauses stake, request_unstake and withdraw_unstaked; registration
//! pauses register_operator, register_device and transfer_device; slashing pauses
//! propose/approve/execute_slash (veto and dispute stay open so nobody loses a right by a pause).
//!
//! Accounts:
//! 0. `[signer]` authority
//! 1. `[writable]` network
use crate::{
    error::NetworkError,
    events::{Event, PAUSE_SET},
    guard,
    state::pause,
};
use groundwork_common::{checks, key, pinocchio::ProgramResult, wire::Reader, Ix};

#[inline(never)]
pub fn process(ix: &mut Ix) -> ProgramResult {
    let (program_id, data) = (ix.program_id, ix.data);
    let [authority, network] = checks::accounts::<2>(ix.accounts)?;
    let network_key = key::AlignedKey::copy_of(network.address());
    let net = guard::governed(network, authority, program_id)?;

    let mut r = Reader::new(data);
    let paused = r.u8()?;
    r.finish()?;
    if paused & !pause::ALL != 0 {
        return Err(NetworkError::InvalidPauseFlags.into());
    }
    net.paused = paused;

    Event::<41>::new(PAUSE_SET).key(&network_key).u8(paused).emit();
    Ok(())
}
