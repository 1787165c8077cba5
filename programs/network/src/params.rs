//! Parameter and oracle-set validation shared by `initialize_network`, `update_params` and
//! `set_oracles` (pure functions, unit-tested on the host).
use crate::error::NetworkError;
use crate::state::{slash_destination, MAX_ORACLES};
use groundwork_common::pinocchio::Address;

/// Shortest epoch: the epoch index is `(now - genesis) / length`, so any whole second works. The
/// length is fixed at creation (no governance can change it), so it protects nobody to forbid a
/// short one; a production network uses hours or days (docs/architecture.md).
pub const MIN_EPOCH_SECS: u64 = 1;
pub const MAX_DURATION_SECS: u64 = 366 * 24 * 60 * 60;
/// Recommended (and, for a network created with at least this, enforced) floor on the unbonding
/// period: it is also the governance timelock's delay, the time an operator has to leave before a
/// change it disagrees with applies.
pub const MIN_UNBONDING_SECS: u64 = 60 * 60;
/// Recommended (and, for a network created with at least this, enforced) floor on the dispute
/// window: an approved slash leaves the authority time to veto and the operator time to dispute.
pub const MIN_DISPUTE_WINDOW_SECS: u64 = 10 * 60;
/// What any network accepts at creation. One second is the clock's resolution: an unbonding period
/// of 0 would let stake leave in the transaction that requests it (and make the timelock 0), and a
/// dispute window of 0 would let a slash execute in the transaction that approves it.
pub const PROTOCOL_MIN_UNBONDING_SECS: u64 = 1;
pub const PROTOCOL_MIN_DISPUTE_WINDOW_SECS: u64 = 1;

/// The floors governance can never go below, fixed when the network is created: the lower of the
/// recommended floor and the network's initial value. A network created with the recommended
/// values (or longer) keeps 1 hour and 10 minutes; a network a team creates with seconds (a test
/// network on a real cluster) promised its operators only that, and keeps it. Stored as `u16` in
/// the network account (both are at most 3,600).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Floors {
    pub unbonding_secs: u64,
    pub dispute_window_secs: u64,
}

impl Floors {
    /// What `initialize_network` checks its arguments against.
    pub const PROTOCOL: Floors =
        Floors { unbonding_secs: PROTOCOL_MIN_UNBONDING_SECS, dispute_window_secs: PROTOCOL_MIN_DISPUTE_WINDOW_SECS };

    /// The floors of a network created with `p` (validated against `PROTOCOL`).
    pub fn at_creation(p: &Params) -> Floors {
        Floors {
            unbonding_secs: if p.unbonding_secs < MIN_UNBONDING_SECS { p.unbonding_secs } else { MIN_UNBONDING_SECS },
            dispute_window_secs: if p.slash_dispute_window_secs < MIN_DISPUTE_WINDOW_SECS {
                p.slash_dispute_window_secs
            } else {
                MIN_DISPUTE_WINDOW_SECS
            },
        }
    }

    /// Extra time, beyond the unbonding period, before a queued change may apply: a day for a
    /// network with the recommended floor (24 × 1 hour), proportionally less for one created
    /// with a shorter unbonding period, so a seconds-scale network's timelock is seconds too.
    pub fn timelock_grace_secs(&self) -> u64 {
        let scaled = self.unbonding_secs.saturating_mul(TIMELOCK_GRACE_PER_UNBONDING_FLOOR);
        if scaled < TIMELOCK_GRACE_SECS { scaled } else { TIMELOCK_GRACE_SECS }
    }
}

/// Governance parameters an authority may change after creation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Params {
    pub stake_per_device: u64,
    pub min_operator_stake: u64,
    pub unbonding_secs: u64,
    pub slash_dispute_window_secs: u64,
    pub max_slash_bps: u16,
    pub slash_destination: u8,
}

impl Params {
    /// Checks the parameters against `floors`: `Floors::PROTOCOL` at creation, the network's own
    /// floors (`Network::floors`) afterwards.
    pub fn validate(&self, floors: &Floors) -> Result<(), NetworkError> {
        if self.stake_per_device == 0 {
            return Err(NetworkError::InvalidStakeAmount);
        }
        if !(floors.unbonding_secs..=MAX_DURATION_SECS).contains(&self.unbonding_secs)
            || !(floors.dispute_window_secs..=MAX_DURATION_SECS).contains(&self.slash_dispute_window_secs)
        {
            return Err(NetworkError::InvalidDuration);
        }
        if self.max_slash_bps == 0 || self.max_slash_bps > 10_000 {
            return Err(NetworkError::InvalidBasisPoints);
        }
        if self.slash_destination != slash_destination::TREASURY && self.slash_destination != slash_destination::BURN {
            return Err(NetworkError::InvalidSlashDestination);
        }
        Ok(())
    }

    /// Whether moving from `self` to `new` weakens an operator's protection against slashing: a
    /// shorter unbonding period or dispute window, or a higher cap per slash. Such a change is
    /// queued behind the timelock; any other (stake requirements, destination, or strengthening
    /// the three) applies at once.
    pub fn weakened_by(&self, new: &Params) -> bool {
        new.unbonding_secs < self.unbonding_secs
            || new.slash_dispute_window_secs < self.slash_dispute_window_secs
            || new.max_slash_bps > self.max_slash_bps
    }
}

/// Whether replacing the oracle set `cur` (threshold `cur_threshold`) by `new` (`new_threshold`)
/// could let approvals reach a quorum they could not reach before. It cannot exactly when every
/// new oracle was already one and the threshold did not drop: any quorum of the new set was then
/// a quorum of the old one. Everything else (adding or swapping a key, lowering the threshold)
/// is queued behind the timelock.
pub fn oracles_weakened(cur: &[Address], cur_threshold: u8, new: &[Address], new_threshold: u8) -> bool {
    use groundwork_common::key;
    // New keys come from instruction data (4-byte aligned at best): one aligned copy each keeps
    // the compares against the account's keys on the word path.
    new_threshold < cur_threshold
        || new.iter().any(|k| {
            let k = key::AlignedKey::copy_of_any(k);
            !cur.iter().any(|c| key::eq(c, &k))
        })
}

/// Extra time, beyond the unbonding period, before a queued change may apply (at most; see
/// `Floors::timelock_grace_secs`): an operator who requests unstake within this long of the
/// `GovernanceChangeQueued` event has withdrawn before the change takes effect, with no race in
/// the second it matures.
pub const TIMELOCK_GRACE_SECS: u64 = 24 * 60 * 60;
/// The grace is this many times the network's unbonding floor, up to `TIMELOCK_GRACE_SECS`.
pub const TIMELOCK_GRACE_PER_UNBONDING_FLOOR: u64 = TIMELOCK_GRACE_SECS / MIN_UNBONDING_SECS;

/// When a change queued at `now` may apply, with the network's unbonding period `unbonding_secs`
/// and its timelock grace `grace_secs`.
pub fn timelock_eta(now: i64, unbonding_secs: u64, grace_secs: u64) -> Result<i64, NetworkError> {
    // Both are at most 366 days (validated), so neither cast wraps.
    now.checked_add(unbonding_secs as i64)
        .and_then(|t| t.checked_add(grace_secs as i64))
        .ok_or(NetworkError::InvalidDuration)
}

pub fn validate_epoch_length(secs: u64) -> Result<(), NetworkError> {
    if (MIN_EPOCH_SECS..=MAX_DURATION_SECS).contains(&secs) { Ok(()) } else { Err(NetworkError::InvalidEpochLength) }
}

/// An oracle set: at most 16 distinct keys; threshold in 1..=n (0 only for an empty set).
pub fn validate_oracles(oracles: &[Address], threshold: u8) -> Result<(), NetworkError> {
    if oracles.len() > MAX_ORACLES {
        return Err(NetworkError::TooManyOracles);
    }
    for (i, a) in oracles.iter().enumerate() {
        if oracles[..i].contains(a) {
            return Err(NetworkError::DuplicateOracle);
        }
    }
    let n = oracles.len() as u8;
    let ok = if n == 0 { threshold == 0 } else { threshold >= 1 && threshold <= n };
    if ok { Ok(()) } else { Err(NetworkError::InvalidThreshold) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(b: u8) -> Address { Address::new_from_array([b; 32]) }

    fn params() -> Params {
        Params { stake_per_device: 1, min_operator_stake: 0, unbonding_secs: 86_400, slash_dispute_window_secs: 3_600, max_slash_bps: 5_000, slash_destination: 0 }
    }

    const RECOMMENDED: Floors = Floors { unbonding_secs: MIN_UNBONDING_SECS, dispute_window_secs: MIN_DISPUTE_WINDOW_SECS };

    #[test]
    fn accepts_sane_params() {
        assert_eq!(params().validate(&RECOMMENDED), Ok(()));
        assert_eq!(params().validate(&Floors::PROTOCOL), Ok(()));
    }

    #[test]
    fn rejects_out_of_range_params() {
        let f = &RECOMMENDED;
        assert_eq!(Params { stake_per_device: 0, ..params() }.validate(f), Err(NetworkError::InvalidStakeAmount));
        assert_eq!(Params { max_slash_bps: 0, ..params() }.validate(f), Err(NetworkError::InvalidBasisPoints));
        assert_eq!(Params { max_slash_bps: 10_001, ..params() }.validate(f), Err(NetworkError::InvalidBasisPoints));
        assert_eq!(Params { unbonding_secs: MAX_DURATION_SECS + 1, ..params() }.validate(f), Err(NetworkError::InvalidDuration));
        assert_eq!(Params { slash_dispute_window_secs: MAX_DURATION_SECS + 1, ..params() }.validate(&Floors::PROTOCOL), Err(NetworkError::InvalidDuration));
        assert_eq!(Params { slash_destination: 2, ..params() }.validate(f), Err(NetworkError::InvalidSlashDestination));
    }

    #[test]
    fn recommended_floors_on_unbonding_and_dispute_window() {
        let f = &RECOMMENDED;
        assert_eq!(Params { unbonding_secs: MIN_UNBONDING_SECS - 1, ..params() }.validate(f), Err(NetworkError::InvalidDuration));
        assert_eq!(Params { unbonding_secs: 0, ..params() }.validate(f), Err(NetworkError::InvalidDuration));
        assert_eq!(Params { unbonding_secs: MIN_UNBONDING_SECS, ..params() }.validate(f), Ok(()));
        assert_eq!(Params { slash_dispute_window_secs: 0, ..params() }.validate(f), Err(NetworkError::InvalidDuration));
        assert_eq!(Params { slash_dispute_window_secs: MIN_DISPUTE_WINDOW_SECS - 1, ..params() }.validate(f), Err(NetworkError::InvalidDuration));
        assert_eq!(Params { slash_dispute_window_secs: MIN_DISPUTE_WINDOW_SECS, ..params() }.validate(f), Ok(()));
    }

    #[test]
    fn creation_accepts_seconds_but_never_zero() {
        let f = &Floors::PROTOCOL;
        assert_eq!(Params { unbonding_secs: 1, slash_dispute_window_secs: 1, ..params() }.validate(f), Ok(()));
        assert_eq!(Params { unbonding_secs: 0, ..params() }.validate(f), Err(NetworkError::InvalidDuration));
        assert_eq!(Params { slash_dispute_window_secs: 0, ..params() }.validate(f), Err(NetworkError::InvalidDuration));
    }

    #[test]
    fn a_network_keeps_the_floors_it_was_created_with() {
        // Created with the recommended values or longer: the recommended floors, for life.
        assert_eq!(Floors::at_creation(&params()), RECOMMENDED);
        assert_eq!(Floors::at_creation(&Params { unbonding_secs: MIN_UNBONDING_SECS, slash_dispute_window_secs: MIN_DISPUTE_WINDOW_SECS, ..params() }), RECOMMENDED);
        // Created with seconds: those seconds are its floors; governance may go back down to
        // them but never below.
        let short = Floors::at_creation(&Params { unbonding_secs: 4, slash_dispute_window_secs: 2, ..params() });
        assert_eq!(short, Floors { unbonding_secs: 4, dispute_window_secs: 2 });
        assert_eq!(Params { unbonding_secs: 4, slash_dispute_window_secs: 2, ..params() }.validate(&short), Ok(()));
        assert_eq!(Params { unbonding_secs: 3, ..params() }.validate(&short), Err(NetworkError::InvalidDuration));
        assert_eq!(Params { slash_dispute_window_secs: 1, ..params() }.validate(&short), Err(NetworkError::InvalidDuration));
        // Mixed: a long unbonding period with a short window keeps the recommended unbonding floor.
        let mixed = Floors::at_creation(&Params { unbonding_secs: 86_400, slash_dispute_window_secs: 5, ..params() });
        assert_eq!(mixed, Floors { unbonding_secs: MIN_UNBONDING_SECS, dispute_window_secs: 5 });
        // Both fit the u16 the network stores them in.
        assert!(MIN_UNBONDING_SECS <= u16::MAX as u64 && MIN_DISPUTE_WINDOW_SECS <= u16::MAX as u64);
    }

    #[test]
    fn the_timelock_grace_scales_with_the_unbonding_floor() {
        assert_eq!(RECOMMENDED.timelock_grace_secs(), TIMELOCK_GRACE_SECS);
        assert_eq!(Floors { unbonding_secs: 2, dispute_window_secs: 1 }.timelock_grace_secs(), 48);
        assert_eq!(Floors::PROTOCOL.timelock_grace_secs(), 24);
    }

    #[test]
    fn weakening_params_are_the_ones_that_shrink_protection() {
        let cur = params();
        assert!(!cur.weakened_by(&cur));
        assert!(cur.weakened_by(&Params { unbonding_secs: cur.unbonding_secs - 1, ..cur }));
        assert!(cur.weakened_by(&Params { slash_dispute_window_secs: cur.slash_dispute_window_secs - 1, ..cur }));
        assert!(cur.weakened_by(&Params { max_slash_bps: cur.max_slash_bps + 1, ..cur }));
        // Strengthening, or changing what does not protect against slashing, applies at once.
        assert!(!cur.weakened_by(&Params { unbonding_secs: cur.unbonding_secs + 1, slash_dispute_window_secs: cur.slash_dispute_window_secs + 1, max_slash_bps: 1, ..cur }));
        assert!(!cur.weakened_by(&Params { stake_per_device: 7, min_operator_stake: 9, slash_destination: 1, ..cur }));
        // Mixed: one weakening field queues the whole change.
        assert!(cur.weakened_by(&Params { unbonding_secs: cur.unbonding_secs + 1, max_slash_bps: 10_000, ..cur }));
    }

    #[test]
    fn weakening_oracle_sets_are_the_ones_that_can_newly_reach_a_quorum() {
        let cur = [key(1), key(2), key(3)];
        assert!(!oracles_weakened(&cur, 2, &cur, 2));
        assert!(!oracles_weakened(&cur, 2, &cur, 3), "raising the threshold");
        assert!(!oracles_weakened(&cur, 2, &[key(3), key(1)], 2), "removing a key, any order");
        assert!(oracles_weakened(&cur, 2, &cur, 1), "lowering the threshold");
        assert!(oracles_weakened(&cur, 2, &[key(1), key(2), key(3), key(4)], 3), "adding a key");
        assert!(oracles_weakened(&cur, 2, &[key(1), key(4)], 2), "swapping a key");
        assert!(oracles_weakened(&[], 0, &[key(9)], 1), "first oracle");
        assert!(oracles_weakened(&cur, 2, &[], 0), "emptying the set lowers the threshold");
    }

    #[test]
    fn timelock_is_unbonding_plus_grace() {
        assert_eq!(timelock_eta(1_000, 3_600, TIMELOCK_GRACE_SECS), Ok(1_000 + 3_600 + TIMELOCK_GRACE_SECS as i64));
        assert_eq!(timelock_eta(1_000, 4, 48), Ok(1_052));
        assert_eq!(timelock_eta(i64::MAX - 10, 3_600, TIMELOCK_GRACE_SECS), Err(NetworkError::InvalidDuration));
    }

    #[test]
    fn epoch_length_bounds() {
        assert_eq!(validate_epoch_length(0), Err(NetworkError::InvalidEpochLength));
        assert_eq!(validate_epoch_length(1), Ok(()));
        assert_eq!(validate_epoch_length(MAX_DURATION_SECS + 1), Err(NetworkError::InvalidEpochLength));
    }

    #[test]
    fn oracle_sets() {
        assert_eq!(validate_oracles(&[], 0), Ok(()));
        assert_eq!(validate_oracles(&[], 1), Err(NetworkError::InvalidThreshold));
        assert_eq!(validate_oracles(&[key(1), key(2)], 2), Ok(()));
        assert_eq!(validate_oracles(&[key(1), key(2)], 3), Err(NetworkError::InvalidThreshold));
        assert_eq!(validate_oracles(&[key(1), key(2)], 0), Err(NetworkError::InvalidThreshold));
        assert_eq!(validate_oracles(&[key(1), key(1)], 1), Err(NetworkError::DuplicateOracle));
        let seventeen: [Address; 17] = core::array::from_fn(|i| key(i as u8));
        assert_eq!(validate_oracles(&seventeen, 1), Err(NetworkError::TooManyOracles));
    }
}
