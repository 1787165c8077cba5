//! Account checks that open every handler. Failures use Anchor's own framework error codes and
//! messages (the codes Anchor's client already knows), logged with the account's role the way
//! Anchor logs a constraint failure: `AnchorError caused by account: <role>. ...`.
//! Keys are compared with [`key::eq`] (word compares on aligned keys).
use crate::key;
use pinocchio::{error::ProgramError, AccountView, Address};

/// Anchor framework errors (anchor-lang `ErrorCode`) that our checks raise.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum FrameworkError {
    InstructionMissing = 100,
    InstructionFallbackNotFound = 101,
    InstructionDidNotDeserialize = 102,
    ConstraintMut = 2000,
    ConstraintHasOne = 2001,
    ConstraintSigner = 2002,
    ConstraintOwner = 2004,
    ConstraintSeeds = 2006,
    ConstraintAddress = 2012,
    ConstraintTokenMint = 2014,
    ConstraintTokenOwner = 2015,
    ConstraintMintMintAuthority = 2016,
    ConstraintTokenTokenProgram = 2021,
    RequireKeysNeqViolated = 2504,
    AccountDiscriminatorAlreadySet = 3000,
    AccountDiscriminatorMismatch = 3002,
    AccountDidNotDeserialize = 3003,
    AccountNotEnoughKeys = 3005,
    AccountNotMutable = 3006,
    AccountOwnedByWrongProgram = 3007,
    InvalidProgramId = 3008,
    AccountNotSigner = 3010,
    AccountNotSystemOwned = 3011,
    AccountNotInitialized = 3012,
}

impl FrameworkError {
    pub const ALL: &'static [FrameworkError] = &[
        Self::InstructionMissing, Self::InstructionFallbackNotFound, Self::InstructionDidNotDeserialize,
        Self::ConstraintMut, Self::ConstraintHasOne, Self::ConstraintSigner, Self::ConstraintOwner,
        Self::ConstraintSeeds, Self::ConstraintAddress, Self::ConstraintTokenMint, Self::ConstraintTokenOwner,
        Self::ConstraintMintMintAuthority, Self::ConstraintTokenTokenProgram, Self::RequireKeysNeqViolated,
        Self::AccountDiscriminatorAlreadySet, Self::AccountDiscriminatorMismatch, Self::AccountDidNotDeserialize,
        Self::AccountNotEnoughKeys, Self::AccountNotMutable, Self::AccountOwnedByWrongProgram,
        Self::InvalidProgramId, Self::AccountNotSigner, Self::AccountNotSystemOwned, Self::AccountNotInitialized,
    ];

    pub const fn name(self) -> &'static str {
        match self {
            Self::InstructionMissing => "InstructionMissing",
            Self::InstructionFallbackNotFound => "InstructionFallbackNotFound",
            Self::InstructionDidNotDeserialize => "InstructionDidNotDeserialize",
            Self::ConstraintMut => "ConstraintMut",
            Self::ConstraintHasOne => "ConstraintHasOne",
            Self::ConstraintSigner => "ConstraintSigner",
            Self::ConstraintOwner => "ConstraintOwner",
            Self::ConstraintSeeds => "ConstraintSeeds",
            Self::ConstraintAddress => "ConstraintAddress",
            Self::ConstraintTokenMint => "ConstraintTokenMint",
            Self::ConstraintTokenOwner => "ConstraintTokenOwner",
            Self::ConstraintMintMintAuthority => "ConstraintMintMintAuthority",
            Self::ConstraintTokenTokenProgram => "ConstraintTokenTokenProgram",
            Self::RequireKeysNeqViolated => "RequireKeysNeqViolated",
            Self::AccountDiscriminatorAlreadySet => "AccountDiscriminatorAlreadySet",
            Self::AccountDiscriminatorMismatch => "AccountDiscriminatorMismatch",
            Self::AccountDidNotDeserialize => "AccountDidNotDeserialize",
            Self::AccountNotEnoughKeys => "AccountNotEnoughKeys",
            Self::AccountNotMutable => "AccountNotMutable",
            Self::AccountOwnedByWrongProgram => "AccountOwnedByWrongProgram",
            Self::InvalidProgramId => "InvalidProgramId",
            Self::AccountNotSigner => "AccountNotSigner",
            Self::AccountNotSystemOwned => "AccountNotSystemOwned",
            Self::AccountNotInitialized => "AccountNotInitialized",
        }
    }

    /// The message Anchor's client shows for the code.
    pub const fn message(self) -> &'static str {
        match self {
            Self::InstructionMissing => "Instruction discriminator not provided",
            Self::InstructionFallbackNotFound => "Fallback functions are not supported",
            Self::InstructionDidNotDeserialize => "The program could not deserialize the given instruction",
            Self::ConstraintMut => "A mut constraint was violated",
            Self::ConstraintHasOne => "A has one constraint was violated",
            Self::ConstraintSigner => "A signer constraint was violated",
            Self::ConstraintOwner => "An owner constraint was violated",
            Self::ConstraintSeeds => "A seeds constraint was violated",
            Self::ConstraintAddress => "An address constraint was violated",
            Self::ConstraintTokenMint => "A token mint constraint was violated",
            Self::ConstraintTokenOwner => "A token owner constraint was violated",
            Self::ConstraintMintMintAuthority => "A mint mint authority constraint was violated",
            Self::ConstraintTokenTokenProgram => "A token account token program constraint was violated",
            Self::RequireKeysNeqViolated => "A require_keys_neq expression was violated",
            Self::AccountDiscriminatorAlreadySet => "The account discriminator was already set on this account",
            Self::AccountDiscriminatorMismatch => "Account discriminator did not match what was expected",
            Self::AccountDidNotDeserialize => "Failed to deserialize the account",
            Self::AccountNotEnoughKeys => "Not enough account keys given to the instruction",
            Self::AccountNotMutable => "The given account is not mutable",
            Self::AccountOwnedByWrongProgram => "The given account is owned by a different program than expected",
            Self::InvalidProgramId => "Program ID was not as expected",
            Self::AccountNotSigner => "The given account did not sign",
            Self::AccountNotSystemOwned => "The given account is not owned by the system program",
            Self::AccountNotInitialized => "The program expected this account to be already initialized",
        }
    }

    pub fn from_code(code: u32) -> Option<Self> {
        Self::ALL.iter().copied().find(|e| *e as u32 == code)
    }
}

/// Logs an account check failure with the account's role and returns the error.
#[cold]
#[inline(never)]
pub fn account_error(role: &str, error: FrameworkError) -> ProgramError {
    crate::log::anchor_error(&crate::log::ErrorLine { account: Some(role), name: error.name(), code: error as u32, message: error.message() });
    ProgramError::Custom(error as u32)
}

/// Logs a framework error not tied to one account and returns it.
#[cold]
#[inline(never)]
pub fn framework_error(error: FrameworkError) -> ProgramError {
    crate::log::anchor_error(&crate::log::ErrorLine { account: None, name: error.name(), code: error as u32, message: error.message() });
    ProgramError::Custom(error as u32)
}

#[inline(always)]
pub fn signer(account: &AccountView, role: &str) -> Result<(), ProgramError> {
    if account.is_signer() { Ok(()) } else { Err(account_error(role, FrameworkError::AccountNotSigner)) }
}

#[inline(always)]
pub fn writable(account: &AccountView, role: &str) -> Result<(), ProgramError> {
    if account.is_writable() { Ok(()) } else { Err(account_error(role, FrameworkError::AccountNotMutable)) }
}

#[inline(always)]
pub fn writable_signer(account: &AccountView, role: &str) -> Result<(), ProgramError> {
    signer(account, role)?;
    writable(account, role)
}

#[inline(always)]
pub fn owned_by(account: &AccountView, program: &Address, role: &str) -> Result<(), ProgramError> {
    if key::owned_by(account, program) { Ok(()) } else { Err(account_error(role, FrameworkError::AccountOwnedByWrongProgram)) }
}

/// The account's address must be `expected` (a key stored in program state, a sysvar, a program).
#[inline(always)]
pub fn address(account: &AccountView, expected: &Address, role: &str) -> Result<(), ProgramError> {
    if key::eq(account.address(), expected) { Ok(()) } else { Err(account_error(role, FrameworkError::ConstraintAddress)) }
}

/// The account must be the program `program` (system program, token program, …).
#[inline(always)]
pub fn program(account: &AccountView, program: &Address, role: &str) -> Result<(), ProgramError> {
    if key::eq(account.address(), program) { Ok(()) } else { Err(account_error(role, FrameworkError::InvalidProgramId)) }
}

/// The account must be the PDA of `seeds` (with `bump` appended) under `program_id`. One sha256
/// syscall ([`key::derive_address`], ~100 CU) rather than `create_program_address` (1,500 CU),
/// which is sound because `bump` was found canonical when the account was made.
#[inline(always)]
pub fn pda<const N: usize>(account: &AccountView, seeds: &[&[u8]; N], bump: u8, program_id: &Address, role: &str) -> Result<(), ProgramError> {
    if key::eq(account.address(), &key::derive_address(seeds, bump, program_id).0) {
        Ok(())
    } else {
        Err(account_error(role, FrameworkError::ConstraintSeeds))
    }
}

/// Two roles must not be played by the same account (e.g. source and destination).
#[inline(always)]
pub fn distinct(a: &AccountView, b: &AccountView, role: &str) -> Result<(), ProgramError> {
    if !key::eq(a.address(), b.address()) { Ok(()) } else { Err(account_error(role, FrameworkError::RequireKeysNeqViolated)) }
}

/// Splits the fixed accounts of an instruction off the front of the account list.
#[inline(always)]
pub fn accounts<const N: usize>(accounts: &mut [AccountView]) -> Result<&mut [AccountView; N], ProgramError> {
    match accounts.get_mut(..N) {
        Some(head) => Ok(head.try_into().map_err(|_| framework_error(FrameworkError::AccountNotEnoughKeys))?),
        None => Err(framework_error(FrameworkError::AccountNotEnoughKeys)),
    }
}
