//! `spend_credits`: credits are burned for service, by the holder or by a service provider
//! holding a `Delegation` on the holder's DC account.
//!
//! Accounts:
//! 0. `[writable, signer]` spender: the DC account's owner, or a delegate; pays the epoch
//!    tally's rent when it is created
//! 1. `[]` config: PDA `["credits", network]` (signs the burn as token-level delegate)
//! 2. `[writable]` dc_mint
//! 3. `[writable]` dc_account: the holder's DC token account
//! 4. `[writable]` tally: PDA `["tally", network, epoch u64 LE]`, created if missing
//! 5. `[writable, optional]` delegation: PDA `["delegation", dc_account, spender]` when a
//!    delegate spends; the credits program id (Anchor's "none") when the holder spends
//! 6. `[]` dc_token_program: Token-2022
//! 7. `[]` system_program
//!
//! Args: `amount: u64`, `usage_ref: [u8; 32]` (recorded in the event).
use super::{add, open_tally, TallyTarget};
use crate::{
    error::CreditsError,
    events::{Event, CREDITS_SPENT},
    state::{seeds, CreditsConfig, Delegation},
};
use groundwork_common::{
    key,
    state,
    token,
    checks,
    ids::{SYSTEM_PROGRAM, TOKEN_2022_PROGRAM},
    pinocchio::{
        cpi::{Seed, Signer},
        sysvars::{clock::Clock, Sysvar},
        ProgramResult,
    },
    Ix,
    wire::Reader,
};
use pinocchio_token::instructions::Burn;

// Hot path: keys are compared and copied as aligned words (`key`), nothing is copied that can
// be borrowed in place, and the tally is hashed only when it is created.
#[inline(never)]
pub fn process(ix: &mut Ix) -> ProgramResult {
    let (program_id, data) = (ix.program_id, ix.data);
    let [spender, config, dc_mint, dc_account, tally, delegation, dc_token_program, system_program] =
        checks::accounts::<8>(ix.accounts)?;
    checks::writable_signer(spender, "spender")?;
    let cfg = state::load::<CreditsConfig>(config, program_id, "config")?;
    checks::address(dc_mint, &cfg.dc_mint, "dc_mint")?;
    checks::program(dc_token_program, &TOKEN_2022_PROGRAM.0, "dc_token_program")?;
    checks::program(system_program, &SYSTEM_PROGRAM.0, "system_program")?;
    let holder = token::token_account(dc_account, &TOKEN_2022_PROGRAM.0, &cfg.dc_mint, "dc_account")?;

    let mut r = Reader::new(data);
    let amount = r.u64()?;
    let usage_ref = r.take::<32>()?;
    r.finish()?;
    if cfg.paused != 0 {
        return Err(CreditsError::Paused.into());
    }
    if amount == 0 {
        return Err(CreditsError::ZeroAmount.into());
    }
    if amount > holder.amount {
        return Err(CreditsError::InsufficientCredits.into());
    }
    let now = Clock::get()?.unix_timestamp;
    let network = &cfg.network;
    let epoch = cfg.epoch_at(now);
    let by_holder = key::eq(spender.address(), &holder.owner);

    if by_holder {
        Burn::new(dc_account, dc_mint, spender, amount).invoke_with_unverified_program(&TOKEN_2022_PROGRAM.0)?;
    } else {
        if key::eq(delegation.address(), program_id) {
            return Err(CreditsError::NotHolder.into());
        }
        let d = state::load_mut::<Delegation>(delegation, program_id, "delegation")?;
        if !key::eq(&d.dc_account, dc_account.address()) || !key::eq(&d.delegate, spender.address()) {
            return Err(CreditsError::NotDelegate.into());
        }
        if amount > d.allowance {
            return Err(CreditsError::AllowanceExceeded.into());
        }
        // The burn runs under the config PDA's token-level approval; check it here so a missing
        // or exhausted approval is a clear error rather than a token-program failure.
        let approved = holder.delegate_is(config.address()) && holder.delegated_amount() >= amount;
        if !approved {
            return Err(CreditsError::DelegateNotApproved.into());
        }
        d.allowance -= amount;
        d.spent = add(d.spent, amount)?;
        let bump_seed = [cfg.bump];
        let signer_seeds = [Seed::from(seeds::CREDITS), Seed::from(network.as_ref()), Seed::from(&bump_seed)];
        Burn::new(dc_account, dc_mint, config, amount)
            .invoke_signed_with_unverified_program(&[Signer::from(&signer_seeds)], &TOKEN_2022_PROGRAM.0)?;
    }

    let t = open_tally(&TallyTarget { payer: spender, network, epoch, program_id }, tally)?;
    t.credits_spent = add(t.credits_spent, amount)?;

    Event::new(CREDITS_SPENT)
        .key(network)
        .key(dc_account.address())
        .key(spender.address())
        .u64(amount)
        .bytes32(usage_ref)
        .u64(epoch)
        .bool(!by_holder)
        .emit();
    Ok(())
}
