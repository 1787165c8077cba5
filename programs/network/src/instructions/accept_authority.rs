//! `accept_authority`: second step of a handover. The proposed authority signs and takes over.
//!
//! Accounts:
//! 0. `[signer]` new_authority: the pending authority
//! 1. `[writable]` network
use crate::{
    error::NetworkError,
    events::{Event, AUTHORITY_ACCEPTED},
    state::Network,
};
use groundwork_common::{key, state, checks, pinocchio::{Address, ProgramResult}, wire::Reader, Ix};

#[inline(never)]
pub fn process(ix: &mut Ix) -> ProgramResult {
    let (program_id, data) = (ix.program_id, ix.data);
    let [new_authority, network] = checks::accounts::<2>(ix.accounts)?;
    checks::signer(new_authority, "new_authority")?;
    let network_key = key::AlignedKey::copy_of(network.address());
    let net = state::load_mut::<Network>(network, program_id, "network")?;
    Reader::new(data).finish()?;

    let none = Address::new_from_array([0; 32]);
    if net.pending_authority == none {
        return Err(NetworkError::NoPendingAuthority.into());
    }
    if !key::eq(&net.pending_authority, new_authority.address()) {
        return Err(NetworkError::NotPendingAuthority.into());
    }
    let previous = net.authority;
    net.authority = net.pending_authority;
    net.pending_authority = none;

    Event::<104>::new(AUTHORITY_ACCEPTED).key(&network_key).key(&previous).key(new_authority.address()).emit();
    Ok(())
}
