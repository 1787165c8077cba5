//! Keys: compare, copy and derive 32-byte addresses.
//!
//! Why not `Address == Address`: upstream BPF has no misaligned loads, so LLVM lowers a 32-byte
//! `==` to 32 byte loads reassembled into words (~180 instructions per equal key) and a key copy
//! to 64 byte loads/stores. Keys in the input region (account addresses, owners, account data) are
//! 8-byte aligned, so here they are compared and copied as four `u64` words (~12 instructions),
//! with a byte-wise fallback when a pointer is not aligned (checked at run time, so always sound).
use pinocchio::{AccountView, Address};

/// A key constant placed on an 8-byte boundary, so comparisons against it take the word path.
#[repr(C, align(8))]
pub struct AlignedKey(pub Address);

impl AlignedKey {
    /// A copy of `key` on an 8-byte boundary, made with word moves when `key` is aligned (an
    /// account's address in the input region). A plain `*address` copy is 64 byte moves, and
    /// the copy it yields has no known alignment, so later compares and event writes of it take
    /// the byte path.
    #[inline(always)]
    pub fn copy_of(key: &Address) -> Self {
        let mut out = core::mem::MaybeUninit::<AlignedKey>::uninit();
        // SAFETY: `out` is 32 writable bytes, 8-byte aligned; copy32 writes all of them.
        unsafe {
            copy32(&mut *(out.as_mut_ptr() as *mut [u8; 32]), key.as_array());
            out.assume_init()
        }
    }
}

impl AlignedKey {
    /// A copy of a key at any alignment, for the program id: the runtime places it right after
    /// the instruction data, so its alignment follows the data's length (a depth-20 claim's id
    /// sits 4 bytes off). `instructions!` makes it once per instruction when the id is not
    /// 8-byte aligned (an aligned key is better used in place, or copied with `copy_of`), so
    /// every owner check against it takes the word path: ~12 instructions instead of ~180.
    #[inline(always)]
    pub fn copy_of_any(key: &Address) -> Self {
        let src = key.as_array().as_ptr();
        let mut out = core::mem::MaybeUninit::<AlignedKey>::uninit();
        // SAFETY: `out` is 32 writable bytes, 8-byte aligned; every byte is written below from
        // the 32 readable bytes of `key`, with u32 moves when `key` is 4-byte aligned.
        unsafe {
            if (src as usize) & 3 == 0 {
                let (d, s) = (out.as_mut_ptr() as *mut u32, src as *const u32);
                let mut i = 0;
                while i < 8 {
                    *d.add(i) = *s.add(i);
                    i += 1;
                }
            } else {
                copy_bytes(&mut *(out.as_mut_ptr() as *mut [u8; 32]), key.as_array());
            }
            out.assume_init()
        }
    }
}

impl core::ops::Deref for AlignedKey {
    type Target = Address;
    #[inline(always)]
    fn deref(&self) -> &Address {
        &self.0
    }
}

#[inline(always)]
fn aligned(p: *const u8) -> bool {
    (p as usize) & 7 == 0
}

/// Whether `key` sits on an 8-byte boundary (compares and copies of it take the word path).
#[inline(always)]
pub fn is_aligned(key: &Address) -> bool {
    aligned(key.as_array().as_ptr())
}

#[cold]
#[inline(never)]
pub(crate) fn eq_bytes(a: &Address, b: &Address) -> bool {
    a == b
}

/// `a == b`, as four word compares when both are 8-byte aligned.
#[inline(always)]
pub fn eq(a: &Address, b: &Address) -> bool {
    let (pa, pb) = (a.as_array().as_ptr(), b.as_array().as_ptr());
    if aligned(pa) && aligned(pb) {
        // SAFETY: both point to 32 readable bytes, 8-byte aligned (checked above).
        unsafe {
            let (x, y) = (pa as *const u64, pb as *const u64);
            ((*x ^ *y) | (*x.add(1) ^ *y.add(1)) | (*x.add(2) ^ *y.add(2)) | (*x.add(3) ^ *y.add(3))) == 0
        }
    } else {
        eq_bytes(a, b)
    }
}

/// `a == b` for a 32-byte array (a merkle root, a hash).
#[inline(always)]
pub fn eq32(a: &[u8; 32], b: &[u8; 32]) -> bool {
    // SAFETY: Address is a transparent 32-byte array.
    eq(unsafe { &*(a as *const [u8; 32] as *const Address) }, unsafe { &*(b as *const [u8; 32] as *const Address) })
}

#[cold]
#[inline(never)]
fn copy_bytes(dst: &mut [u8; 32], src: &[u8; 32]) {
    *dst = *src;
}

/// `*dst = *src` for 32 bytes, as four word moves when both are 8-byte aligned.
#[inline(always)]
pub fn copy32(dst: &mut [u8; 32], src: &[u8; 32]) {
    let (pd, ps) = (dst.as_mut_ptr(), src.as_ptr());
    if aligned(pd) && aligned(ps) {
        // SAFETY: 32 bytes each, 8-byte aligned (checked), distinct borrows so no overlap.
        unsafe {
            let (d, s) = (pd as *mut u64, ps as *const u64);
            *d = *s;
            *d.add(1) = *s.add(1);
            *d.add(2) = *s.add(2);
            *d.add(3) = *s.add(3);
        }
    } else {
        copy_bytes(dst, src);
    }
}

/// `*dst = *src` for keys.
#[inline(always)]
pub fn copy_key(dst: &mut Address, src: &Address) {
    // SAFETY: Address is a transparent 32-byte array.
    copy32(unsafe { &mut *(dst as *mut Address as *mut [u8; 32]) }, src.as_array());
}

/// The account's owner, by reference (`AccountView::owner` returns a copy).
#[inline(always)]
pub fn owner(account: &AccountView) -> &Address {
    // SAFETY: the runtime account header is valid for the whole instruction.
    unsafe { &(*account.account_ptr()).owner }
}

/// `AccountView::owned_by`, with a word compare.
#[inline(always)]
pub fn owned_by(account: &AccountView, program: &Address) -> bool {
    eq(owner(account), program)
}

/// `Address::derive_address` (sha256 of seeds ‖ bump ‖ program id ‖ PDA marker, no curve check)
/// written straight into an aligned key, so comparing it takes the word path.
#[inline(always)]
pub fn derive_address<const N: usize>(seeds: &[&[u8]; N], bump: u8, program_id: &Address) -> AlignedKey {
    #[cfg(any(target_os = "solana", target_arch = "bpf"))]
    {
        const MARKER: &[u8] = b"ProgramDerivedAddress";
        use core::mem::MaybeUninit;
        let bump_seed = [bump];
        // Only the N + 3 slices hashed are written: zero-filling all 19 would cost ~40 CU.
        let mut parts = [const { MaybeUninit::<&[u8]>::uninit() }; 19];
        const { assert!(N <= 16) };
        let mut i = 0;
        while i < N {
            parts[i].write(seeds[i]);
            i += 1;
        }
        parts[N].write(&bump_seed);
        parts[N + 1].write(program_id.as_ref());
        parts[N + 2].write(MARKER);
        let mut out = MaybeUninit::<AlignedKey>::uninit();
        // SAFETY: `parts[..N + 3]` were written above and are valid slices in the layout
        // sol_sha256 reads; the syscall writes all 32 bytes of `out`.
        unsafe {
            pinocchio::syscalls::sol_sha256(parts.as_ptr() as *const u8, (N + 3) as u64, out.as_mut_ptr() as *mut u8);
            out.assume_init()
        }
    }
    #[cfg(not(any(target_os = "solana", target_arch = "bpf")))]
    {
        AlignedKey(Address::derive_address(seeds, Some(bump), program_id))
    }
}

/// `Address::find_program_address` at a fraction of the cost: each candidate bump (255 down) is
/// one sha256 (~160 CU) plus the curve25519 point check the runtime's `create_program_address`
/// does (`sol_curve_validate_point`, 159 CU), instead of 1,500 CU per attempt. Same result: the
/// first bump whose address is off the curve (the canonical bump).
#[inline(always)]
pub fn find_program_address<const N: usize>(seeds: &[&[u8]; N], program_id: &Address) -> (AlignedKey, u8) {
    let mut key = AlignedKey(Address::new_from_array([0; 32]));
    let bump = find_program_address_into(seeds, program_id, &mut key);
    (key, bump)
}

/// The search itself, out of line; writes the address to `out` (upstream BPF does not return
/// aggregates by value from a call) and returns the bump.
#[inline(never)]
fn find_program_address_into<const N: usize>(seeds: &[&[u8]; N], program_id: &Address, out: &mut AlignedKey) -> u8 {
    #[cfg(any(target_os = "solana", target_arch = "bpf"))]
    {
        let mut bump = u8::MAX;
        loop {
            *out = derive_address(seeds, bump, program_id);
            if !on_curve(&out.0) {
                return bump;
            }
            // Probability 2^-256 of no off-curve bump; find_program_address fails the same way.
            bump = bump.checked_sub(1).expect("no viable bump");
        }
    }
    #[cfg(not(any(target_os = "solana", target_arch = "bpf")))]
    {
        let (key, bump) = Address::find_program_address(seeds, program_id);
        out.0 = key;
        bump
    }
}

/// Whether `key` is a valid ed25519 point (then it cannot be a PDA).
#[cfg(any(target_os = "solana", target_arch = "bpf"))]
#[inline(always)]
fn on_curve(key: &Address) -> bool {
    const CURVE25519_EDWARDS: u64 = 0;
    let mut unused = 0u8;
    // SAFETY: `key` is 32 readable bytes; validate_point only reads it (returns 0 if on the curve).
    unsafe { pinocchio::syscalls::sol_curve_validate_point(CURVE25519_EDWARDS, key.as_array().as_ptr(), &mut unused) == 0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_compare_and_copy_match_bytes() {
        let a = AlignedKey(Address::new_from_array([7; 32]));
        let mut b = AlignedKey(Address::new_from_array([7; 32]));
        assert!(eq(&a.0, &b.0));
        for i in 0..32 {
            let mut c = AlignedKey(Address::new_from_array([7; 32]));
            let mut bytes = *c.0.as_array();
            bytes[i] = 8;
            c.0 = Address::new_from_array(bytes);
            assert!(!eq(&a.0, &c.0), "{i}");
        }
        // Unaligned operands take the byte path.
        let buf = [7u8; 40];
        let un = unsafe { &*(buf.as_ptr().add(1) as *const Address) };
        assert!(eq(un, &a.0));
        // Copies at every alignment are equal to the original and 8-byte aligned.
        let mut wide = [0u8; 40];
        for (i, b) in wide.iter_mut().enumerate() {
            *b = i as u8;
        }
        for offset in 0..8 {
            let k = unsafe { &*(wide.as_ptr().add(offset) as *const Address) };
            let c = AlignedKey::copy_of_any(k);
            assert_eq!(c.0, *k, "offset {offset}");
            assert!(aligned(c.0.as_array().as_ptr()));
        }
        copy_key(&mut b.0, &crate::ids::TOKEN_2022_PROGRAM.0);
        assert!(eq(&b.0, &crate::ids::TOKEN_2022_PROGRAM_ID));
    }

    #[test]
    fn pda_search_matches_find_program_address() {
        let program = crate::ids::CREDITS_PROGRAM_ID;
        for i in 0..8u8 {
            let seeds: [&[u8]; 2] = [b"tally", &[i; 32]];
            let (key, bump) = find_program_address(&seeds, &program);
            assert_eq!((key.0, bump), Address::find_program_address(&seeds, &program));
            assert!(eq(&derive_address(&seeds, bump, &program).0, &key.0));
        }
    }

}
