//! Loading and relationship checks shared by the handlers (all inlined into each handler).
//!
//! Why not `Address == Address`: on upstream BPF a 32-byte `==` becomes a byte-by-byte `memcmp`
//! loop (~150-250 CU each; `stake` made eight of them). Keys in the input region and in our
//! accounts are 8-byte aligned, so [`same`] compares four u64 words there. The loaders below are
//! `groundwork_common::state::load{,_mut}` / `token::token_account` with that comparison: same
//! checks, same errors, in the same order.
use crate::{
    error::NetworkError,
    state::{Network, Operator},
};
use groundwork_common::{
    checks::{self, account_error, FrameworkError},
    pinocchio::{error::ProgramError, AccountView, Address},
    state::AccountState,
    token::TOKEN_ACCOUNT_LEN,
};

/// `a == b`, by four u64 loads when both keys are 8-byte aligned.
#[inline(always)]
pub fn same(a: &Address, b: &Address) -> bool {
    let (pa, pb) = (a.as_array().as_ptr(), b.as_array().as_ptr());
    if (pa as usize | pb as usize) & 7 != 0 {
        return a == b;
    }
    // SAFETY: both point at 32 readable bytes, 8-byte aligned (checked above).
    unsafe {
        let (wa, wb) = (pa as *const u64, pb as *const u64);
        (*wa ^ *wb) | (*wa.add(1) ^ *wb.add(1)) | (*wa.add(2) ^ *wb.add(2)) | (*wa.add(3) ^ *wb.add(3)) == 0
    }
}

/// The account's owner, in place (the runtime lays it out right after the address).
#[inline(always)]
fn owner(account: &AccountView) -> &Address {
    // SAFETY: `RuntimeAccount` is `repr(C)` with `owner: Address` immediately after `address`.
    unsafe { &*(account.address() as *const Address).add(1) }
}

#[inline(always)]
pub fn owned_by(account: &AccountView, program: &Address) -> bool {
    same(owner(account), program)
}

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
    // SAFETY: length checked; account data is 8-byte aligned in the input region.
    let discriminator = unsafe { *(account.data_ptr() as *const u64) };
    if discriminator != u64::from_le_bytes(T::DISCRIMINATOR) {
        return Err(account_error(role, FrameworkError::AccountDiscriminatorMismatch));
    }
    Ok(())
}

/// `groundwork_common::state::load` with word-wise key comparison.
#[inline(always)]
pub fn load<'a, T: AccountState>(account: &'a AccountView, program_id: &Address, role: &str) -> Result<&'a T, ProgramError> {
    check::<T>(account, program_id, role)?;
    // SAFETY: as in `groundwork_common::state::load`.
    Ok(unsafe { &*(account.data_ptr().add(8) as *const T) })
}

/// `groundwork_common::state::load_mut` with word-wise key comparison.
#[inline(always)]
pub fn load_mut<'a, T: AccountState>(account: &'a mut AccountView, program_id: &Address, role: &str) -> Result<&'a mut T, ProgramError> {
    checks::writable(account, role)?;
    check::<T>(account, program_id, role)?;
    // SAFETY: as in `groundwork_common::state::load_mut`.
    Ok(unsafe { &mut *(account.data_mut_ptr().add(8) as *mut T) })
}

/// `checks::address`: the account is the key stored in state.
#[inline(always)]
pub fn address(account: &AccountView, expected: &Address, role: &str) -> Result<(), ProgramError> {
    if same(account.address(), expected) { Ok(()) } else { Err(account_error(role, FrameworkError::ConstraintAddress)) }
}

/// `checks::program`: the account is the expected program.
#[inline(always)]
pub fn program(account: &AccountView, expected: &Address, role: &str) -> Result<(), ProgramError> {
    if same(account.address(), expected) { Ok(()) } else { Err(account_error(role, FrameworkError::InvalidProgramId)) }
}

/// `token::token_account` without copying fields out: owned by `token_program`, initialised
/// (not frozen), of `mint`.
#[inline(always)]
pub fn token_account(account: &AccountView, token_program: &Address, mint: &Address, role: &str) -> Result<(), ProgramError> {
    if !owned_by(account, token_program) {
        return Err(account_error(role, FrameworkError::ConstraintTokenTokenProgram));
    }
    if account.data_len() < TOKEN_ACCOUNT_LEN {
        return Err(account_error(role, FrameworkError::AccountDidNotDeserialize));
    }
    // SAFETY: length checked; the mint is the first 32 bytes, the state byte is at 108.
    let (account_mint, state) = unsafe { (&*(account.data_ptr() as *const Address), *account.data_ptr().add(108)) };
    if state != 1 {
        return Err(account_error(role, FrameworkError::AccountNotInitialized));
    }
    if !same(account_mint, mint) {
        return Err(account_error(role, FrameworkError::ConstraintTokenMint));
    }
    Ok(())
}

/// The network, for a change only its authority may make: `authority` signs and is the
/// network's current authority.
#[inline(always)]
pub fn governed<'a>(network: &'a mut AccountView, authority: &AccountView, program_id: &Address) -> Result<&'a mut Network, ProgramError> {
    checks::signer(authority, "authority")?;
    let net = load_mut::<Network>(network, program_id, "network")?;
    if !same(&net.authority, authority.address()) {
        return Err(NetworkError::Unauthorized.into());
    }
    Ok(net)
}

/// An operator of `network`. Owner + discriminator prove we created it at its PDA, so the stored
/// `network` field is the relationship to check (no PDA hashing needed).
#[inline(always)]
pub fn operator_of<'a>(operator: &'a mut AccountView, network: &Address, program_id: &Address, role: &str) -> Result<&'a mut Operator, ProgramError> {
    let op = load_mut::<Operator>(operator, program_id, role)?;
    if !same(&op.network, network) {
        return Err(NetworkError::WrongNetwork.into());
    }
    Ok(op)
}

/// `wallet` signs and controls `op`.
#[inline(always)]
pub fn controls(op: &Operator, wallet: &AccountView) -> Result<(), ProgramError> {
    if !same(&op.authority, wallet.address()) {
        return Err(NetworkError::NotOperatorAuthority.into());
    }
    Ok(())
}
