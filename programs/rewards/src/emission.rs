//! Emission schedule and per-epoch emission math (pure, unit-tested on the host).
//!
//! The schedule is a list of (start time, emission per epoch) entries with strictly increasing
//! start times; an epoch emits the amount of the last entry that started at or before the epoch's
//! start, so a halving is just another entry. Epochs before the first entry emit nothing.
use crate::error::RewardsError;
use crate::state::{ScheduleEntry, MAX_SCHEDULE_ENTRIES};

/// A schedule: 1..=MAX entries, strictly increasing start times.
pub fn validate_schedule(schedule: &[ScheduleEntry]) -> Result<(), RewardsError> {
    if schedule.is_empty() || schedule.len() > MAX_SCHEDULE_ENTRIES {
        return Err(RewardsError::InvalidSchedule);
    }
    for pair in schedule.windows(2) {
        if pair[1].start_ts <= pair[0].start_ts {
            return Err(RewardsError::InvalidSchedule);
        }
    }
    Ok(())
}

/// Scheduled emission of the epoch that starts at `epoch_start`.
#[inline(always)]
pub fn scheduled(schedule: &[ScheduleEntry], epoch_start: i64) -> u64 {
    let mut amount = 0;
    for entry in schedule {
        if entry.start_ts > epoch_start {
            break;
        }
        amount = entry.emission_per_epoch;
    }
    amount
}

/// A schedule change may not touch the past: the entries of `old` starting before `frozen_before`
/// (the start of the next epoch, so the running and all ended epochs keep their emission) must be
/// kept as they are, and every entry of `new` starting before it must be one of those. Entries no
/// unfinalized epoch uses any more (superseded by `keep_from`, the start of the first unfinalized
/// epoch) may be dropped from the front, so the 8 entries do not fill up with history for good.
pub fn validate_update(old: &[ScheduleEntry], new: &[ScheduleEntry], keep_from: i64, frozen_before: i64) -> Result<(), RewardsError> {
    validate_schedule(new)?;
    let old_frozen = old.iter().take_while(|e| e.start_ts < frozen_before).count();
    let new_frozen = new.iter().take_while(|e| e.start_ts < frozen_before).count();
    // Entries before the last one started by `keep_from` no unfinalized epoch uses.
    let superseded = old.iter().skip(1).take_while(|e| e.start_ts <= keep_from).count();
    let dropped = old_frozen.checked_sub(new_frozen).ok_or(RewardsError::RetroactiveSchedule)?;
    if dropped > superseded || old[dropped..old_frozen] != new[..new_frozen] {
        return Err(RewardsError::RetroactiveSchedule);
    }
    Ok(())
}

/// Inputs of one epoch's emission.
pub struct EpochInputs {
    pub scheduled: u64,
    /// Tokens customers burned for credits in the previous epoch.
    pub burned: u64,
    pub net_emission_cap: u64,
    /// How much more the supply cap allows (mint mode: cap − mint supply; vault mode: cap − emitted).
    pub cap_room: u64,
    pub operator_bps: u16,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EpochEmission {
    /// Re-minted burns counted in `total` (after the net-emission cap, before the supply cap).
    pub net: u64,
    pub total: u64,
    pub operators: u64,
    /// `total − operators`: rounding dust goes to the treasury, nothing is lost.
    pub treasury: u64,
}

/// `floor(value × bps / 10_000)` without 128-bit arithmetic (whose libcalls upstream BPF lacks):
/// with value = q·10_000 + r, it is q·bps + floor(r·bps / 10_000), and neither term overflows.
#[inline(always)]
pub fn split_bps(value: u64, bps: u16) -> u64 {
    let bps = if bps > 10_000 { 10_000 } else { bps as u64 };
    // wrapping_* because neither can overflow (bps ≤ 10_000), and an overflow-checked multiply
    // lowers to the `__multi3` libcall.
    (value / 10_000).wrapping_mul(bps).wrapping_add((value % 10_000).wrapping_mul(bps) / 10_000)
}

#[inline(always)]
pub fn epoch_emission(i: &EpochInputs) -> EpochEmission {
    let net = if i.burned < i.net_emission_cap { i.burned } else { i.net_emission_cap };
    let wanted = i.scheduled.saturating_add(net);
    let total = if wanted < i.cap_room { wanted } else { i.cap_room };
    // The cap clamps the whole emission; what is reported as net emission is what was actually
    // re-minted (never more than the total), so `total - net` cannot underflow.
    let net = if net < total { net } else { total };
    let operators = split_bps(total, i.operator_bps);
    EpochEmission { net, total, operators, treasury: total - operators }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 86_400;
    fn e(start_ts: i64, emission_per_epoch: u64) -> ScheduleEntry {
        ScheduleEntry { start_ts, emission_per_epoch }
    }
    fn inputs(scheduled: u64) -> EpochInputs {
        EpochInputs { scheduled, burned: 0, net_emission_cap: 0, cap_room: u64::MAX, operator_bps: 8_000 }
    }

    #[test]
    fn net_emission_is_clamped_with_the_total_under_the_cap() {
        // Found by the invariant fuzzer: 10 burned last epoch, no room left under the cap.
        let out = epoch_emission(&EpochInputs { scheduled: 1_000, burned: 10, net_emission_cap: 100, cap_room: 0, operator_bps: 8_000 });
        assert_eq!((out.total, out.net, out.operators, out.treasury), (0, 0, 0, 0));
        let out = epoch_emission(&EpochInputs { scheduled: 1_000, burned: 10, net_emission_cap: 100, cap_room: 4, operator_bps: 10_000 });
        assert_eq!((out.total, out.net), (4, 4));
        assert!(out.net <= out.total);
    }

    #[test]
    fn halving_is_an_entry() {
        let s = [e(0, 1_000), e(10 * DAY, 500), e(20 * DAY, 250)];
        assert_eq!(validate_schedule(&s), Ok(()));
        assert_eq!(scheduled(&s, -1), 0);
        assert_eq!(scheduled(&s, 0), 1_000);
        assert_eq!(scheduled(&s, 10 * DAY - 1), 1_000);
        assert_eq!(scheduled(&s, 10 * DAY), 500);
        assert_eq!(scheduled(&s, 25 * DAY), 250);
    }

    #[test]
    fn schedule_shape() {
        assert_eq!(validate_schedule(&[]), Err(RewardsError::InvalidSchedule));
        assert_eq!(validate_schedule(&[e(5, 1), e(5, 2)]), Err(RewardsError::InvalidSchedule));
        assert_eq!(validate_schedule(&[e(6, 1), e(5, 2)]), Err(RewardsError::InvalidSchedule));
        let nine: [ScheduleEntry; 9] = core::array::from_fn(|i| e(i as i64, 1));
        assert_eq!(validate_schedule(&nine), Err(RewardsError::InvalidSchedule));
        assert_eq!(validate_schedule(&nine[..8]), Ok(()));
    }

    #[test]
    fn schedule_updates_only_touch_the_future() {
        let old = [e(0, 1_000), e(10 * DAY, 500)];
        // Adding a future halving and changing a future entry: fine.
        assert_eq!(validate_update(&old, &[e(0, 1_000), e(10 * DAY, 400), e(20 * DAY, 200)], 0, 5 * DAY), Ok(()));
        // Changing an entry in effect: rejected.
        assert_eq!(validate_update(&old, &[e(0, 2_000), e(10 * DAY, 500)], 0, 5 * DAY), Err(RewardsError::RetroactiveSchedule));
        // Inserting an entry in the past: rejected.
        assert_eq!(validate_update(&old, &[e(0, 1_000), e(DAY, 7), e(10 * DAY, 500)], 0, 5 * DAY), Err(RewardsError::RetroactiveSchedule));
        // Removing a past entry an unfinalized epoch still uses: rejected (epoch starting at 9 days
        // unfinalized, so the first entry is still in effect for it).
        assert_eq!(validate_update(&old, &[e(10 * DAY, 500)], 9 * DAY, 11 * DAY), Err(RewardsError::RetroactiveSchedule));
        // Once every epoch before the second entry is finalized, the first one is history and may go.
        assert_eq!(validate_update(&old, &[e(10 * DAY, 500)], 10 * DAY, 11 * DAY), Ok(()));
        // Only from the front: the entry in effect at `keep_from` itself stays.
        assert_eq!(validate_update(&old, &[e(0, 1_000)], 10 * DAY, 11 * DAY), Err(RewardsError::RetroactiveSchedule));
        assert_eq!(validate_update(&old, &[e(0, 1_000), e(10 * DAY, 500)], 10 * DAY, 11 * DAY), Ok(()));
        // An entry starting exactly at the next epoch is the future.
        assert_eq!(validate_update(&old, &[e(0, 1_000), e(5 * DAY, 1)], 0, 5 * DAY), Ok(()));
    }

    #[test]
    fn a_full_schedule_whose_entries_are_history_can_still_take_a_new_one() {
        let full: [ScheduleEntry; 8] = core::array::from_fn(|i| e(i as i64 * 10 * DAY, 1_000 >> i));
        let mut next: [ScheduleEntry; 8] = [e(0, 0); 8];
        next[..7].copy_from_slice(&full[1..]);
        next[7] = e(100 * DAY, 1);
        // With all 8 frozen, a new entry needs room: refused while every entry is kept.
        let mut nine = [e(0, 0); 9];
        nine[..8].copy_from_slice(&full);
        nine[8] = e(100 * DAY, 1);
        assert_eq!(validate_update(&full, &nine, 75 * DAY, 80 * DAY), Err(RewardsError::InvalidSchedule));
        // Every epoch before day 75 finalized: entries 0..=6 are superseded by entry 7 (day 70) and
        // may go, any number of them from the front.
        assert_eq!(validate_update(&full, &next, 75 * DAY, 80 * DAY), Ok(()));
        assert_eq!(validate_update(&full, &next[6..], 75 * DAY, 80 * DAY), Ok(()));
        // Not from the middle: the kept entries are the old ones in order.
        let mut gap = next;
        gap[2] = e(35 * DAY, 1_000 >> 3);
        assert_eq!(validate_update(&full, &gap, 75 * DAY, 80 * DAY), Err(RewardsError::RetroactiveSchedule));
        // An unfinalized epoch starting at day 55 still uses entry 5 (day 50): it must stay.
        assert_eq!(validate_update(&full, &next[6..], 55 * DAY, 80 * DAY), Err(RewardsError::RetroactiveSchedule));
        let mut keep: [ScheduleEntry; 4] = [e(0, 0); 4];
        keep[..3].copy_from_slice(&full[5..]);
        keep[3] = e(100 * DAY, 1);
        assert_eq!(validate_update(&full, &keep, 55 * DAY, 80 * DAY), Ok(()));
    }

    #[test]
    fn cap_clamps_the_emission() {
        let out = epoch_emission(&EpochInputs { cap_room: 300, ..inputs(1_000) });
        assert_eq!(out, EpochEmission { net: 0, total: 300, operators: 240, treasury: 60 });
        assert_eq!(epoch_emission(&EpochInputs { cap_room: 0, ..inputs(1_000) }).total, 0);
    }

    #[test]
    fn split_rounds_down_for_operators_and_loses_nothing() {
        let out = epoch_emission(&EpochInputs { operator_bps: 3_333, ..inputs(1_001) });
        assert_eq!(out.operators, 333); // 1001 × 0.3333 = 333.63
        assert_eq!(out.operators + out.treasury, 1_001);
        let all = epoch_emission(&EpochInputs { operator_bps: 10_000, ..inputs(7) });
        assert_eq!((all.operators, all.treasury), (7, 0));
    }

    #[test]
    fn split_bps_equals_the_wide_formula() {
        for v in [0u64, 1, 9_999, 10_000, 10_001, 123_456_789, u64::MAX - 1, u64::MAX] {
            for bps in [0u16, 1, 3_333, 5_000, 9_999, 10_000] {
                assert_eq!(split_bps(v, bps) as u128, v as u128 * bps as u128 / 10_000, "{v} {bps}");
            }
        }
    }

    #[test]
    fn net_emission_is_capped_per_epoch() {
        let out = epoch_emission(&EpochInputs { burned: 900, net_emission_cap: 500, ..inputs(1_000) });
        assert_eq!((out.net, out.total), (500, 1_500));
        let out = epoch_emission(&EpochInputs { burned: 200, net_emission_cap: 500, ..inputs(1_000) });
        assert_eq!((out.net, out.total), (200, 1_200));
        // The supply cap still binds the sum; no overflow near u64::MAX.
        let out = epoch_emission(&EpochInputs { burned: u64::MAX, net_emission_cap: u64::MAX, cap_room: 10, ..inputs(u64::MAX) });
        assert_eq!(out.total, 10);
    }
}
