//! `initialize_credits`: the network authority sets up data credits for its network.
//!
//! Accounts:
//! 0. `[writable, signer]` payer
//! 1. `[signer]` authority: the network's authority
//! 2. `[]` network: the network program's `Network` account
//! 3. `[writable]` config: PDA `["credits", network]`
//! 4. `[writable]` tally_ring: PDA `["tally", network]`, created here so that burns and spends
//!    never create accounts
//! 5. `[]` dc_mint: Token-2022 mint, NonTransferable, mint authority = config, no freeze
//!    authority, 0 decimals, zero supply (created client-side beforehand)
//! 6. `[]` token_mint: the network's token mint (for its decimals)
//! 7. `[]` system_program
//!
//! Args: `Params` (see `params.rs`).
use crate::{
    error::CreditsError,
    events::{Event, CREDITS_INITIALIZED},
    params::Params,
    state::{seeds, CreditsConfig, TallyRing, DC_DECIMALS},
};
use groundwork_common::{
    checks::{self, FrameworkError},
    ids::{SYSTEM_PROGRAM_ID, TOKEN_2022_PROGRAM_ID},
    key,
    pinocchio::{
        cpi::Seed,
        sysvars::{clock::Clock, Sysvar},
        AccountView, Address, ProgramResult,
    },
    state::{self, NewAccount},
    token, Ix,
    wire::Reader,
};

/// Token-2022 extension types a DC mint may carry: NonTransferable (required), and metadata.
const EXT_NON_TRANSFERABLE: u16 = 9;
const EXT_METADATA_POINTER: u16 = 18;
const EXT_TOKEN_METADATA: u16 = 19;
/// Token-2022 puts the account-type byte after the 165-byte base account, then the TLV entries.
const ACCOUNT_TYPE_OFFSET: usize = 165;
const ACCOUNT_TYPE_MINT: u8 = 1;

#[inline(never)]
pub fn process(ix: &mut Ix) -> ProgramResult {
    let (program_id, data) = (ix.program_id, ix.data);
    let [payer, authority, network, config, ring, dc_mint, token_mint, system_program] = checks::accounts::<8>(ix.accounts)?;
    checks::writable_signer(payer, "payer")?;
    checks::signer(authority, "authority")?;
    checks::writable(config, "config")?;
    checks::writable(ring, "tally_ring")?;
    checks::program(system_program, &SYSTEM_PROGRAM_ID, "system_program")?;
    let net = super::network(network)?;
    if !key::eq(&net.authority, authority.address()) {
        return Err(CreditsError::Unauthorized.into());
    }
    checks::address(token_mint, &net.mint, "token_mint")?;
    let token_decimals = token::mint(token_mint, &net.token_program, "token_mint")?.decimals();

    let network_key = key::AlignedKey::copy_of(network.address());
    let (key::AlignedKey(config_key), bump) = key::find_program_address(&[seeds::CREDITS, network_key.as_ref()], program_id);
    if !key::eq(config.address(), &config_key) {
        return Err(checks::account_error("config", FrameworkError::ConstraintSeeds));
    }
    let (key::AlignedKey(ring_key), ring_bump) = key::find_program_address(&[seeds::TALLY, network_key.as_ref()], program_id);
    if !key::eq(ring.address(), &ring_key) {
        return Err(checks::account_error("tally_ring", FrameworkError::ConstraintSeeds));
    }
    check_dc_mint(dc_mint, &config_key)?;

    let mut r = Reader::new(data);
    let params = Params::read(&mut r)?;
    r.finish()?;
    params.validate()?;
    let now = Clock::get()?.unix_timestamp;

    let bump_seed = [bump];
    let signer = [Seed::from(seeds::CREDITS), Seed::from(network_key.as_ref()), Seed::from(&bump_seed)];
    let s = state::create::<CreditsConfig>(&NewAccount { payer, seeds: &signer, role: "config" }, config, program_id)?;
    key::copy_key(&mut s.network, &network_key);
    key::copy_key(&mut s.dc_mint, dc_mint.address());
    s.token_mint = net.mint;
    s.token_program = net.token_program;
    s.genesis_ts = net.genesis_ts;
    s.epoch_length_secs = net.epoch_length_secs;
    s.token_decimals = token_decimals;
    s.bump = bump;
    s.breaker_window_start = now;
    super::update_credits_config::write_params(s, &params);

    let ring_bump_seed = [ring_bump];
    let ring_seeds = [Seed::from(seeds::TALLY), Seed::from(network_key.as_ref()), Seed::from(&ring_bump_seed)];
    let t = state::create::<TallyRing>(&NewAccount { payer, seeds: &ring_seeds, role: "tally_ring" }, ring, program_id)?;
    key::copy_key(&mut t.network, &network_key);
    t.bump = ring_bump;

    Event::new(CREDITS_INITIALIZED)
        .key(&network_key)
        .key(dc_mint.address())
        .u8(params.price_mode)
        .u64(params.credits_per_token)
        .u64(params.usd_per_credit_e8)
        .key(&params.price_update)
        .emit();
    Ok(())
}

/// The DC mint is Token-2022, NonTransferable (and nothing but metadata besides), minted only by
/// the config PDA, unfreezable, with no credits in existence yet.
#[inline(never)]
fn check_dc_mint(dc_mint: &AccountView, config_key: &Address) -> ProgramResult {
    let m = token::mint(dc_mint, &TOKEN_2022_PROGRAM_ID, "dc_mint")?;
    let minted_by_config = matches!(m.mint_authority(), Some(a) if key::eq(a, config_key));
    if !minted_by_config || m.freeze_authority().is_some() || m.decimals() != DC_DECIMALS || m.supply() != 0 {
        return Err(CreditsError::InvalidDcMint.into());
    }
    // SAFETY: read-only view of the account data for the length of this function.
    let data = unsafe { core::slice::from_raw_parts(dc_mint.data_ptr(), dc_mint.data_len()) };
    if data.len() <= ACCOUNT_TYPE_OFFSET || data[ACCOUNT_TYPE_OFFSET] != ACCOUNT_TYPE_MINT {
        return Err(CreditsError::DcMintNotNonTransferable.into());
    }
    let mut at = ACCOUNT_TYPE_OFFSET + 1;
    let mut non_transferable = false;
    while at + 4 <= data.len() {
        let ty = u16::from_le_bytes([data[at], data[at + 1]]);
        let len = u16::from_le_bytes([data[at + 2], data[at + 3]]) as usize;
        match ty {
            0 => break, // uninitialised tail
            EXT_NON_TRANSFERABLE => non_transferable = true,
            EXT_METADATA_POINTER | EXT_TOKEN_METADATA => {}
            // Anything else (permanent delegate, transfer hook, close authority, …) could move,
            // burn or strand holders' credits behind the program's back.
            _ => return Err(CreditsError::DcMintNotNonTransferable.into()),
        }
        at += 4 + len;
    }
    if non_transferable { Ok(()) } else { Err(CreditsError::DcMintNotNonTransferable.into()) }
}
