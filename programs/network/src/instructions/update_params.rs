//! `update_params`: the authority changes the network's parameters (epoch length excluded:
//! it is the clock credits and rewards share, fixed at creation).
//!
//! Accounts:
//! 0. `[signer]` authority
//! 1. `[writable]` network
use crate::{
    events::{Event, PARAMS_UPDATED},
    guard,
    params::Params,
};
use groundwork_common::{key, checks, pinocchio::ProgramResult, wire::Reader, Ix};

#[inline(never)]
pub fn process(ix: &mut Ix) -> ProgramResult {
    let (program_id, data) = (ix.program_id, ix.data);
    let [authority, network] = checks::accounts::<2>(ix.accounts)?;
    let network_key = key::AlignedKey::copy_of(network.address());
    let net = guard::governed(network, authority, program_id)?;

    let mut r = Reader::new(data);
    let p = Params {
        stake_per_device: r.u64()?,
        min_operator_stake: r.u64()?,
        unbonding_secs: r.u64()?,
        slash_dispute_window_secs: r.u64()?,
        max_slash_bps: r.u16()?,
        slash_destination: r.u8()?,
    };
    r.finish()?;
    p.validate()?;

    net.stake_per_device = p.stake_per_device;
    net.min_operator_stake = p.min_operator_stake;
    net.unbonding_secs = p.unbonding_secs;
    net.slash_dispute_window_secs = p.slash_dispute_window_secs;
    net.max_slash_bps = p.max_slash_bps;
    net.slash_destination = p.slash_destination;

    Event::<75>::new(PARAMS_UPDATED)
        .key(&network_key)
        .u64(p.stake_per_device)
        .u64(p.min_operator_stake)
        .u64(p.unbonding_secs)
        .u64(p.slash_dispute_window_secs)
        .u16(p.max_slash_bps)
        .u8(p.slash_destination)
        .emit();
    Ok(())
}
