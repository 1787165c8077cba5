//! Rewards program accounts. Fixed layouts, `#[repr(C)]` with explicit padding so the in-memory
//! layout is the Borsh layout the IDL declares. PDA seeds are written once, here.
use crate::error::RewardsError;
use groundwork_common::{key, discriminator, pinocchio::Address, state::AccountState};

/// PDA seeds (all under the rewards program).
pub mod seeds {
    /// `["rewards", network]`: the config; also the mint authority (mint mode) and vault owner.
    pub const REWARDS: &[u8] = b"rewards";
    /// `["rewards_vault", network]`: token account holding operators' funded, unclaimed rewards.
    pub const VAULT: &[u8] = b"rewards_vault";
    /// `["epoch", network, epoch (u64 LE)]`: one epoch's oracle root submissions.
    pub const EPOCH: &[u8] = b"epoch";
    /// `["claim", network, operator_wallet]`: what one operator has claimed so far.
    pub const CLAIM: &[u8] = b"claim";
    /// `["split", network, operator_wallet]`: where an operator's rewards go, when not to itself.
    pub const SPLIT: &[u8] = b"split";

    use groundwork_common::pda::{Pda, Seed::*};
    /// Every PDA of the program and its seeds, in the order they are hashed (checked against the
    /// IDL's `pda.seeds` by tests/idl.rs).
    pub const PDAS: &[Pda] = &[
        Pda { name: "RewardsConfig", seeds: &[Const(REWARDS), Key("network")] },
        Pda { name: "rewards_vault", seeds: &[Const(VAULT), Key("network")] },
        Pda { name: "EpochVotes", seeds: &[Const(EPOCH), Key("network"), U64("epoch")] },
        Pda { name: "ClaimStatus", seeds: &[Const(CLAIM), Key("network"), Key("operator_wallet")] },
        Pda { name: "RewardSplit", seeds: &[Const(SPLIT), Key("network"), Key("operator_wallet")] },
    ];
}

/// How emissions are funded.
pub mod funding_mode {
    /// The program holds the mint authority and mints each epoch's emission.
    pub const MINT: u8 = 0;
    /// The team funds the vault with plain token transfers; epochs reserve from it.
    pub const VAULT: u8 = 1;
}

pub const MAX_SCHEDULE_ENTRIES: usize = 8;
pub const MAX_SUBMISSIONS: usize = 16;

/// From `start_ts` on, each epoch (by its start time) emits `emission_per_epoch`.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ScheduleEntry {
    pub start_ts: i64,
    pub emission_per_epoch: u64,
}

/// Rewards configuration and running totals of one network.
///
/// Emission parameters are per epoch: `supply_cap`, `net_emission_cap` and `operator_bps` are the
/// latest values the authority set and govern epochs from `params_epoch` on; the `prior_*` values
/// govern every epoch before it. An update takes effect from the epoch after the running one, so
/// the funding of an ended (or the running) epoch never changes after the fact (`params_for`).
#[repr(C)]
#[derive(Debug)]
pub struct RewardsConfig {
    pub network: Address,
    pub mint: Address,
    pub token_program: Address,
    pub vault: Address,
    /// The credits program's tally ring of the network (`["tally", network]` under credits),
    /// derived once at initialisation so finalization only compares addresses.
    pub tally_ring: Address,
    /// The active root: what claims are proven against (cumulative: covers every epoch up to
    /// `current_root_epoch`).
    pub current_root: [u8; 32],
    /// A finalized root waiting out the activation delay (meaningful when `has_pending_root` is 1):
    /// claimable from `pending_activates_at` on, vetoable by the authority before then.
    pub pending_root: [u8; 32],
    /// The schedule as two columns (start times, emissions); the first `schedule_len` are used.
    /// Columns rather than an array of structs keep every field a plain fixed-size IDL type.
    pub schedule_start_ts: [i64; MAX_SCHEDULE_ENTRIES],
    pub schedule_emission: [u64; MAX_SCHEDULE_ENTRIES],
    /// Cap on everything ever emitted, counted as `initial_supply + total_emitted` (both modes;
    /// burns do not give room back). Epochs from `params_epoch` on.
    pub supply_cap: u64,
    /// Most burned tokens re-minted per epoch (0: net emissions off). Epochs from `params_epoch` on.
    pub net_emission_cap: u64,
    /// `supply_cap` of the epochs before `params_epoch`.
    pub prior_supply_cap: u64,
    /// `net_emission_cap` of the epochs before `params_epoch`.
    pub prior_net_emission_cap: u64,
    /// First epoch the latest parameters govern.
    pub params_epoch: u64,
    /// The next epoch to finalize; epochs finalize in order.
    pub next_epoch: u64,
    /// Epoch of `current_root` (meaningful when `has_root` is 1).
    pub current_root_epoch: u64,
    /// Sum of all leaves of `current_root`.
    pub current_root_total: u64,
    pub current_leaf_count: u64,
    pub pending_root_epoch: u64,
    pub pending_root_total: u64,
    pub pending_leaf_count: u64,
    /// When the pending root becomes the active root.
    pub pending_activates_at: i64,
    /// How long a finalized root waits before it is claimable (0: at once). At most one epoch.
    pub root_activation_delay_secs: u64,
    /// Operators' plus treasury's emissions, scheduled and net.
    pub total_emitted: u64,
    /// Operators' share ever funded; no root may promise more, and claims never pay more.
    /// `total_funded − total_claimed` is what the vault holds reserved for operators.
    pub total_funded: u64,
    pub total_claimed: u64,
    /// Part of `total_emitted` that re-minted credit burns.
    pub total_net_emitted: u64,
    /// Mint mode: the mint's supply when rewards were set up, counted against the cap with
    /// `total_emitted`. Vault mode: 0.
    pub initial_supply: u64,
    /// Operators' share, basis points. Epochs from `params_epoch` on.
    pub operator_bps: u16,
    /// `operator_bps` of the epochs before `params_epoch`.
    pub prior_operator_bps: u16,
    pub funding_mode: u8,
    pub paused: u8,
    pub schedule_len: u8,
    pub has_root: u8,
    pub has_pending_root: u8,
    pub bump: u8,
    pub vault_bump: u8,
    pub _reserved: [u8; 5],
}

/// The parameters that decide one epoch's funding (besides the schedule and the burns).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EpochParams {
    pub supply_cap: u64,
    pub net_emission_cap: u64,
    pub operator_bps: u16,
}

unsafe impl AccountState for RewardsConfig {
    const DISCRIMINATOR: [u8; 8] = discriminator::account("RewardsConfig");
}

impl RewardsConfig {
    /// The schedule as entries (all `MAX_SCHEDULE_ENTRIES`, and how many are used).
    #[inline(always)]
    pub fn schedule(&self) -> ([ScheduleEntry; MAX_SCHEDULE_ENTRIES], usize) {
        let entries = core::array::from_fn(|i| ScheduleEntry { start_ts: self.schedule_start_ts[i], emission_per_epoch: self.schedule_emission[i] });
        (entries, (self.schedule_len as usize).min(MAX_SCHEDULE_ENTRIES))
    }

    #[inline(always)]
    pub fn set_schedule(&mut self, entries: &[ScheduleEntry]) {
        for i in 0..MAX_SCHEDULE_ENTRIES {
            let e = entries.get(i).copied().unwrap_or(ScheduleEntry { start_ts: 0, emission_per_epoch: 0 });
            self.schedule_start_ts[i] = e.start_ts;
            self.schedule_emission[i] = e.emission_per_epoch;
        }
        self.schedule_len = entries.len() as u8;
    }

    /// The parameters that govern `epoch`'s funding.
    #[inline(always)]
    pub fn params_for(&self, epoch: u64) -> EpochParams {
        if epoch >= self.params_epoch {
            EpochParams { supply_cap: self.supply_cap, net_emission_cap: self.net_emission_cap, operator_bps: self.operator_bps }
        } else {
            EpochParams { supply_cap: self.prior_supply_cap, net_emission_cap: self.prior_net_emission_cap, operator_bps: self.prior_operator_bps }
        }
    }

    /// The latest parameters (those of epochs from `params_epoch` on).
    #[inline(always)]
    pub fn latest_params(&self) -> EpochParams {
        self.params_for(self.params_epoch)
    }

    /// Sets `params` for every epoch from `from_epoch` on, keeping the funding of every epoch
    /// before it. `next_epoch` is the first unfinalized epoch and `from_epoch` the one after the
    /// running epoch. Two parameter sets are kept, so a change needs every epoch the prior set
    /// governs to be finalized, unless the latest set has not started governing any epoch yet
    /// (`params_epoch == from_epoch`, then it is replaced).
    pub fn schedule_params(&mut self, params: EpochParams, from_epoch: u64) -> Result<(), RewardsError> {
        if params == self.latest_params() {
            return Ok(());
        }
        if self.next_epoch >= self.params_epoch {
            // No unfinalized epoch uses the prior set: the latest becomes the prior.
            self.prior_supply_cap = self.supply_cap;
            self.prior_net_emission_cap = self.net_emission_cap;
            self.prior_operator_bps = self.operator_bps;
            self.params_epoch = from_epoch;
        } else if self.params_epoch != from_epoch {
            return Err(RewardsError::ParamsChangePending);
        }
        self.supply_cap = params.supply_cap;
        self.net_emission_cap = params.net_emission_cap;
        self.operator_bps = params.operator_bps;
        Ok(())
    }

    /// What the cap counts so far: everything minted before rewards (mint mode) plus everything
    /// emitted since.
    #[inline(always)]
    pub fn cap_counted(&self) -> u64 {
        self.initial_supply.saturating_add(self.total_emitted)
    }

    /// Makes the pending root the active one if its delay has run out by `now`.
    #[inline(never)]
    pub fn activate_due_root(&mut self, now: i64) {
        if self.has_pending_root == 0 || now < self.pending_activates_at {
            return;
        }
        key::copy32(&mut self.current_root, &self.pending_root);
        self.current_root_epoch = self.pending_root_epoch;
        self.current_root_total = self.pending_root_total;
        self.current_leaf_count = self.pending_leaf_count;
        self.has_root = 1;
        self.has_pending_root = 0;
    }
}

/// One oracle's submission for an epoch (stored as columns of `EpochVotes`). Borrows the keys
/// in place (signer address, instruction data) rather than copying them.
#[derive(Clone, Copy, Debug)]
pub struct RootSubmission<'a> {
    pub oracle: &'a Address,
    pub root: &'a [u8; 32],
    pub total: u64,
    pub leaf_count: u64,
}

/// The oracles' root submissions for one epoch, and its outcome.
#[repr(C)]
#[derive(Debug)]
pub struct EpochVotes {
    pub network: Address,
    /// Submission i is (oracles[i], roots[i], totals[i], leaf_counts[i]) for i < `count`.
    pub oracles: [Address; MAX_SUBMISSIONS],
    pub roots: [[u8; 32]; MAX_SUBMISSIONS],
    pub totals: [u64; MAX_SUBMISSIONS],
    pub leaf_counts: [u64; MAX_SUBMISSIONS],
    pub epoch: u64,
    /// When the threshold was reached (0 while open).
    pub finalized_at: i64,
    /// Tokens emitted at finalization (operators + treasury).
    pub emission: u64,
    pub count: u8,
    pub finalized: u8,
    pub bump: u8,
    pub _reserved: [u8; 5],
}

unsafe impl AccountState for EpochVotes {
    const DISCRIMINATOR: [u8; 8] = discriminator::account("EpochVotes");
}

impl EpochVotes {
    #[inline(always)]
    pub fn push(&mut self, s: &RootSubmission) {
        let i = self.count as usize;
        key::copy_key(&mut self.oracles[i], s.oracle);
        key::copy32(&mut self.roots[i], s.root);
        self.totals[i] = s.total;
        self.leaf_counts[i] = s.leaf_count;
        self.count += 1;
    }

    #[inline(always)]
    pub fn same_values(&self, i: usize, s: &RootSubmission) -> bool {
        key::eq32(&self.roots[i], s.root) && self.totals[i] == s.total && self.leaf_counts[i] == s.leaf_count
    }
}

/// What one operator (its wallet, the key in its leaf) has claimed in one network. Kept minimal:
/// one exists per operator, so its rent is paid millions of times.
#[repr(C)]
#[derive(Debug)]
pub struct ClaimStatus {
    pub claimed: u64,
    pub bump: u8,
    /// 1 while the operator has a `RewardSplit`: claims must then pay its recipients (the claim
    /// knows it from this account, which it verifies anyway, so a crank cannot leave the split
    /// out). 0 (every status made before splits existed): claims pay the operator.
    pub has_split: u8,
    pub _reserved: [u8; 6],
}

unsafe impl AccountState for ClaimStatus {
    const DISCRIMINATOR: [u8; 8] = discriminator::account("ClaimStatus");
}

/// Most recipients of one operator's rewards: each costs a token transfer (~1,300 CU) and a
/// token account (33 bytes) in every claim, and four keep a depth-20 claim in one transaction.
pub const MAX_SPLIT_RECIPIENTS: usize = 4;
/// Shares are basis points of each payout and sum to this.
pub const SPLIT_BPS_TOTAL: u16 = 10_000;

/// Where one operator's rewards go when not (all) to its own wallet: up to
/// `MAX_SPLIT_RECIPIENTS` wallets with shares in basis points summing to 10,000 (one recipient at
/// 10,000 is a plain destination). Each claim pays recipient i `floor(payout × bps_i / 10,000)`
/// for i ≥ 1 and the first recipient the rest (`split_amounts`). Created and changed by the
/// operator (`set_reward_split`), closed by it (`clear_reward_split`); the operator's claim status
/// records that it exists.
#[repr(C)]
#[derive(Debug)]
pub struct RewardSplit {
    pub network: Address,
    /// The operator's wallet (the key in its leaves).
    pub operator: Address,
    /// Recipient wallets: the owners of the token accounts a claim pays; the first `count` are used.
    pub recipients: [Address; MAX_SPLIT_RECIPIENTS],
    pub bps: [u16; MAX_SPLIT_RECIPIENTS],
    pub count: u8,
    pub bump: u8,
    pub _reserved: [u8; 6],
}

unsafe impl AccountState for RewardSplit {
    const DISCRIMINATOR: [u8; 8] = discriminator::account("RewardSplit");
}

/// Each recipient's part of `payout`: `floor(payout × bps_i / 10,000)` for i ≥ 1, the first
/// recipient the remainder, so the parts always add up to `payout` exactly. `bps` is a validated
/// split (`validate_split`): non-zero shares summing to 10,000.
#[inline(always)]
pub fn split_amounts(payout: u64, bps: &[u16]) -> [u64; MAX_SPLIT_RECIPIENTS] {
    let mut out = [0u64; MAX_SPLIT_RECIPIENTS];
    let mut rest = payout;
    let mut i = 1;
    while i < bps.len() && i < MAX_SPLIT_RECIPIENTS {
        // bps_i < 10,000 (all shares are non-zero), so the part is below `payout` and their sum
        // at most `payout`: neither the division nor the subtraction can fail.
        let part = groundwork_common::math::mul_div(payout, bps[i] as u64, SPLIT_BPS_TOTAL as u64).unwrap_or(0);
        out[i] = part;
        rest = rest.saturating_sub(part);
        i += 1;
    }
    out[0] = rest;
    out
}

/// One recipient of a split as the instruction gives it.
#[derive(Clone, Copy, Debug)]
pub struct SplitRecipient {
    pub wallet: Address,
    pub bps: u16,
}

/// A split's rules: 1 to `MAX_SPLIT_RECIPIENTS` recipients, no zero share, shares summing to
/// exactly 10,000, no wallet twice, and no recipient that cannot hold rewards: the default key
/// (the system program: nobody can sign for it) or the rewards config (the vault's owner, where a
/// payout would stay in the vault while counting as claimed).
pub fn validate_split(recipients: &[SplitRecipient], config: &Address) -> Result<(), RewardsError> {
    if recipients.is_empty() || recipients.len() > MAX_SPLIT_RECIPIENTS {
        return Err(RewardsError::InvalidSplitCount);
    }
    let mut sum: u32 = 0;
    for (i, r) in recipients.iter().enumerate() {
        if r.bps == 0 {
            return Err(RewardsError::ZeroSplitShare);
        }
        sum += r.bps as u32;
        if key::eq(&r.wallet, &groundwork_common::ids::SYSTEM_PROGRAM.0) || key::eq(&r.wallet, config) {
            return Err(RewardsError::InvalidSplitRecipient);
        }
        if recipients[..i].iter().any(|earlier| key::eq(&earlier.wallet, &r.wallet)) {
            return Err(RewardsError::DuplicateSplitRecipient);
        }
    }
    if sum != SPLIT_BPS_TOTAL as u32 {
        return Err(RewardsError::SplitSharesNotWhole);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::mem::{align_of, size_of};

    #[test]
    fn layouts_have_no_implicit_padding() {
        assert_eq!(size_of::<ScheduleEntry>(), 16);
        assert_eq!(size_of::<RewardsConfig>(), 7 * 32 + 8 * 16 + 19 * 8 + 2 * 2 + 7 + 5);
        assert_eq!(size_of::<EpochVotes>(), 32 + 16 * 80 + 3 * 8 + 3 + 5);
        assert_eq!(size_of::<ClaimStatus>(), 8 + 1 + 1 + 6);
        assert_eq!(size_of::<RewardSplit>(), 32 + 32 + 4 * 32 + 4 * 2 + 1 + 1 + 6);
        for align in [align_of::<RewardsConfig>(), align_of::<EpochVotes>(), align_of::<ClaimStatus>(), align_of::<RewardSplit>()] {
            assert!(align <= 8);
        }
    }

    fn config(next_epoch: u64, params_epoch: u64) -> RewardsConfig {
        // SAFETY: every field is an integer or byte array, for which all-zero is valid.
        let mut c: RewardsConfig = unsafe { core::mem::zeroed() };
        (c.supply_cap, c.net_emission_cap, c.operator_bps) = (1_000, 10, 8_000);
        (c.prior_supply_cap, c.prior_net_emission_cap, c.prior_operator_bps) = (900, 5, 7_000);
        (c.next_epoch, c.params_epoch) = (next_epoch, params_epoch);
        c
    }
    const NEW: EpochParams = EpochParams { supply_cap: 2_000, net_emission_cap: 0, operator_bps: 0 };

    #[test]
    fn params_govern_epochs_from_params_epoch() {
        let c = config(3, 5);
        assert_eq!(c.params_for(4), EpochParams { supply_cap: 900, net_emission_cap: 5, operator_bps: 7_000 });
        assert_eq!(c.params_for(5), EpochParams { supply_cap: 1_000, net_emission_cap: 10, operator_bps: 8_000 });
    }

    #[test]
    fn a_change_never_reaches_an_unfinalized_running_or_ended_epoch() {
        // Every epoch before 5 finalized; running epoch 7: epochs 5..=7 keep the latest set.
        let mut c = config(5, 5);
        c.schedule_params(NEW, 8).unwrap();
        for e in 5..8 {
            assert_eq!(c.params_for(e), EpochParams { supply_cap: 1_000, net_emission_cap: 10, operator_bps: 8_000 });
        }
        assert_eq!(c.params_for(8), NEW);
        // A second change in the same running epoch replaces the one not yet in effect.
        let newer = EpochParams { operator_bps: 1, ..NEW };
        c.schedule_params(newer, 8).unwrap();
        assert_eq!((c.params_for(7).operator_bps, c.params_for(8)), (8_000, newer));
        // Epoch 8 running, 5..=7 unfinalized (prior set), epoch 8 already under `newer`: a third set
        // would need three; refused until epochs before 8 are finalized.
        assert_eq!(c.schedule_params(NEW, 9), Err(RewardsError::ParamsChangePending));
        // Re-sending the latest values is always accepted and changes nothing.
        assert_eq!(c.schedule_params(newer, 9), Ok(()));
        c.next_epoch = 8;
        c.schedule_params(NEW, 9).unwrap();
        assert_eq!((c.params_for(8), c.params_for(9)), (newer, NEW));
    }

    #[test]
    fn a_pending_root_activates_at_its_time_only() {
        let mut c = config(0, 0);
        (c.pending_root, c.pending_root_total, c.pending_root_epoch, c.pending_activates_at, c.has_pending_root) = ([7; 32], 50, 3, 100, 1);
        c.activate_due_root(99);
        assert_eq!((c.has_root, c.has_pending_root), (0, 1));
        c.activate_due_root(100);
        assert_eq!((c.has_root, c.has_pending_root, c.current_root, c.current_root_total, c.current_root_epoch), (1, 0, [7; 32], 50, 3));
    }

    fn wallets() -> [Address; 6] {
        core::array::from_fn(|i| Address::new_from_array([i as u8 + 1; 32]))
    }

    #[test]
    fn split_rules() {
        let w = wallets();
        let config = &w[5];
        let r = |i: usize, bps: u16| SplitRecipient { wallet: w[i], bps };
        assert_eq!(validate_split(&[r(0, 10_000)], config), Ok(()));
        assert_eq!(validate_split(&[r(0, 7_000), r(1, 2_000), r(2, 900), r(3, 100)], config), Ok(()));
        assert_eq!(validate_split(&[], config), Err(RewardsError::InvalidSplitCount));
        assert_eq!(validate_split(&[r(0, 2_000), r(1, 2_000), r(2, 2_000), r(3, 2_000), r(4, 2_000)], config), Err(RewardsError::InvalidSplitCount));
        assert_eq!(validate_split(&[r(0, 10_000), r(1, 0)], config), Err(RewardsError::ZeroSplitShare));
        assert_eq!(validate_split(&[r(0, 5_000), r(1, 4_999)], config), Err(RewardsError::SplitSharesNotWhole));
        assert_eq!(validate_split(&[r(0, 5_000), r(1, 5_001)], config), Err(RewardsError::SplitSharesNotWhole));
        // u16 shares that wrap a u16 sum (65,535 + 10,001 ≡ 10,000 mod 2^16) are still refused.
        assert_eq!(validate_split(&[r(0, 65_535), r(1, 10_001)], config), Err(RewardsError::SplitSharesNotWhole));
        assert_eq!(validate_split(&[r(0, 5_000), r(0, 5_000)], config), Err(RewardsError::DuplicateSplitRecipient));
        assert_eq!(validate_split(&[r(0, 5_000), r(5, 5_000)], config), Err(RewardsError::InvalidSplitRecipient));
        let zero = Address::new_from_array([0; 32]);
        assert_eq!(validate_split(&[SplitRecipient { wallet: zero, bps: 10_000 }], config), Err(RewardsError::InvalidSplitRecipient));
    }

    #[test]
    fn split_parts_add_up_to_the_payout_with_the_remainder_first() {
        assert_eq!(split_amounts(1_000, &[10_000]), [1_000, 0, 0, 0]);
        assert_eq!(split_amounts(1_001, &[7_000, 2_000, 1_000]), [701, 200, 100, 0]);
        assert_eq!(split_amounts(1, &[2_500, 2_500, 2_500, 2_500]), [1, 0, 0, 0]);
        assert_eq!(split_amounts(u64::MAX, &[1, 9_999]), [u64::MAX - (u64::MAX as u128 * 9_999 / 10_000) as u64, (u64::MAX as u128 * 9_999 / 10_000) as u64, 0, 0]);
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..2_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let payout = seed >> (seed % 64);
            let a = (seed % 9_997) as u16 + 1;
            let b = ((seed >> 20) % (9_998 - a as u64)) as u16 + 1;
            let bps = [10_000 - a - b, a, b];
            let parts = split_amounts(payout, &bps);
            assert_eq!(parts.iter().map(|p| *p as u128).sum::<u128>(), payout as u128);
            for i in 1..3 {
                assert_eq!(parts[i] as u128, payout as u128 * bps[i] as u128 / 10_000);
            }
        }
    }
}
