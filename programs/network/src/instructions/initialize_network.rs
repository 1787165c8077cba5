//! `initialize_network`: a DePIN team creates a network for its SPL token.
//!
//! Accounts:
//! 0. `[writable, signer]` payer
//! 1. `[signer]` authority: governs the network and is its creator (a seed of its address)
//! 2. `[writable]` network: PDA `["network", mint, authority]`
//! 3. `[]` mint: the network token (SPL Token, no freeze authority)
//! 4. `[writable]` stake_vault: PDA `["stake_vault", network]`, created here as a token account
//!    whose owner is the network PDA
//! 5. `[]` treasury: token account of `mint` that receives slashed stake
//! 6. `[]` token_program
//! 7. `[]` system_program
use crate::{
    error::NetworkError,
    events::{Event, NETWORK_INITIALIZED},
    params::{validate_epoch_length, validate_oracles, Floors, Params},
    state::{seeds, Network, MAX_ORACLES},
};
use groundwork_common::{
    key,
    checks,
    ids::{SYSTEM_PROGRAM_ID, TOKEN_PROGRAM_ID},
    pinocchio::{
        cpi::Seed,
        sysvars::{clock::Clock, Sysvar},
        Address, ProgramResult,
    },
    state::{self, NewAccount},
    Ix,
    token::{self, NewTokenAccount},
    wire::Reader,
};

/// Arguments after the oracle list, which is read straight into the account.
struct Args {
    epoch_length_secs: u64,
    params: Params,
    oracle_threshold: u8,
}

#[inline(never)]
pub fn process(ix: &mut Ix) -> ProgramResult {
    let (program_id, data) = (ix.program_id, ix.data);
    let [payer, authority, network, mint, stake_vault, treasury, token_program, system_program] =
        checks::accounts::<8>(ix.accounts)?;
    checks::writable_signer(payer, "payer")?;
    checks::signer(authority, "authority")?;
    checks::writable(network, "network")?;
    checks::writable(stake_vault, "stake_vault")?;
    checks::program(token_program, &TOKEN_PROGRAM_ID, "token_program")?;
    checks::program(system_program, &SYSTEM_PROGRAM_ID, "system_program")?;

    let mint_state = token::mint(mint, &TOKEN_PROGRAM_ID, "mint")?;
    if mint_state.freeze_authority().is_some() {
        return Err(NetworkError::MintHasFreezeAuthority.into());
    }
    token::token_account(treasury, &TOKEN_PROGRAM_ID, mint.address(), "treasury")?;

    let (key::AlignedKey(network_key), bump) =
        key::find_program_address(&[seeds::NETWORK, mint.address().as_ref(), authority.address().as_ref()], program_id);
    if !key::eq(network.address(), &network_key) {
        return Err(checks::account_error("network", checks::FrameworkError::ConstraintSeeds));
    }
    let (key::AlignedKey(vault_key), vault_bump) = key::find_program_address(&[seeds::STAKE_VAULT, network_key.as_ref()], program_id);
    if !key::eq(stake_vault.address(), &vault_key) {
        return Err(checks::account_error("stake_vault", checks::FrameworkError::ConstraintSeeds));
    }

    let mut r = Reader::new(data);
    let args = Args {
        epoch_length_secs: r.u64()?,
        params: Params {
            stake_per_device: r.u64()?,
            min_operator_stake: r.u64()?,
            unbonding_secs: r.u64()?,
            slash_dispute_window_secs: r.u64()?,
            max_slash_bps: r.u16()?,
            slash_destination: r.u8()?,
        },
        oracle_threshold: r.u8()?,
    };
    let oracle_count = r.u32()? as usize;
    if oracle_count > MAX_ORACLES {
        return Err(NetworkError::TooManyOracles.into());
    }
    let oracle_bytes = r.slice(oracle_count * 32)?;
    r.finish()?;
    // SAFETY: `oracle_bytes` holds `oracle_count` 32-byte keys; Address is a 32-byte array.
    let oracles = unsafe { core::slice::from_raw_parts(oracle_bytes.as_ptr() as *const Address, oracle_count) };
    validate_epoch_length(args.epoch_length_secs)?;
    args.params.validate(&Floors::PROTOCOL)?;
    validate_oracles(oracles, args.oracle_threshold)?;
    let now = Clock::get()?.unix_timestamp;

    let vault_bump_seed = [vault_bump];
    let vault_seeds = [Seed::from(seeds::STAKE_VAULT), Seed::from(network_key.as_ref()), Seed::from(&vault_bump_seed)];
    token::create_token_account(
        &NewAccount { payer, seeds: &vault_seeds, role: "stake_vault" },
        stake_vault,
        &NewTokenAccount { token_program: &TOKEN_PROGRAM_ID, mint, owner: &network_key },
    )?;
    let bump_seed = [bump];
    let network_seeds =
        [Seed::from(seeds::NETWORK), Seed::from(mint.address().as_ref()), Seed::from(authority.address().as_ref()), Seed::from(&bump_seed)];
    let state = state::create::<Network>(&NewAccount { payer, seeds: &network_seeds, role: "network" }, network, program_id)?;

    // The new account is zeroed: set only what is not zero.
    key::copy_key(&mut state.authority, authority.address());
    key::copy_key(&mut state.creator, authority.address());
    key::copy_key(&mut state.mint, mint.address());
    state.stake_vault = vault_key;
    key::copy_key(&mut state.treasury, treasury.address());
    state.token_program = TOKEN_PROGRAM_ID;
    state.oracles[..oracle_count].copy_from_slice(oracles);
    state.oracle_count = oracle_count as u8;
    state.oracle_threshold = args.oracle_threshold;
    state.oracle_set_version = 1;
    state.genesis_ts = now;
    state.epoch_length_secs = args.epoch_length_secs;
    state.stake_per_device = args.params.stake_per_device;
    state.min_operator_stake = args.params.min_operator_stake;
    state.unbonding_secs = args.params.unbonding_secs;
    state.slash_dispute_window_secs = args.params.slash_dispute_window_secs;
    state.max_slash_bps = args.params.max_slash_bps;
    state.slash_destination = args.params.slash_destination;
    // What the team promises its operators for life: governance never goes below these. Both are
    // at most 3,600 (`Floors::at_creation`), so the casts are exact.
    let floors = Floors::at_creation(&args.params);
    state.unbonding_floor_secs = floors.unbonding_secs as u16;
    state.dispute_window_floor_secs = floors.dispute_window_secs as u16;
    state.bump = bump;
    state.vault_bump = vault_bump;

    Event::<120>::new(NETWORK_INITIALIZED)
        .key(&network_key)
        .key(authority.address())
        .key(mint.address())
        .u64(args.epoch_length_secs)
        .i64(now)
        .emit();
    Ok(())
}
