//! `set_paused`: the network authority pauses or resumes root submissions and claims (an
//! emergency stop, e.g. while a bad root is investigated).
//!
//! Accounts:
//! 0. `[signer]` authority: the network's authority
//! 1. `[]` network
//! 2. `[writable]` config: `["rewards", network]`
//!
//! Args: paused bool.
use super::governed_config;
use crate::events::{Event, REWARDS_PAUSE_SET};
use groundwork_common::{checks, pinocchio::ProgramResult, wire::Reader, Ix};

#[inline(never)]
pub fn process(ix: &mut Ix) -> ProgramResult {
    let (program_id, data) = (ix.program_id, ix.data);
    let [authority, network, config] = checks::accounts::<3>(ix.accounts)?;
    let (_, cfg) = governed_config(authority, network, config, program_id)?;
    let mut r = Reader::new(data);
    let paused = r.bool()?;
    r.finish()?;
    cfg.paused = paused as u8;
    Event::new(REWARDS_PAUSE_SET).key(network.address()).bool(paused).emit();
    Ok(())
}
