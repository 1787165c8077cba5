//! Stake and slash arithmetic, pure and unit-tested on the host. Handlers call these and write
//! the results; nothing here touches accounts.
//!
//! Unbonding uses a single bucket per operator: a new request adds its amount to the bucket and
//! restarts the bucket's timer at `now + unbonding_secs`. That keeps the account small and
//! never unlocks stake earlier than its own request would allow (a later request can only delay
//! earlier ones, never speed them up).
use crate::error::NetworkError;
use groundwork_common::{math::Checked, pinocchio::error::ProgramError};

// Upstream BPF has no 128-bit multiply/divide builtins (`__multi3`, `__udivti3`), and LLVM
// lowers every overflow-checked u64 multiply (`checked_mul`, or any hand-written idiom it
// recognises) to one. So nothing here multiplies two u64 amounts: stake requirements compare by
// division (n × per ≤ stake ⇔ n ≤ ⌊stake / per⌋ for integers), bps splits the value.

/// `value × bps / 10_000` rounded down, for `bps ≤ 10_000`, exact without 128-bit math:
/// with value = q·10⁴ + r, the result is q·bps + ⌊r·bps / 10⁴⌋ and neither term overflows.
pub fn apply_bps(value: u64, bps: u16) -> u64 {
    let bps = if bps > 10_000 { 10_000 } else { bps as u64 };
    (value / 10_000) * bps + (value % 10_000) * bps / 10_000
}

/// Whether `stake` covers `devices × stake_per_device`, without the product (see above).
pub fn covers_devices(stake: u64, devices: u64, stake_per_device: u64) -> bool {
    devices == 0 || stake_per_device == 0 || devices <= stake / stake_per_device
}

/// Whether `active` stake covers one more device than the operator runs now: (devices + 1) ×
/// stake per device, and at least the network's minimum operator stake.
pub fn can_add_device(active: u64, devices: u32, stake_per_device: u64, min_operator_stake: u64) -> Result<(), ProgramError> {
    let n = (devices as u64).add_or(1)?;
    if !covers_devices(active, n, stake_per_device) || active < min_operator_stake {
        return Err(NetworkError::InsufficientStake.into());
    }
    Ok(())
}

/// Stake buckets of one operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Buckets {
    pub active: u64,
    pub unbonding: u64,
    pub unlock_ts: i64,
}

/// What a device-running operator must keep active.
#[derive(Clone, Copy, Debug)]
pub struct Requirement {
    pub devices: u32,
    pub stake_per_device: u64,
    pub min_operator_stake: u64,
}

/// Moves `amount` from active into the unbonding bucket, which then unlocks at
/// `now + unbonding_secs`. Stake that backs registered devices cannot move.
pub fn request_unstake(b: Buckets, amount: u64, req: &Requirement, now: i64, unbonding_secs: u64) -> Result<Buckets, ProgramError> {
    if amount == 0 {
        return Err(NetworkError::ZeroAmount.into());
    }
    if amount > b.active {
        return Err(NetworkError::InsufficientStake.into());
    }
    let remaining = b.active - amount;
    if req.devices > 0 {
        if !covers_devices(remaining, req.devices as u64, req.stake_per_device) {
            return Err(NetworkError::StakeLockedByDevices.into());
        }
        if remaining < req.min_operator_stake {
            return Err(NetworkError::BelowMinimumStake.into());
        }
    }
    // unbonding_secs ≤ 366 days (validated), so the cast cannot wrap.
    let unlock_ts = now.add_or(unbonding_secs as i64)?;
    Ok(Buckets { active: remaining, unbonding: b.unbonding.add_or(amount)?, unlock_ts })
}

/// The amount `withdraw_unstaked` releases at `now`.
pub fn withdrawable(b: Buckets, now: i64) -> Result<u64, ProgramError> {
    if b.unbonding == 0 {
        return Err(NetworkError::NothingToWithdraw.into());
    }
    if now < b.unlock_ts {
        return Err(NetworkError::StillUnbonding.into());
    }
    Ok(b.unbonding)
}

/// The most one slash may take: `max_slash_bps` of active plus unbonding stake.
pub fn slash_cap(active: u64, unbonding: u64, max_slash_bps: u16) -> Result<u64, ProgramError> {
    let total = active.add_or(unbonding)?;
    Ok(apply_bps(total, max_slash_bps))
}

/// How an executed slash divides between the buckets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SlashSplit {
    pub from_active: u64,
    pub from_unbonding: u64,
}

impl SlashSplit {
    pub fn total(&self) -> u64 {
        // Both parts come out of buckets whose sum fits in u64.
        self.from_active + self.from_unbonding
    }
}

/// Splits a slash of `requested`, clamped to the cap at execution time: active stake first,
/// then the unbonding bucket (unbonding stake stays slashable until withdrawn). May be zero when
/// the stake is gone: the approved slash still executes (and jails) so it does not stay open.
pub fn split_slash(requested: u64, b: Buckets, max_slash_bps: u16) -> Result<SlashSplit, ProgramError> {
    let cap = slash_cap(b.active, b.unbonding, max_slash_bps)?;
    let amount = if requested < cap { requested } else { cap };
    let from_active = if amount < b.active { amount } else { b.active };
    // cap ≤ active + unbonding, so the rest fits in the unbonding bucket.
    Ok(SlashSplit { from_active, from_unbonding: amount - from_active })
}

/// A proposed slash must be positive and within the cap at proposal time.
pub fn check_proposal(amount: u64, b: Buckets, max_slash_bps: u16) -> Result<(), ProgramError> {
    if amount == 0 {
        return Err(NetworkError::ZeroAmount.into());
    }
    let cap = slash_cap(b.active, b.unbonding, max_slash_bps)?;
    if cap == 0 {
        return Err(NetworkError::NothingToSlash.into());
    }
    if amount > cap {
        return Err(NetworkError::SlashExceedsCap.into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(e: NetworkError) -> ProgramError { e.into() }
    const NO_DEVICES: Requirement = Requirement { devices: 0, stake_per_device: 100, min_operator_stake: 0 };

    #[test]
    fn bps_and_mul_match_128_bit_math() {
        for v in [0u64, 1, 9_999, 10_000, 10_001, 123_456_789, u64::MAX - 1, u64::MAX] {
            for bps in [0u16, 1, 2_500, 5_000, 9_999, 10_000] {
                assert_eq!(apply_bps(v, bps) as u128, v as u128 * bps as u128 / 10_000, "{v} × {bps}");
            }
        }
    }

    #[test]
    fn device_requirement_per_device_and_minimum() {
        for (stake, n, per) in [(0u64, 0u64, 5u64), (599, 6, 100), (600, 6, 100), (601, 6, 100), (u64::MAX, 3, u64::MAX / 3), (u64::MAX, 4, u64::MAX / 3), (7, u64::MAX, 1)] {
            assert_eq!(covers_devices(stake, n, per), (n as u128) * (per as u128) <= stake as u128, "{stake} {n} {per}");
        }
        assert_eq!(can_add_device(200, 1, 100, 0), Ok(()));
        assert_eq!(can_add_device(199, 1, 100, 0), Err(err(NetworkError::InsufficientStake)));
        assert_eq!(can_add_device(400, 0, 100, 500), Err(err(NetworkError::InsufficientStake)));
    }

    #[test]
    fn unstake_moves_active_into_one_bucket_and_resets_the_timer() {
        let b = Buckets { active: 1_000, unbonding: 0, unlock_ts: 0 };
        let b = request_unstake(b, 300, &NO_DEVICES, 100, 50).unwrap();
        assert_eq!(b, Buckets { active: 700, unbonding: 300, unlock_ts: 150 });
        // A second request merges and restarts the clock.
        let b = request_unstake(b, 200, &NO_DEVICES, 140, 50).unwrap();
        assert_eq!(b, Buckets { active: 500, unbonding: 500, unlock_ts: 190 });
    }

    #[test]
    fn unstake_rejects_bad_amounts_and_device_backed_stake() {
        let b = Buckets { active: 1_000, unbonding: 0, unlock_ts: 0 };
        assert_eq!(request_unstake(b, 0, &NO_DEVICES, 0, 1), Err(err(NetworkError::ZeroAmount)));
        assert_eq!(request_unstake(b, 1_001, &NO_DEVICES, 0, 1), Err(err(NetworkError::InsufficientStake)));
        let two = Requirement { devices: 2, stake_per_device: 300, min_operator_stake: 0 };
        assert_eq!(request_unstake(b, 401, &two, 0, 1), Err(err(NetworkError::StakeLockedByDevices)));
        assert_eq!(request_unstake(b, 400, &two, 0, 1).unwrap().active, 600);
        let min = Requirement { devices: 1, stake_per_device: 100, min_operator_stake: 800 };
        assert_eq!(request_unstake(b, 201, &min, 0, 1), Err(err(NetworkError::BelowMinimumStake)));
        // Without devices the minimum does not apply: an operator may leave entirely.
        assert_eq!(request_unstake(b, 1_000, &NO_DEVICES, 0, 1).unwrap().active, 0);
        let full = Buckets { active: 1, unbonding: u64::MAX, unlock_ts: 0 };
        assert_eq!(request_unstake(full, 1, &NO_DEVICES, 0, 1), Err(ProgramError::ArithmeticOverflow));
    }

    #[test]
    fn withdraw_only_after_unlock() {
        let b = Buckets { active: 0, unbonding: 10, unlock_ts: 100 };
        assert_eq!(withdrawable(b, 99), Err(err(NetworkError::StillUnbonding)));
        assert_eq!(withdrawable(b, 100), Ok(10));
        assert_eq!(withdrawable(Buckets { unbonding: 0, ..b }, 1_000), Err(err(NetworkError::NothingToWithdraw)));
    }

    #[test]
    fn slash_takes_active_first_then_unbonding() {
        let b = Buckets { active: 300, unbonding: 700, unlock_ts: 0 };
        // cap = 50% of 1,000
        assert_eq!(split_slash(200, b, 5_000), Ok(SlashSplit { from_active: 200, from_unbonding: 0 }));
        assert_eq!(split_slash(450, b, 5_000), Ok(SlashSplit { from_active: 300, from_unbonding: 150 }));
        let only_unbonding = Buckets { active: 0, unbonding: 700, unlock_ts: 0 };
        assert_eq!(split_slash(100, only_unbonding, 10_000), Ok(SlashSplit { from_active: 0, from_unbonding: 100 }));
    }

    #[test]
    fn slash_never_exceeds_the_cap_at_execution() {
        let b = Buckets { active: 300, unbonding: 700, unlock_ts: 0 };
        let s = split_slash(900, b, 5_000).unwrap();
        assert_eq!(s.total(), 500);
        // Stake shrank since the proposal: the cap shrinks with it.
        let shrunk = Buckets { active: 100, unbonding: 0, unlock_ts: 0 };
        assert_eq!(split_slash(500, shrunk, 5_000).unwrap().total(), 50);
        assert_eq!(split_slash(500, Buckets { active: 0, unbonding: 0, unlock_ts: 0 }, 5_000).unwrap().total(), 0);
        // 1 bps of 9 rounds down to nothing.
        assert_eq!(split_slash(1, Buckets { active: 9, unbonding: 0, unlock_ts: 0 }, 1).unwrap().total(), 0);
        let max = Buckets { active: u64::MAX, unbonding: 0, unlock_ts: 0 };
        assert_eq!(split_slash(u64::MAX, max, 10_000).unwrap().total(), u64::MAX);
    }

    #[test]
    fn proposals_are_checked_against_the_cap() {
        let b = Buckets { active: 600, unbonding: 400, unlock_ts: 0 };
        assert_eq!(check_proposal(500, b, 5_000), Ok(()));
        assert_eq!(check_proposal(501, b, 5_000), Err(err(NetworkError::SlashExceedsCap)));
        assert_eq!(check_proposal(0, b, 5_000), Err(err(NetworkError::ZeroAmount)));
        assert_eq!(check_proposal(1, Buckets { active: 0, unbonding: 0, unlock_ts: 0 }, 5_000), Err(err(NetworkError::NothingToSlash)));
        assert_eq!(slash_cap(u64::MAX, 1, 1), Err(ProgramError::ArithmeticOverflow));
    }
}
