//! `set_paused`: the network authority pauses or resumes root submissions and claims (an
//! emergency stop, e.g. while a bad root is investigated).
//!
//! Accounts:
//! 0. `[signer]` authority: the network's authority
//! 1. `[]` network
//! 2. `[writable]` config: `["rewards", network]`
//!
//! Args: paused bool.
use super::{network as load_network, require_authority};
use crate::{
    error::RewardsError,
    events::{Event, REWARDS_PAUSE_SET},
    state::RewardsConfig,
};
use groundwork_common::{key, checks, pinocchio::ProgramResult, state, wire::Reader, Ix};

#[inline(never)]
pub fn process(ix: &mut Ix) -> ProgramResult {
    let (program_id, data) = (ix.program_id, ix.data);
    let [authority, network, config] = checks::accounts::<3>(ix.accounts)?;
    let net = load_network(network)?;
    require_authority(authority, net)?;
    let cfg = state::load_mut::<RewardsConfig>(config, program_id, "config")?;
    if !key::eq(&cfg.network, network.address()) {
        return Err(RewardsError::WrongNetwork.into());
    }
    let mut r = Reader::new(data);
    let paused = r.bool()?;
    r.finish()?;
    cfg.paused = paused as u8;
    Event::new(REWARDS_PAUSE_SET).key(network.address()).bool(paused).emit();
    Ok(())
}
