//! `unjail_operator`: the authority clears the jailed flag a slash set, once the operator's
//! active stake covers its registered devices again (`stake_per_device` each, and the minimum
//! operator stake): a slash that left devices under-collateralised keeps the operator jailed
//! until it stakes more or deactivates devices.
//!
//! Accounts:
//! 0. `[signer]` authority
//! 1. `[]` network
//! 2. `[writable]` operator
use crate::{
    error::NetworkError,
    events::{Event, OPERATOR_UNJAILED},
    guard,
    stake_math,
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
    if op.device_count > 0
        && (!stake_math::covers_devices(op.active_stake, op.device_count as u64, net.stake_per_device) || op.active_stake < net.min_operator_stake)
    {
        return Err(NetworkError::UnderCollateralised.into());
    }
    op.jailed = 0;

    Event::<40>::new(OPERATOR_UNJAILED).key(&operator_key).emit();
    Ok(())
}
