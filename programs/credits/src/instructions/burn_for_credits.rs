//! `burn_for_credits`: a customer burns network tokens and data credits are minted to a
//! recipient's DC account (the customer's own or someone else's).
//!
//! Accounts:
//! 0. `[writable, signer]` owner: owns `source`
//! 1. `[writable]` config: PDA `["credits", network]`, also the DC mint authority
//! 2. `[writable]` token_mint: the network token
//! 3. `[writable]` source: owner's token account of `token_mint`
//! 4. `[writable]` dc_mint
//! 5. `[writable]` recipient: DC token account receiving the credits
//! 6. `[writable]` tally_ring: PDA `["tally", network]`, the network's tally ring
//! 7. `[]` price_update: the config's pinned Pyth `PriceUpdateV2` (oracle mode; unread in
//!    fixed mode)
//! 8. `[]` token_program: the network token's program
//! 9. `[]` dc_token_program: Token-2022
//!
//! Args: `token_amount: u64`, `min_credits_out: u64`.
use super::{add, tally_ring};
use crate::{
    breaker::Breaker,
    error::CreditsError,
    events::{Event, CREDITS_BURNED},
    price::{self, OraclePrice, OracleTerms},
    pyth,
    state::{price_mode, seeds, CreditsConfig},
};
use groundwork_common::{
    state,
    token,
    checks::{self, FrameworkError},
    ids::TOKEN_2022_PROGRAM,
    pinocchio::{
        cpi::{Seed, Signer},
        error::ProgramError,
        sysvars::{clock::Clock, Sysvar},
        AccountView, ProgramResult,
    },
    Ix,
    wire::Reader,
};
use pinocchio_token::instructions::{Burn, MintTo};

// Hot path: keys are compared and copied as aligned words (`key`), the config is loaded once,
// and nothing is created or hashed (the tally ring exists from initialisation).
#[inline(never)]
pub fn process(ix: &mut Ix) -> ProgramResult {
    let (program_id, data) = (ix.program_id, ix.data);
    let [owner, config, token_mint, source, dc_mint, recipient, ring, price_update, token_program, dc_token_program] =
        checks::accounts::<10>(ix.accounts)?;
    checks::writable_signer(owner, "owner")?;
    // A copy of the handle signs the mint as the config PDA while `cfg` borrows its data.
    let config_signer = *config;
    let cfg = state::load_mut::<CreditsConfig>(config, program_id, "config")?;
    checks::address(token_mint, &cfg.token_mint, "token_mint")?;
    checks::address(dc_mint, &cfg.dc_mint, "dc_mint")?;
    checks::program(token_program, &cfg.token_program, "token_program")?;
    checks::program(dc_token_program, &TOKEN_2022_PROGRAM.0, "dc_token_program")?;
    token::token_account(source, &cfg.token_program, &cfg.token_mint, "source")?;
    token::token_account(recipient, &TOKEN_2022_PROGRAM.0, &cfg.dc_mint, "recipient")?;

    let mut r = Reader::new(data);
    let token_amount = r.u64()?;
    let min_credits_out = r.u64()?;
    r.finish()?;
    if cfg.paused != 0 {
        return Err(CreditsError::Paused.into());
    }
    if token_amount == 0 {
        return Err(CreditsError::ZeroAmount.into());
    }
    let now = Clock::get()?.unix_timestamp;

    let (credits, quote) = if cfg.price_mode == price_mode::ORACLE {
        let p = oracle_price(price_update, cfg, now)?;
        let terms = OracleTerms {
            usd_per_credit_e8: cfg.usd_per_credit_e8,
            conf_k_bps: cfg.conf_k_bps,
            max_conf_bps: cfg.max_conf_bps,
            token_decimals: cfg.token_decimals,
        };
        (price::oracle_credits(token_amount, &p, &terms)?, p)
    } else {
        let credits = price::fixed_credits(token_amount, cfg.token_decimals, cfg.credits_per_token)?;
        (credits, OraclePrice { price: cfg.credits_per_token as i64, conf: 0, exponent: 0 })
    };
    if credits == 0 {
        return Err(CreditsError::CreditsTooSmall.into());
    }
    if credits < min_credits_out {
        return Err(CreditsError::SlippageExceeded.into());
    }
    let window = Breaker {
        window_secs: cfg.breaker_window_secs,
        cap: cfg.breaker_max_credits,
        prev: cfg.breaker_prev_window_value,
        value: cfg.breaker_window_value,
        start: cfg.breaker_window_start,
    }
    .record(now, credits)?;
    let total_burned = add(cfg.total_tokens_burned, token_amount)?;
    let total_minted = add(cfg.total_credits_minted, credits)?;
    let network = &cfg.network;
    let epoch = cfg.epoch_at(now);

    let t = tally_ring(ring, network, program_id)?.slot_mut(epoch);
    t.tokens_burned = add(t.tokens_burned, token_amount)?;
    t.credits_minted = add(t.credits_minted, credits)?;

    // Token ids were checked above; skip pinocchio-token's own program check.
    Burn::new(source, token_mint, owner, token_amount).invoke_with_unverified_program(token_program.address())?;
    let bump_seed = [cfg.bump];
    let signer_seeds = [Seed::from(seeds::CREDITS), Seed::from(network.as_ref()), Seed::from(&bump_seed)];
    MintTo::new(dc_mint, recipient, &config_signer, credits)
        .invoke_signed_with_unverified_program(&[Signer::from(&signer_seeds)], &TOKEN_2022_PROGRAM.0)?;

    Event::new(CREDITS_BURNED)
        .key(network)
        .key(owner.address())
        .key(recipient.address())
        .u64(token_amount)
        .u64(credits)
        .u64(epoch)
        .i64(quote.price)
        .u64(quote.conf)
        .bytes(&quote.exponent.to_le_bytes())
        .emit();
    cfg.breaker_window_value = window.value;
    cfg.breaker_prev_window_value = window.prev;
    cfg.breaker_window_start = window.start;
    cfg.total_tokens_burned = total_burned;
    cfg.total_credits_minted = total_minted;
    Ok(())
}

/// The pinned price account's validated price. Address, owner (Pyth receiver), size and
/// discriminator are account constraints; feed, verification level and age are domain errors.
#[inline(always)]
fn oracle_price(price_update: &AccountView, cfg: &CreditsConfig, now: i64) -> Result<OraclePrice, ProgramError> {
    checks::address(price_update, &cfg.price_update, "price_update")?;
    checks::owned_by(price_update, &pyth::PYTH_RECEIVER_PROGRAM.0, "price_update")?;
    if price_update.data_len() < pyth::MIN_LEN {
        return Err(checks::account_error("price_update", FrameworkError::AccountDidNotDeserialize));
    }
    // SAFETY: read-only view of account data no one else is writing during this instruction;
    // account data is 8-byte aligned, so the discriminator is read as one word.
    let data = unsafe { core::slice::from_raw_parts(price_update.data_ptr(), price_update.data_len()) };
    if unsafe { *(price_update.data_ptr() as *const u64) } != u64::from_le_bytes(pyth::PRICE_UPDATE_V2_DISCRIMINATOR) {
        return Err(checks::account_error("price_update", FrameworkError::AccountDiscriminatorMismatch));
    }
    Ok(pyth::validated_price(data, &cfg.feed_id, now, cfg.max_price_age_secs)?)
}
