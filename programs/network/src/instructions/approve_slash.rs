//! `approve_slash`: another oracle approves. When approvals by current oracles reach the current
//! threshold the proposal is approved: its dispute window starts and it holds the operator's
//! unbonding stake. An approved proposal still takes approvals, so a set change that removed an
//! approver can be made good (the window then runs from the approval that restored the quorum).
//! A pending proposal past its approval period (`Network::slash_approval_period_secs`) takes none.
//!
//! Accounts:
//! 0. `[signer]` oracle
//! 1. `[]` network
//! 2. `[writable]` operator: the proposal's operator (its approved-slash count)
//! 3. `[writable]` slash_proposal
use crate::{
    error::NetworkError,
    events::{Event, SLASH_APPROVED},
    guard,
    state::{pause, slash_status, Network, MAX_ORACLES},
};
use groundwork_common::{
    checks,
    key,
    pinocchio::{sysvars::{clock::Clock, Sysvar}, ProgramResult},
    state,
    wire::Reader,
    Ix,
};

#[inline(never)]
pub fn process(ix: &mut Ix) -> ProgramResult {
    let (program_id, data) = (ix.program_id, ix.data);
    let [oracle, network, operator, proposal] = checks::accounts::<4>(ix.accounts)?;
    checks::signer(oracle, "oracle")?;
    let network_key = key::AlignedKey::copy_of(network.address());
    let net = state::load::<Network>(network, program_id, "network")?;
    let operator_key = key::AlignedKey::copy_of(operator.address());
    let op = guard::operator_of(operator, &network_key, program_id, "operator")?;
    let proposal_key = key::AlignedKey::copy_of(proposal.address());
    let p = guard::proposal_of(proposal, &network_key, &operator_key, program_id)?;
    Reader::new(data).finish()?;
    if !net.is_oracle(oracle.address()) {
        return Err(NetworkError::NotOracle.into());
    }
    if net.is_paused(pause::SLASHING) {
        return Err(NetworkError::SlashingPaused.into());
    }
    if !p.is_open() {
        return Err(NetworkError::SlashNotPending.into());
    }
    if p.has_approved(oracle.address()) {
        return Err(NetworkError::AlreadyApproved.into());
    }
    let now = Clock::get()?.unix_timestamp;
    if p.quorum_at(net).is_none() && p.expired(net, now) {
        return Err(NetworkError::SlashExpired.into());
    }
    if p.approval_count as usize >= MAX_ORACLES {
        // Full of approvals, some from removed oracles (the oracle is current and not listed).
        p.drop_stale_approvers(net);
    }
    // Proposals that collect approvals are younger than the TTL, so the offset fits; saturate
    // for an approved proposal that keeps taking approvals for decades.
    let since = now.saturating_sub(p.created_at);
    let offset = if since < 0 { 0 } else if since > u32::MAX as i64 { u32::MAX } else { since as u32 };
    let slot = p.approval_count as usize;
    p.approvers[slot] = *oracle.address();
    p.approval_offsets[slot] = offset;
    p.approval_count += 1;
    let quorum = p.quorum_at(net);
    guard::sync_hold(p, op, quorum)?;
    let current = p.current_approvals(net);

    Event::<74>::new(SLASH_APPROVED)
        .key(&proposal_key)
        .key(oracle.address())
        .u8(current as u8)
        .bool(p.status == slash_status::APPROVED)
        .emit();
    Ok(())
}
