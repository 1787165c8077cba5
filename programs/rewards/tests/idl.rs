//! The rewards program and idl/groundwork_rewards.json describe the same interface.
use groundwork_common::{checks::FrameworkError, ids, state::AccountState};
use groundwork_idl_check::{fields, Idl, ProgramPdas};
use groundwork_rewards::{error::RewardsError, events, state::*};

fn idl() -> Idl {
    Idl::load("groundwork_rewards.json")
}

#[test]
fn instructions_match() {
    idl().check_instructions(groundwork_rewards::instruction_discriminators());
}

#[test]
fn errors_match() {
    let ours: Vec<(u32, &str, &str)> = RewardsError::ALL.iter().map(|e| (e.code(), e.name(), e.message())).collect();
    idl().check_errors(&ours);
    assert!(FrameworkError::ALL.iter().all(|f| RewardsError::from_code(*f as u32).is_none()));
}

#[test]
fn accounts_match() {
    let idl = idl();
    idl.check_account(
        "RewardsConfig",
        RewardsConfig::DISCRIMINATOR,
        core::mem::size_of::<RewardsConfig>(),
        &fields!(RewardsConfig; network, mint, token_program, vault, tally_ring, current_root, pending_root, schedule_start_ts,
            schedule_emission, supply_cap, net_emission_cap, prior_supply_cap, prior_net_emission_cap, params_epoch, next_epoch,
            current_root_epoch, current_root_total, current_leaf_count, pending_root_epoch, pending_root_total, pending_leaf_count,
            pending_activates_at, root_activation_delay_secs, total_emitted, total_funded, total_claimed, total_net_emitted,
            initial_supply, operator_bps, prior_operator_bps, funding_mode, paused, schedule_len, has_root, has_pending_root, bump,
            vault_bump, _reserved),
    );
    idl.check_account(
        "EpochVotes",
        EpochVotes::DISCRIMINATOR,
        core::mem::size_of::<EpochVotes>(),
        &fields!(EpochVotes; network, oracles, roots, totals, leaf_counts, epoch, finalized_at, emission, count, finalized, bump, _reserved),
    );
    idl.check_account("ClaimStatus", ClaimStatus::DISCRIMINATOR, core::mem::size_of::<ClaimStatus>(), &fields!(ClaimStatus; claimed, bump, _reserved));
    idl.check_struct("ScheduleEntry", 16, &fields!(ScheduleEntry; start_ts, emission_per_epoch));
}

#[test]
fn events_match() {
    idl().check_events(&[
        ("RewardsInitialized", events::REWARDS_INITIALIZED),
        ("RewardsConfigUpdated", events::REWARDS_CONFIG_UPDATED),
        ("RewardsPauseSet", events::REWARDS_PAUSE_SET),
        ("EpochRootSubmitted", events::EPOCH_ROOT_SUBMITTED),
        ("EpochFinalized", events::EPOCH_FINALIZED),
        ("EpochVotesCleared", events::EPOCH_VOTES_CLEARED),
        ("ClaimStatusInitialized", events::CLAIM_STATUS_INITIALIZED),
        ("RewardsClaimed", events::REWARDS_CLAIMED),
        ("RootActivationDelaySet", events::ROOT_ACTIVATION_DELAY_SET),
        ("PendingRootVetoed", events::PENDING_ROOT_VETOED),
    ]);
}

#[test]
fn pda_seeds_match() {
    // submit_epoch_root's tally_ring is the credits program's PDA (`pda.program`).
    let credits = ProgramPdas { id: ids::CREDITS_PROGRAM_ID.to_bytes(), pdas: groundwork_credits::state::seeds::PDAS };
    idl().check_pdas(&ProgramPdas { id: ids::REWARDS_PROGRAM_ID.to_bytes(), pdas: seeds::PDAS }, &[credits]);
}

#[test]
fn enums_match() {
    idl().check_enum("FundingMode", &[("Mint", funding_mode::MINT), ("Vault", funding_mode::VAULT)], &["funding_mode"]);
}
