//! `claim`: pays an operator `cumulative_amount − already claimed`, proven against the active
//! root (a root still in its activation delay is not claimable yet; claims use the root before
//! it). Anyone may submit it (a crank): nobody signs for the operator, and the payout always goes
//! where the operator said: its own token account, or, when it has a reward split
//! (`set_reward_split`), its recipients' token accounts, each its share in this instruction
//! (recipient i ≥ 1 gets `floor(payout × bps_i / 10,000)`, the first recipient the remainder).
//! The claim status records whether a split exists, so leaving the split out fails. The
//! operator's claim status must exist (`initialize_claim_status`, which the SDK adds to an
//! operator's first claim). The payouts of all claims together never exceed what was funded for
//! operators (`ClaimExceedsFunded`).
//!
//! Accounts:
//! 0. `[]` operator: the operator's wallet, the key in its leaf
//! 1. `[writable]` config: `["rewards", network]`
//! 2. `[writable]` claim_status: PDA `["claim", network, operator]`
//! 3. `[writable]` vault: the config's vault
//! 4. `[writable]` operator_token: token account of the network mint, not the vault, owned by
//!    `operator`, or with a split by its first recipient
//! 5. `[]` token_program
//! With a split (the claim status says so), then:
//! 6. `[]` split: PDA `["split", network, operator]`
//! 7.. `[writable]` the token accounts of recipients 2.. of the split, in its order
//!
//! Args: cumulative_amount u64, proof Vec<[u8; 32]> (leaf to root).
use crate::{
    error::RewardsError,
    events::{Event, REWARDS_CLAIMED},
    merkle::{self, MAX_PROOF_DEPTH},
    state::{seeds, split_amounts, ClaimStatus, RewardSplit, RewardsConfig, MAX_SPLIT_RECIPIENTS},
};
use groundwork_common::{
    checks::{self, FrameworkError},
    ids::SYSTEM_PROGRAM,
    key,
    math::Checked,
    pinocchio::{
        cpi::{Seed, Signer},
        error::ProgramError,
        sysvars::{clock::Clock, Sysvar},
        AccountView, Address, ProgramResult,
    },
    state, token,
    wire::Reader,
    Ix,
};

/// Accounts before the split's: the claim of an operator without a split takes exactly these.
const FIXED_ACCOUNTS: usize = 6;

/// A token account a claim pays: of the network's token program and mint, owned by `owner`, not
/// frozen. A closed (or never created) or frozen account is its own typed error, since the fix
/// is the recipient's or the operator's, not the crank's.
#[inline(always)]
fn payout_account(account: &AccountView, cfg: &RewardsConfig, owner: &Address, role: &str) -> Result<(), ProgramError> {
    if !key::owned_by(account, &cfg.token_program) {
        return Err(not_a_token_account(account, role));
    }
    if account.data_len() < token::TOKEN_ACCOUNT_LEN {
        return Err(checks::account_error(role, FrameworkError::AccountDidNotDeserialize));
    }
    // SAFETY: length checked; data is 8-byte aligned and TokenAccount has alignment 8.
    let t = unsafe { &*(account.data_ptr() as *const token::TokenAccount) };
    // SAFETY: byte 108 (the account state) lies within the checked 165 bytes.
    let account_state = unsafe { *account.data_ptr().add(108) };
    if account_state != 1 {
        return Err(if account_state == 2 { RewardsError::RecipientTokenAccountFrozen.into() } else { checks::account_error(role, FrameworkError::AccountNotInitialized) });
    }
    if !key::eq(&t.mint, &cfg.mint) {
        return Err(checks::account_error(role, FrameworkError::ConstraintTokenMint));
    }
    if !key::eq(&t.owner, owner) {
        return Err(checks::account_error(role, FrameworkError::ConstraintTokenOwner));
    }
    Ok(())
}

#[cold]
#[inline(never)]
fn not_a_token_account(account: &AccountView, role: &str) -> ProgramError {
    if key::owned_by(account, &SYSTEM_PROGRAM.0) {
        // Closed, or never created: the system program owns the address.
        return RewardsError::RecipientTokenAccountMissing.into();
    }
    checks::account_error(role, FrameworkError::ConstraintTokenTokenProgram)
}

/// The operator's split (accounts 6.. of the claim) with every recipient's token account checked
/// (account 4 is the first recipient's and is checked by the caller).
#[inline(never)]
fn load_split<'a>(extra: &'a [AccountView], claim: &SplitClaim) -> Result<&'a RewardSplit, ProgramError> {
    let (cfg, operator, program_id) = (claim.cfg, claim.operator, claim.program_id);
    let Some(split) = extra.first() else {
        return Err(RewardsError::SplitRecipientMissing.into());
    };
    let s = state::load::<RewardSplit>(split, program_id, "split")?;
    // Stored when it was made at its canonical address: owner + discriminator + these two keys
    // identify the operator's split without a derivation.
    if !key::eq(&s.operator, operator) || !key::eq(&s.network, &cfg.network) {
        return Err(checks::account_error("split", FrameworkError::ConstraintSeeds));
    }
    let count = (s.count as usize).min(MAX_SPLIT_RECIPIENTS);
    if extra.len() < count {
        return Err(RewardsError::SplitRecipientMissing.into());
    }
    for i in 1..count {
        let token_account = &extra[i];
        checks::writable(token_account, "recipient_token")?;
        if key::eq(token_account.address(), &cfg.vault) {
            return Err(checks::account_error("recipient_token", FrameworkError::RequireKeysNeqViolated));
        }
        payout_account(token_account, cfg, &s.recipients[i], "recipient_token")?;
    }
    Ok(s)
}

/// Pays each recipient of `split` its part of `payout` from the vault (no transfer for a part of 0).
#[inline(never)]
fn pay_split(t: &SplitPayout, payout: u64) {
    let s = t.split;
    let count = (s.count as usize).min(MAX_SPLIT_RECIPIENTS);
    let parts = split_amounts(payout, &s.bps[..count]);
    for (i, part) in parts.iter().enumerate().take(count) {
        if *part == 0 {
            continue;
        }
        let to = if i == 0 { t.first } else { &t.extra[i] };
        let accounts = token::TransferAccounts { token_program: t.token_program, from: t.vault, to, authority: t.config };
        token::transfer_unchecked(&accounts, *part, t.signers);
    }
}

/// Whose split `load_split` loads (one struct: upstream BPF passes five arguments in registers).
struct SplitClaim<'a> {
    cfg: &'a RewardsConfig,
    operator: &'a Address,
    program_id: &'a Address,
}

/// What `pay_split` needs (one struct: upstream BPF passes five arguments in registers).
struct SplitPayout<'a> {
    split: &'a RewardSplit,
    token_program: &'a Address,
    vault: &'a AccountView,
    config: &'a AccountView,
    first: &'a AccountView,
    extra: &'a [AccountView],
    signers: &'a [Signer<'a, 'a>],
}

// The hot path of millions of operators, budgeted at 6,000 CU for a depth-20 proof (see
// bench/results.md): keys are compared as aligned words (`key`), nothing is copied that can be
// borrowed in place, the claim status costs one sha256 to verify (its stored canonical bump),
// and the payout CPI is built directly (`token::transfer_unchecked`: the token program is checked).
// A split costs its account's load and one transfer per further recipient (bench/results.md).
#[inline(never)]
pub fn process(ix: &mut Ix) -> ProgramResult {
    let (program_id, data) = (ix.program_id, ix.data);
    if ix.accounts.len() < FIXED_ACCOUNTS {
        return Err(checks::framework_error(FrameworkError::AccountNotEnoughKeys));
    }
    let (fixed, extra) = ix.accounts.split_at_mut(FIXED_ACCOUNTS);
    let [operator, config, claim_status, vault, operator_token, token_program] = checks::accounts::<FIXED_ACCOUNTS>(fixed)?;
    // Views are addresses into the input region: copies keep the keys readable while the
    // state behind them is borrowed mutably.
    let (config_signer, status_view) = (*config, *claim_status);
    let cfg = state::load_mut::<RewardsConfig>(config, program_id, "config")?;
    checks::address(vault, &cfg.vault, "vault")?;
    checks::writable(vault, "vault")?;
    checks::program(token_program, &cfg.token_program, "token_program")?;
    checks::writable(operator_token, "operator_token")?;
    // A leaf naming the config PDA (the vault's owner) would otherwise "pay" the vault to itself:
    // total claimed grows while the tokens stay, turning operators' reserve into unreserved tokens.
    checks::distinct(operator_token, vault, "operator_token")?;
    let status = state::load_mut::<ClaimStatus>(claim_status, program_id, "claim_status")?;
    // The claim status (verified below) says whether the operator's rewards are split: then
    // account 4 is the first recipient's and the split's accounts follow token_program.
    let split = if status.has_split != 0 { Some(load_split(extra, &SplitClaim { cfg, operator: operator.address(), program_id })?) } else { None };
    let first_owner = match split {
        Some(s) => &s.recipients[0],
        None => operator.address(),
    };
    payout_account(operator_token, cfg, first_owner, "operator_token")?;
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
    let signers = [Signer::from(&seeds)];
    match split {
        None => {
            let accounts = token::TransferAccounts { token_program: &cfg.token_program, from: vault, to: operator_token, authority: &config_signer };
            token::transfer_unchecked(&accounts, payout, &signers);
        }
        Some(split) => {
            let t = SplitPayout { split, token_program: &cfg.token_program, vault, config: &config_signer, first: operator_token, extra, signers: &signers };
            pay_split(&t, payout);
        }
    }

    Event::new(REWARDS_CLAIMED).key(network_key).key(operator_key).u64(payout).u64(cumulative).u64(cfg.current_root_epoch).emit();
    Ok(())
}
