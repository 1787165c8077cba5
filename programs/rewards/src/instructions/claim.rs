//! `claim`: pays an operator `cumulative_amount − already claimed`, proven against the current
//! root. Anyone may submit it (a crank); the payout always goes to the operator's token account.
//!
//! Accounts:
//! 0. `[writable, signer]` payer: pays the claim status rent on a first claim
//! 1. `[]` operator: the operator's wallet, the key in its leaf
//! 2. `[writable]` config: `["rewards", network]`
//! 3. `[writable]` claim_status: PDA `["claim", network, operator]`, created on the first claim
//! 4. `[writable]` vault: the config's vault
//! 5. `[writable]` operator_token: token account of the network mint owned by `operator`
//! 6. `[]` token_program
//! 7. `[]` system_program
//!
//! Args: cumulative_amount u64, proof Vec<[u8; 32]> (leaf to root).
use crate::{
    error::RewardsError,
    events::{Event, REWARDS_CLAIMED},
    merkle::{self, MAX_PROOF_DEPTH},
    state::{seeds, ClaimStatus, RewardsConfig},
};
use groundwork_common::{
    key,
    checks::{self, FrameworkError},
    ids::SYSTEM_PROGRAM,
    math::Checked,
    pinocchio::{cpi::Seed, ProgramResult},
    state::{self, NewAccount},
    token,
    wire::Reader,
    Ix,
};

// Hot path: keys are compared as aligned words (`key`), nothing is copied that can be borrowed
// in place, and the claim status costs one sha256 to verify (its stored canonical bump) or, on
// the first claim, the cheap canonical-bump search (`key::find_program_address`).
#[inline(never)]
pub fn process(ix: &mut Ix) -> ProgramResult {
    let (program_id, data) = (ix.program_id, ix.data);
    let [payer, operator, config, claim_status, vault, operator_token, token_program, system_program] =
        checks::accounts::<8>(ix.accounts)?;
    checks::writable_signer(payer, "payer")?;
    let config_signer = *config;
    let cfg = state::load_mut::<RewardsConfig>(config, program_id, "config")?;
    checks::address(vault, &cfg.vault, "vault")?;
    checks::program(token_program, &cfg.token_program, "token_program")?;
    checks::program(system_program, &SYSTEM_PROGRAM.0, "system_program")?;
    let destination = token::token_account(operator_token, &cfg.token_program, &cfg.mint, "operator_token")?;
    if !key::eq(&destination.owner, operator.address()) {
        return Err(checks::account_error("operator_token", FrameworkError::ConstraintTokenOwner));
    }
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

    let network_key = &cfg.network;
    let operator_key = operator.address();
    let status_seeds: [&[u8]; 3] = [seeds::CLAIM, network_key.as_ref(), operator_key.as_ref()];
    let fresh = key::owned_by(claim_status, &SYSTEM_PROGRAM.0) && claim_status.is_data_empty();
    let (claimed, bump) = if fresh {
        let (key, bump) = key::find_program_address(&status_seeds, program_id);
        if !key::eq(claim_status.address(), &key.0) {
            return Err(checks::account_error("claim_status", FrameworkError::ConstraintSeeds));
        }
        (0, bump)
    } else {
        let status = state::load::<ClaimStatus>(claim_status, program_id, "claim_status")?;
        checks::pda(claim_status, &status_seeds, status.bump, program_id, "claim_status")?;
        (status.claimed, status.bump)
    };
    // A replay, or an older root's smaller amount, would pay nothing or pay twice.
    if cumulative <= claimed {
        return Err(RewardsError::NothingToClaim.into());
    }
    if !merkle::verify_leaf(proof, &cfg.current_root, network_key.as_array(), operator_key.as_array(), cumulative) {
        return Err(RewardsError::InvalidProof.into());
    }
    let payout = cumulative - claimed;

    let status = if fresh {
        let bump_seed = [bump];
        let signer = [Seed::from(seeds::CLAIM), Seed::from(network_key.as_ref()), Seed::from(operator_key.as_ref()), Seed::from(&bump_seed)];
        let status = state::create::<ClaimStatus>(&NewAccount { payer, seeds: &signer, role: "claim_status" }, claim_status, program_id)?;
        status.bump = bump;
        status
    } else {
        state::load_mut::<ClaimStatus>(claim_status, program_id, "claim_status")?
    };
    status.claimed = cumulative;
    cfg.total_claimed = cfg.total_claimed.add_or(payout)?;

    let cfg_bump = [cfg.bump];
    let signer = [Seed::from(seeds::REWARDS), Seed::from(network_key.as_ref()), Seed::from(&cfg_bump)];
    token::transfer(&cfg.token_program, vault, operator_token, &config_signer, payout, &signer)?;

    Event::new(REWARDS_CLAIMED)
        .key(network_key)
        .key(operator_key)
        .key(payer.address())
        .u64(payout)
        .u64(cumulative)
        .u64(cfg.current_root_epoch)
        .emit();
    Ok(())
}
