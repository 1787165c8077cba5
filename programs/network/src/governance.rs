//! The governance timelock. A change that weakens operators' protection against slashing (see
//! `params::Params::weakened_by`, `params::oracles_weakened`, and every treasury change) is
//! queued in the network account and may be applied by anyone (`apply_governance`) once
//! `Network::timelock_eta` has passed: at least the unbonding period plus a grace (a day with the
//! recommended floors, `params::Floors::timelock_grace_secs`), so an operator who
//! disagrees can unbond and withdraw first. A change that strengthens protection applies at once
//! and replaces a queued change of the same kind. Raising the unbonding period pushes every
//! queued change back so the new, longer exit still fits before it.
use crate::{
    events::{Event, GOVERNANCE_CHANGE_APPLIED, GOVERNANCE_CHANGE_QUEUED, ORACLES_SET, PARAMS_UPDATED, TREASURY_SET},
    params::{timelock_eta, Floors, Params},
    state::{Network, MAX_ORACLES},
};
use groundwork_common::{key, math::Checked, pinocchio::{error::ProgramError, Address}};

/// Kinds of governance change (the `kind` of the queue/apply/cancel events).
pub mod kind {
    pub const PARAMS: u8 = 0;
    pub const ORACLES: u8 = 1;
    pub const TREASURY: u8 = 2;
}

impl Network {
    pub fn params(&self) -> Params {
        Params {
            stake_per_device: self.stake_per_device,
            min_operator_stake: self.min_operator_stake,
            unbonding_secs: self.unbonding_secs,
            slash_dispute_window_secs: self.slash_dispute_window_secs,
            max_slash_bps: self.max_slash_bps,
            slash_destination: self.slash_destination,
        }
    }

    /// The floors fixed at creation.
    pub fn floors(&self) -> Floors {
        Floors { unbonding_secs: self.unbonding_floor_secs as u64, dispute_window_secs: self.dispute_window_floor_secs as u64 }
    }

    /// When a change queued at `now` may apply (the unbonding period `unbonding_secs` plus the
    /// network's grace).
    pub fn timelock_eta(&self, now: i64, unbonding_secs: u64) -> Result<i64, crate::error::NetworkError> {
        timelock_eta(now, unbonding_secs, self.floors().timelock_grace_secs())
    }

    pub fn pending_params(&self) -> Params {
        Params {
            stake_per_device: self.pending_stake_per_device,
            min_operator_stake: self.pending_min_operator_stake,
            unbonding_secs: self.pending_unbonding_secs,
            slash_dispute_window_secs: self.pending_slash_dispute_window_secs,
            max_slash_bps: self.pending_max_slash_bps,
            slash_destination: self.pending_slash_destination,
        }
    }
}

#[inline(always)]
pub fn emit_queued(network: &Address, kind: u8, eta: i64) {
    Event::<49>::new(GOVERNANCE_CHANGE_QUEUED).key(network).u8(kind).i64(eta).emit();
}

#[inline(always)]
fn emit_applied(network: &Address, kind: u8) {
    Event::<41>::new(GOVERNANCE_CHANGE_APPLIED).key(network).u8(kind).emit();
}

/// Queues `p` (already validated) to apply at `now` + the timelock; replaces any queued params.
#[inline(always)]
pub fn queue_params(net: &mut Network, network: &Address, p: &Params, now: i64) -> Result<(), ProgramError> {
    let eta = net.timelock_eta(now, net.unbonding_secs)?;
    net.pending_stake_per_device = p.stake_per_device;
    net.pending_min_operator_stake = p.min_operator_stake;
    net.pending_unbonding_secs = p.unbonding_secs;
    net.pending_slash_dispute_window_secs = p.slash_dispute_window_secs;
    net.pending_max_slash_bps = p.max_slash_bps;
    net.pending_slash_destination = p.slash_destination;
    net.pending_params_eta = eta;
    emit_queued(network, kind::PARAMS, eta);
    Ok(())
}

/// Writes `p` into the network and drops any queued params change. A longer unbonding period
/// pushes the other queued changes back to at least `now` + the new timelock.
#[inline(always)]
pub fn apply_params(net: &mut Network, network: &Address, p: &Params, now: i64) -> Result<(), ProgramError> {
    let longer = p.unbonding_secs > net.unbonding_secs;
    let floor = if longer { net.timelock_eta(now, p.unbonding_secs)? } else { 0 };
    net.stake_per_device = p.stake_per_device;
    net.min_operator_stake = p.min_operator_stake;
    net.unbonding_secs = p.unbonding_secs;
    net.slash_dispute_window_secs = p.slash_dispute_window_secs;
    net.max_slash_bps = p.max_slash_bps;
    net.slash_destination = p.slash_destination;
    net.pending_params_eta = 0;
    if longer {
        if net.pending_oracles_eta != 0 && net.pending_oracles_eta < floor {
            net.pending_oracles_eta = floor;
        }
        if net.pending_treasury_eta != 0 && net.pending_treasury_eta < floor {
            net.pending_treasury_eta = floor;
        }
    }
    Event::<75>::new(PARAMS_UPDATED)
        .key(network)
        .u64(p.stake_per_device)
        .u64(p.min_operator_stake)
        .u64(p.unbonding_secs)
        .u64(p.slash_dispute_window_secs)
        .u16(p.max_slash_bps)
        .u8(p.slash_destination)
        .emit();
    Ok(())
}

/// Queues the oracle set `oracles` (validated) with `threshold`; replaces any queued set.
#[inline(always)]
pub fn queue_oracles(net: &mut Network, network: &Address, oracles: &[Address], threshold: u8, now: i64) -> Result<(), ProgramError> {
    let eta = net.timelock_eta(now, net.unbonding_secs)?;
    let count = oracles.len().min(MAX_ORACLES);
    net.pending_oracles[..count].copy_from_slice(&oracles[..count]);
    for slot in net.pending_oracles[count..].iter_mut() {
        *slot = Address::new_from_array([0; 32]);
    }
    net.pending_oracle_count = count as u8;
    net.pending_oracle_threshold = threshold;
    net.pending_oracles_eta = eta;
    emit_queued(network, kind::ORACLES, eta);
    Ok(())
}

/// Replaces the oracle set by `oracles` (validated) and drops any queued one: a change that
/// applies at once (it cannot let approvals newly reach a quorum).
#[inline(always)]
pub fn apply_oracles(net: &mut Network, network: &Address, oracles: &[Address], threshold: u8) -> Result<(), ProgramError> {
    let count = oracles.len().min(MAX_ORACLES);
    net.oracles[..count].copy_from_slice(&oracles[..count]);
    // Clear the tail so a removed key never lingers in the account.
    for slot in net.oracles[count..].iter_mut() {
        *slot = Address::new_from_array([0; 32]);
    }
    oracles_set(net, network, count as u8, threshold)
}

/// The oracle set now in `net.oracles[..count]` takes effect: version, threshold, event.
#[inline(always)]
fn oracles_set(net: &mut Network, network: &Address, count: u8, threshold: u8) -> Result<(), ProgramError> {
    let version = net.oracle_set_version.add_or(1)?;
    net.oracle_count = count;
    net.oracle_threshold = threshold;
    net.oracle_set_version = version;
    net.pending_oracles_eta = 0;
    let count = (count as usize).min(MAX_ORACLES);
    // SAFETY: Address is a 32-byte array; the first `count` entries are initialised.
    let bytes = unsafe { core::slice::from_raw_parts(net.oracles.as_ptr() as *const u8, count * 32) };
    Event::<561>::new(ORACLES_SET).key(network).u32(count as u32).bytes(bytes).u8(threshold).u32(version).emit();
    Ok(())
}

/// The queued oracle set takes effect. Proposals' quorums count from `now` (`SlashProposal::quorum_at`):
/// before it, approvals that reach the new threshold were no quorum.
#[inline(always)]
fn apply_queued_oracles(net: &mut Network, network: &Address, now: i64) -> Result<(), ProgramError> {
    // The queue's tail is zeroed when it is written, so the whole array is the new set.
    net.oracles = net.pending_oracles;
    net.quorum_weakened_at = now;
    let (count, threshold) = (net.pending_oracle_count, net.pending_oracle_threshold);
    oracles_set(net, network, count, threshold)
}

#[inline(always)]
fn apply_treasury(net: &mut Network, network: &Address) {
    let treasury = net.pending_treasury;
    key::copy_key(&mut net.treasury, &treasury);
    net.pending_treasury_eta = 0;
    Event::<72>::new(TREASURY_SET).key(network).key(&treasury).emit();
}

fn due(eta: i64, now: i64) -> bool {
    eta != 0 && now >= eta
}

/// Applies every queued change whose time has come (oracles, treasury, then params, so a longer
/// unbonding period in the same batch does not push back changes that already waited theirs).
/// Returns how many applied.
#[inline(always)]
pub fn apply_due(net: &mut Network, network: &Address, now: i64) -> Result<u8, ProgramError> {
    let mut applied = 0;
    if due(net.pending_oracles_eta, now) {
        apply_queued_oracles(net, network, now)?;
        emit_applied(network, kind::ORACLES);
        applied += 1;
    }
    if due(net.pending_treasury_eta, now) {
        apply_treasury(net, network);
        emit_applied(network, kind::TREASURY);
        applied += 1;
    }
    if due(net.pending_params_eta, now) {
        let p = net.pending_params();
        apply_params(net, network, &p, now)?;
        emit_applied(network, kind::PARAMS);
        applied += 1;
    }
    Ok(applied)
}
