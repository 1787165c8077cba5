//! One file per instruction. Each file declares a `process` function that checks every account
//! at the top, validates arguments, then changes state. Helpers shared by several handlers live
//! here.
use crate::{
    error::CreditsError,
    state::{seeds, Tally},
};
use groundwork_common::{
    checks::{self, FrameworkError},
    ids, key,
    pinocchio::{cpi::Seed, error::ProgramError, AccountView, Address},
    state::{self, NewAccount},
};
use groundwork_network::state::Network;

pub mod burn_for_credits;
pub mod initialize_credits;
pub mod revoke_delegation;
pub mod set_credits_paused;
pub mod set_delegation;
pub mod spend_credits;
pub mod update_credits_config;

// Hot paths first: dispatch compares discriminators in this order.
groundwork_common::instructions!(
    burn_for_credits,
    spend_credits,
    initialize_credits,
    update_credits_config,
    set_credits_paused,
    set_delegation,
    revoke_delegation,
);

/// The network program's `Network` account. Unlike `state::load`, a wrong owner is always
/// `AccountOwnedByWrongProgram`, even for an empty account (what this program has always
/// reported); the repeated owner compare inside `state::load` folds away.
#[inline(always)]
pub(crate) fn network(account: &AccountView) -> Result<&Network, ProgramError> {
    if !key::owned_by(account, &ids::NETWORK_PROGRAM.0) {
        return Err(checks::account_error("network", FrameworkError::AccountOwnedByWrongProgram));
    }
    state::load::<Network>(account, &ids::NETWORK_PROGRAM.0, "network")
}

/// The epoch tally a burn or spend writes to.
pub(crate) struct TallyTarget<'a> {
    pub payer: &'a AccountView,
    pub network: &'a Address,
    pub epoch: u64,
    pub program_id: &'a Address,
}

/// Loads the tally of `target.epoch`, creating it on the first burn or spend of the epoch. An
/// existing tally is trusted by owner, discriminator and its stored network and epoch (only this
/// program creates tallies, and only at the verified PDA), which avoids hashing on the hot path.
/// Creation finds the canonical bump with `key::find_program_address` (~320 CU per candidate
/// bump instead of 1,500).
#[inline(always)]
pub(crate) fn open_tally<'a>(target: &TallyTarget, tally: &'a mut AccountView) -> Result<&'a mut Tally, ProgramError> {
    checks::writable(tally, "tally")?;
    if key::owned_by(tally, &ids::SYSTEM_PROGRAM.0) {
        return create_tally(target, tally);
    }
    let state = state::load_mut::<Tally>(tally, target.program_id, "tally")?;
    if !key::eq(&state.network, target.network) || state.epoch != target.epoch {
        return Err(checks::account_error("tally", FrameworkError::ConstraintSeeds));
    }
    Ok(state)
}

/// The first burn or spend of an epoch: verify the PDA and create the tally.
#[inline(never)]
fn create_tally<'a>(target: &TallyTarget, tally: &'a mut AccountView) -> Result<&'a mut Tally, ProgramError> {
    let epoch_seed = target.epoch.to_le_bytes();
    let (pda, bump) = key::find_program_address(&[seeds::TALLY, target.network.as_ref(), &epoch_seed], target.program_id);
    if !key::eq(tally.address(), &pda.0) {
        return Err(checks::account_error("tally", FrameworkError::ConstraintSeeds));
    }
    let bump_seed = [bump];
    let signer = [Seed::from(seeds::TALLY), Seed::from(target.network.as_ref()), Seed::from(&epoch_seed), Seed::from(&bump_seed)];
    let state = state::create::<Tally>(&NewAccount { payer: target.payer, seeds: &signer, role: "tally" }, tally, target.program_id)?;
    key::copy_key(&mut state.network, target.network);
    state.epoch = target.epoch;
    state.bump = bump;
    Ok(state)
}

/// `a + b` for amounts, as the program's typed overflow error.
#[inline(always)]
pub(crate) fn add(a: u64, b: u64) -> Result<u64, CreditsError> {
    a.checked_add(b).ok_or(CreditsError::MathOverflow)
}
