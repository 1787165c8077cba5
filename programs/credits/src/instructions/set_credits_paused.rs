//! `set_credits_paused`: the network authority stops (or resumes) burning for and spending
//! credits, e.g. while an oracle incident is investigated.
//!
//! Accounts:
//! 0. `[signer]` authority: the network's current authority
//! 1. `[]` network
//! 2. `[writable]` config
//!
//! Args: `paused: bool`.
use crate::events::{Event, CREDITS_PAUSED_SET};
use groundwork_common::{checks, pinocchio::ProgramResult, Ix, wire::Reader};

#[inline(never)]
pub fn process(ix: &mut Ix) -> ProgramResult {
    let (program_id, data) = (ix.program_id, ix.data);
    let [authority, network, config] = checks::accounts::<3>(ix.accounts)?;
    let s = super::update_credits_config::authorized_config(authority, network, config, program_id)?;
    let mut r = Reader::new(data);
    let paused = r.bool()?;
    r.finish()?;
    s.paused = paused as u8;
    Event::new(CREDITS_PAUSED_SET).key(network.address()).bool(paused).emit();
    Ok(())
}
