//! Validation of the authority-set credits parameters (pure, unit-tested on the host).
use crate::error::CreditsError;
use crate::state::price_mode;
use groundwork_common::{pinocchio::Address, wire::{Malformed, Reader}};

pub const MAX_WINDOW_SECS: u64 = 366 * 24 * 60 * 60;
pub const MAX_PRICE_AGE_SECS: u64 = 24 * 60 * 60;

/// Everything `initialize_credits` and `update_credits_config` set, in wire order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Params {
    pub price_mode: u8,
    pub credits_per_token: u64,
    pub usd_per_credit_e8: u64,
    pub price_update: Address,
    pub feed_id: [u8; 32],
    pub max_price_age_secs: u64,
    pub max_conf_bps: u16,
    pub conf_k_bps: u32,
    pub breaker_window_secs: u64,
    pub breaker_max_credits: u64,
}

impl Params {
    #[inline(always)]
    pub fn read(r: &mut Reader) -> Result<Params, Malformed> {
        Ok(Params {
            price_mode: r.u8()?,
            credits_per_token: r.u64()?,
            usd_per_credit_e8: r.u64()?,
            price_update: r.address()?,
            feed_id: *r.take::<32>()?,
            max_price_age_secs: r.u64()?,
            max_conf_bps: r.u16()?,
            conf_k_bps: r.u32()?,
            breaker_window_secs: r.u64()?,
            breaker_max_credits: r.u64()?,
        })
    }

    /// Only the active mode's price terms must be usable; the breaker always must.
    #[inline(always)]
    pub fn validate(&self) -> Result<(), CreditsError> {
        match self.price_mode {
            price_mode::FIXED => {
                if self.credits_per_token == 0 {
                    return Err(CreditsError::InvalidFixedPrice);
                }
            }
            price_mode::ORACLE => {
                if self.usd_per_credit_e8 == 0
                    || self.max_price_age_secs == 0
                    || self.max_price_age_secs > MAX_PRICE_AGE_SECS
                    || self.max_conf_bps == 0
                    || self.max_conf_bps > 10_000
                {
                    return Err(CreditsError::InvalidOracleParams);
                }
            }
            _ => return Err(CreditsError::InvalidPriceMode),
        }
        if self.breaker_window_secs == 0 || self.breaker_window_secs > MAX_WINDOW_SECS || self.breaker_max_credits == 0 {
            return Err(CreditsError::InvalidBreaker);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn oracle() -> Params {
        Params {
            price_mode: price_mode::ORACLE,
            credits_per_token: 0,
            usd_per_credit_e8: 1_000,
            price_update: Address::new_from_array([1; 32]),
            feed_id: [2; 32],
            max_price_age_secs: 60,
            max_conf_bps: 200,
            conf_k_bps: 10_000,
            breaker_window_secs: 3_600,
            breaker_max_credits: 1_000_000,
        }
    }

    #[test]
    fn accepts_sane_params() {
        assert_eq!(oracle().validate(), Ok(()));
        assert_eq!(Params { price_mode: price_mode::FIXED, credits_per_token: 5, ..oracle() }.validate(), Ok(()));
        // Fixed mode does not care about unusable oracle terms.
        assert_eq!(Params { price_mode: price_mode::FIXED, credits_per_token: 5, usd_per_credit_e8: 0, ..oracle() }.validate(), Ok(()));
    }

    #[test]
    fn rejects_bad_params() {
        assert_eq!(Params { price_mode: 2, ..oracle() }.validate(), Err(CreditsError::InvalidPriceMode));
        assert_eq!(Params { price_mode: price_mode::FIXED, ..oracle() }.validate(), Err(CreditsError::InvalidFixedPrice));
        assert_eq!(Params { usd_per_credit_e8: 0, ..oracle() }.validate(), Err(CreditsError::InvalidOracleParams));
        assert_eq!(Params { max_price_age_secs: 0, ..oracle() }.validate(), Err(CreditsError::InvalidOracleParams));
        assert_eq!(Params { max_price_age_secs: MAX_PRICE_AGE_SECS + 1, ..oracle() }.validate(), Err(CreditsError::InvalidOracleParams));
        assert_eq!(Params { max_conf_bps: 10_001, ..oracle() }.validate(), Err(CreditsError::InvalidOracleParams));
        assert_eq!(Params { breaker_window_secs: 0, ..oracle() }.validate(), Err(CreditsError::InvalidBreaker));
        assert_eq!(Params { breaker_max_credits: 0, ..oracle() }.validate(), Err(CreditsError::InvalidBreaker));
    }
}
