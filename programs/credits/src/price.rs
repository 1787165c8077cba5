//! Token → credit conversion (pure, unit-tested on the host). Exact floor division over the
//! full 128-bit product, written with 64-bit operations (`math::mul_div`): upstream BPF cannot
//! lower u128 `*` and `/`. A buyer never receives a fraction of a credit more than paid for.
use crate::error::CreditsError;
use groundwork_common::math::{div_wide, mul_div, mul_wide};

/// Fixed mode: `token_amount` base units × `credits_per_token` per whole token.
#[inline(always)]
pub fn fixed_credits(token_amount: u64, token_decimals: u8, credits_per_token: u64) -> Result<u64, CreditsError> {
    mul_div(token_amount, credits_per_token, pow10(token_decimals as u32)?).ok_or(CreditsError::MathOverflow)
}

/// A Pyth price: `(price ± conf) × 10^exponent` USD per whole token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OraclePrice {
    pub price: i64,
    pub conf: u64,
    pub exponent: i32,
}

/// The oracle terms of a network's config.
pub struct OracleTerms {
    pub usd_per_credit_e8: u64,
    pub conf_k_bps: u32,
    pub max_conf_bps: u16,
    pub token_decimals: u8,
}

/// `price − ⌈k × conf⌉` (k in bps), after the confidence bound `conf ≤ max_conf_bps × price`.
/// Rejects a non-positive price either side of the discount.
#[inline(always)]
pub fn conservative_price(p: &OraclePrice, terms: &OracleTerms) -> Result<u64, CreditsError> {
    if p.price <= 0 {
        return Err(CreditsError::NonPositivePrice);
    }
    let price = p.price as u64;
    // conf × 10_000 > price × max_conf_bps, compared as 128-bit (high, low) pairs.
    if mul_wide(p.conf, 10_000) > mul_wide(price, terms.max_conf_bps as u64) {
        return Err(CreditsError::PriceConfidenceTooWide);
    }
    // ⌈conf × k / 10_000⌉: rounding the discount up keeps the price conservative.
    let (hi, lo) = mul_wide(p.conf, terms.conf_k_bps as u64);
    let (lo, carry) = lo.overflowing_add(9_999);
    let discount = div_wide(hi + carry as u64, lo, 10_000).ok_or(CreditsError::NonPositivePrice)?;
    if discount >= price {
        return Err(CreditsError::NonPositivePrice);
    }
    Ok(price - discount)
}

/// Oracle mode:
/// credits = token_amount / 10^d × P × 10^exponent / (usd_per_credit_e8 × 10^-8)
///         = token_amount × P × 10^(exponent − d + 8) / usd_per_credit_e8,
/// with P the conservative price and the power of ten on whichever side keeps it an integer.
#[inline(always)]
pub fn oracle_credits(token_amount: u64, p: &OraclePrice, terms: &OracleTerms) -> Result<u64, CreditsError> {
    let price = conservative_price(p, terms)?;
    let shift = p.exponent as i64 - terms.token_decimals as i64 + 8;
    if !(-19..=19).contains(&shift) {
        return Err(CreditsError::PriceExponentOutOfRange);
    }
    let (numerator, denominator) = if shift >= 0 {
        (mul(price, pow10(shift as u32)?)?, terms.usd_per_credit_e8)
    } else {
        (price, mul(terms.usd_per_credit_e8, pow10((-shift) as u32)?)?)
    };
    mul_div(token_amount, numerator, denominator).ok_or(CreditsError::MathOverflow)
}

/// 10^n for n ≤ 19 from a table (`checked_pow`/`checked_mul` lower to `__multi3` on BPF).
#[inline(always)]
fn pow10(n: u32) -> Result<u64, CreditsError> {
    const POW10: [u64; 20] = {
        let mut t = [1u64; 20];
        let mut i = 1;
        while i < 20 {
            t[i] = t[i - 1] * 10;
            i += 1;
        }
        t
    };
    POW10.get(n as usize).copied().ok_or(CreditsError::MathOverflow)
}

/// `a × b` or `MathOverflow`, via the 128-bit product's high word.
#[inline(always)]
fn mul(a: u64, b: u64) -> Result<u64, CreditsError> {
    match mul_wide(a, b) {
        (0, lo) => Ok(lo),
        _ => Err(CreditsError::MathOverflow),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms() -> OracleTerms {
        OracleTerms { usd_per_credit_e8: 1_000, conf_k_bps: 10_000, max_conf_bps: 200, token_decimals: 6 }
    }

    #[test]
    fn fixed_rate_rounds_down() {
        // 2.5 tokens (6 decimals) at 100 credits per token.
        assert_eq!(fixed_credits(2_500_000, 6, 100), Ok(250));
        assert_eq!(fixed_credits(9_999, 6, 100), Ok(0));
        assert_eq!(fixed_credits(u64::MAX, 0, 2), Err(CreditsError::MathOverflow));
    }

    #[test]
    fn worked_example_from_the_docs() {
        // Token at $0.50 ± $0.001 (exponent −8), k = 1, 1 credit = $0.00001, 6 decimals.
        // Conservative price $0.499; 10 tokens = $4.99 = 499_000 credits.
        let p = OraclePrice { price: 50_000_000, conf: 100_000, exponent: -8 };
        assert_eq!(oracle_credits(10_000_000, &p, &terms()), Ok(499_000));
        // k = 2 takes two confidences off: $0.498.
        assert_eq!(oracle_credits(10_000_000, &p, &OracleTerms { conf_k_bps: 20_000, ..terms() }), Ok(498_000));
        // k = 0 uses the mid price.
        assert_eq!(oracle_credits(10_000_000, &p, &OracleTerms { conf_k_bps: 0, ..terms() }), Ok(500_000));
    }

    #[test]
    fn positive_exponent_and_rounding() {
        // $3 × 10^0 per whole token with 0 decimals: 1 token = 300_000 credits.
        let p = OraclePrice { price: 3, conf: 0, exponent: 0 };
        assert_eq!(oracle_credits(1, &p, &OracleTerms { token_decimals: 0, ..terms() }), Ok(300_000));
        // 1 base unit of a 9-decimal $0.5 token is worth 5e-10 USD: zero credits.
        let p = OraclePrice { price: 50_000_000, conf: 0, exponent: -8 };
        assert_eq!(oracle_credits(1, &p, &OracleTerms { token_decimals: 9, ..terms() }), Ok(0));
    }

    #[test]
    fn rejects_bad_prices() {
        let t = terms();
        assert_eq!(oracle_credits(1, &OraclePrice { price: 0, conf: 0, exponent: -8 }, &t), Err(CreditsError::NonPositivePrice));
        assert_eq!(oracle_credits(1, &OraclePrice { price: -5, conf: 0, exponent: -8 }, &t), Err(CreditsError::NonPositivePrice));
        // 3% confidence with a 2% bound.
        assert_eq!(oracle_credits(1, &OraclePrice { price: 100, conf: 3, exponent: -8 }, &t), Err(CreditsError::PriceConfidenceTooWide));
        // Bound 100% but k = 2: price − 2·conf ≤ 0.
        let wide = OracleTerms { max_conf_bps: 10_000, conf_k_bps: 20_000, ..terms() };
        assert_eq!(oracle_credits(1, &OraclePrice { price: 100, conf: 50, exponent: -8 }, &wide), Err(CreditsError::NonPositivePrice));
        assert_eq!(oracle_credits(1, &OraclePrice { price: 100, conf: 0, exponent: -60 }, &t), Err(CreditsError::PriceExponentOutOfRange));
        // A discount that is a fraction of a unit still rounds up: 100 − ⌈0.5⌉ = 99.
        let half = OracleTerms { conf_k_bps: 5_000, ..terms() };
        assert_eq!(conservative_price(&OraclePrice { price: 100, conf: 1, exponent: -8 }, &half), Ok(99));
    }

    #[test]
    fn overflow_is_an_error() {
        let p = OraclePrice { price: i64::MAX, conf: 0, exponent: 10 };
        assert_eq!(oracle_credits(u64::MAX, &p, &OracleTerms { token_decimals: 0, ..terms() }), Err(CreditsError::MathOverflow));
        let p = OraclePrice { price: 1_000_000, conf: 0, exponent: 0 };
        assert_eq!(oracle_credits(u64::MAX, &p, &OracleTerms { token_decimals: 0, ..terms() }), Err(CreditsError::MathOverflow));
    }
}
