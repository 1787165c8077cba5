//! `update_rewards_config`: the network authority changes the schedule, supply cap, split or
//! net-emission cap, within bounds. The funding mode never changes.
//!
//! Accounts:
//! 0. `[signer]` authority: the network's authority
//! 1. `[]` network
//! 2. `[writable]` config: `["rewards", network]`
//!
//! Args: supply_cap u64, operator_bps u16, net_emission_cap u64, schedule Vec<ScheduleEntry>.
//! Schedule entries starting before the next epoch (in effect for the running or an ended epoch)
//! must be kept exactly; the supply cap cannot drop below what was already emitted.
use super::{governed_config, read_schedule};
use crate::{
    emission::validate_update,
    error::RewardsError,
    events::{Event, REWARDS_CONFIG_UPDATED},
    state::{ScheduleEntry, MAX_SCHEDULE_ENTRIES},
};
use groundwork_common::{
    checks,
    pinocchio::{
        sysvars::{clock::Clock, Sysvar},
        ProgramResult,
    },
    wire::Reader,
    Ix,
};

#[inline(never)]
pub fn process(ix: &mut Ix) -> ProgramResult {
    let (program_id, data) = (ix.program_id, ix.data);
    let [authority, network, config] = checks::accounts::<3>(ix.accounts)?;
    let (net, cfg) = governed_config(authority, network, config, program_id)?;

    let mut r = Reader::new(data);
    let supply_cap = r.u64()?;
    let operator_bps = r.u16()?;
    let net_emission_cap = r.u64()?;
    let mut schedule = [ScheduleEntry { start_ts: 0, emission_per_epoch: 0 }; MAX_SCHEDULE_ENTRIES];
    let schedule_len = read_schedule(&mut r, &mut schedule)?;
    r.finish()?;
    if operator_bps > 10_000 {
        return Err(RewardsError::InvalidBasisPoints.into());
    }
    if supply_cap < cfg.total_emitted {
        return Err(RewardsError::SupplyCapExceeded.into());
    }
    let now = Clock::get()?.unix_timestamp;
    let frozen_before = net.epoch_start(net.epoch_at(now).saturating_add(1));
    let (old, old_len) = cfg.schedule();
    validate_update(&old[..old_len], &schedule[..schedule_len], frozen_before)?;

    cfg.set_schedule(&schedule[..schedule_len]);
    cfg.supply_cap = supply_cap;
    cfg.operator_bps = operator_bps;
    cfg.net_emission_cap = net_emission_cap;

    Event::new(REWARDS_CONFIG_UPDATED)
        .key(network.address())
        .u64(supply_cap)
        .u16(operator_bps)
        .u64(net_emission_cap)
        .u8(schedule_len as u8)
        .emit();
    Ok(())
}
