//! `spend_credits`: credits are burned for service, by the holder or by a service provider
//! holding a `Delegation` on the holder's DC account.
//!
//! Accounts:
//! 0. `[writable, signer]` spender: the DC account's owner, or a delegate
//! 1. `[]` config: PDA `["credits", network]` (signs the burn as token-level delegate)
//! 2. `[writable]` dc_mint
//! 3. `[writable]` dc_account: the holder's DC token account
//! 4. `[writable]` tally_ring: PDA `["tally", network]`, the network's tally ring
//! 5. `[writable, optional]` delegation: PDA `["delegation", dc_account, spender]` when a
//!    delegate spends; the credits program id (Anchor's "none") when the holder spends
//! 6. `[]` dc_token_program: Token-2022
//!
//! Args: `amount: u64`, `usage_ref: [u8; 32]` (recorded in the event).
use super::{add, tally_ring};
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
    ids::TOKEN_2022_PROGRAM,
    pinocchio::{
        cpi::{Seed, Signer},
        sysvars::{clock::Clock, Sysvar},
        ProgramResult,
    },
    Ix,
    wire::Reader,
};

// Hot path: keys are compared and copied as aligned words (`key`), nothing is copied that can
// be borrowed in place, nothing is created or hashed (the tally ring exists from
// initialisation), and the burn CPI is built with word moves (`token::burn_unchecked`).
#[inline(never)]
pub fn process(ix: &mut Ix) -> ProgramResult {
    let (program_id, data) = (ix.program_id, ix.data);
    let [spender, config, dc_mint, dc_account, ring, delegation, dc_token_program] = checks::accounts::<7>(ix.accounts)?;
    checks::writable_signer(spender, "spender")?;
    let cfg = state::load::<CreditsConfig>(config, program_id, "config")?;
    checks::address(dc_mint, &cfg.dc_mint, "dc_mint")?;
    checks::program(dc_token_program, &TOKEN_2022_PROGRAM.0, "dc_token_program")?;
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
        token::burn_unchecked(&token::BurnAccounts { token_program: &TOKEN_2022_PROGRAM.0, from: dc_account, mint: dc_mint, authority: spender }, amount, &[]);
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
        token::burn_unchecked(
            &token::BurnAccounts { token_program: &TOKEN_2022_PROGRAM.0, from: dc_account, mint: dc_mint, authority: config },
            amount,
            &[Signer::from(&signer_seeds)],
        );
    }

    let t = tally_ring(ring, network, program_id)?.slot_mut(epoch);
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
