//! `request_unstake(amount)`: moves active stake into the operator's unbonding bucket. One
//! bucket per operator: the amount is added and the unlock time restarts at now +
//! `unbonding_secs` (see `stake_math`). Stake that registered devices require stays active.
//!
//! Accounts:
//! 0. `[signer]` authority: the operator's wallet
//! 1. `[writable]` network
//! 2. `[writable]` operator
use crate::{
    events::{Event, UNSTAKE_REQUESTED},
    error::NetworkError,
    guard,
    stake_math::{self, Buckets, Requirement},
    state::{pause, Network},
};
use groundwork_common::{
    key,
    state,
    checks,
    math::Checked,
    pinocchio::{sysvars::{clock::Clock, Sysvar}, ProgramResult},
    wire::Reader,
    Ix,
};

#[inline(never)]
pub fn process(ix: &mut Ix) -> ProgramResult {
    let (program_id, data) = (ix.program_id, ix.data);
    let [authority, network, operator] = checks::accounts::<3>(ix.accounts)?;
    checks::signer(authority, "authority")?;
    let network_key = key::AlignedKey::copy_of(network.address());
    let net = state::load_mut::<Network>(network, program_id, "network")?;
    let operator_key = key::AlignedKey::copy_of(operator.address());
    let op = guard::operator_of(operator, &network_key, program_id, "operator")?;
    guard::controls(op, authority)?;

    let mut r = Reader::new(data);
    let amount = r.u64()?;
    r.finish()?;
    if net.is_paused(pause::STAKING) {
        return Err(NetworkError::StakingPaused.into());
    }
    let now = Clock::get()?.unix_timestamp;
    let before = Buckets { active: op.active_stake, unbonding: op.unbonding_stake, unlock_ts: op.unbonding_unlock_ts };
    let req = Requirement { devices: op.device_count, stake_per_device: net.stake_per_device, min_operator_stake: net.min_operator_stake };
    let after = stake_math::request_unstake(before, amount, &req, now, net.unbonding_secs)?;
    let total_active = net.total_active_stake.sub_or(amount)?;
    let total_unbonding = net.total_unbonding_stake.add_or(amount)?;

    op.active_stake = after.active;
    op.unbonding_stake = after.unbonding;
    op.unbonding_unlock_ts = after.unlock_ts;
    net.total_active_stake = total_active;
    net.total_unbonding_stake = total_unbonding;

    Event::<64>::new(UNSTAKE_REQUESTED).key(&operator_key).u64(amount).u64(after.unbonding).i64(after.unlock_ts).emit();
    Ok(())
}
