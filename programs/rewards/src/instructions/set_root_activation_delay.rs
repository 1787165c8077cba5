//! `set_root_activation_delay`: the network authority sets how long a finalized root waits before
//! it is claimable, during which the authority can veto it (`veto_pending_root`), as a guard
//! against a bribed or broken oracle quorum. 0 (the default) activates roots at finalization.
//!
//! Accounts:
//! 0. `[signer]` authority: the network's authority
//! 1. `[]` network
//! 2. `[writable]` config: `["rewards", network]`
//!
//! Args: delay_secs u64, at most the network's epoch length: a root finalized on time then
//! activates before the next epoch's root can supersede it. A root already pending keeps the
//! activation time it was given.
use super::governed_config;
use crate::{
    error::RewardsError,
    events::{Event, ROOT_ACTIVATION_DELAY_SET},
};
use groundwork_common::{checks, pinocchio::ProgramResult, wire::Reader, Ix};

#[inline(never)]
pub fn process(ix: &mut Ix) -> ProgramResult {
    let (program_id, data) = (ix.program_id, ix.data);
    let [authority, network, config] = checks::accounts::<3>(ix.accounts)?;
    let (net, cfg) = governed_config(authority, network, config, program_id)?;
    let mut r = Reader::new(data);
    let delay_secs = r.u64()?;
    r.finish()?;
    if delay_secs > net.epoch_length_secs {
        return Err(RewardsError::InvalidActivationDelay.into());
    }
    cfg.root_activation_delay_secs = delay_secs;
    Event::new(ROOT_ACTIVATION_DELAY_SET).key(network.address()).u64(delay_secs).emit();
    Ok(())
}
