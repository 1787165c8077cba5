//! `burn_fee(amount, fee_kind, device)`: burns a network fee (a device's onboarding or location
//! assertion) from a holder's credits, called by the network program through CPI. The network
//! account signs as the network program's PDA, which only that program can do, so nobody else can
//! record fees. Separate from `spend_credits` so that instruction's hot path stays as it is.
//!
//! The burn counts in the epoch's tally as credits spent (demand). It never counts as tokens
//! burned: those credits were bought with tokens burned in `burn_for_credits`, already tallied
//! once where net emissions read them, so a fee can neither be counted twice nor re-minted
//! beyond what was burned (docs/makers.md).
//!
//! Accounts:
//! 0. `[signer]` network: the network account (the config's network), signed by the network program
//! 1. `[signer]` owner: owner of `dc_account`, who pays the fee
//! 2. `[]` config: PDA `["credits", network]`
//! 3. `[writable]` dc_mint
//! 4. `[writable]` dc_account: the owner's DC token account
//! 5. `[writable]` tally_ring: PDA `["tally", network]`
//! 6. `[]` dc_token_program: Token-2022
//!
//! Args: `amount: u64`, `fee_kind: u8` (0 onboarding, 1 location assertion), `device: Pubkey`
//! (the device's account, recorded in the event).
use super::{add, tally_ring};
use crate::{
    error::CreditsError,
    events::{Event, FEE_BURNED},
    state::CreditsConfig,
};
use groundwork_common::{
    checks::{self, FrameworkError},
    ids::{NETWORK_PROGRAM, TOKEN_2022_PROGRAM},
    key,
    pinocchio::{
        sysvars::{clock::Clock, Sysvar},
        ProgramResult,
    },
    state, token,
    wire::Reader,
    Ix,
};

/// Fee kinds (`fee_kind`).
pub mod fee_kind {
    pub const ONBOARDING: u8 = 0;
    pub const LOCATION: u8 = 1;
}

#[inline(never)]
pub fn process(ix: &mut Ix) -> ProgramResult {
    let (program_id, data) = (ix.program_id, ix.data);
    let [network, owner, config, dc_mint, dc_account, ring, dc_token_program] = checks::accounts::<7>(ix.accounts)?;
    checks::signer(network, "network")?;
    checks::signer(owner, "owner")?;
    let cfg = state::load::<CreditsConfig>(config, program_id, "config")?;
    // The config's network is a network-program PDA: its signature is the network program's.
    if !key::eq(network.address(), &cfg.network) || !key::owned_by(network, &NETWORK_PROGRAM.0) {
        return Err(checks::account_error("network", FrameworkError::ConstraintAddress));
    }
    checks::address(dc_mint, &cfg.dc_mint, "dc_mint")?;
    checks::program(dc_token_program, &TOKEN_2022_PROGRAM.0, "dc_token_program")?;
    let holder = token::token_account(dc_account, &TOKEN_2022_PROGRAM.0, &cfg.dc_mint, "dc_account")?;

    let mut r = Reader::new(data);
    let amount = r.u64()?;
    let fee_kind = r.u8()?;
    let device = r.take::<32>()?;
    r.finish()?;
    if cfg.paused != 0 {
        return Err(CreditsError::Paused.into());
    }
    if amount == 0 {
        return Err(CreditsError::ZeroAmount.into());
    }
    if fee_kind > fee_kind::LOCATION {
        return Err(CreditsError::InvalidFeeKind.into());
    }
    if !key::eq(owner.address(), &holder.owner) {
        return Err(CreditsError::NotHolder.into());
    }
    if amount > holder.amount {
        return Err(CreditsError::InsufficientCredits.into());
    }
    let now = Clock::get()?.unix_timestamp;
    let network_key = &cfg.network;
    let epoch = cfg.epoch_at(now);
    token::burn_unchecked(&token::BurnAccounts { token_program: &TOKEN_2022_PROGRAM.0, from: dc_account, mint: dc_mint, authority: owner }, amount, &[]);
    let t = tally_ring(ring, network_key, program_id)?.slot_mut(epoch);
    t.credits_spent = add(t.credits_spent, amount)?;

    Event::new(FEE_BURNED)
        .key(network_key)
        .key(dc_account.address())
        .key(owner.address())
        .bytes32(device)
        .u64(amount)
        .u64(epoch)
        .u8(fee_kind)
        .emit();
    Ok(())
}
