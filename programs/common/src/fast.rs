//! Hot-path variants of the key comparisons, state loads, token reads, events and PDA searches
//! that `checks`, `state`, `token` and `event` provide, with the same checks and errors.
//!
//! Why: upstream BPF has no misaligned loads, so LLVM lowers `[u8; 32] == [u8; 32]` to 32 byte
//! loads reassembled into words (~180 instructions per equal key) and a key copy to 64 byte
//! loads/stores. Keys in the input region (account addresses, owners, account data) are 8-byte
//! aligned, so here they are compared and copied as four `u64` words (~12 instructions), with a
//! byte-wise fallback when a pointer is not aligned (checked at run time, so always sound).
use crate::checks::{account_error, FrameworkError};
use crate::state::AccountState;
use pinocchio::{error::ProgramError, AccountView, Address};

/// A key constant placed on an 8-byte boundary, so comparisons against it take the word path.
#[repr(C, align(8))]
pub struct AlignedKey(pub Address);

pub const SYSTEM_PROGRAM: AlignedKey = AlignedKey(crate::ids::SYSTEM_PROGRAM_ID);
pub const TOKEN_PROGRAM: AlignedKey = AlignedKey(crate::ids::TOKEN_PROGRAM_ID);
pub const TOKEN_2022_PROGRAM: AlignedKey = AlignedKey(crate::ids::TOKEN_2022_PROGRAM_ID);
pub const NETWORK_PROGRAM: AlignedKey = AlignedKey(crate::ids::NETWORK_PROGRAM_ID);
pub const CREDITS_PROGRAM: AlignedKey = AlignedKey(crate::ids::CREDITS_PROGRAM_ID);
pub const REWARDS_PROGRAM: AlignedKey = AlignedKey(crate::ids::REWARDS_PROGRAM_ID);

#[inline(always)]
fn aligned(p: *const u8) -> bool {
    (p as usize) & 7 == 0
}

#[cold]
#[inline(never)]
fn eq_bytes(a: &Address, b: &Address) -> bool {
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

/// `AccountView::owned_by` with a word compare.
#[inline(always)]
pub fn owned_by(account: &AccountView, program: &Address) -> bool {
    eq(owner(account), program)
}

/// `checks::address`: the account's address must be `expected` (`ConstraintAddress`).
#[inline(always)]
pub fn address(account: &AccountView, expected: &Address, role: &str) -> Result<(), ProgramError> {
    if eq(account.address(), expected) { Ok(()) } else { Err(account_error(role, FrameworkError::ConstraintAddress)) }
}

/// `checks::program`: the account must be the program `program` (`InvalidProgramId`).
#[inline(always)]
pub fn program(account: &AccountView, program: &Address, role: &str) -> Result<(), ProgramError> {
    if eq(account.address(), program) { Ok(()) } else { Err(account_error(role, FrameworkError::InvalidProgramId)) }
}

/// `checks::owned_by` (`AccountOwnedByWrongProgram`).
#[inline(always)]
pub fn require_owner(account: &AccountView, program: &Address, role: &str) -> Result<(), ProgramError> {
    if owned_by(account, program) { Ok(()) } else { Err(account_error(role, FrameworkError::AccountOwnedByWrongProgram)) }
}

/// The account's first 8 data bytes as a word (account data is 8-byte aligned in the input).
#[inline(always)]
fn discriminator_word(account: &AccountView) -> u64 {
    // SAFETY: callers check the data holds at least 8 bytes; data is 8-byte aligned.
    unsafe { *(account.data_ptr() as *const u64) }
}

/// Same checks, order and errors as `state::load`'s.
#[inline(always)]
fn check<T: AccountState>(account: &AccountView, program_id: &Address, role: &str) -> Result<(), ProgramError> {
    if !owned_by(account, program_id) {
        if account.lamports() == 0 || account.is_data_empty() {
            return Err(account_error(role, FrameworkError::AccountNotInitialized));
        }
        return Err(account_error(role, FrameworkError::AccountOwnedByWrongProgram));
    }
    if account.data_len() != T::SPACE {
        return Err(account_error(role, FrameworkError::AccountDidNotDeserialize));
    }
    if discriminator_word(account) != u64::from_le_bytes(T::DISCRIMINATOR) {
        return Err(account_error(role, FrameworkError::AccountDiscriminatorMismatch));
    }
    Ok(())
}

/// `state::load` with word compares.
#[inline(always)]
pub fn load<'a, T: AccountState>(account: &'a AccountView, program_id: &Address, role: &str) -> Result<&'a T, ProgramError> {
    check::<T>(account, program_id, role)?;
    // SAFETY: as in `state::load`.
    Ok(unsafe { &*(account.data_ptr().add(8) as *const T) })
}

/// `state::load_mut` with word compares.
#[inline(always)]
pub fn load_mut<'a, T: AccountState>(account: &'a mut AccountView, program_id: &Address, role: &str) -> Result<&'a mut T, ProgramError> {
    crate::checks::writable(account, role)?;
    check::<T>(account, program_id, role)?;
    // SAFETY: as in `state::load_mut`.
    Ok(unsafe { &mut *(account.data_mut_ptr().add(8) as *mut T) })
}

/// The base layout of an SPL token account (Token and Token-2022), read in place. 168 bytes with
/// the struct's tail padding: readable because the input region keeps 10 KiB after every
/// account's data; the fields used all lie in the checked 165 bytes.
#[repr(C)]
pub struct TokenAccountData {
    pub mint: Address,
    pub owner: Address,
    pub amount: u64,
    raw: [u8; crate::token::TOKEN_ACCOUNT_LEN - 72],
}

impl TokenAccountData {
    /// `delegate` (COption<Pubkey> at 72) if set.
    #[inline(always)]
    pub fn delegate_is(&self, key: &Address) -> bool {
        // Tag u32 at 72, key at 76: 4-byte aligned, so compared as eight u32 words.
        // SAFETY: offsets within the 165-byte base layout; self is 8-byte aligned, so 72 and 76
        // are 4-byte aligned.
        unsafe {
            let base = (self as *const Self as *const u8).add(72) as *const u32;
            if *base != 1 {
                return false;
            }
            let d = base.add(1);
            let k = key.as_array().as_ptr();
            if (k as usize) & 3 != 0 {
                return eq_bytes(&*(d as *const Address), key);
            }
            let k = k as *const u32;
            let mut diff = 0u32;
            let mut i = 0;
            while i < 8 {
                diff |= *d.add(i) ^ *k.add(i);
                i += 1;
            }
            diff == 0
        }
    }

    /// `delegated_amount` (u64 at 121, unaligned).
    #[inline(always)]
    pub fn delegated_amount(&self) -> u64 {
        u64::from_le_bytes(self.raw[121 - 72..129 - 72].try_into().unwrap())
    }
}

/// `token::token_account` (same checks, order and errors), read in place without copying keys.
#[inline(always)]
pub fn token_account<'a>(account: &'a AccountView, token_program: &Address, mint: &Address, role: &str) -> Result<&'a TokenAccountData, ProgramError> {
    if !owned_by(account, token_program) {
        return Err(account_error(role, FrameworkError::ConstraintTokenTokenProgram));
    }
    if account.data_len() < crate::token::TOKEN_ACCOUNT_LEN {
        return Err(account_error(role, FrameworkError::AccountDidNotDeserialize));
    }
    // SAFETY: length checked; data is 8-byte aligned and the struct has alignment 8.
    let data = unsafe { &*(account.data_ptr() as *const TokenAccountData) };
    // state byte: 0 uninitialised, 1 initialised, 2 frozen.
    if data.raw[108 - 72] != 1 {
        return Err(account_error(role, FrameworkError::AccountNotInitialized));
    }
    if !eq(&data.mint, mint) {
        return Err(account_error(role, FrameworkError::ConstraintTokenMint));
    }
    Ok(data)
}

/// The supply of a mint owned by `token_program` (`token::mint` checks, without copying keys).
#[inline(always)]
pub fn mint_supply(account: &AccountView, token_program: &Address, role: &str) -> Result<u64, ProgramError> {
    if !owned_by(account, token_program) {
        return Err(account_error(role, FrameworkError::ConstraintTokenTokenProgram));
    }
    if account.data_len() < crate::token::MINT_LEN {
        return Err(account_error(role, FrameworkError::AccountDidNotDeserialize));
    }
    // SAFETY: length checked; supply is a u64 at 36 (4-byte aligned), read by bytes.
    let data = unsafe { core::slice::from_raw_parts(account.data_ptr(), crate::token::MINT_LEN) };
    if data[45] != 1 {
        return Err(account_error(role, FrameworkError::AccountNotInitialized));
    }
    Ok(u64::from_le_bytes(data[36..44].try_into().unwrap()))
}

/// `Address::derive_address` (sha256 of seeds ‖ bump ‖ program id ‖ PDA marker, no curve check)
/// written straight into an aligned key, so comparing it takes the word path.
#[inline(always)]
pub fn derive_address<const N: usize>(seeds: &[&[u8]; N], bump: u8, program_id: &Address) -> AlignedKey {
    #[cfg(any(target_os = "solana", target_arch = "bpf"))]
    {
        const MARKER: &[u8] = b"ProgramDerivedAddress";
        let bump_seed = [bump];
        let mut parts: [&[u8]; 19] = [&[]; 19];
        assert!(N <= 16);
        let mut i = 0;
        while i < N {
            parts[i] = seeds[i];
            i += 1;
        }
        parts[N] = &bump_seed;
        parts[N + 1] = program_id.as_ref();
        parts[N + 2] = MARKER;
        let mut out = AlignedKey(Address::new_from_array([0; 32]));
        // SAFETY: `parts[..N + 3]` are valid slices in the layout sol_sha256 reads; `out` has 32 bytes.
        unsafe {
            pinocchio::syscalls::sol_sha256(parts.as_ptr() as *const u8, (N + 3) as u64, &mut out as *mut AlignedKey as *mut u8);
        }
        out
    }
    #[cfg(not(any(target_os = "solana", target_arch = "bpf")))]
    {
        AlignedKey(Address::derive_address(seeds, Some(bump), program_id))
    }
}

/// `checks::pda` (`ConstraintSeeds`): the account is the PDA of `seeds` with the stored canonical
/// `bump`, one sha256 and a word compare.
#[inline(always)]
pub fn pda<const N: usize>(account: &AccountView, seeds: &[&[u8]; N], bump: u8, program_id: &Address, role: &str) -> Result<(), ProgramError> {
    if eq(account.address(), &derive_address(seeds, bump, program_id).0) {
        Ok(())
    } else {
        Err(account_error(role, FrameworkError::ConstraintSeeds))
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

/// An Anchor event (`discriminator ‖ borsh(fields)`) written into an 8-byte aligned buffer:
/// fields that land on 8-byte offsets are stored as words, the rest byte by byte. Same bytes as
/// `event::EventWriter`, without zeroing the buffer first.
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
        // SAFETY: `at` reserved 32 bytes.
        copy32(unsafe { &mut *(p as *mut [u8; 32]) }, b);
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
        copy_key(&mut b.0, &TOKEN_2022_PROGRAM.0);
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

    #[test]
    fn events_match_the_event_writer() {
        let k = Address::new_from_array([3; 32]);
        let mut e = Event::<64>::new([1, 2, 3, 4, 5, 6, 7, 8]);
        e.key(&k).u8(9).u64(u64::MAX - 1).i64(-2);
        let w = crate::event::EventWriter::<64>::new([1, 2, 3, 4, 5, 6, 7, 8]).key(&k).u8(9).u64(u64::MAX - 1).i64(-2);
        assert_eq!(e.as_slice(), w.as_slice());
    }
}
