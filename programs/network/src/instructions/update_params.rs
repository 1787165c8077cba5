//! `update_params`: the authority changes the network's parameters (epoch length excluded:
//! it is the clock credits and rewards share, fixed at creation). A change that weakens
//! operators' protection (shorter unbonding or dispute window, higher slash cap) is queued behind
//! the timelock (`governance`); any other applies at once and drops a queued params change.
//!
//! Accounts:
//! 0. `[signer]` authority
//! 1. `[writable]` network
use crate::{governance, guard, params::Params};
use groundwork_common::{
    checks,
    key,
    pinocchio::{sysvars::{clock::Clock, Sysvar}, ProgramResult},
    wire::Reader,
    Ix,
};

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
    // Never below the floors the network was created with.
    p.validate(&net.floors())?;
    let now = Clock::get()?.unix_timestamp;

    if net.params().weakened_by(&p) {
        governance::queue_params(net, &network_key, &p, now)
    } else {
        governance::apply_params(net, &network_key, &p, now)
    }
}
