//! `propose_authority`: first step of a handover. The current authority names its successor,
//! and keeps full control until the successor accepts. Proposing the zero key cancels.
//!
//! Accounts:
//! 0. `[signer]` authority
//! 1. `[writable]` network
use crate::{
    events::{Event, AUTHORITY_PROPOSED},
    guard,
};
use groundwork_common::{key, checks, pinocchio::ProgramResult, wire::Reader, Ix};

#[inline(never)]
pub fn process(ix: &mut Ix) -> ProgramResult {
    let (program_id, data) = (ix.program_id, ix.data);
    let [authority, network] = checks::accounts::<2>(ix.accounts)?;
    let network_key = key::AlignedKey::copy_of(network.address());
    let net = guard::governed(network, authority, program_id)?;

    let mut r = Reader::new(data);
    let pending = r.address()?;
    r.finish()?;
    net.pending_authority = pending;

    Event::<104>::new(AUTHORITY_PROPOSED).key(&network_key).key(authority.address()).key(&pending).emit();
    Ok(())
}
