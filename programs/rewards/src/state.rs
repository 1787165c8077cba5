//! Rewards program accounts. Fixed layouts, `#[repr(C)]` with explicit padding so the in-memory
//! layout is the Borsh layout the IDL declares. PDA seeds are written once, here.
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
    /// Root of the latest finalized epoch (cumulative: covers every epoch before it).
    pub current_root: [u8; 32],
    /// The schedule as two columns (start times, emissions); the first `schedule_len` are used.
    /// Columns rather than an array of structs keep every field a plain fixed-size IDL type.
    pub schedule_start_ts: [i64; MAX_SCHEDULE_ENTRIES],
    pub schedule_emission: [u64; MAX_SCHEDULE_ENTRIES],
    /// Mint mode: the mint's supply never exceeds this. Vault mode: `total_emitted` never does.
    pub supply_cap: u64,
    /// Most burned tokens re-minted per epoch (0: net emissions off).
    pub net_emission_cap: u64,
    /// The next epoch to finalize; epochs finalize in order.
    pub next_epoch: u64,
    /// Epoch of `current_root` (meaningful when `has_root` is 1).
    pub current_root_epoch: u64,
    /// Sum of all leaves of `current_root`.
    pub current_root_total: u64,
    pub current_leaf_count: u64,
    /// Operators' plus treasury's emissions, scheduled and net.
    pub total_emitted: u64,
    /// Operators' share ever funded; no root may promise more.
    pub total_funded: u64,
    pub total_claimed: u64,
    /// Part of `total_emitted` that re-minted credit burns.
    pub total_net_emitted: u64,
    pub operator_bps: u16,
    pub funding_mode: u8,
    pub paused: u8,
    pub schedule_len: u8,
    pub has_root: u8,
    pub bump: u8,
    pub vault_bump: u8,
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
    pub _reserved: [u8; 7],
}

unsafe impl AccountState for ClaimStatus {
    const DISCRIMINATOR: [u8; 8] = discriminator::account("ClaimStatus");
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::mem::{align_of, size_of};

    #[test]
    fn layouts_have_no_implicit_padding() {
        assert_eq!(size_of::<ScheduleEntry>(), 16);
        assert_eq!(size_of::<RewardsConfig>(), 6 * 32 + 8 * 16 + 10 * 8 + 2 + 6);
                assert_eq!(size_of::<EpochVotes>(), 32 + 16 * 80 + 3 * 8 + 3 + 5);
        assert_eq!(size_of::<ClaimStatus>(), 8 + 1 + 7);
        for align in [align_of::<RewardsConfig>(), align_of::<EpochVotes>(), align_of::<ClaimStatus>()] {
            assert!(align <= 8);
        }
    }
}
