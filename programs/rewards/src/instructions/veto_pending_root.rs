//! `veto_pending_root`: the network authority discards the pending root before its activation
//! delay is over. Claims keep using the active root. The vetoed epoch stays finalized and funded:
//! its emission stays reserved for operators, and the next epoch's root (cumulative) pays it out.
//!
//! Accounts:
//! 0. `[signer]` authority: the network's authority
//! 1. `[]` network
//! 2. `[writable]` config: `["rewards", network]`
use super::governed_config;
use crate::{
    error::RewardsError,
    events::{Event, PENDING_ROOT_VETOED},
};
use groundwork_common::{
    checks,
    pinocchio::{
        sysvars::{clock::Clock, Sysvar},
        ProgramResult,
    },
    wire::Reader,
    Ix,
};

#[inline(never)]
pub fn process(ix: &mut Ix) -> ProgramResult {
    let (program_id, data) = (ix.program_id, ix.data);
    let [authority, network, config] = checks::accounts::<3>(ix.accounts)?;
    let (_, cfg) = governed_config(authority, network, config, program_id)?;
    Reader::new(data).finish()?;
    if cfg.has_pending_root == 0 {
        return Err(RewardsError::NoPendingRoot.into());
    }
    // From its activation time on, the root is claimable (even before a claim activates it).
    if Clock::get()?.unix_timestamp >= cfg.pending_activates_at {
        return Err(RewardsError::RootAlreadyActive.into());
    }
    cfg.has_pending_root = 0;
    Event::new(PENDING_ROOT_VETOED)
        .key(network.address())
        .u64(cfg.pending_root_epoch)
        .bytes32(&cfg.pending_root)
        .u64(cfg.pending_root_total)
        .emit();
    Ok(())
}
