//! Checked arithmetic: overflow is the runtime's typed `ArithmeticOverflow`, never a wrap or a
//! panic.
use pinocchio::error::ProgramError;

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
            fn mul_or(self, other: $t) -> Result<$t, ProgramError> { self.checked_mul(other).ok_or(ProgramError::ArithmeticOverflow) }
        }
    )*};
}
checked_impl!(u16, u32, u64, u128, i64);

/// `value × bps / 10_000`, rounded down, computed in u128 so it cannot overflow.
#[inline(always)]
pub fn apply_bps(value: u64, bps: u16) -> u64 {
    ((value as u128 * bps as u128) / 10_000) as u64
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
    fn overflow_is_an_error() {
        assert_eq!(u64::MAX.add_or(1), Err(ProgramError::ArithmeticOverflow));
        assert_eq!(0u64.sub_or(1), Err(ProgramError::ArithmeticOverflow));
    }
}
