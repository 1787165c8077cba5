//! `clear_epoch_votes`: the network authority clears the submissions of an epoch that has not
//! finalized (oracles disagreed, or the oracle set changed), so the oracles can submit again.
//!
//! Accounts:
//! 0. `[signer]` authority: the network's authority
//! 1. `[]` network
//! 2. `[writable]` epoch_votes: `["epoch", network, epoch]`
use super::{network as load_network, require_authority};
use crate::{
    error::RewardsError,
    events::{Event, EPOCH_VOTES_CLEARED},
    state::{EpochVotes, MAX_SUBMISSIONS},
};
use groundwork_common::{key, checks, pinocchio::{Address, ProgramResult}, state, Ix};

#[inline(never)]
pub fn process(ix: &mut Ix) -> ProgramResult {
    let program_id = ix.program_id;
    let [authority, network, epoch_votes] = checks::accounts::<3>(ix.accounts)?;
    let net = load_network(network)?;
    require_authority(authority, net)?;
    let votes = state::load_mut::<EpochVotes>(epoch_votes, program_id, "epoch_votes")?;
    if !key::eq(&votes.network, network.address()) {
        return Err(RewardsError::WrongNetwork.into());
    }
    if votes.finalized != 0 {
        return Err(RewardsError::EpochAlreadyFinalized.into());
    }
    let cleared = votes.count;
    votes.oracles = [Address::new_from_array([0; 32]); MAX_SUBMISSIONS];
    votes.roots = [[0; 32]; MAX_SUBMISSIONS];
    votes.totals = [0; MAX_SUBMISSIONS];
    votes.leaf_counts = [0; MAX_SUBMISSIONS];
    votes.count = 0;
    Event::new(EPOCH_VOTES_CLEARED).key(network.address()).u64(votes.epoch).u8(cleared).emit();
    Ok(())
}
