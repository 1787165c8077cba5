//! Windowed circuit breaker on credits minted, in the manner of Helium's: the amount minted in
//! the window decays linearly to zero over `window_secs`, so the cap applies to a rolling window
//! without storing per-slot history. A manipulated price can mint at most about `cap` per window.
use crate::error::CreditsError;

pub struct Breaker {
    pub window_secs: u64,
    pub cap: u64,
    /// Credits counted in the window as of `last_ts`.
    pub value: u64,
    pub last_ts: i64,
}

impl Breaker {
    /// The window's value at `now`, after linear decay.
    #[inline(always)]
    pub fn decayed(&self, now: i64) -> u64 {
        let elapsed = if now > self.last_ts { (now - self.last_ts) as u64 } else { 0 };
        if elapsed >= self.window_secs {
            return 0;
        }
        // value × (window − elapsed) / window ≤ value, so the quotient always fits.
        groundwork_common::math::mul_div(self.value, self.window_secs - elapsed, self.window_secs).unwrap_or(0)
    }

    /// The window's new value if `amount` more credits are minted at `now`, or the trip.
    #[inline(always)]
    pub fn record(&self, now: i64, amount: u64) -> Result<u64, CreditsError> {
        let next = self.decayed(now).checked_add(amount).ok_or(CreditsError::CircuitBreakerTripped)?;
        if next > self.cap { Err(CreditsError::CircuitBreakerTripped) } else { Ok(next) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn breaker(value: u64, last_ts: i64) -> Breaker {
        Breaker { window_secs: 100, cap: 1_000, value, last_ts }
    }

    #[test]
    fn caps_within_a_window() {
        assert_eq!(breaker(0, 0).record(0, 1_000), Ok(1_000));
        assert_eq!(breaker(0, 0).record(0, 1_001), Err(CreditsError::CircuitBreakerTripped));
        assert_eq!(breaker(1_000, 0).record(0, 1), Err(CreditsError::CircuitBreakerTripped));
    }

    #[test]
    fn decays_linearly_and_empties_after_a_window() {
        assert_eq!(breaker(1_000, 0).decayed(50), 500);
        assert_eq!(breaker(1_000, 0).record(50, 500), Ok(1_000));
        assert_eq!(breaker(1_000, 0).record(50, 501), Err(CreditsError::CircuitBreakerTripped));
        assert_eq!(breaker(1_000, 0).decayed(100), 0);
        assert_eq!(breaker(1_000, 0).decayed(1_000_000), 0);
        // A clock that went backwards decays nothing.
        assert_eq!(breaker(1_000, 10).decayed(5), 1_000);
    }

    #[test]
    fn overflow_trips_rather_than_wraps() {
        let b = Breaker { window_secs: 100, cap: u64::MAX, value: u64::MAX, last_ts: 0 };
        assert_eq!(b.record(0, 1), Err(CreditsError::CircuitBreakerTripped));
    }
}
