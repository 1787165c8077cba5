//! `set_delegation`: a holder lets a service provider's key spend up to `allowance` of its
//! credits (creates the delegation, or raises or lowers it: the new allowance replaces the old).
//!
//! Spending also needs the holder's DC account to approve the config PDA as its token-level
//! delegate (the SDK adds that `Approve` when it creates the DC account and here): the program
//! then caps each provider with its own `Delegation`.
//!
//! Accounts:
//! 0. `[writable, signer]` holder: owner of `dc_account`, pays the delegation's rent
//! 1. `[]` config
//! 2. `[]` dc_account: the holder's DC token account
//! 3. `[]` delegate: the provider's key (any account)
//! 4. `[writable]` delegation: PDA `["delegation", dc_account, delegate]`
//! 5. `[]` system_program
//!
//! Args: `allowance: u64` (> 0; use `revoke_delegation` to remove).
use crate::{
    error::CreditsError,
    events::{Event, DELEGATION_SET},
    state::{seeds, CreditsConfig, Delegation},
};
use groundwork_common::{
    key,
    checks::{self, FrameworkError},
    ids::{SYSTEM_PROGRAM_ID, TOKEN_2022_PROGRAM_ID},
    pinocchio::{cpi::Seed, ProgramResult},
    state::{self, NewAccount},
    token, Ix,
    wire::Reader,
};

#[inline(never)]
pub fn process(ix: &mut Ix) -> ProgramResult {
    let (program_id, data) = (ix.program_id, ix.data);
    let [holder, config, dc_account, delegate, delegation, system_program] = checks::accounts::<6>(ix.accounts)?;
    checks::writable_signer(holder, "holder")?;
    checks::writable(delegation, "delegation")?;
    checks::program(system_program, &SYSTEM_PROGRAM_ID, "system_program")?;
    let cfg = state::load::<CreditsConfig>(config, program_id, "config")?;
    let account = token::token_account(dc_account, &TOKEN_2022_PROGRAM_ID, &cfg.dc_mint, "dc_account")?;
    if !key::eq(&account.owner, holder.address()) {
        return Err(CreditsError::NotHolder.into());
    }
    let network = cfg.network;

    let mut r = Reader::new(data);
    let allowance = r.u64()?;
    r.finish()?;
    if allowance == 0 {
        return Err(CreditsError::ZeroAmount.into());
    }

    let d = if delegation.owned_by(&SYSTEM_PROGRAM_ID) {
        let (key::AlignedKey(pda), bump) = key::find_program_address(
            &[seeds::DELEGATION, dc_account.address().as_ref(), delegate.address().as_ref()],
            program_id,
        );
        if !key::eq(delegation.address(), &pda) {
            return Err(checks::account_error("delegation", FrameworkError::ConstraintSeeds));
        }
        let bump_seed = [bump];
        let signer = [
            Seed::from(seeds::DELEGATION),
            Seed::from(dc_account.address().as_ref()),
            Seed::from(delegate.address().as_ref()),
            Seed::from(&bump_seed),
        ];
        let d = state::create::<Delegation>(&NewAccount { payer: holder, seeds: &signer, role: "delegation" }, delegation, program_id)?;
        d.network = network;
        key::copy_key(&mut d.dc_account, dc_account.address());
        key::copy_key(&mut d.holder, holder.address());
        key::copy_key(&mut d.delegate, delegate.address());
        d.bump = bump;
        d
    } else {
        let d = state::load_mut::<Delegation>(delegation, program_id, "delegation")?;
        if !key::eq(&d.dc_account, dc_account.address()) || !key::eq(&d.delegate, delegate.address()) {
            return Err(checks::account_error("delegation", FrameworkError::ConstraintSeeds));
        }
        d
    };
    d.allowance = allowance;

    Event::new(DELEGATION_SET)
        .key(&network)
        .key(dc_account.address())
        .key(delegate.address())
        .u64(allowance)
        .emit();
    Ok(())
}
