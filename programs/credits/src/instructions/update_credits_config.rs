//! `update_credits_config`: the network authority changes price mode, price terms, oracle
//! pinning and the circuit breaker. The breaker's running window value is kept.
//!
//! Accounts:
//! 0. `[signer]` authority: the network's current authority
//! 1. `[]` network
//! 2. `[writable]` config: PDA `["credits", network]`
//!
//! Args: `Params` (see `params.rs`).
use crate::{
    error::CreditsError,
    events::{Event, CREDITS_CONFIG_UPDATED},
    params::Params,
    state::CreditsConfig,
};
use groundwork_common::{
    key,
    checks, pinocchio::{AccountView, ProgramResult}, state, Ix, wire::Reader,
};

#[inline(never)]
pub fn process(ix: &mut Ix) -> ProgramResult {
    let (program_id, data) = (ix.program_id, ix.data);
    let [authority, network, config] = checks::accounts::<3>(ix.accounts)?;
    let s = authorized_config(authority, network, config, program_id)?;
    let mut r = Reader::new(data);
    let params = Params::read(&mut r)?;
    r.finish()?;
    params.validate()?;
    write_params(s, &params);

    Event::new(CREDITS_CONFIG_UPDATED)
        .key(network.address())
        .u8(params.price_mode)
        .u64(params.credits_per_token)
        .u64(params.usd_per_credit_e8)
        .key(&params.price_update)
        .u64(params.breaker_window_secs)
        .u64(params.breaker_max_credits)
        .emit();
    Ok(())
}

/// The config of `network`, after checking that `authority` signed and governs the network.
#[inline(always)]
pub(crate) fn authorized_config<'a>(
    authority: &AccountView,
    network: &AccountView,
    config: &'a mut AccountView,
    program_id: &groundwork_common::pinocchio::Address,
) -> Result<&'a mut CreditsConfig, groundwork_common::pinocchio::error::ProgramError> {
    checks::signer(authority, "authority")?;
    let net = super::network(network)?;
    let s = state::load_mut::<CreditsConfig>(config, program_id, "config")?;
    if !key::eq(&s.network, network.address()) {
        return Err(checks::account_error("config", checks::FrameworkError::ConstraintHasOne));
    }
    if !key::eq(&net.authority, authority.address()) {
        return Err(CreditsError::Unauthorized.into());
    }
    Ok(s)
}

#[inline(always)]
pub(crate) fn write_params(s: &mut CreditsConfig, p: &Params) {
    s.price_mode = p.price_mode;
    s.credits_per_token = p.credits_per_token;
    s.usd_per_credit_e8 = p.usd_per_credit_e8;
    s.price_update = p.price_update;
    s.feed_id = p.feed_id;
    s.max_price_age_secs = p.max_price_age_secs;
    s.max_conf_bps = p.max_conf_bps;
    s.conf_k_bps = p.conf_k_bps;
    s.breaker_window_secs = p.breaker_window_secs;
    s.breaker_max_credits = p.breaker_max_credits;
}
