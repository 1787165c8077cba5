//! `approve_slash`: another oracle approves. When approvals by current oracles reach the
//! threshold the proposal becomes approved and its dispute window starts. An approved proposal
//! still takes approvals, so a set change that removed an approver can be made good.
//!
//! Accounts:
//! 0. `[signer]` oracle
//! 1. `[]` network
//! 2. `[writable]` slash_proposal
use crate::{
    error::NetworkError,
    events::{Event, SLASH_APPROVED},
    state::{pause, slash_status, Network, SlashProposal, MAX_ORACLES},
};
use groundwork_common::{
    key,
    state,
    checks,
    pinocchio::{sysvars::{clock::Clock, Sysvar}, ProgramResult},
    wire::Reader,
    Ix,
};

#[inline(never)]
pub fn process(ix: &mut Ix) -> ProgramResult {
    let (program_id, data) = (ix.program_id, ix.data);
    let [oracle, network, proposal] = checks::accounts::<3>(ix.accounts)?;
    checks::signer(oracle, "oracle")?;
    let network_key = key::AlignedKey::copy_of(network.address());
    let net = state::load::<Network>(network, program_id, "network")?;
    let proposal_key = key::AlignedKey::copy_of(proposal.address());
    let p = state::load_mut::<SlashProposal>(proposal, program_id, "slash_proposal")?;
    if !key::eq(&p.network, &network_key) {
        return Err(NetworkError::WrongNetwork.into());
    }
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
    if p.approval_count as usize == MAX_ORACLES {
        // Full of approvals, some from removed oracles (the oracle is current and not listed).
        p.drop_stale_approvers(net);
    }
    p.approvers[p.approval_count as usize] = *oracle.address();
    p.approval_count += 1;
    let current = p.current_approvals(net);
    if p.status == slash_status::PENDING && current >= net.oracle_threshold as usize {
        p.status = slash_status::APPROVED;
        p.approved_at = Clock::get()?.unix_timestamp;
    }

    Event::<74>::new(SLASH_APPROVED)
        .key(&proposal_key)
        .key(oracle.address())
        .u8(current as u8)
        .bool(p.status == slash_status::APPROVED)
        .emit();
    Ok(())
}
