//! One file per instruction. Each file declares its discriminator and a `process` function that
//! checks every account at the top, validates arguments, then changes state.
use crate::{
    error::RewardsError,
    state::{RewardsConfig, ScheduleEntry, MAX_SCHEDULE_ENTRIES},
};
use groundwork_common::{
    checks, ids, key,
    pinocchio::{error::ProgramError, AccountView, Address},
    state,
    wire::Reader,
};
use groundwork_network::state::Network;

pub mod claim;
pub mod clear_epoch_votes;
pub mod clear_reward_split;
pub mod initialize_claim_status;
pub mod initialize_rewards;
pub mod set_paused;
pub mod set_reward_split;
pub mod set_root_activation_delay;
pub mod submit_epoch_root;
pub mod update_rewards_config;
pub mod veto_pending_root;

groundwork_common::instructions!(initialize_rewards, update_rewards_config, set_paused, submit_epoch_root, clear_epoch_votes, initialize_claim_status, claim, set_root_activation_delay, veto_pending_root, set_reward_split, clear_reward_split);

/// The network account (owned by the network program).
#[inline(always)]
pub(crate) fn network(account: &AccountView) -> Result<&Network, ProgramError> {
    state::load::<Network>(account, &ids::NETWORK_PROGRAM.0, "network")
}

/// `authority` signed and is the network's authority.
#[inline(always)]
pub(crate) fn require_authority(authority: &AccountView, network: &Network) -> Result<(), ProgramError> {
    checks::signer(authority, "authority")?;
    if !key::eq(authority.address(), &network.authority) {
        return Err(RewardsError::Unauthorized.into());
    }
    Ok(())
}

/// The opening of the governance instructions: `authority` signed and is the network's authority,
/// and `config` is this network's rewards config (writable). Returns both.
#[inline(always)]
pub(crate) fn governed_config<'n, 'c>(
    authority: &AccountView,
    network: &'n AccountView,
    config: &'c mut AccountView,
    program_id: &Address,
) -> Result<(&'n Network, &'c mut RewardsConfig), ProgramError> {
    let net = self::network(network)?;
    require_authority(authority, net)?;
    let cfg = state::load_mut::<RewardsConfig>(config, program_id, "config")?;
    if !key::eq(&cfg.network, network.address()) {
        return Err(RewardsError::WrongNetwork.into());
    }
    Ok((net, cfg))
}

/// A schedule argument (`Vec<ScheduleEntry>`) read onto the stack; returns its length.
#[inline(always)]
pub(crate) fn read_schedule(r: &mut Reader, out: &mut [ScheduleEntry; MAX_SCHEDULE_ENTRIES]) -> Result<usize, ProgramError> {
    let n = r.u32()? as usize;
    if n > MAX_SCHEDULE_ENTRIES {
        return Err(RewardsError::InvalidSchedule.into());
    }
    for entry in out.iter_mut().take(n) {
        *entry = ScheduleEntry { start_ts: r.i64()?, emission_per_epoch: r.u64()? };
    }
    Ok(n)
}
