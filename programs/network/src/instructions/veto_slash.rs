//! `veto_slash`: the authority cancels a slash at any time before it can be executed: while it
//! collects approvals, while its dispute window runs, and whenever the oracle set changed so that
//! its current approvals no longer reach the threshold. A vetoed proposal may be closed
//! (`refresh_slash`), after which its evidence may be proposed again.
//!
//! Accounts:
//! 0. `[signer]` authority
//! 1. `[]` network
//! 2. `[writable]` operator: the slashed operator (its open-slash count drops)
//! 3. `[writable]` slash_proposal
use crate::{
    error::NetworkError,
    events::{Event, SLASH_VETOED},
    guard,
    state::{slash_status, Network},
};
use groundwork_common::{
    key,
    state,
    checks,
    math::Checked,
    pinocchio::{sysvars::{clock::Clock, Sysvar}, ProgramResult},
    wire::Reader,
    Ix,
};

#[inline(never)]
pub fn process(ix: &mut Ix) -> ProgramResult {
    let (program_id, data) = (ix.program_id, ix.data);
    let [authority, network, operator, proposal] = checks::accounts::<4>(ix.accounts)?;
    checks::signer(authority, "authority")?;
    let network_key = key::AlignedKey::copy_of(network.address());
    let net = state::load::<Network>(network, program_id, "network")?;
    if !key::eq(&net.authority, authority.address()) {
        return Err(NetworkError::Unauthorized.into());
    }
    let operator_key = key::AlignedKey::copy_of(operator.address());
    let op = guard::operator_of(operator, &network_key, program_id, "operator")?;
    let proposal_key = key::AlignedKey::copy_of(proposal.address());
    let p = guard::proposal_of(proposal, &network_key, &operator_key, program_id)?;
    Reader::new(data).finish()?;
    if !p.is_open() {
        return Err(NetworkError::SlashNotPending.into());
    }
    let now = Clock::get()?.unix_timestamp;
    // Possible until an execution can actually happen under the current oracle set.
    if p.executable_at(net).is_some_and(|at| now >= at) {
        return Err(NetworkError::DisputeWindowClosed.into());
    }
    let open = if p.status == slash_status::APPROVED { op.open_slashes.sub_or(1)? } else { op.open_slashes };
    p.status = slash_status::VETOED;
    op.open_slashes = open;

    Event::<72>::new(SLASH_VETOED).key(&proposal_key).key(authority.address()).emit();
    Ok(())
}
