//! `initialize_rewards`: the network authority sets up rewards for its network.
//!
//! Accounts:
//! 0. `[writable, signer]` payer
//! 1. `[signer]` authority: the network's authority
//! 2. `[]` network: the network program's `Network`
//! 3. `[writable]` config: PDA `["rewards", network]`
//! 4. `[writable]` vault: PDA `["rewards_vault", network]`, created here as a token account of the
//!    network mint owned by the config PDA
//! 5. `[]` mint: the network's mint. Mint mode: its mint authority must already be the config PDA
//!    (the SDK hands it over in the same transaction, before this instruction).
//! 6. `[]` token_program: the network's token program
//! 7. `[]` system_program
//!
//! Args: funding_mode u8, supply_cap u64, operator_bps u16, net_emission_cap u64,
//! schedule Vec<ScheduleEntry>.
use super::{network as load_network, read_schedule, require_authority};
use crate::{
    emission::validate_schedule,
    error::RewardsError,
    events::{Event, REWARDS_INITIALIZED},
    state::{funding_mode, seeds, RewardsConfig, ScheduleEntry, MAX_SCHEDULE_ENTRIES},
};
use groundwork_common::{
    checks::{self, FrameworkError},
    ids::{CREDITS_PROGRAM, SYSTEM_PROGRAM_ID},
    key,
    pinocchio::{
        cpi::Seed,
        sysvars::{clock::Clock, Sysvar},
        ProgramResult,
    },
    state::{self, NewAccount},
    token::{self, NewTokenAccount},
    wire::Reader,
    Ix,
};

#[inline(never)]
pub fn process(ix: &mut Ix) -> ProgramResult {
    let (program_id, data) = (ix.program_id, ix.data);
    let [payer, authority, network, config, vault, mint, token_program, system_program] = checks::accounts::<8>(ix.accounts)?;
    checks::writable_signer(payer, "payer")?;
    checks::writable(config, "config")?;
    checks::writable(vault, "vault")?;
    checks::program(system_program, &SYSTEM_PROGRAM_ID, "system_program")?;
    let net = load_network(network)?;
    require_authority(authority, net)?;
    checks::address(mint, &net.mint, "mint")?;
    checks::program(token_program, &net.token_program, "token_program")?;

    let network_key = key::AlignedKey::copy_of(network.address());
    let (key::AlignedKey(config_key), bump) = key::find_program_address(&[seeds::REWARDS, network_key.as_ref()], program_id);
    if !key::eq(config.address(), &config_key) {
        return Err(checks::account_error("config", FrameworkError::ConstraintSeeds));
    }
    let (key::AlignedKey(vault_key), vault_bump) = key::find_program_address(&[seeds::VAULT, network_key.as_ref()], program_id);
    if !key::eq(vault.address(), &vault_key) {
        return Err(checks::account_error("vault", FrameworkError::ConstraintSeeds));
    }

    let mut r = Reader::new(data);
    let mode = r.u8()?;
    let supply_cap = r.u64()?;
    let operator_bps = r.u16()?;
    let net_emission_cap = r.u64()?;
    let mut schedule = [ScheduleEntry { start_ts: 0, emission_per_epoch: 0 }; MAX_SCHEDULE_ENTRIES];
    let schedule_len = read_schedule(&mut r, &mut schedule)?;
    r.finish()?;
    if mode != funding_mode::MINT && mode != funding_mode::VAULT {
        return Err(RewardsError::InvalidFundingMode.into());
    }
    if operator_bps > 10_000 {
        return Err(RewardsError::InvalidBasisPoints.into());
    }
    validate_schedule(&schedule[..schedule_len])?;
    let mint_state = token::mint(mint, &net.token_program, "mint")?;
    // Mint mode: the cap counts every token ever minted (this supply, then every emission; the
    // program holds the mint authority, so nothing else mints). Vault mode: emissions only.
    let mut initial_supply = 0;
    if mode == funding_mode::MINT {
        if !matches!(mint_state.mint_authority(), Some(a) if key::eq(a, &config_key)) {
            return Err(checks::account_error("mint", FrameworkError::ConstraintMintMintAuthority));
        }
        initial_supply = mint_state.supply();
        if initial_supply > supply_cap {
            return Err(RewardsError::SupplyCapExceeded.into());
        }
    }
    // Where the credits program keeps the network's tally ring (whether or not credits is set
    // up yet): finalization then checks the address instead of searching for a PDA.
    let (key::AlignedKey(ring_key), _) =
        key::find_program_address(&[groundwork_credits::state::seeds::TALLY, network_key.as_ref()], &CREDITS_PROGRAM.0);
    let now = Clock::get()?.unix_timestamp;
    let first_epoch = net.epoch_at(now);
    let token_program_key = net.token_program;
    let mint_key = net.mint;

    let vault_bump_seed = [vault_bump];
    let vault_seeds = [Seed::from(seeds::VAULT), Seed::from(network_key.as_ref()), Seed::from(&vault_bump_seed)];
    token::create_token_account(
        &NewAccount { payer, seeds: &vault_seeds, role: "vault" },
        vault,
        &NewTokenAccount { token_program: &token_program_key, mint, owner: &config_key },
    )?;
    let bump_seed = [bump];
    let config_seeds = [Seed::from(seeds::REWARDS), Seed::from(network_key.as_ref()), Seed::from(&bump_seed)];
    let s = state::create::<RewardsConfig>(&NewAccount { payer, seeds: &config_seeds, role: "config" }, config, program_id)?;

    // The new account is zeroed: set only what is not zero.
    key::copy_key(&mut s.network, &network_key);
    s.mint = mint_key;
    s.token_program = token_program_key;
    s.vault = vault_key;
    s.tally_ring = ring_key;
    s.set_schedule(&schedule[..schedule_len]);
    s.supply_cap = supply_cap;
    s.net_emission_cap = net_emission_cap;
    s.operator_bps = operator_bps;
    s.prior_supply_cap = supply_cap;
    s.prior_net_emission_cap = net_emission_cap;
    s.prior_operator_bps = operator_bps;
    s.params_epoch = first_epoch;
    s.initial_supply = initial_supply;
    s.next_epoch = first_epoch;
    s.funding_mode = mode;
    s.bump = bump;
    s.vault_bump = vault_bump;

    Event::new(REWARDS_INITIALIZED)
        .key(&network_key)
        .key(&config_key)
        .u8(mode)
        .u64(supply_cap)
        .u16(operator_bps)
        .u64(first_epoch)
        .emit();
    Ok(())
}
