//! Parameter and oracle-set validation shared by `initialize_network`, `update_params` and
//! `set_oracles` (pure functions, unit-tested on the host).
use crate::error::NetworkError;
use crate::state::{slash_destination, MAX_ORACLES};
use groundwork_common::pinocchio::Address;

pub const MIN_EPOCH_SECS: u64 = 60;
pub const MAX_DURATION_SECS: u64 = 366 * 24 * 60 * 60;

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
    pub fn validate(&self) -> Result<(), NetworkError> {
        if self.stake_per_device == 0 {
            return Err(NetworkError::InvalidStakeAmount);
        }
        if self.unbonding_secs > MAX_DURATION_SECS || self.slash_dispute_window_secs > MAX_DURATION_SECS {
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

    #[test]
    fn accepts_sane_params() {
        assert_eq!(params().validate(), Ok(()));
    }

    #[test]
    fn rejects_out_of_range_params() {
        assert_eq!(Params { stake_per_device: 0, ..params() }.validate(), Err(NetworkError::InvalidStakeAmount));
        assert_eq!(Params { max_slash_bps: 0, ..params() }.validate(), Err(NetworkError::InvalidBasisPoints));
        assert_eq!(Params { max_slash_bps: 10_001, ..params() }.validate(), Err(NetworkError::InvalidBasisPoints));
        assert_eq!(Params { unbonding_secs: MAX_DURATION_SECS + 1, ..params() }.validate(), Err(NetworkError::InvalidDuration));
        assert_eq!(Params { slash_destination: 2, ..params() }.validate(), Err(NetworkError::InvalidSlashDestination));
    }

    #[test]
    fn epoch_length_bounds() {
        assert_eq!(validate_epoch_length(59), Err(NetworkError::InvalidEpochLength));
        assert_eq!(validate_epoch_length(60), Ok(()));
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
