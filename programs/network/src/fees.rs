//! Fees in data credits (docs/makers.md): the fee schedule lookup and the burn through the credits
//! program's `burn_fee`, which the network account signs as this program's PDA, so only this
//! program records fees (nobody else can fake them as demand).
//!
//! A fee-charging instruction lists, after its own accounts, `fee_schedule` and the seven
//! accounts of `FeeAccounts`. All are optional in the IDL (the program id, or absent, stands for
//! none): the schedule is needed once the network has one (`Network::has_fee_schedule`), the
//! rest when the fee is not zero.
use crate::{
    error::NetworkError,
    state::{seeds, DeviceFees, FeeSchedule, Network},
};
use groundwork_common::{
    checks,
    discriminator,
    ids::CREDITS_PROGRAM,
    key,
    pinocchio::{
        cpi::{invoke_signed, Seed, Signer},
        error::ProgramError,
        instruction::{InstructionAccount, InstructionView},
        AccountView, Address,
    },
    state,
};

/// Fee kinds, as the credits program's `burn_fee` records them.
pub mod fee_kind {
    pub const ONBOARDING: u8 = 0;
    pub const LOCATION: u8 = 1;
}

/// `fee_schedule` plus the seven accounts that pay a fee.
pub const FEE_ACCOUNTS: usize = 8;

/// The up-to-`FEE_ACCOUNTS` optional fee accounts that follow an instruction's fixed accounts at
/// `at`, copied out (a handler then borrows its fixed accounts mutably) with how many were passed.
/// Unused slots hold `accounts[0]` and are never read: callers slice to the count.
#[inline(always)]
pub fn trailing(accounts: &[AccountView], at: usize) -> ([AccountView; FEE_ACCOUNTS], usize) {
    let len = accounts.len().saturating_sub(at).min(FEE_ACCOUNTS);
    (core::array::from_fn(|i| if i < len { accounts[at + i] } else { accounts[0] }), len)
}

const BURN_FEE: [u8; 8] = discriminator::instruction("burn_fee");

/// The account at `at`, or `None` when absent or the program id (Anchor's "none").
#[inline(always)]
pub fn optional(accounts: &[AccountView], at: usize, program_id: &Address) -> Option<AccountView> {
    match accounts.get(at) {
        Some(a) if !key::eq(a.address(), program_id) => Some(*a),
        _ => None,
    }
}

/// The fees of `kind`: zero while the network has no fee schedule; otherwise read from the
/// schedule at `accounts[at]`, which must then be passed (`FeeAccountsMissing`).
#[inline(always)]
pub fn fees_of(accounts: &[AccountView], at: usize, net: &Network, network: &Address, program_id: &Address, kind: u16) -> Result<DeviceFees, ProgramError> {
    if net.has_fee_schedule == 0 {
        return Ok(DeviceFees { onboarding_fee: 0, location_fee: 0, kind, _reserved: [0; 6] });
    }
    let Some(schedule) = optional(accounts, at, program_id) else {
        return Err(NetworkError::FeeAccountsMissing.into());
    };
    let s = state::load::<FeeSchedule>(&schedule, program_id, "fee_schedule")?;
    if !key::eq(&s.network, network) {
        return Err(NetworkError::WrongNetwork.into());
    }
    Ok(s.fees_of(kind))
}

/// What a fee burn needs besides the accounts. Grouped for the five-register limit.
pub struct FeeBurn<'a> {
    /// The instruction's accounts; the payer's seven start at `at`.
    pub accounts: &'a [AccountView],
    pub at: usize,
    pub network: &'a AccountView,
    pub net: &'a Network,
    pub amount: u64,
    pub fee_kind: u8,
    /// The device account, recorded in the credits program's event.
    pub device: &'a Address,
}

/// Burns `amount` credits from the fee payer's DC account through the credits program (nothing
/// when zero). Accounts from `at`: fee_payer `[signer]` (owner of the DC account), dc_account
/// `[writable]`, credits_config, dc_mint `[writable]`, tally_ring `[writable]`, credits_program,
/// dc_token_program; the credits program checks config, mint, ring and token program against the
/// network. Returns the fee payer (zero key when nothing was burned). Call it before writing any
/// account passed to it.
#[inline(never)]
pub fn burn(b: &FeeBurn, program_id: &Address, payer_out: &mut Address) -> Result<(), ProgramError> {
    if b.amount == 0 {
        return Ok(());
    }
    let mut views = [b.accounts[0]; 7];
    for (i, v) in views.iter_mut().enumerate() {
        *v = optional(b.accounts, b.at + i, program_id).ok_or(NetworkError::FeeAccountsMissing)?;
    }
    let [fee_payer, dc_account, config, dc_mint, ring, credits_program, dc_token_program] = views;
    checks::signer(&fee_payer, "fee_payer")?;
    checks::writable(&dc_account, "fee_dc_account")?;
    checks::program(&credits_program, &CREDITS_PROGRAM.0, "credits_program")?;

    let mut data = [0u8; 49];
    data[..8].copy_from_slice(&BURN_FEE);
    data[8..16].copy_from_slice(&b.amount.to_le_bytes());
    data[16] = b.fee_kind;
    data[17..49].copy_from_slice(b.device.as_ref());
    let metas = [
        InstructionAccount::readonly_signer(b.network.address()),
        InstructionAccount::readonly_signer(fee_payer.address()),
        InstructionAccount::readonly(config.address()),
        InstructionAccount::writable(dc_mint.address()),
        InstructionAccount::writable(dc_account.address()),
        InstructionAccount::writable(ring.address()),
        InstructionAccount::readonly(dc_token_program.address()),
    ];
    let ix = InstructionView { program_id: credits_program.address(), data: &data, accounts: &metas };
    let bump = [b.net.bump];
    let signer_seeds =
        [Seed::from(seeds::NETWORK), Seed::from(b.net.mint.as_ref()), Seed::from(b.net.creator.as_ref()), Seed::from(&bump)];
    invoke_signed(&ix, &[*b.network, fee_payer, config, dc_mint, dc_account, ring, dc_token_program], &[Signer::from(&signer_seeds)])?;
    key::copy_key(payer_out, fee_payer.address());
    Ok(())
}
