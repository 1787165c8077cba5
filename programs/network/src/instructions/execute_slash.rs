//! `execute_slash`: once the dispute window has run from the moment the *current* oracles'
//! approvals reached the current threshold (`SlashProposal::executable_at`), anyone executes the
//! slash. It takes from active stake first, then from the unbonding bucket, never more than the
//! lower of the cap recorded at proposal and the network's current cap (of the stake at
//! execution time), sends the tokens to the treasury or burns them, and jails the operator.
//! Devices stay registered; the jailed operator registers, receives and gives away none, and is
//! unjailed only once its active stake covers them again.
//!
//! Accounts:
//! 0. `[writable]` network
//! 1. `[writable]` operator
//! 2. `[writable]` slash_proposal
//! 3. `[writable]` stake_vault
//! 4. `[writable]` treasury: the network's treasury (written when slashes go to the treasury)
//! 5. `[writable]` mint: the network mint (written when slashes are burned)
//! 6. `[]` token_program
use crate::{
    error::NetworkError,
    events::{Event, SLASH_EXECUTED},
    guard,
    stake_math::{self, Buckets},
    state::{pause, seeds, slash_destination, slash_status, Network},
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
    let [network, operator, proposal, stake_vault, treasury, mint, token_program] = checks::accounts::<7>(ix.accounts)?;
    // The network PDA signs for the vault: keep a view of it for the CPI.
    let network_view = *network;
    let network_key = key::AlignedKey::copy_of(network.address());
    let net = state::load_mut::<Network>(network, program_id, "network")?;
    let operator_key = key::AlignedKey::copy_of(operator.address());
    let op = guard::operator_of(operator, &network_key, program_id, "operator")?;
    let proposal_key = key::AlignedKey::copy_of(proposal.address());
    let p = guard::proposal_of(proposal, &network_key, &operator_key, program_id)?;
    checks::writable(stake_vault, "stake_vault")?;
    checks::address(stake_vault, &net.stake_vault, "stake_vault")?;
    checks::address(treasury, &net.treasury, "treasury")?;
    checks::address(mint, &net.mint, "mint")?;
    checks::program(token_program, &net.token_program, "token_program")?;
    let burn = net.slash_destination == slash_destination::BURN;
    if burn {
        checks::writable(mint, "mint")?;
    } else {
        checks::writable(treasury, "treasury")?;
        // Governance never sets the vault as treasury; refuse it here too.
        if key::eq(treasury.address(), stake_vault.address()) {
            return Err(NetworkError::SameTokenAccount.into());
        }
    }
    Reader::new(data).finish()?;

    if net.is_paused(pause::SLASHING) {
        return Err(NetworkError::SlashingPaused.into());
    }
    if !p.is_open() {
        return Err(NetworkError::SlashNotPending.into());
    }
    // Approvals by oracles removed since then no longer count; the window runs from the moment
    // the approvals that count today reached today's threshold.
    let executable_at = match p.executable_at(net) {
        Some(at) => at,
        None if p.status == slash_status::APPROVED => return Err(NetworkError::InsufficientApprovals.into()),
        None => return Err(NetworkError::SlashNotApproved.into()),
    };
    let now = Clock::get()?.unix_timestamp;
    if now < executable_at {
        return Err(NetworkError::DisputeWindowOpen.into());
    }
    let b = Buckets { active: op.active_stake, unbonding: op.unbonding_stake, unlock_ts: op.unbonding_unlock_ts };
    let split = stake_math::split_slash(p.amount, b, p.cap_bps(net))?;
    let total = split.total();
    let active = op.active_stake.sub_or(split.from_active)?;
    let unbonding = op.unbonding_stake.sub_or(split.from_unbonding)?;
    let op_slashed = op.total_slashed.add_or(total)?;
    let net_active = net.total_active_stake.sub_or(split.from_active)?;
    let net_unbonding = net.total_unbonding_stake.sub_or(split.from_unbonding)?;
    let net_slashed = net.total_slashed.add_or(total)?;
    // Only a proposal recorded as approved holds the operator (one that reached its quorum
    // through a queued oracle change without being refreshed never did).
    let open = if p.status == slash_status::APPROVED { op.open_slashes.sub_or(1)? } else { op.open_slashes };

    if total > 0 {
        let bump = [net.bump];
        let signer = [Seed::from(seeds::NETWORK), Seed::from(net.mint.as_ref()), Seed::from(net.creator.as_ref()), Seed::from(&bump)];
        if burn {
            token::burn(&net.token_program, stake_vault, mint, &network_view, total, &signer)?;
        } else {
            token::transfer(&net.token_program, stake_vault, treasury, &network_view, total, &signer)?;
        }
    }
    op.active_stake = active;
    op.unbonding_stake = unbonding;
    op.total_slashed = op_slashed;
    op.jailed = 1;
    op.open_slashes = open;
    net.total_active_stake = net_active;
    net.total_unbonding_stake = net_unbonding;
    net.total_slashed = net_slashed;
    p.status = slash_status::EXECUTED;
    p.executed_amount = total;

    Event::<89>::new(SLASH_EXECUTED)
        .key(&proposal_key)
        .key(&operator_key)
        .u64(split.from_active)
        .u64(split.from_unbonding)
        .bool(burn)
        .emit();
    Ok(())
}
