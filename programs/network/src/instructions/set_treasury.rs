//! `set_treasury`: the authority queues a new treasury (the token account that receives slashed
//! stake in treasury mode and the rewards program's treasury share). Always behind the timelock
//! (`governance`); replaces a queued treasury change.
//!
//! Accounts:
//! 0. `[signer]` authority
//! 1. `[writable]` network
//! 2. `[]` treasury: token account of the network mint, not the stake vault
use crate::{error::NetworkError, governance, guard};
use groundwork_common::{
    checks,
    key,
    pinocchio::{sysvars::{clock::Clock, Sysvar}, ProgramResult},
    token,
    wire::Reader,
    Ix,
};

#[inline(never)]
pub fn process(ix: &mut Ix) -> ProgramResult {
    let (program_id, data) = (ix.program_id, ix.data);
    let [authority, network, treasury] = checks::accounts::<3>(ix.accounts)?;
    let network_key = key::AlignedKey::copy_of(network.address());
    let net = guard::governed(network, authority, program_id)?;
    token::token_account(treasury, &net.token_program, &net.mint, "treasury")?;
    Reader::new(data).finish()?;
    // Slashed stake sent to the vault it came from would leave vault ≠ recorded stake.
    if key::eq(treasury.address(), &net.stake_vault) {
        return Err(NetworkError::SameTokenAccount.into());
    }
    let now = Clock::get()?.unix_timestamp;
    let eta = net.timelock_eta(now, net.unbonding_secs)?;

    key::copy_key(&mut net.pending_treasury, treasury.address());
    net.pending_treasury_eta = eta;
    governance::emit_queued(&network_key, governance::kind::TREASURY, eta);
    Ok(())
}
