//! The network program and idl/groundwork_network.json describe the same interface.
use groundwork_common::{checks::FrameworkError, state::AccountState};
use groundwork_idl_check::{fields, Idl};
use groundwork_network::{error::NetworkError, events, state::*};

fn idl() -> Idl {
    Idl::load("groundwork_network.json")
}

#[test]
fn instructions_match() {
    idl().check_instructions(groundwork_network::instruction_discriminators());
}

#[test]
fn errors_match() {
    let ours: Vec<(u32, &str, &str)> = NetworkError::ALL.iter().map(|e| (e.code(), e.name(), e.message())).collect();
    idl().check_errors(&ours);
    // Domain codes never collide with Anchor's framework codes.
    assert!(FrameworkError::ALL.iter().all(|f| NetworkError::from_code(*f as u32).is_none()));
}

#[test]
fn network_account_matches() {
    idl().check_account(
        "Network",
        Network::DISCRIMINATOR,
        core::mem::size_of::<Network>(),
        &fields!(Network; authority, pending_authority, mint, stake_vault, treasury, token_program, oracles,
            genesis_ts, epoch_length_secs, stake_per_device, min_operator_stake, unbonding_secs,
            slash_dispute_window_secs, total_active_stake, total_unbonding_stake, total_slashed,
            operator_count, active_device_count, slash_proposal_count, oracle_set_version, max_slash_bps,
            oracle_count, oracle_threshold, paused, slash_destination, bump, vault_bump, _reserved),
    );
}

#[test]
fn events_match() {
    idl().check_events(&[("NetworkInitialized", events::NETWORK_INITIALIZED)]);
}
