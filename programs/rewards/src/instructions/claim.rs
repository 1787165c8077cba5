//! `claim`: pays an operator `cumulative_amount − already claimed`, proven against the active
//! root (a root still in its activation delay is not claimable yet; claims use the root before
//! it). Anyone may submit it (a crank): nobody signs for the operator, and the payout always goes
//! to the operator's token account. The operator's claim status must exist
//! (`initialize_claim_status`, which the SDK adds to an operator's first claim). The payouts of
//! all claims together never exceed what was funded for operators (`ClaimExceedsFunded`).
//!
//! Accounts:
//! 0. `[]` operator: the operator's wallet, the key in its leaf
//! 1. `[writable]` config: `["rewards", network]`
//! 2. `[writable]` claim_status: PDA `["claim", network, operator]`
//! 3. `[writable]` vault: the config's vault
//! 4. `[writable]` operator_token: token account of the network mint owned by `operator`
//! 5. `[]` token_program
//!
//! Args: cumulative_amount u64, proof Vec<[u8; 32]> (leaf to root).
use crate::{
    error::RewardsError,
    events::{Event, REWARDS_CLAIMED},
    merkle::{self, MAX_PROOF_DEPTH},
    state::{seeds, ClaimStatus, RewardsConfig},
};
use groundwork_common::{
    checks::{self, FrameworkError},
    key,
    math::Checked,
    pinocchio::{
        cpi::{Seed, Signer},
        sysvars::{clock::Clock, Sysvar},
        ProgramResult,
    },
    state, token,
    wire::Reader,
    Ix,
};

// The hot path of millions of operators, budgeted at 6,000 CU for a depth-20 proof (see
// bench/results.md): keys are compared as aligned words (`key`), nothing is copied that can be
// borrowed in place, the claim status costs one sha256 to verify (its stored canonical bump),
// and the payout CPI is built directly (`token::transfer_unchecked`: the token program is checked).
#[inline(never)]
pub fn process(ix: &mut Ix) -> ProgramResult {
    let (program_id, data) = (ix.program_id, ix.data);
    let [operator, config, claim_status, vault, operator_token, token_program] = checks::accounts::<6>(ix.accounts)?;
    // Views are addresses into the input region: copies keep the keys readable while the
    // state behind them is borrowed mutably.
    let (config_signer, status_view) = (*config, *claim_status);
    let cfg = state::load_mut::<RewardsConfig>(config, program_id, "config")?;
    checks::address(vault, &cfg.vault, "vault")?;
    checks::writable(vault, "vault")?;
    checks::program(token_program, &cfg.token_program, "token_program")?;
    checks::writable(operator_token, "operator_token")?;
    let destination = token::token_account(operator_token, &cfg.token_program, &cfg.mint, "operator_token")?;
    if !key::eq(&destination.owner, operator.address()) {
        return Err(checks::account_error("operator_token", FrameworkError::ConstraintTokenOwner));
    }
    let status = state::load_mut::<ClaimStatus>(claim_status, program_id, "claim_status")?;
    // With a root activation delay, a finalized root waits as the pending root; the first claim
    // after its delay makes it the active one (the clock is read only while one is pending).
    if cfg.has_pending_root != 0 {
        cfg.activate_due_root(Clock::get()?.unix_timestamp);
    }
    let (network_key, operator_key) = (&cfg.network, operator.address());
    checks::pda(&status_view, &[seeds::CLAIM, network_key.as_ref(), operator_key.as_ref()], status.bump, program_id, "claim_status")?;
    if cfg.paused != 0 {
        return Err(RewardsError::Paused.into());
    }
    if cfg.has_root == 0 {
        return Err(RewardsError::NoRoot.into());
    }

    let mut r = Reader::new(data);
    let cumulative = r.u64()?;
    let depth = r.u32()? as usize;
    if depth > MAX_PROOF_DEPTH {
        return Err(RewardsError::ProofTooLong.into());
    }
    let proof = r.slice(depth * 32)?;
    r.finish()?;
    if cumulative > cfg.current_root_total {
        return Err(RewardsError::ClaimExceedsRootTotal.into());
    }
    // A replay, or an older root's smaller amount, would pay nothing or pay twice.
    if cumulative <= status.claimed {
        return Err(RewardsError::NothingToClaim.into());
    }
    if !merkle::verify_leaf(proof, &cfg.current_root, network_key.as_array(), operator_key.as_array(), cumulative) {
        return Err(RewardsError::InvalidProof.into());
    }
    let payout = cumulative - status.claimed;
    // Claims never pay more than was funded for operators: after a correction that lowered an
    // operator who had already claimed, the others' leaves can add up to more than the funding,
    // and the difference would come out of tokens the vault does not hold for operators.
    let total_claimed = cfg.total_claimed.add_or(payout)?;
    if total_claimed > cfg.total_funded {
        return Err(RewardsError::ClaimExceedsFunded.into());
    }
    status.claimed = cumulative;
    cfg.total_claimed = total_claimed;

    let cfg_bump = [cfg.bump];
    let seeds = [Seed::from(seeds::REWARDS), Seed::from(network_key.as_ref()), Seed::from(&cfg_bump)];
    let accounts = token::TransferAccounts { token_program: &cfg.token_program, from: vault, to: operator_token, authority: &config_signer };
    token::transfer_unchecked(&accounts, payout, &[Signer::from(&seeds)]);

    Event::new(REWARDS_CLAIMED).key(network_key).key(operator_key).u64(payout).u64(cumulative).u64(cfg.current_root_epoch).emit();
    Ok(())
}
