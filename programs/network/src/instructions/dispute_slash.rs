//! `dispute_slash`: the slashed operator records a dispute any time before the slash can be
//! executed, an event the authority watches for before deciding on a veto.
//!
//! Accounts:
//! 0. `[signer]` authority: the operator's wallet
//! 1. `[]` network
//! 2. `[]` operator
//! 3. `[writable]` slash_proposal
use crate::{
    error::NetworkError,
    events::{Event, SLASH_DISPUTED},
    guard,
    state::{Network, Operator},
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
    let [authority, network, operator, proposal] = checks::accounts::<4>(ix.accounts)?;
    checks::signer(authority, "authority")?;
    let network_key = key::AlignedKey::copy_of(network.address());
    let net = state::load::<Network>(network, program_id, "network")?;
    let operator_key = key::AlignedKey::copy_of(operator.address());
    let op = state::load::<Operator>(operator, program_id, "operator")?;
    if !key::eq(&op.network, &network_key) {
        return Err(NetworkError::WrongNetwork.into());
    }
    if !key::eq(&op.authority, authority.address()) {
        return Err(NetworkError::NotOperatorAuthority.into());
    }
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
    p.disputed = 1;

    Event::<80>::new(SLASH_DISPUTED).key(&proposal_key).key(&operator_key).i64(now).emit();
    Ok(())
}
