//! `clear_reward_split`: the operator drops its reward split; later claims pay its own wallet
//! again. The split account is closed and its rent goes to the operator.
//!
//! Accounts:
//! 0. `[writable, signer]` operator: the operator's wallet; receives the split account's rent
//! 1. `[]` config: `["rewards", network]`
//! 2. `[writable]` claim_status: PDA `["claim", network, operator]`
//! 3. `[writable]` split: PDA `["split", network, operator]`
//!
//! No args.
use crate::{
    error::RewardsError,
    events::{Event, REWARD_SPLIT_CLEARED},
    state::{seeds, ClaimStatus, RewardSplit, RewardsConfig},
};
use groundwork_common::{
    checks::{self, FrameworkError},
    key,
    pinocchio::ProgramResult,
    state,
    wire::Reader,
    Ix,
};

#[inline(never)]
pub fn process(ix: &mut Ix) -> ProgramResult {
    let (program_id, data) = (ix.program_id, ix.data);
    let [operator, config, claim_status, split] = checks::accounts::<4>(ix.accounts)?;
    checks::writable_signer(operator, "operator")?;
    let cfg = state::load::<RewardsConfig>(config, program_id, "config")?;
    let network_key = &cfg.network;
    let operator_view = *operator;
    let operator_key = operator_view.address();
    let status_view = *claim_status;
    let status = state::load_mut::<ClaimStatus>(claim_status, program_id, "claim_status")?;
    checks::pda(&status_view, &[seeds::CLAIM, network_key.as_ref(), operator_key.as_ref()], status.bump, program_id, "claim_status")?;
    Reader::new(data).finish()?;
    if status.has_split == 0 {
        return Err(RewardsError::NoRewardSplit.into());
    }
    let s = state::load_mut::<RewardSplit>(split, program_id, "split")?;
    if !key::eq(&s.operator, operator_key) || !key::eq(&s.network, network_key) {
        return Err(checks::account_error("split", FrameworkError::ConstraintSeeds));
    }

    status.has_split = 0;
    state::close(split, operator)?;
    Event::new(REWARD_SPLIT_CLEARED).key(network_key).key(operator_key).emit();
    Ok(())
}
