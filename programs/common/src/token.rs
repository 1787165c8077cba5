//! SPL token accounts and mints: checked reads, and the CPIs the programs make.
//!
//! Layouts are SPL Token's (Token-2022 shares the base 165-byte account and 82-byte mint layout,
//! with extensions after them).
use crate::checks::{account_error, FrameworkError};
use pinocchio::{
    cpi::{Seed, Signer},
    error::ProgramError,
    AccountView, Address,
};
use pinocchio_token::instructions::{Burn, InitializeAccount3, MintTo, Transfer};

pub const TOKEN_ACCOUNT_LEN: usize = 165;
pub const MINT_LEN: usize = 82;

/// The base layout of an SPL token account (Token and Token-2022), read in place. 168 bytes with
/// the struct's tail padding: readable because the input region keeps 10 KiB after every
/// account's data; the fields used all lie in the checked 165 bytes.
#[repr(C)]
pub struct TokenAccount {
    pub mint: Address,
    pub owner: Address,
    pub amount: u64,
    raw: [u8; TOKEN_ACCOUNT_LEN - 72],
}

impl TokenAccount {
    /// `delegate` (COption<Pubkey> at 72) is set and equals `key`.
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
                return crate::key::eq_bytes(&*(d as *const Address), key);
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

/// A token account owned by `token_program`, initialised (not frozen), of `mint`; read in place.
#[inline(always)]
pub fn token_account<'a>(account: &'a AccountView, token_program: &Address, mint: &Address, role: &str) -> Result<&'a TokenAccount, ProgramError> {
    if !crate::key::owned_by(account, token_program) {
        return Err(account_error(role, FrameworkError::ConstraintTokenTokenProgram));
    }
    if account.data_len() < TOKEN_ACCOUNT_LEN {
        return Err(account_error(role, FrameworkError::AccountDidNotDeserialize));
    }
    // SAFETY: length checked; data is 8-byte aligned and the struct has alignment 8.
    let data = unsafe { &*(account.data_ptr() as *const TokenAccount) };
    // state byte: 0 uninitialised, 1 initialised, 2 frozen.
    if data.raw[108 - 72] != 1 {
        return Err(account_error(role, FrameworkError::AccountNotInitialized));
    }
    if !crate::key::eq(&data.mint, mint) {
        return Err(account_error(role, FrameworkError::ConstraintTokenMint));
    }
    Ok(data)
}

/// The base layout of a mint, read in place (alignment 1: `supply` sits at 36).
#[repr(C)]
pub struct Mint {
    raw: [u8; MINT_LEN],
}

impl Mint {
    /// `COption<Pubkey>` at `at`: tag u32, then the key.
    #[inline(always)]
    fn option(&self, at: usize) -> Option<&Address> {
        // SAFETY: at + 4 + 32 <= MINT_LEN for both options; Address has alignment 1.
        if self.raw[at] == 1 { Some(unsafe { &*(self.raw.as_ptr().add(at + 4) as *const Address) }) } else { None }
    }

    #[inline(always)]
    pub fn mint_authority(&self) -> Option<&Address> {
        self.option(0)
    }

    #[inline(always)]
    pub fn supply(&self) -> u64 {
        u64::from_le_bytes(self.raw[36..44].try_into().unwrap())
    }

    #[inline(always)]
    pub fn decimals(&self) -> u8 {
        self.raw[44]
    }

    #[inline(always)]
    pub fn freeze_authority(&self) -> Option<&Address> {
        self.option(46)
    }
}

/// A mint owned by `token_program`, initialised; read in place.
#[inline(always)]
pub fn mint<'a>(account: &'a AccountView, token_program: &Address, role: &str) -> Result<&'a Mint, ProgramError> {
    if !crate::key::owned_by(account, token_program) {
        return Err(account_error(role, FrameworkError::ConstraintTokenTokenProgram));
    }
    if account.data_len() < MINT_LEN {
        return Err(account_error(role, FrameworkError::AccountDidNotDeserialize));
    }
    // SAFETY: length checked; Mint has alignment 1.
    let data = unsafe { &*(account.data_ptr() as *const Mint) };
    if data.raw[45] != 1 {
        return Err(account_error(role, FrameworkError::AccountNotInitialized));
    }
    Ok(data)
}

/// Transfers `amount` from `from` to `to`; `authority` signs directly or through `seeds`.
#[inline(always)]
pub fn transfer(token_program: &Address, from: &AccountView, to: &AccountView, authority: &AccountView, amount: u64, seeds: &[Seed]) -> Result<(), ProgramError> {
    // No seeds: the authority signed the transaction itself; an empty seed set is not a PDA.
    let signers = [Signer::from(seeds)];
    Transfer::new(from, to, authority, amount)
        .invoke_signed_with_program(if seeds.is_empty() { &[] } else { &signers }, token_program)
}

/// Burns `amount` from `from`; `authority` signs directly or through `seeds`.
#[inline(always)]
pub fn burn(token_program: &Address, from: &AccountView, mint: &AccountView, authority: &AccountView, amount: u64, seeds: &[Seed]) -> Result<(), ProgramError> {
    // No seeds: the authority signed the transaction itself; an empty seed set is not a PDA.
    let signers = [Signer::from(seeds)];
    Burn::new(from, mint, authority, amount)
        .invoke_signed_with_program(if seeds.is_empty() { &[] } else { &signers }, token_program)
}

/// Mints `amount` of `mint` to `to` under the PDA mint authority `authority`.
#[inline(always)]
pub fn mint_to(token_program: &Address, mint: &AccountView, to: &AccountView, authority: &AccountView, amount: u64, seeds: &[Seed]) -> Result<(), ProgramError> {
    // No seeds: the authority signed the transaction itself; an empty seed set is not a PDA.
    let signers = [Signer::from(seeds)];
    MintTo::new(mint, to, authority, amount)
        .invoke_signed_with_program(if seeds.is_empty() { &[] } else { &signers }, token_program)
}

/// A token account to create at a PDA: `mint`, its `owner`, under `token_program`.
pub struct NewTokenAccount<'a> {
    pub token_program: &'a Address,
    pub mint: &'a AccountView,
    pub owner: &'a Address,
}

/// Creates a token account at the PDA `account` described by `new`.
#[inline(never)]
pub fn create_token_account(new: &crate::state::NewAccount, account: &AccountView, token: &NewTokenAccount) -> Result<(), ProgramError> {
    crate::state::create_raw(new, account, TOKEN_ACCOUNT_LEN, token.token_program)?;
    InitializeAccount3::new(account, token.mint, token.owner).invoke_with_program(token.token_program)
}

/// `sol_invoke_signed_c`'s C ABI (`SolInstruction`, `SolAccountMeta`, `SolAccountInfo`).
#[repr(C)]
struct CInstruction {
    program_id: *const Address,
    accounts: *const CAccountMeta,
    accounts_len: u64,
    data: *const u8,
    data_len: u64,
}

#[repr(C)]
struct CAccountMeta {
    pubkey: *const Address,
    is_writable: bool,
    is_signer: bool,
}

#[repr(C)]
struct CAccountInfo {
    key: *const Address,
    lamports: *const u64,
    data_len: u64,
    data: *const u8,
    owner: *const Address,
    rent_epoch: u64,
    /// is_signer, is_writable, executable, padding.
    flags: u32,
}

#[inline(always)]
fn c_account_info(account: &AccountView) -> CAccountInfo {
    let raw = account.account_ptr();
    // SAFETY: `raw` is the runtime account header this view points to; the data follows it. The
    // header is 8-byte aligned, so borrow_state‖is_signer‖is_writable‖executable is read as one
    // aligned word and shifted down (little-endian) to the three flags the runtime reads.
    unsafe {
        CAccountInfo {
            key: core::ptr::addr_of!((*raw).address),
            lamports: core::ptr::addr_of!((*raw).lamports),
            data_len: (*raw).data_len,
            data: raw.add(1) as *const u8,
            owner: core::ptr::addr_of!((*raw).owner),
            rent_epoch: 0,
            flags: *(raw as *const u32) >> 8,
        }
    }
}

/// The accounts of a token `Burn`: `from` (of `mint`) burned by `authority`.
pub struct BurnAccounts<'a> {
    pub token_program: &'a Address,
    pub from: &'a AccountView,
    pub mint: &'a AccountView,
    pub authority: &'a AccountView,
}

/// Burns `amount` as `Burn` does, signed through `signers` (empty: `authority` signed the
/// transaction), with the CPI built directly (`amount_cpi`). The caller has checked
/// `token_program` and holds no borrow of the three accounts.
#[inline(always)]
pub fn burn_unchecked(a: &BurnAccounts, amount: u64, signers: &[Signer]) {
    amount_cpi(&AmountCpi { token_program: a.token_program, discriminator: 8, accounts: [a.from, a.mint, a.authority] }, amount, signers);
}

/// The accounts of a token `Transfer`: `from` to `to`, moved by `authority`.
pub struct TransferAccounts<'a> {
    pub token_program: &'a Address,
    pub from: &'a AccountView,
    pub to: &'a AccountView,
    pub authority: &'a AccountView,
}

/// Transfers `amount` as `Transfer` does, built like `burn_unchecked`; same caller duties.
#[inline(always)]
pub fn transfer_unchecked(a: &TransferAccounts, amount: u64, signers: &[Signer]) {
    amount_cpi(&AmountCpi { token_program: a.token_program, discriminator: 3, accounts: [a.from, a.to, a.authority] }, amount, signers);
}

/// A token instruction of the shape `[discriminator, amount u64]` over (writable, writable,
/// signer) accounts: `Transfer` (3) and `Burn` (8).
struct AmountCpi<'a> {
    token_program: &'a Address,
    discriminator: u8,
    accounts: [&'a AccountView; 3],
}

/// Invokes an `AmountCpi` with the C ABI directly: pinocchio-token assembles the account flags
/// and the amount byte by byte (no misaligned access on upstream BPF), ~70 CU more per call on
/// a hot path.
#[inline(always)]
fn amount_cpi(cpi: &AmountCpi, amount: u64, signers: &[Signer]) {
    // The discriminator at byte 7, the amount at 8: one aligned word store.
    #[repr(C, align(8))]
    struct Data([u8; 8], u64);
    let data = Data([0, 0, 0, 0, 0, 0, 0, cpi.discriminator], amount.to_le());
    let [first, second, authority] = cpi.accounts;
    let metas = [
        CAccountMeta { pubkey: first.address(), is_writable: true, is_signer: false },
        CAccountMeta { pubkey: second.address(), is_writable: true, is_signer: false },
        CAccountMeta { pubkey: authority.address(), is_writable: false, is_signer: true },
    ];
    let infos = [c_account_info(first), c_account_info(second), c_account_info(authority)];
    let ix = CInstruction {
        program_id: cpi.token_program,
        accounts: metas.as_ptr(),
        accounts_len: 3,
        // SAFETY: byte 7 of the 16-byte `data`, 9 bytes to its end.
        data: unsafe { (&data as *const Data as *const u8).add(7) },
        data_len: 9,
    };
    #[cfg(any(target_os = "solana", target_arch = "bpf"))]
    // SAFETY: every pointer refers to a live local or account for the length of the call; a
    // failing CPI aborts the transaction, so the return value carries nothing to handle.
    unsafe {
        pinocchio::syscalls::sol_invoke_signed_c(
            &ix as *const CInstruction as *const u8,
            infos.as_ptr() as *const u8,
            3,
            signers.as_ptr() as *const u8,
            signers.len() as u64,
        );
    }
    #[cfg(not(any(target_os = "solana", target_arch = "bpf")))]
    let _ = (ix, infos, signers);
}
