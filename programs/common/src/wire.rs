//! A Borsh reader for Anchor instruction arguments (after the 8-byte discriminator). Every read is
//! bounds-checked; running short, or bytes left over, is an error the caller names.
use pinocchio::Address;

pub struct Reader<'a> {
    data: &'a [u8],
}

/// The instruction data did not decode as the instruction's arguments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Malformed;

impl<'a> Reader<'a> {
    #[inline(always)]
    pub fn new(data: &'a [u8]) -> Self {
        Self { data }
    }

    #[inline(always)]
    pub fn take<const N: usize>(&mut self) -> Result<&'a [u8; N], Malformed> {
        if self.data.len() < N {
            return Err(Malformed);
        }
        let (head, tail) = self.data.split_at(N);
        self.data = tail;
        // SAFETY: `head` has exactly N bytes.
        Ok(unsafe { &*(head.as_ptr() as *const [u8; N]) })
    }

    #[inline(always)]
    pub fn u8(&mut self) -> Result<u8, Malformed> { Ok(self.take::<1>()?[0]) }
    #[inline(always)]
    pub fn u16(&mut self) -> Result<u16, Malformed> { Ok(u16::from_le_bytes(*self.take()?)) }
    #[inline(always)]
    pub fn u32(&mut self) -> Result<u32, Malformed> { Ok(u32::from_le_bytes(*self.take()?)) }
    #[inline(always)]
    pub fn u64(&mut self) -> Result<u64, Malformed> { Ok(u64::from_le_bytes(*self.take()?)) }
    #[inline(always)]
    pub fn i64(&mut self) -> Result<i64, Malformed> { Ok(i64::from_le_bytes(*self.take()?)) }

    /// Borsh `bool`: exactly 0 or 1.
    #[inline(always)]
    pub fn bool(&mut self) -> Result<bool, Malformed> {
        match self.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(Malformed),
        }
    }

    #[inline(always)]
    pub fn address(&mut self) -> Result<Address, Malformed> {
        Ok(Address::new_from_array(*self.take::<32>()?))
    }

    /// Borsh `Vec<T>` length prefix, bounded by `max`.
    #[inline(always)]
    pub fn len(&mut self, max: usize) -> Result<usize, Malformed> {
        let n = self.u32()? as usize;
        if n > max { Err(Malformed) } else { Ok(n) }
    }

    /// Borsh `Option<T>` tag.
    #[inline(always)]
    pub fn option(&mut self) -> Result<bool, Malformed> { self.bool() }

    /// The remaining bytes (for `Vec<[u8; 32]>` bodies read in place).
    #[inline(always)]
    pub fn slice(&mut self, n: usize) -> Result<&'a [u8], Malformed> {
        if self.data.len() < n {
            return Err(Malformed);
        }
        let (head, tail) = self.data.split_at(n);
        self.data = tail;
        Ok(head)
    }

    /// All arguments must be consumed: trailing bytes mean the caller built the wrong layout.
    #[inline(always)]
    pub fn finish(self) -> Result<(), Malformed> {
        if self.data.is_empty() { Ok(()) } else { Err(Malformed) }
    }
}

impl From<Malformed> for pinocchio::error::ProgramError {
    #[cold]
    fn from(_: Malformed) -> Self {
        crate::checks::framework_error(crate::checks::FrameworkError::InstructionDidNotDeserialize)
    }
}
