//! One file per instruction. Each file declares a `process` function that checks every account
//! at the top, validates arguments, then changes state. Helpers shared by several handlers live
//! here.
use crate::{error::CreditsError, state::TallyRing};
use groundwork_common::{
    checks::{self, FrameworkError},
    ids, key,
    pinocchio::{error::ProgramError, AccountView, Address},
    state,
};
use groundwork_network::state::Network;

pub mod burn_fee;
pub mod burn_for_credits;
pub mod initialize_credits;
pub mod revoke_delegation;
pub mod set_credits_paused;
pub mod set_delegation;
pub mod spend_credits;
pub mod update_credits_config;

groundwork_common::instructions!(
    burn_for_credits,
    spend_credits,
    initialize_credits,
    update_credits_config,
    set_credits_paused,
    set_delegation,
    revoke_delegation,
    burn_fee,
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

/// The network's tally ring, which a burn or spend adds to. Only `initialize_credits` creates a
/// ring, at the verified PDA `["tally", network]`, so owner, discriminator and the stored network
/// identify it without hashing on the hot path.
#[inline(always)]
pub(crate) fn tally_ring<'a>(account: &'a mut AccountView, network: &Address, program_id: &Address) -> Result<&'a mut TallyRing, ProgramError> {
    let ring = state::load_mut::<TallyRing>(account, program_id, "tally_ring")?;
    if !key::eq(&ring.network, network) {
        return Err(checks::account_error("tally_ring", FrameworkError::ConstraintSeeds));
    }
    Ok(ring)
}

/// `a + b` for amounts, as the program's typed overflow error.
#[inline(always)]
pub(crate) fn add(a: u64, b: u64) -> Result<u64, CreditsError> {
    a.checked_add(b).ok_or(CreditsError::MathOverflow)
}
