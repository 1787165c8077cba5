//! `unjail_operator`: the authority clears the jailed flag a slash set.
//!
//! Accounts:
//! 0. `[signer]` authority
//! 1. `[]` network
//! 2. `[writable]` operator
use crate::{
    error::NetworkError,
    events::{Event, OPERATOR_UNJAILED},
    guard,
    state::Network,
};
use groundwork_common::{key, state, checks, pinocchio::ProgramResult, wire::Reader, Ix};

#[inline(never)]
pub fn process(ix: &mut Ix) -> ProgramResult {
    let (program_id, data) = (ix.program_id, ix.data);
    let [authority, network, operator] = checks::accounts::<3>(ix.accounts)?;
    checks::signer(authority, "authority")?;
    let network_key = key::AlignedKey::copy_of(network.address());
    let net = state::load::<Network>(network, program_id, "network")?;
    if !key::eq(&net.authority, authority.address()) {
        return Err(NetworkError::Unauthorized.into());
    }
    let operator_key = key::AlignedKey::copy_of(operator.address());
    let op = guard::operator_of(operator, &network_key, program_id, "operator")?;
    Reader::new(data).finish()?;
    if op.jailed == 0 {
        return Err(NetworkError::NotJailed.into());
    }
    op.jailed = 0;

    Event::<40>::new(OPERATOR_UNJAILED).key(&operator_key).emit();
    Ok(())
}
