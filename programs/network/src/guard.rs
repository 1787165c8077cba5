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

/// `Address::find_program_address` (canonical bump: the highest whose address is off the
/// ed25519 curve) at a fraction of the syscall's cost: `sol_try_find_program_address` charges
/// 1,500 CU per bump tried, which put `register_device` anywhere between 5.5k and 11.5k CU
/// depending on the key. Here each try is one sha256 (`derive_address`) plus one curve check
/// (159 CU), the same test `create_program_address` applies.
#[inline(always)]
pub fn find_pda<const N: usize>(seeds: &[&[u8]; N], program_id: &Address) -> (Address, u8) {
    #[cfg(any(target_os = "solana", target_arch = "bpf"))]
    {
        use solana_define_syscall::definitions::{sol_curve_validate_point, sol_sha256};
        const { assert!(N <= 5) };
        let mut bump = u8::MAX;
        let mut hash = [0u8; 32];
        loop {
            let bump_seed = [bump];
            // sha256(seeds ‖ bump ‖ program_id ‖ "ProgramDerivedAddress"), hashed in place.
            let mut parts: [&[u8]; 8] = [&[]; 8];
            parts[..N].copy_from_slice(seeds);
            parts[N] = &bump_seed;
            parts[N + 1] = program_id.as_array();
            parts[N + 2] = b"ProgramDerivedAddress";
            let mut unused = 0u8;
            // SAFETY: `parts[..N + 3]` are valid slices (the layout sol_sha256 reads), `hash` is
            // 32 writable bytes. validate_point returns 0 for a valid ed25519 point (not a PDA).
            let on_curve = unsafe {
                sol_sha256(parts.as_ptr() as *const u8, (N + 3) as u64, hash.as_mut_ptr());
                sol_curve_validate_point(0, hash.as_ptr(), &mut unused) == 0
            };
            if !on_curve {
                return (Address::new_from_array(hash), bump);
            }
            if bump == 0 {
                // All 256 on the curve: as improbable as a hash collision; let the runtime decide.
                return Address::find_program_address(seeds, program_id);
            }
            bump -= 1;
        }
    }
    #[cfg(not(any(target_os = "solana", target_arch = "bpf")))]
    {
        Address::find_program_address(seeds, program_id)
    }
}
