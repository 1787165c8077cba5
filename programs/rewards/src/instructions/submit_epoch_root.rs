//! `submit_epoch_root`: an oracle submits (epoch, root, total, leaf_count) for an ended epoch.
//! The submission that brings the number of current oracles agreeing on the same values to the
//! network's threshold finalizes the epoch: its emission is minted (mint mode) or reserved from
//! the vault (vault mode), the treasury gets its share, and the root becomes the current root, or,
//! with a root activation delay, the pending root (claimable once the delay has passed).
//!
//! Accounts:
//! 0. `[writable, signer]` oracle: in the network's oracle set; the first one pays for epoch_votes
//! 1. `[]` network
//! 2. `[writable]` config: `["rewards", network]`
//! 3. `[writable]` epoch_votes: PDA `["epoch", network, epoch u64 LE]`, created by the first vote
//! 4. `[writable]` vault: the config's vault
//! 5. `[writable]` mint: the network mint
//! 6. `[writable]` treasury: the network's treasury token account
//! 7. `[]` tally_ring: the credits program's tally ring of the network (`["tally", network]`,
//!    the config's `tally_ring`); its address is checked at finalization, its burns of epoch − 1
//!    read only when net emissions are on and epoch > 0
//! 8. `[]` token_program
//! 9. `[]` system_program
//!
//! Args: epoch u64, root [u8; 32], total u64, leaf_count u64.
use super::network as load_network;
use crate::{
    credits_tally,
    emission::{epoch_emission, scheduled, EpochInputs},
    error::RewardsError,
    events::{Event, EPOCH_FINALIZED, EPOCH_ROOT_SUBMITTED},
    state::{funding_mode, seeds, EpochVotes, RewardsConfig, RootSubmission, MAX_SUBMISSIONS},
};
use groundwork_common::{
    key,
    checks::{self, FrameworkError},
    ids::SYSTEM_PROGRAM,
    math::Checked,
    pinocchio::{
        cpi::Seed,
        error::ProgramError,
        sysvars::{clock::Clock, Sysvar},
        AccountView, Address, ProgramResult,
    },
    state::{self, NewAccount},
    token,
    wire::Reader,
    Ix,
};
use groundwork_network::state::Network;

// Hot path (the finalizing vote): keys are compared and copied as aligned words (`key`), the
// submission borrows its keys in place, and the votes account is hashed only when created.
#[inline(never)]
pub fn process(ix: &mut Ix) -> ProgramResult {
    let (program_id, data) = (ix.program_id, ix.data);
    let [oracle, network, config, epoch_votes, vault, mint, treasury, tally_ring, token_program, system_program] =
        checks::accounts::<10>(ix.accounts)?;
    checks::writable_signer(oracle, "oracle")?;
    let net = load_network(network)?;
    // A copy of the handle signs the CPIs as the config PDA while `cfg` borrows its data.
    let config_signer = *config;
    let cfg = state::load_mut::<RewardsConfig>(config, program_id, "config")?;
    if !key::eq(&cfg.network, network.address()) {
        return Err(RewardsError::WrongNetwork.into());
    }
    checks::address(vault, &cfg.vault, "vault")?;
    checks::address(mint, &cfg.mint, "mint")?;
    checks::address(treasury, &net.treasury, "treasury")?;
    checks::program(token_program, &cfg.token_program, "token_program")?;
    checks::program(system_program, &SYSTEM_PROGRAM.0, "system_program")?;
    if !net.is_oracle(oracle.address()) {
        return Err(RewardsError::NotOracle.into());
    }
    if cfg.paused != 0 {
        return Err(RewardsError::Paused.into());
    }

    let mut r = Reader::new(data);
    let epoch = r.u64()?;
    let submission = RootSubmission { oracle: oracle.address(), root: r.take::<32>()?, total: r.u64()?, leaf_count: r.u64()? };
    r.finish()?;
    let now = Clock::get()?.unix_timestamp;
    if epoch >= net.epoch_at(now) {
        return Err(RewardsError::EpochNotEnded.into());
    }
    if epoch < cfg.next_epoch {
        return Err(RewardsError::EpochAlreadyFinalized.into());
    }
    if epoch > cfg.next_epoch {
        return Err(RewardsError::EpochOutOfOrder.into());
    }
    if submission.leaf_count == 0 {
        return Err(RewardsError::EmptyRoot.into());
    }

    let votes = open_votes(VotesAccount { oracle, account: epoch_votes, network: network.address(), epoch, program_id })?;
    let count = votes.count as usize;
    if votes.oracles[..count].iter().any(|o| key::eq(o, submission.oracle)) {
        return Err(RewardsError::AlreadyVoted.into());
    }
    if count >= MAX_SUBMISSIONS {
        return Err(RewardsError::TooManyVotes.into());
    }
    votes.push(&submission);
    // Only oracles still in the set count: a removed oracle's earlier vote no longer does.
    let agreeing = (0..=count).filter(|&i| votes.same_values(i, &submission) && net.is_oracle(&votes.oracles[i])).count();

    Event::new(EPOCH_ROOT_SUBMITTED)
        .key(network.address())
        .u64(epoch)
        .key(oracle.address())
        .bytes32(submission.root)
        .u64(submission.total)
        .u64(submission.leaf_count)
        .u8(agreeing as u8)
        .emit();
    if agreeing < net.oracle_threshold as usize {
        return Ok(());
    }
    finalize(&mut Finalize { net, cfg, votes, submission: &submission, epoch, now, network, config: &config_signer, vault, mint, treasury, tally_ring })
}

struct VotesAccount<'a> {
    oracle: &'a AccountView,
    account: &'a mut AccountView,
    network: &'a Address,
    epoch: u64,
    program_id: &'a Address,
}

/// The epoch's votes account, created on the first submission.
#[inline(never)]
fn open_votes<'a>(v: VotesAccount<'a>) -> Result<&'a mut EpochVotes, ProgramError> {
    let epoch_bytes = v.epoch.to_le_bytes();
    if key::owned_by(v.account, &SYSTEM_PROGRAM.0) && v.account.is_data_empty() {
        let (key, bump) = key::find_program_address(&[seeds::EPOCH, v.network.as_ref(), &epoch_bytes], v.program_id);
        if !key::eq(v.account.address(), &key.0) {
            return Err(checks::account_error("epoch_votes", FrameworkError::ConstraintSeeds));
        }
        let bump_seed = [bump];
        let signer = [Seed::from(seeds::EPOCH), Seed::from(v.network.as_ref()), Seed::from(&epoch_bytes), Seed::from(&bump_seed)];
        let votes = state::create::<EpochVotes>(&NewAccount { payer: v.oracle, seeds: &signer, role: "epoch_votes" }, v.account, v.program_id)?;
        key::copy_key(&mut votes.network, v.network);
        votes.epoch = v.epoch;
        votes.bump = bump;
        return Ok(votes);
    }
    let votes = state::load_mut::<EpochVotes>(v.account, v.program_id, "epoch_votes")?;
    // Owner + discriminator + the stored (network, epoch) identify the PDA.
    if !key::eq(&votes.network, v.network) || votes.epoch != v.epoch {
        return Err(checks::account_error("epoch_votes", FrameworkError::ConstraintSeeds));
    }
    if votes.finalized != 0 {
        return Err(RewardsError::EpochAlreadyFinalized.into());
    }
    Ok(votes)
}

struct Finalize<'a> {
    net: &'a Network,
    cfg: &'a mut RewardsConfig,
    votes: &'a mut EpochVotes,
    submission: &'a RootSubmission<'a>,
    epoch: u64,
    now: i64,
    network: &'a AccountView,
    config: &'a AccountView,
    vault: &'a AccountView,
    mint: &'a AccountView,
    treasury: &'a AccountView,
    tally_ring: &'a AccountView,
}

#[inline(never)]
fn finalize(f: &mut Finalize) -> ProgramResult {
    let cfg = &mut *f.cfg;
    let network_key = f.network.address();
    let mint_mode = cfg.funding_mode == funding_mode::MINT;
    if !key::eq(f.tally_ring.address(), &cfg.tally_ring) {
        return Err(RewardsError::InvalidTally.into());
    }
    // Everything that decides the epoch's funding is fixed once the epoch is running: the
    // parameters in effect for it (`params_for`), the frozen schedule, the cap counted from the
    // config's own totals (not the mint's supply, which burns lower), and last epoch's burns.
    let params = cfg.params_for(f.epoch);
    let burned = if params.net_emission_cap > 0 && f.epoch > 0 {
        credits_tally::tokens_burned(f.tally_ring, network_key, f.epoch - 1)?
    } else {
        0
    };
    let out = epoch_emission(&EpochInputs {
        scheduled: { let (entries, len) = cfg.schedule(); scheduled(&entries[..len], f.net.epoch_start(f.epoch)) },
        burned,
        net_emission_cap: params.net_emission_cap,
        cap_room: params.supply_cap.saturating_sub(cfg.cap_counted()),
        operator_bps: params.operator_bps,
    });
    let funded = cfg.total_funded.add_or(out.operators)?;
    if f.submission.total > funded {
        return Err(RewardsError::RootExceedsFunded.into());
    }
    if !mint_mode {
        let held = token::token_account(f.vault, &cfg.token_program, &cfg.mint, "vault")?.amount;
        // Reserved: funded for operators and not yet claimed (claims never exceed funding, so
        // this cannot underflow). Only the rest of the vault can fund this epoch.
        let owed = cfg.total_funded.sub_or(cfg.total_claimed)?;
        if held.saturating_sub(owed) < out.total {
            return Err(RewardsError::VaultInsufficient.into());
        }
    }

    let bump_seed = [cfg.bump];
    let signer = [Seed::from(seeds::REWARDS), Seed::from(network_key.as_ref()), Seed::from(&bump_seed)];
    // The config PDA is the mint authority and the vault owner.
    let authority = f.config;
    if mint_mode {
        if out.operators > 0 {
            token::mint_to(&cfg.token_program, f.mint, f.vault, authority, out.operators, &signer)?;
        }
        if out.treasury > 0 {
            token::mint_to(&cfg.token_program, f.mint, f.treasury, authority, out.treasury, &signer)?;
        }
    } else if out.treasury > 0 {
        token::transfer(&cfg.token_program, f.vault, f.treasury, authority, out.treasury, &signer)?;
    }

    cfg.total_emitted = cfg.total_emitted.add_or(out.total)?;
    cfg.total_net_emitted = cfg.total_net_emitted.add_or(out.net)?;
    cfg.total_funded = funded;
    // A root that matured meanwhile becomes active first, so a veto of the new one falls back to it.
    cfg.activate_due_root(f.now);
    let activates_at = f.now.saturating_add(cfg.root_activation_delay_secs as i64);
    if cfg.root_activation_delay_secs == 0 {
        key::copy32(&mut cfg.current_root, f.submission.root);
        cfg.current_root_total = f.submission.total;
        cfg.current_leaf_count = f.submission.leaf_count;
        cfg.current_root_epoch = f.epoch;
        cfg.has_root = 1;
        cfg.has_pending_root = 0;
    } else {
        // Supersedes a pending root still in its delay: roots are cumulative, the new one covers it.
        key::copy32(&mut cfg.pending_root, f.submission.root);
        cfg.pending_root_total = f.submission.total;
        cfg.pending_leaf_count = f.submission.leaf_count;
        cfg.pending_root_epoch = f.epoch;
        cfg.pending_activates_at = activates_at;
        cfg.has_pending_root = 1;
    }
    cfg.next_epoch = f.epoch + 1;
    f.votes.finalized = 1;
    f.votes.finalized_at = f.now;
    f.votes.emission = out.total;

    Event::new(EPOCH_FINALIZED)
        .key(network_key)
        .u64(f.epoch)
        .bytes32(f.submission.root)
        .u64(f.submission.total)
        .u64(f.submission.leaf_count)
        .u64(out.total - out.net)
        .u64(out.net)
        .u64(out.operators)
        .u64(out.treasury)
        .i64(activates_at)
        .emit();
    Ok(())
}
