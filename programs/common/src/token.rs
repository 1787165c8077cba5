//! SPL token accounts and mints: checked reads, and the CPIs the programs make.
//!
//! Layouts are SPL Token's (Token-2022 shares the base 165-byte account and 82-byte mint layout,
//! with extensions after them).
use crate::checks::{account_error, FrameworkError};
use crate::ids::{TOKEN_2022_PROGRAM_ID, TOKEN_PROGRAM_ID};
use pinocchio::{
    cpi::{Seed, Signer},
    error::ProgramError,
    AccountView, Address,
};
use pinocchio_token::instructions::{Burn, InitializeAccount3, MintTo, Transfer};

pub const TOKEN_ACCOUNT_LEN: usize = 165;
pub const MINT_LEN: usize = 82;

/// A token program we accept for the network token.
#[inline(always)]
pub fn is_token_program(id: &Address) -> bool {
    id == &TOKEN_PROGRAM_ID || id == &TOKEN_2022_PROGRAM_ID
}

/// The fields of a token account the programs use.
pub struct TokenAccount {
    pub mint: Address,
    pub owner: Address,
    pub amount: u64,
}

/// Reads a token account: owned by `token_program`, initialised, not frozen, of `mint`.
#[inline(always)]
pub fn token_account(account: &AccountView, token_program: &Address, mint: &Address, role: &str) -> Result<TokenAccount, ProgramError> {
    if !account.owned_by(token_program) {
        return Err(account_error(role, FrameworkError::ConstraintTokenTokenProgram));
    }
    if account.data_len() < TOKEN_ACCOUNT_LEN {
        return Err(account_error(role, FrameworkError::AccountDidNotDeserialize));
    }
    // SAFETY: length checked; fields read by copying bytes.
    let data = unsafe { core::slice::from_raw_parts(account.data_ptr(), TOKEN_ACCOUNT_LEN) };
    // state byte: 0 uninitialised, 1 initialised, 2 frozen.
    if data[108] != 1 {
        return Err(account_error(role, FrameworkError::AccountNotInitialized));
    }
    let account_mint = Address::new_from_array(data[0..32].try_into().unwrap());
    if &account_mint != mint {
        return Err(account_error(role, FrameworkError::ConstraintTokenMint));
    }
    Ok(TokenAccount {
        mint: account_mint,
        owner: Address::new_from_array(data[32..64].try_into().unwrap()),
        amount: u64::from_le_bytes(data[64..72].try_into().unwrap()),
    })
}

/// The fields of a mint the programs use.
pub struct Mint {
    pub mint_authority: Option<Address>,
    pub supply: u64,
    pub decimals: u8,
    pub freeze_authority: Option<Address>,
}

/// Reads a mint owned by `token_program`.
#[inline(always)]
pub fn mint(account: &AccountView, token_program: &Address, role: &str) -> Result<Mint, ProgramError> {
    if !account.owned_by(token_program) {
        return Err(account_error(role, FrameworkError::ConstraintTokenTokenProgram));
    }
    if account.data_len() < MINT_LEN {
        return Err(account_error(role, FrameworkError::AccountDidNotDeserialize));
    }
    // SAFETY: length checked.
    let data = unsafe { core::slice::from_raw_parts(account.data_ptr(), MINT_LEN) };
    if data[45] != 1 {
        return Err(account_error(role, FrameworkError::AccountNotInitialized));
    }
    let option = |tag: &[u8], key: &[u8]| -> Option<Address> {
        if tag[0] == 1 { Some(Address::new_from_array(key.try_into().unwrap())) } else { None }
    };
    Ok(Mint {
        mint_authority: option(&data[0..4], &data[4..36]),
        supply: u64::from_le_bytes(data[36..44].try_into().unwrap()),
        decimals: data[44],
        freeze_authority: option(&data[46..50], &data[50..82]),
    })
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
