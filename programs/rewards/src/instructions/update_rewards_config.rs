//! `update_rewards_config`: the network authority changes the schedule, supply cap, split or
//! net-emission cap, within bounds. The funding mode never changes.
//!
//! Accounts:
//! 0. `[signer]` authority: the network's authority
//! 1. `[]` network
//! 2. `[writable]` config: `["rewards", network]`
//!
//! Args: supply_cap u64, operator_bps u16, net_emission_cap u64, schedule Vec<ScheduleEntry>.
//! Nothing that decides the funding of the running or an ended epoch changes: schedule entries
//! starting before the next epoch must be kept exactly, and the cap, split and net-emission cap
//! govern epochs from the next one on (`RewardsConfig::schedule_params`; `ParamsChangePending` while
//! an earlier change governs an unfinalized epoch and epochs before that are unfinalized too).
//! A changed cap cannot be set below what it already counts (`initial_supply + total_emitted`);
//! an unchanged cap is always accepted, so updates never start failing on their own.
use super::{governed_config, read_schedule};
use crate::{
    emission::validate_update,
    error::RewardsError,
    events::{Event, REWARDS_CONFIG_UPDATED},
    state::{EpochParams, ScheduleEntry, MAX_SCHEDULE_ENTRIES},
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
    if supply_cap != cfg.supply_cap && supply_cap < cfg.cap_counted() {
        return Err(RewardsError::SupplyCapExceeded.into());
    }
    let now = Clock::get()?.unix_timestamp;
    let next_epoch = net.epoch_at(now).saturating_add(1);
    let frozen_before = net.epoch_start(next_epoch);
    let (old, old_len) = cfg.schedule();
    validate_update(&old[..old_len], &schedule[..schedule_len], frozen_before)?;
    cfg.schedule_params(EpochParams { supply_cap, net_emission_cap, operator_bps }, next_epoch)?;
    cfg.set_schedule(&schedule[..schedule_len]);

    Event::new(REWARDS_CONFIG_UPDATED)
        .key(network.address())
        .u64(supply_cap)
        .u16(operator_bps)
        .u64(net_emission_cap)
        .u8(schedule_len as u8)
        .u64(cfg.params_epoch)
        .emit();
    Ok(())
}
