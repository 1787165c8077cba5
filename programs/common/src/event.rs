//! Anchor events: `sol_log_data([discriminator ‖ borsh(event)])`, which an Anchor client's
//! `EventParser` decodes from the `Program data:` log line.
use pinocchio::Address;

/// An Anchor event (`discriminator ‖ borsh(fields)`) of at most `N` bytes, written into an 8-byte
/// aligned buffer: fields that land on 8-byte offsets are stored as words, the rest byte by byte,
/// and the buffer is not zeroed first. Built in place (`&mut self`), because a by-value builder
/// copies the whole buffer at every call on BPF.
#[repr(C, align(8))]
pub struct Event<const N: usize> {
    bytes: [core::mem::MaybeUninit<u8>; N],
    len: usize,
}

impl<const N: usize> Event<N> {
    #[inline(always)]
    pub fn new(discriminator: [u8; 8]) -> Self {
        let mut e = Self { bytes: [const { core::mem::MaybeUninit::uninit() }; N], len: 0 };
        e.u64(u64::from_le_bytes(discriminator));
        e
    }

    #[inline(always)]
    fn at(&mut self, n: usize) -> *mut u8 {
        assert!(self.len + n <= N);
        let p = self.bytes[self.len].as_mut_ptr();
        self.len += n;
        p
    }

    #[inline(always)]
    pub fn bytes(&mut self, b: &[u8]) -> &mut Self {
        let p = self.at(b.len());
        // SAFETY: `at` reserved b.len() bytes in the buffer.
        unsafe { core::ptr::copy_nonoverlapping(b.as_ptr(), p, b.len()) };
        self
    }

    #[inline(always)]
    pub fn bytes32(&mut self, b: &[u8; 32]) -> &mut Self {
        let p = self.at(32);
        let src = b.as_ptr();
        // SAFETY: `at` reserved 32 bytes at `p`; `b` is 32 readable bytes outside `self`. Both
        // paths stay inline (the fallback is a memcpy intrinsic, not a call): if `self` escaped
        // into a call, `len` would be reloaded and its bound re-checked after every field
        // (~10 CU a field).
        unsafe {
            if (p as usize | src as usize) & 7 == 0 {
                let (d, s) = (p as *mut u64, src as *const u64);
                *d = *s;
                *d.add(1) = *s.add(1);
                *d.add(2) = *s.add(2);
                *d.add(3) = *s.add(3);
            } else {
                core::ptr::copy_nonoverlapping(src, p, 32);
            }
        }
        self
    }

    #[inline(always)]
    pub fn key(&mut self, k: &Address) -> &mut Self {
        self.bytes32(k.as_array())
    }

    #[inline(always)]
    pub fn u64(&mut self, v: u64) -> &mut Self {
        let aligned = self.len & 7 == 0;
        let p = self.at(8);
        // SAFETY: `at` reserved 8 bytes; the buffer is 8-byte aligned, so an 8-byte offset is.
        unsafe {
            if aligned { *(p as *mut u64) = v } else { core::ptr::write_unaligned(p as *mut u64, v) }
        }
        self
    }

    #[inline(always)]
    pub fn i64(&mut self, v: i64) -> &mut Self { self.u64(v as u64) }
    #[inline(always)]
    pub fn u8(&mut self, v: u8) -> &mut Self { self.bytes(&[v]) }
    #[inline(always)]
    pub fn u16(&mut self, v: u16) -> &mut Self { self.bytes(&v.to_le_bytes()) }
    #[inline(always)]
    pub fn u32(&mut self, v: u32) -> &mut Self { self.bytes(&v.to_le_bytes()) }
    #[inline(always)]
    pub fn bool(&mut self, v: bool) -> &mut Self { self.u8(v as u8) }

    /// The encoded event (discriminator and fields).
    #[inline(always)]
    pub fn as_slice(&self) -> &[u8] {
        // SAFETY: the first `len` bytes were written.
        unsafe { core::slice::from_raw_parts(self.bytes.as_ptr() as *const u8, self.len) }
    }

    /// Emits the event with `sol_log_data`.
    #[inline(always)]
    pub fn emit(&self) {
        #[cfg(any(target_os = "solana", target_arch = "bpf"))]
        {
            let fields: [&[u8]; 1] = [self.as_slice()];
            // SAFETY: `fields` is an array of one valid slice, the layout sol_log_data expects.
            unsafe { pinocchio::syscalls::sol_log_data(fields.as_ptr() as *const u8, 1) };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn borsh_layout() {
        let k = Address::new_from_array([3; 32]);
        let mut e = Event::<64>::new([1, 2, 3, 4, 5, 6, 7, 8]);
        e.key(&k).u8(9).u64(u64::MAX - 1).i64(-2).u16(0x0102).bool(true);
        let mut want = [1u8, 2, 3, 4, 5, 6, 7, 8].to_vec();
        want.extend_from_slice(&[3; 32]);
        want.push(9);
        want.extend_from_slice(&(u64::MAX - 1).to_le_bytes());
        want.extend_from_slice(&(-2i64).to_le_bytes());
        want.extend_from_slice(&[2, 1, 1]);
        assert_eq!(e.as_slice(), &want[..]);
    }
}
