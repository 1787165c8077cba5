//! The credits program and idl/groundwork_credits.json describe the same interface.
use groundwork_common::{checks::FrameworkError, ids, state::AccountState};
use groundwork_credits::{error::CreditsError, events, state::*};
use groundwork_idl_check::{fields, Idl, ProgramPdas};

fn idl() -> Idl {
    Idl::load("groundwork_credits.json")
}

#[test]
fn instructions_match() {
    idl().check_instructions(groundwork_credits::instruction_discriminators());
}

#[test]
fn errors_match() {
    let ours: Vec<(u32, &str, &str)> = CreditsError::ALL.iter().map(|e| (e.code(), e.name(), e.message())).collect();
    idl().check_errors(&ours);
    assert!(FrameworkError::ALL.iter().all(|f| CreditsError::from_code(*f as u32).is_none()));
}

#[test]
fn accounts_match() {
    let idl = idl();
    idl.check_account(
        "CreditsConfig",
        CreditsConfig::DISCRIMINATOR,
        core::mem::size_of::<CreditsConfig>(),
        &fields!(CreditsConfig; network, dc_mint, token_mint, token_program, price_update, feed_id, genesis_ts,
            epoch_length_secs, credits_per_token, usd_per_credit_e8, max_price_age_secs, breaker_window_secs,
            breaker_max_credits, breaker_window_value, breaker_prev_window_value, breaker_window_start, total_tokens_burned, total_credits_minted,
            conf_k_bps, max_conf_bps, price_mode, paused, token_decimals, bump, _reserved),
    );
    idl.check_account(
        "TallyRing",
        TallyRing::DISCRIMINATOR,
        core::mem::size_of::<TallyRing>(),
        &fields!(TallyRing; network, bump, _reserved, slots),
    );
    idl.check_struct("TallySlot", core::mem::size_of::<TallySlot>(), &fields!(TallySlot; epoch, tokens_burned, credits_minted, credits_spent));
    idl.check_account(
        "Delegation",
        Delegation::DISCRIMINATOR,
        core::mem::size_of::<Delegation>(),
        &fields!(Delegation; network, dc_account, holder, delegate, allowance, spent, bump, _reserved),
    );
}

#[test]
fn events_match() {
    idl().check_events(&[
        ("CreditsInitialized", events::CREDITS_INITIALIZED),
        ("CreditsConfigUpdated", events::CREDITS_CONFIG_UPDATED),
        ("CreditsPausedSet", events::CREDITS_PAUSED_SET),
        ("CreditsBurned", events::CREDITS_BURNED),
        ("CreditsSpent", events::CREDITS_SPENT),
        ("DelegationSet", events::DELEGATION_SET),
        ("DelegationRevoked", events::DELEGATION_REVOKED),
    ]);
}

#[test]
fn pda_seeds_match() {
    idl().check_pdas(&ProgramPdas { id: ids::CREDITS_PROGRAM_ID.to_bytes(), pdas: seeds::PDAS }, &[]);
}

#[test]
fn enums_match() {
    idl().check_enum("PriceMode", &[("Fixed", price_mode::FIXED), ("Oracle", price_mode::ORACLE)], &["price_mode"]);
}
