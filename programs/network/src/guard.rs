//! The network's own relationship checks, shared by the handlers (all inlined into each handler).
//! Generic checks and loads are `groundwork_common::{checks, state, token, key}`.
use crate::{
    error::NetworkError,
    state::{slash_status, Network, Operator, SlashProposal},
};
use groundwork_common::{
    checks,
    key,
    math::Checked,
    pinocchio::{error::ProgramError, AccountView, Address},
    state,
};

/// The network, for a change only its authority may make: `authority` signs and is the
/// network's current authority.
#[inline(always)]
pub fn governed<'a>(network: &'a mut AccountView, authority: &AccountView, program_id: &Address) -> Result<&'a mut Network, ProgramError> {
    checks::signer(authority, "authority")?;
    let net = state::load_mut::<Network>(network, program_id, "network")?;
    if !key::eq(&net.authority, authority.address()) {
        return Err(NetworkError::Unauthorized.into());
    }
    Ok(net)
}

/// An operator of `network`. Owner + discriminator prove we created it at its PDA, so the stored
/// `network` field is the relationship to check (no PDA hashing needed).
#[inline(always)]
pub fn operator_of<'a>(operator: &'a mut AccountView, network: &Address, program_id: &Address, role: &str) -> Result<&'a mut Operator, ProgramError> {
    let op = state::load_mut::<Operator>(operator, program_id, role)?;
    if !key::eq(&op.network, network) {
        return Err(NetworkError::WrongNetwork.into());
    }
    Ok(op)
}

/// `wallet` signs and controls `op`.
#[inline(always)]
pub fn controls(op: &Operator, wallet: &AccountView) -> Result<(), ProgramError> {
    if !key::eq(&op.authority, wallet.address()) {
        return Err(NetworkError::NotOperatorAuthority.into());
    }
    Ok(())
}

/// A slash proposal of `network` against the operator account `operator`, loaded for writing:
/// another network's proposal is `WrongNetwork`, another operator's is `ConstraintHasOne`.
#[inline(always)]
pub fn proposal_of<'a>(proposal: &'a mut AccountView, network: &Address, operator: &Address, program_id: &Address) -> Result<&'a mut SlashProposal, ProgramError> {
    let p = state::load_mut::<SlashProposal>(proposal, program_id, "slash_proposal")?;
    if !key::eq(&p.network, network) {
        return Err(NetworkError::WrongNetwork.into());
    }
    if !key::eq(&p.operator, operator) {
        return Err(checks::account_error("operator", checks::FrameworkError::ConstraintHasOne));
    }
    Ok(p)
}

/// Brings an open proposal's recorded status in line with `quorum` (`SlashProposal::quorum_at`):
/// a quorum not yet recorded takes the hold on the operator's unbonding stake, a recorded one the
/// oracle set no longer carries releases it. Returns whether anything changed.
#[inline(always)]
pub fn sync_hold(p: &mut SlashProposal, op: &mut Operator, quorum: Option<i64>) -> Result<bool, ProgramError> {
    match (p.status, quorum) {
        (slash_status::PENDING, Some(at)) => {
            op.open_slashes = op.open_slashes.add_or(1)?;
            p.status = slash_status::APPROVED;
            p.approved_at = at;
            Ok(true)
        }
        (slash_status::APPROVED, None) => {
            op.open_slashes = op.open_slashes.sub_or(1)?;
            p.status = slash_status::PENDING;
            p.approved_at = 0;
            Ok(true)
        }
        (slash_status::APPROVED, Some(at)) if at != p.approved_at => {
            p.approved_at = at;
            Ok(true)
        }
        _ => Ok(false),
    }
}
