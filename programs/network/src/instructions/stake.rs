//! `stake(amount)`: the operator's wallet moves tokens into the network's stake vault.
//!
//! Accounts:
//! 0. `[signer]` authority: the operator's wallet, owner of `source`
//! 1. `[writable]` network
//! 2. `[writable]` operator
//! 3. `[writable]` source: token account of the network mint
//! 4. `[writable]` stake_vault: the network's vault
//! 5. `[]` token_program
use crate::{
    error::NetworkError,
    events::{Event, STAKED},
    guard,
    state::{pause, Network},
};
use groundwork_common::{checks, key, math::Checked, pinocchio::ProgramResult, state, token, wire::Reader, Ix};

#[inline(never)]
pub fn process(ix: &mut Ix) -> ProgramResult {
    let (program_id, data) = (ix.program_id, ix.data);
    let [authority, network, operator, source, stake_vault, token_program] = checks::accounts::<6>(ix.accounts)?;
    checks::signer(authority, "authority")?;
    checks::writable(source, "source")?;
    checks::writable(stake_vault, "stake_vault")?;
    let network_key = key::AlignedKey::copy_of(network.address());
    let net = state::load_mut::<Network>(network, program_id, "network")?;
    let operator_key = key::AlignedKey::copy_of(operator.address());
    let op = guard::operator_of(operator, &network_key, program_id, "operator")?;
    guard::controls(op, authority)?;
    checks::address(stake_vault, &net.stake_vault, "stake_vault")?;
    checks::program(token_program, &net.token_program, "token_program")?;
    token::token_account(source, &net.token_program, &net.mint, "source")?;

    let mut r = Reader::new(data);
    let amount = r.u64()?;
    r.finish()?;
    if key::eq(source.address(), stake_vault.address()) {
        return Err(NetworkError::SameTokenAccount.into());
    }
    if amount == 0 {
        return Err(NetworkError::ZeroAmount.into());
    }
    if net.is_paused(pause::STAKING) {
        return Err(NetworkError::StakingPaused.into());
    }
    let active = op.active_stake.add_or(amount)?;
    let total = net.total_active_stake.add_or(amount)?;

    // The wallet signs for its own token account, so this CPI carries no signer seeds
    // (`token::transfer` with empty seeds would ask the runtime to derive a seedless PDA).
    pinocchio_token::instructions::Transfer::new(source, stake_vault, authority, amount).invoke_with_program(&net.token_program)?;
    op.active_stake = active;
    net.total_active_stake = total;

    Event::<56>::new(STAKED).key(&operator_key).u64(amount).u64(active).emit();
    Ok(())
}
