//! The network program and idl/groundwork_network.json describe the same interface.
use groundwork_common::{checks::FrameworkError, ids, state::AccountState};
use groundwork_idl_check::{fields, serde_json, Idl, ProgramPdas};
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
        &fields!(Network; authority, creator, pending_authority, mint, stake_vault, treasury, token_program, oracles,
            genesis_ts, epoch_length_secs, stake_per_device, min_operator_stake, unbonding_secs,
            slash_dispute_window_secs, total_active_stake, total_unbonding_stake, total_slashed,
            operator_count, active_device_count, slash_proposal_count, oracle_set_version, max_slash_bps,
            oracle_count, oracle_threshold, paused, slash_destination, bump, vault_bump, unbonding_floor_secs, dispute_window_floor_secs, quorum_weakened_at,
            pending_params_eta, pending_oracles_eta, pending_treasury_eta, pending_stake_per_device, pending_min_operator_stake,
            pending_unbonding_secs, pending_slash_dispute_window_secs, pending_treasury, pending_oracles, pending_max_slash_bps,
            pending_slash_destination, pending_oracle_count, pending_oracle_threshold, _reserved2),
    );
}

#[test]
fn operator_account_matches() {
    idl().check_account(
        "Operator",
        Operator::DISCRIMINATOR,
        core::mem::size_of::<Operator>(),
        &fields!(Operator; network, authority, active_stake, unbonding_stake, unbonding_unlock_ts, total_slashed,
            registered_at, device_count, jailed, bump, open_slashes),
    );
}

#[test]
fn device_account_matches() {
    idl().check_account(
        "Device",
        Device::DISCRIMINATOR,
        core::mem::size_of::<Device>(),
        &fields!(Device; network, operator, device_key, metadata_hash, location, registered_at, kind, active, bump, _reserved),
    );
}

#[test]
fn slash_proposal_account_matches() {
    idl().check_account(
        "SlashProposal",
        SlashProposal::DISCRIMINATOR,
        core::mem::size_of::<SlashProposal>(),
        &fields!(SlashProposal; network, operator, proposer, evidence_hash, approvers, payer, id, amount, created_at,
            approved_at, executed_amount, dispute_window_secs, approval_offsets, reason, approval_count, status, disputed, bump,
            max_slash_bps),
    );
}

#[test]
fn events_match() {
    idl().check_events(&[
        ("NetworkInitialized", events::NETWORK_INITIALIZED),
        ("ParamsUpdated", events::PARAMS_UPDATED),
        ("OraclesSet", events::ORACLES_SET),
        ("PauseSet", events::PAUSE_SET),
        ("AuthorityProposed", events::AUTHORITY_PROPOSED),
        ("AuthorityAccepted", events::AUTHORITY_ACCEPTED),
        ("OperatorRegistered", events::OPERATOR_REGISTERED),
        ("Staked", events::STAKED),
        ("UnstakeRequested", events::UNSTAKE_REQUESTED),
        ("UnstakedWithdrawn", events::UNSTAKED_WITHDRAWN),
        ("DeviceRegistered", events::DEVICE_REGISTERED),
        ("DeviceDeactivated", events::DEVICE_DEACTIVATED),
        ("DeviceTransferred", events::DEVICE_TRANSFERRED),
        ("SlashProposed", events::SLASH_PROPOSED),
        ("SlashApproved", events::SLASH_APPROVED),
        ("SlashVetoed", events::SLASH_VETOED),
        ("SlashDisputed", events::SLASH_DISPUTED),
        ("SlashExecuted", events::SLASH_EXECUTED),
        ("OperatorUnjailed", events::OPERATOR_UNJAILED),
        ("SlashStatusChanged", events::SLASH_STATUS_CHANGED),
        ("SlashClosed", events::SLASH_CLOSED),
        ("GovernanceChangeQueued", events::GOVERNANCE_CHANGE_QUEUED),
        ("GovernanceChangeApplied", events::GOVERNANCE_CHANGE_APPLIED),
        ("GovernanceChangeCancelled", events::GOVERNANCE_CHANGE_CANCELLED),
        ("TreasurySet", events::TREASURY_SET),
    ]);
}

fn own() -> ProgramPdas<'static> {
    ProgramPdas { id: ids::NETWORK_PROGRAM_ID.to_bytes(), pdas: seeds::PDAS }
}

#[test]
fn pda_seeds_match() {
    idl().check_pdas(&own(), &[]);
}

/// The seed check fails on an IDL whose seeds disagree with the program's: `edit` changes one
/// instruction account's `pda` in a copy of the IDL.
fn seeds_rejected(ix: &str, account: &str, edit: impl FnOnce(&mut serde_json::Value)) -> bool {
    let mut json = idl().json().clone();
    let acc = json["instructions"].as_array_mut().unwrap().iter_mut().find(|i| i["name"] == ix).unwrap()["accounts"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|a| a["name"] == account)
        .unwrap();
    edit(&mut acc["pda"]);
    let bad = Idl::from_value(json);
    std::panic::catch_unwind(|| bad.check_pdas(&own(), &[])).is_err()
}

#[test]
fn pda_seed_check_rejects_disagreeing_seeds() {
    let seeds = |p: &mut serde_json::Value| p["seeds"].as_array_mut().unwrap().clone();
    // Swapped variable seeds of the same kind pass the type check but not the mocha test; the
    // check catches what the IDL alone can show: a wrong constant, count, kind or type.
    assert!(seeds_rejected("stake", "operator", |p| p["seeds"][0]["value"] = serde_json::json!(b"operatr".to_vec())));
    assert!(seeds_rejected("stake", "operator", |p| {
        let mut s = seeds(p);
        s.pop();
        p["seeds"] = s.into();
    }));
    assert!(seeds_rejected("propose_slash", "slash_proposal", |p| p["seeds"][3] = serde_json::json!({"kind": "arg", "path": "amount"})));
    assert!(seeds_rejected("register_device", "device", |p| p["seeds"][2] = serde_json::json!({"kind": "account", "path": "device"})));
    assert!(seeds_rejected("stake", "stake_vault", |p| p["seeds"][1] = serde_json::json!({"kind": "account", "path": "vault"})));
    assert!(seeds_rejected("stake", "operator", |p| p["program"] = serde_json::json!({"kind": "const", "value": vec![7u8; 32]})));
    // The unchanged IDL passes the same harness.
    assert!(!seeds_rejected("stake", "operator", |_| {}));
}

#[test]
fn pause_flag_constants_match() {
    idl().check_constants(&[
        ("PAUSE_STAKING", "u8", pause::STAKING as u64),
        ("PAUSE_REGISTRATION", "u8", pause::REGISTRATION as u64),
        ("PAUSE_SLASHING", "u8", pause::SLASHING as u64),
    ]);
}

#[test]
fn enums_match() {
    let idl = idl();
    idl.check_enum(
        "SlashDestination",
        &[("Treasury", slash_destination::TREASURY), ("Burn", slash_destination::BURN)],
        &["slash_destination", "pending_slash_destination"],
    );
    idl.check_enum(
        "SlashStatus",
        &[
            ("Pending", slash_status::PENDING),
            ("Approved", slash_status::APPROVED),
            ("Executed", slash_status::EXECUTED),
            ("Vetoed", slash_status::VETOED),
        ],
        &["SlashProposal.status"],
    );
    use groundwork_network::governance::kind;
    idl.check_enum(
        "GovernanceChangeKind",
        &[("Params", kind::PARAMS), ("Oracles", kind::ORACLES), ("Treasury", kind::TREASURY)],
        &["cancel_governance.kind", "GovernanceChangeQueued.kind", "GovernanceChangeApplied.kind", "GovernanceChangeCancelled.kind"],
    );
}

/// The enum check fails on an IDL whose enum disagrees with the program's constants or whose
/// field is left a bare u8.
#[test]
fn enum_check_rejects_disagreeing_enums() {
    let rejected = |edit: &dyn Fn(&mut serde_json::Value)| {
        let mut json = idl().json().clone();
        edit(&mut json);
        let bad = Idl::from_value(json);
        std::panic::catch_unwind(|| {
            bad.check_enum(
                "SlashDestination",
                &[("Treasury", slash_destination::TREASURY), ("Burn", slash_destination::BURN)],
                &["slash_destination", "pending_slash_destination"],
            )
        })
        .is_err()
    };
    fn variants(j: &mut serde_json::Value) -> &mut Vec<serde_json::Value> {
        let t = j["types"].as_array_mut().unwrap().iter_mut().find(|t| t["name"] == "SlashDestination").unwrap();
        t["type"]["variants"].as_array_mut().unwrap()
    }
    // Swapped variants (Burn would be 0).
    assert!(rejected(&|j| variants(j).reverse()));
    // An extra variant the program does not have.
    assert!(rejected(&|j| variants(j).push(serde_json::json!({"name": "Vault"}))));
    // An instruction argument left as a bare u8.
    assert!(rejected(&|j| {
        let ix = j["instructions"].as_array_mut().unwrap().iter_mut().find(|i| i["name"] == "update_params").unwrap();
        let a = ix["args"].as_array_mut().unwrap().iter_mut().find(|a| a["name"] == "slash_destination").unwrap();
        a["type"] = "u8".into();
    }));
    // An account field whose docs do not say which enum its byte is.
    assert!(rejected(&|j| {
        let net = j["types"].as_array_mut().unwrap().iter_mut().find(|t| t["name"] == "Network").unwrap();
        let f = net["type"]["fields"].as_array_mut().unwrap().iter_mut().find(|f| f["name"] == "pending_slash_destination").unwrap();
        f["docs"] = serde_json::json!([]);
    }));
    assert!(!rejected(&|_| {}));
}
