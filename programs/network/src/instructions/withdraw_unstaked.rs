//! `withdraw_unstaked`: after the unbonding period, the whole unbonding bucket goes back to a
//! token account of the operator's choosing. Refused while a slash proposal against the
//! operator is open, so unbonding never escapes a slash.
//!
//! Accounts:
//! 0. `[signer]` authority: the operator's wallet
//! 1. `[writable]` network
//! 2. `[writable]` operator
//! 3. `[writable]` stake_vault
//! 4. `[writable]` destination: token account of the network mint
//! 5. `[]` token_program
use crate::{
    error::NetworkError,
    events::{Event, UNSTAKED_WITHDRAWN},
    guard,
    stake_math::{self, Buckets},
    state::{pause, seeds, Network},
};
use groundwork_common::{
    key,
    state,
    checks,
    math::Checked,
    pinocchio::{cpi::Seed, sysvars::{clock::Clock, Sysvar}, ProgramResult},
    token,
    wire::Reader,
    Ix,
};

#[inline(never)]
pub fn process(ix: &mut Ix) -> ProgramResult {
    let (program_id, data) = (ix.program_id, ix.data);
    let [authority, network, operator, stake_vault, destination, token_program] = checks::accounts::<6>(ix.accounts)?;
    checks::signer(authority, "authority")?;
    checks::writable(stake_vault, "stake_vault")?;
    checks::writable(destination, "destination")?;
    // The network PDA signs the transfer out of the vault: keep a view of it for the CPI.
    let network_view = *network;
    let network_key = key::AlignedKey::copy_of(network.address());
    let net = state::load_mut::<Network>(network, program_id, "network")?;
    let operator_key = key::AlignedKey::copy_of(operator.address());
    let op = guard::operator_of(operator, &network_key, program_id, "operator")?;
    guard::controls(op, authority)?;
    checks::address(stake_vault, &net.stake_vault, "stake_vault")?;
    checks::program(token_program, &net.token_program, "token_program")?;
    token::token_account(destination, &net.token_program, &net.mint, "destination")?;
    Reader::new(data).finish()?;
    if key::eq(destination.address(), stake_vault.address()) {
        return Err(NetworkError::SameTokenAccount.into());
    }

    if net.is_paused(pause::STAKING) {
        return Err(NetworkError::StakingPaused.into());
    }
    if op.open_slashes != 0 {
        return Err(NetworkError::SlashPending.into());
    }
    let now = Clock::get()?.unix_timestamp;
    let b = Buckets { active: op.active_stake, unbonding: op.unbonding_stake, unlock_ts: op.unbonding_unlock_ts };
    let amount = stake_math::withdrawable(b, now)?;
    let total_unbonding = net.total_unbonding_stake.sub_or(amount)?;

    let bump = [net.bump];
    let signer = [Seed::from(seeds::NETWORK), Seed::from(net.mint.as_ref()), Seed::from(net.creator.as_ref()), Seed::from(&bump)];
    token::transfer(&net.token_program, stake_vault, destination, &network_view, amount, &signer)?;
    op.unbonding_stake = 0;
    op.unbonding_unlock_ts = 0;
    net.total_unbonding_stake = total_unbonding;

    Event::<48>::new(UNSTAKED_WITHDRAWN).key(&operator_key).u64(amount).emit();
    Ok(())
}
