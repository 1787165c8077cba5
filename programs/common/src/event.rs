//! Anchor events: `sol_log_data([discriminator ‖ borsh(event)])`, which an Anchor client's
//! `EventParser` decodes from the `Program data:` log line.

/// An event with a fixed Borsh layout of at most `N` bytes after its discriminator.
pub struct EventWriter<const N: usize> {
    bytes: [u8; N],
    len: usize,
}

impl<const N: usize> EventWriter<N> {
    #[inline(always)]
    pub fn new(discriminator: [u8; 8]) -> Self {
        let mut bytes = [0u8; N];
        bytes[..8].copy_from_slice(&discriminator);
        Self { bytes, len: 8 }
    }

    #[inline(always)]
    pub fn bytes(mut self, b: &[u8]) -> Self {
        self.bytes[self.len..self.len + b.len()].copy_from_slice(b);
        self.len += b.len();
        self
    }

    #[inline(always)]
    pub fn u8(self, v: u8) -> Self { self.bytes(&[v]) }
    #[inline(always)]
    pub fn u16(self, v: u16) -> Self { self.bytes(&v.to_le_bytes()) }
    #[inline(always)]
    pub fn u32(self, v: u32) -> Self { self.bytes(&v.to_le_bytes()) }
    #[inline(always)]
    pub fn u64(self, v: u64) -> Self { self.bytes(&v.to_le_bytes()) }
    #[inline(always)]
    pub fn i64(self, v: i64) -> Self { self.bytes(&v.to_le_bytes()) }
    #[inline(always)]
    pub fn bool(self, v: bool) -> Self { self.u8(v as u8) }
    #[inline(always)]
    pub fn key(self, k: &pinocchio::Address) -> Self { self.bytes(k.as_array()) }

    /// The encoded event (discriminator and fields).
    pub fn as_slice(&self) -> &[u8] {
        &self.bytes[..self.len]
    }

    /// Emits the event.
    #[inline(always)]
    pub fn emit(self) {
        #[cfg(any(target_os = "solana", target_arch = "bpf"))]
        {
            let slice: &[u8] = &self.bytes[..self.len];
            let fields: [&[u8]; 1] = [slice];
            // SAFETY: `fields` is an array of one valid slice, the layout sol_log_data expects.
            unsafe { pinocchio::syscalls::sol_log_data(fields.as_ptr() as *const u8, 1) };
        }
    }
}
