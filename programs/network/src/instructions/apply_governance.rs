//! `apply_governance`: anyone applies every queued governance change whose time has come
//! (`governance::apply_due`), emitting the change's own event and `GovernanceChangeApplied`.
//!
//! Accounts:
//! 0. `[writable]` network
use crate::{error::NetworkError, governance, state::Network};
use groundwork_common::{
    checks,
    key,
    pinocchio::{sysvars::{clock::Clock, Sysvar}, ProgramResult},
    state,
    wire::Reader,
    Ix,
};

#[inline(never)]
pub fn process(ix: &mut Ix) -> ProgramResult {
    let (program_id, data) = (ix.program_id, ix.data);
    let [network] = checks::accounts::<1>(ix.accounts)?;
    checks::writable(network, "network")?;
    let network_key = key::AlignedKey::copy_of(network.address());
    let net = state::load_mut::<Network>(network, program_id, "network")?;
    Reader::new(data).finish()?;
    let now = Clock::get()?.unix_timestamp;
    if governance::apply_due(net, &network_key, now)? == 0 {
        return Err(NetworkError::NoGovernanceChangeDue.into());
    }
    Ok(())
}
