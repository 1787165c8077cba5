//! `refresh_slash`: anyone brings a slash proposal up to date with the current oracle set, or
//! closes it when it is over without an execution.
//!
//! - An open proposal without a current quorum past its approval period (`Network::slash_approval_period_secs`), or a vetoed one,
//!   is closed: its rent goes back to its payer (and an approved-recorded one releases its hold),
//!   after which its evidence may be proposed again. Executed proposals are never closed, so
//!   their evidence can never be slashed twice.
//! - Otherwise an open proposal's recorded status follows `quorum_at`: recorded as approved
//!   while the current oracles' approvals are below the threshold (an approver was removed) it
//!   returns to pending and releases the operator's unbonding stake; a quorum reached through a
//!   queued oracle change is recorded and takes the hold.
//!
//! Accounts:
//! 0. `[]` network
//! 1. `[writable]` operator: the proposal's operator
//! 2. `[writable]` slash_proposal
//! 3. `[writable]` payer: the proposal's payer (receives the rent when it is closed)
use crate::{
    error::NetworkError,
    events::{Event, SLASH_CLOSED, SLASH_STATUS_CHANGED},
    guard,
    state::{slash_status, Network},
};
use groundwork_common::{
    checks,
    key,
    math::Checked,
    pinocchio::{sysvars::{clock::Clock, Sysvar}, ProgramResult},
    state,
    wire::Reader,
    Ix,
};

#[inline(never)]
pub fn process(ix: &mut Ix) -> ProgramResult {
    let (program_id, data) = (ix.program_id, ix.data);
    let [network, operator, proposal, payer] = checks::accounts::<4>(ix.accounts)?;
    let network_key = key::AlignedKey::copy_of(network.address());
    let net = state::load::<Network>(network, program_id, "network")?;
    let operator_key = key::AlignedKey::copy_of(operator.address());
    let op = guard::operator_of(operator, &network_key, program_id, "operator")?;
    let proposal_key = key::AlignedKey::copy_of(proposal.address());
    let p = guard::proposal_of(proposal, &network_key, &operator_key, program_id)?;
    checks::writable(payer, "payer")?;
    checks::address(payer, &p.payer, "payer")?;
    Reader::new(data).finish()?;
    if p.status == slash_status::EXECUTED {
        return Err(NetworkError::SlashNotPending.into());
    }
    let now = Clock::get()?.unix_timestamp;
    let quorum = if p.is_open() { p.quorum_at(net) } else { None };
    let close = p.status == slash_status::VETOED || (quorum.is_none() && p.expired(net, now));

    if close {
        if p.status == slash_status::APPROVED {
            op.open_slashes = op.open_slashes.sub_or(1)?;
        }
        state::close(proposal, payer)?;
        Event::<104>::new(SLASH_CLOSED).key(&proposal_key).key(&operator_key).key(payer.address()).emit();
        return Ok(());
    }
    if !guard::sync_hold(p, op, quorum)? {
        return Err(NetworkError::SlashUnchanged.into());
    }

    Event::<81>::new(SLASH_STATUS_CHANGED)
        .key(&proposal_key)
        .key(&operator_key)
        .bool(p.status == slash_status::APPROVED)
        .i64(p.approved_at)
        .emit();
    Ok(())
}
