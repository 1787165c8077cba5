//! Fixed-layout (`#[repr(C)]`, explicitly padded) account state behind Anchor's 8-byte account
//! discriminator. The layout equals the Borsh layout the IDL declares, so Anchor clients decode
//! our accounts, and handlers read and write them in place without (de)serialising.
use crate::checks::{account_error, FrameworkError};
use pinocchio::{
    cpi::{Seed, Signer},
    error::ProgramError,
    sysvars::{rent::Rent, Sysvar},
    AccountView, Address,
};

/// A program account type.
///
/// # Safety
/// The implementor must be `#[repr(C)]`, contain only integer, byte-array and `Address` fields,
/// have no implicit padding and an alignment of at most 8, so that any byte pattern is valid.
pub unsafe trait AccountState: Sized {
    const DISCRIMINATOR: [u8; 8];
    /// Space of the account: discriminator plus the struct.
    const SPACE: usize = 8 + core::mem::size_of::<Self>();
}

#[inline(always)]
fn check<T: AccountState>(account: &AccountView, program_id: &Address, role: &str) -> Result<(), ProgramError> {
    if !crate::key::owned_by(account, program_id) {
        // An empty system account in a slot that should hold our state was never initialised.
        if account.lamports() == 0 || account.is_data_empty() {
            return Err(account_error(role, FrameworkError::AccountNotInitialized));
        }
        return Err(account_error(role, FrameworkError::AccountOwnedByWrongProgram));
    }
    if account.data_len() != T::SPACE {
        return Err(account_error(role, FrameworkError::AccountDidNotDeserialize));
    }
    // SAFETY: the length was just checked to cover the discriminator; account data is 8-byte
    // aligned in the input region, so it is read as one word.
    let discriminator = unsafe { *(account.data_ptr() as *const u64) };
    if discriminator != u64::from_le_bytes(T::DISCRIMINATOR) {
        return Err(account_error(role, FrameworkError::AccountDiscriminatorMismatch));
    }
    Ok(())
}

/// Reads an initialised account of type `T` owned by `program_id`.
///
/// Handlers that take two accounts of the same type check they are distinct
/// ([`crate::checks::distinct`]) before holding both.
#[inline(always)]
pub fn load<'a, T: AccountState>(account: &'a AccountView, program_id: &Address, role: &str) -> Result<&'a T, ProgramError> {
    check::<T>(account, program_id, role)?;
    // SAFETY: owner, size and discriminator checked; account data is 8-byte aligned in the input
    // region and T's alignment is at most 8 (AccountState contract).
    Ok(unsafe { &*(account.data_ptr().add(8) as *const T) })
}

/// Like [`load`], for an account the handler modifies (must be writable).
#[inline(always)]
pub fn load_mut<'a, T: AccountState>(account: &'a mut AccountView, program_id: &Address, role: &str) -> Result<&'a mut T, ProgramError> {
    crate::checks::writable(account, role)?;
    check::<T>(account, program_id, role)?;
    // SAFETY: as in `load`; the account is writable and we hold it mutably.
    Ok(unsafe { &mut *(account.data_mut_ptr().add(8) as *mut T) })
}

/// Creates the PDA `account` (seeds + bump under `program_id`) with `T::SPACE` bytes, writes the
/// discriminator and returns the zeroed state to fill. Fails with `AccountDiscriminatorAlreadySet`
/// when the account already holds data (initialising twice), and works even if someone sent
/// lamports to the address beforehand (a known way to block `create_account`).
pub fn create<'a, T: AccountState>(
    new: &NewAccount,
    account: &'a mut AccountView,
    program_id: &Address,
) -> Result<&'a mut T, ProgramError> {
    create_raw(new, account, T::SPACE, program_id)?;
    // SAFETY: the account now has T::SPACE zeroed bytes owned by `program_id`.
    unsafe {
        let data = account.data_mut_ptr();
        core::ptr::copy_nonoverlapping(T::DISCRIMINATOR.as_ptr(), data, 8);
        Ok(&mut *(data.add(8) as *mut T))
    }
}

/// Who pays for a new PDA account, the PDA's signer seeds (bump included) and its role for errors.
/// Grouped because upstream BPF passes at most five arguments in registers.
pub struct NewAccount<'a> {
    pub payer: &'a AccountView,
    pub seeds: &'a [Seed<'a>],
    pub role: &'a str,
}

/// Creates a PDA account of `space` bytes owned by `owner` (used for token accounts too).
#[inline(never)]
pub fn create_raw(new: &NewAccount, account: &AccountView, space: usize, owner: &Address) -> Result<(), ProgramError> {
    let (payer, signer_seeds, role) = (new.payer, new.seeds, new.role);
    if !crate::key::owned_by(account, &crate::ids::SYSTEM_PROGRAM.0) || !account.is_data_empty() {
        return Err(account_error(role, FrameworkError::AccountDiscriminatorAlreadySet));
    }
    crate::checks::writable(account, role)?;
    let rent = Rent::get()?.try_minimum_balance(space)?;
    let signer = [Signer::from(signer_seeds)];
    let current = account.lamports();
    if current == 0 {
        pinocchio_system::instructions::CreateAccount { from: payer, to: account, lamports: rent, space: space as u64, owner }
            .invoke_signed(&signer)?;
    } else {
        if current < rent {
            pinocchio_system::instructions::Transfer { from: payer, to: account, lamports: rent - current }.invoke()?;
        }
        pinocchio_system::instructions::Allocate { account, space: space as u64 }.invoke_signed(&signer)?;
        pinocchio_system::instructions::Assign { account, owner }.invoke_signed(&signer)?;
    }
    Ok(())
}

/// Closes a program account: its lamports go to `recipient`, its data is zeroed and it is handed
/// back to the system program, so it cannot be revived with stale state.
pub fn close(account: &mut AccountView, recipient: &mut AccountView) -> Result<(), ProgramError> {
    let lamports = account.lamports();
    let total = recipient.lamports().checked_add(lamports).ok_or(ProgramError::ArithmeticOverflow)?;
    recipient.set_lamports(total);
    account.set_lamports(0);
    account.close()
}
