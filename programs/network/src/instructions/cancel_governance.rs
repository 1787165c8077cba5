//! `cancel_governance(kind)`: the authority drops a queued change (0 params, 1 oracles, 2
//! treasury) before it applies.
//!
//! Accounts:
//! 0. `[signer]` authority
//! 1. `[writable]` network
use crate::{
    error::NetworkError,
    events::{Event, GOVERNANCE_CHANGE_CANCELLED},
    governance::kind,
    guard,
};
use groundwork_common::{checks, key, pinocchio::ProgramResult, wire::Reader, Ix};

#[inline(never)]
pub fn process(ix: &mut Ix) -> ProgramResult {
    let (program_id, data) = (ix.program_id, ix.data);
    let [authority, network] = checks::accounts::<2>(ix.accounts)?;
    let network_key = key::AlignedKey::copy_of(network.address());
    let net = guard::governed(network, authority, program_id)?;
    let mut r = Reader::new(data);
    let change = r.u8()?;
    r.finish()?;
    let eta = match change {
        kind::PARAMS => &mut net.pending_params_eta,
        kind::ORACLES => &mut net.pending_oracles_eta,
        kind::TREASURY => &mut net.pending_treasury_eta,
        _ => return Err(NetworkError::InvalidChangeKind.into()),
    };
    if *eta == 0 {
        return Err(NetworkError::NoPendingChange.into());
    }
    *eta = 0;

    Event::<41>::new(GOVERNANCE_CHANGE_CANCELLED).key(&network_key).u8(change).emit();
    Ok(())
}
