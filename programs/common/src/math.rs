//! Checked arithmetic: overflow is the runtime's typed `ArithmeticOverflow`, never a wrap or a
//! panic.
use pinocchio::error::ProgramError;

/// Checked arithmetic on unsigned amounts.
pub trait Checked: Sized {
    fn add_or(self, other: Self) -> Result<Self, ProgramError>;
    fn sub_or(self, other: Self) -> Result<Self, ProgramError>;
    fn mul_or(self, other: Self) -> Result<Self, ProgramError>;
}

macro_rules! checked_impl {
    ($($t:ty),*) => {$(
        impl Checked for $t {
            #[inline(always)]
            fn add_or(self, other: $t) -> Result<$t, ProgramError> { self.checked_add(other).ok_or(ProgramError::ArithmeticOverflow) }
            #[inline(always)]
            fn sub_or(self, other: $t) -> Result<$t, ProgramError> { self.checked_sub(other).ok_or(ProgramError::ArithmeticOverflow) }
            #[inline(always)]
            fn mul_or(self, other: $t) -> Result<$t, ProgramError> {
                // Widen through mul_wide: `checked_mul` lowers to `__multi3` on upstream BPF.
                let (hi, lo) = mul_wide(self as u64, other as u64);
                if hi != 0 || lo > <$t>::MAX as u64 { Err(ProgramError::ArithmeticOverflow) } else { Ok(lo as $t) }
            }
        }
    )*};
}
checked_impl!(u16, u32, u64);

impl Checked for i64 {
    #[inline(always)]
    fn add_or(self, other: i64) -> Result<i64, ProgramError> { self.checked_add(other).ok_or(ProgramError::ArithmeticOverflow) }
    #[inline(always)]
    fn sub_or(self, other: i64) -> Result<i64, ProgramError> { self.checked_sub(other).ok_or(ProgramError::ArithmeticOverflow) }
    #[inline(always)]
    fn mul_or(self, other: i64) -> Result<i64, ProgramError> {
        // Multiply magnitudes in 64-bit halves (no `__multi3`), then restore the sign.
        let (hi, lo) = mul_wide(self.unsigned_abs(), other.unsigned_abs());
        let negative = (self < 0) != (other < 0);
        let limit = if negative { 1u64 << 63 } else { i64::MAX as u64 };
        if hi != 0 || lo > limit {
            return Err(ProgramError::ArithmeticOverflow);
        }
        Ok(if negative { (lo as i64).wrapping_neg() } else { lo as i64 })
    }
}

/// `a × b / d` rounded down, exact over the full 128-bit product, or `None` if `d` is zero or the
/// quotient does not fit in a u64.
///
/// Written with 64-bit operations only: upstream LLVM's BPF backend cannot call the `__multi3` /
/// `__udivti3` libcalls that `u128` multiplication and division lower to ("only small returns
/// supported"), so `u128` `*`, `/` and `%` must never appear in program code.
#[inline]
pub fn mul_div(a: u64, b: u64, d: u64) -> Option<u64> {
    if d == 0 {
        return None;
    }
    let (hi, lo) = mul_wide(a, b);
    div_wide(hi, lo, d)
}

/// The 128-bit product of two u64 as (high, low) words, from four 32×32 partial products.
#[inline]
pub fn mul_wide(a: u64, b: u64) -> (u64, u64) {
    const MASK: u64 = 0xffff_ffff;
    let (a_lo, a_hi) = (a & MASK, a >> 32);
    let (b_lo, b_hi) = (b & MASK, b >> 32);
    // 32×32 products cannot overflow 64 bits; `wrapping_mul` keeps LLVM from emitting the
    // overflow-checked multiply, which upstream BPF lowers to the unsupported `__multi3`.
    let ll = a_lo.wrapping_mul(b_lo);
    let lh = a_lo.wrapping_mul(b_hi);
    let hl = a_hi.wrapping_mul(b_lo);
    let hh = a_hi.wrapping_mul(b_hi);
    // Middle column: carries out of the low word go to the high word.
    let mid = (ll >> 32) + (lh & MASK) + (hl & MASK);
    let lo = (ll & MASK) | (mid << 32);
    let hi = hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
    (hi, lo)
}

/// `(hi·2⁶⁴ + lo) / d` when the quotient fits in a u64 (i.e. `hi < d`).
///
/// Schoolbook division in base 2³²: normalise `d` so its top bit is set, then produce the two
/// 32-bit quotient digits, each estimated from the top digits and corrected at most twice
/// (Knuth's algorithm D, specialised to a two-digit quotient). About 40 operations, against
/// ~640 for bit-by-bit long division — this sits on the hot path of pricing and emissions.
#[inline]
pub fn div_wide(hi: u64, lo: u64, d: u64) -> Option<u64> {
    const BASE: u64 = 1 << 32;
    const MASK: u64 = BASE - 1;
    if d == 0 || hi >= d {
        return None;
    }
    if hi == 0 {
        return Some(lo / d);
    }
    let shift = d.leading_zeros();
    let d = d << shift;
    // Numerator shifted by the same amount: top 64 bits in `top`, low 64 in `rest`.
    let top = if shift == 0 { hi } else { (hi << shift) | (lo >> (64 - shift)) };
    let rest = lo << shift;
    let (d_hi, d_lo) = (d >> 32, d & MASK);
    let (n1, n0) = (rest >> 32, rest & MASK);

    // One quotient digit of (num·BASE + next) / d, where num < d; returns (digit, remainder).
    let digit = |num: u64, next: u64| -> (u64, u64) {
        let mut q = num / d_hi;
        let mut r = num - q.wrapping_mul(d_hi);
        while q >= BASE || q.wrapping_mul(d_lo) > ((r << 32) | next) {
            q -= 1;
            r += d_hi;
            if r >= BASE {
                break;
            }
        }
        // Exact: the true partial remainder is below d, so the wrapping arithmetic lands on it.
        let rem = ((num << 32) | next).wrapping_sub(q.wrapping_mul(d));
        (q, rem)
    };
    let (q1, rem) = digit(top, n1);
    let (q0, _) = digit(rem, n0);
    Some((q1 << 32) | q0)
}

/// `value × bps / 10_000`, rounded down (bps ≤ 10_000 keeps the result ≤ value, so it fits).
#[inline(always)]
pub fn apply_bps(value: u64, bps: u16) -> u64 {
    // Split to stay in 64 bits: value = q·10_000 + r.
    let (q, r) = (value / 10_000, value % 10_000);
    // q·bps ≤ value and r·bps < 10⁸: neither product can overflow.
    q.wrapping_mul(bps as u64) + r.wrapping_mul(bps as u64) / 10_000
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bps_rounds_down_and_never_overflows() {
        assert_eq!(apply_bps(10_001, 5_000), 5_000);
        assert_eq!(apply_bps(u64::MAX, 10_000), u64::MAX);
        assert_eq!(apply_bps(u64::MAX, 1), u64::MAX / 10_000);
    }

    #[test]
    fn mul_div_equals_u128_arithmetic() {
        let samples = [0u64, 1, 2, 3, 7, 10_000, 999_999_937, u32::MAX as u64, u32::MAX as u64 + 1, 1 << 63, u64::MAX - 1, u64::MAX];
        for &a in &samples {
            for &b in &samples {
                for &d in &samples {
                    let expected = if d == 0 { None } else {
                        let q = (a as u128 * b as u128) / d as u128;
                        if q > u64::MAX as u128 { None } else { Some(q as u64) }
                    };
                    assert_eq!(mul_div(a, b, d), expected, "{a} * {b} / {d}");
                }
            }
        }
    }

    #[test]
    fn mul_wide_equals_u128() {
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..10_000 {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17;
            let y = x.rotate_left(29) ^ 0xdead_beef;
            let p = x as u128 * y as u128;
            assert_eq!(mul_wide(x, y), ((p >> 64) as u64, p as u64));
            let d = (y >> (x % 64)) | 1;
            let hi_mod = ((p >> 64) as u64) % d;
            let q = ((hi_mod as u128) << 64 | (p as u64) as u128) / d as u128;
            assert_eq!(div_wide(hi_mod, p as u64, d), Some(q as u64), "div_wide({hi_mod}, {}, {d})", p as u64);
            let expected = p / d as u128;
            assert_eq!(mul_div(x, y, d), if expected > u64::MAX as u128 { None } else { Some(expected as u64) });
        }
    }

    #[test]
    fn overflow_is_an_error() {
        assert_eq!(u64::MAX.mul_or(2), Err(ProgramError::ArithmeticOverflow));
        assert_eq!((1u64 << 32).mul_or(1 << 32), Err(ProgramError::ArithmeticOverflow));
        assert_eq!((1u64 << 31).mul_or(1 << 32), Ok(1 << 63));
        assert_eq!(60_000u16.mul_or(2), Err(ProgramError::ArithmeticOverflow));
        assert_eq!((-3i64).mul_or(4), Ok(-12));
        assert_eq!(i64::MIN.mul_or(1), Ok(i64::MIN));
        assert_eq!(i64::MIN.mul_or(-1), Err(ProgramError::ArithmeticOverflow));
        assert_eq!(i64::MAX.add_or(1), Err(ProgramError::ArithmeticOverflow));
        assert_eq!(u64::MAX.add_or(1), Err(ProgramError::ArithmeticOverflow));
        assert_eq!(0u64.sub_or(1), Err(ProgramError::ArithmeticOverflow));
    }
}
