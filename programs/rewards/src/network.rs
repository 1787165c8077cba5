//! The network program's `Network` account, as the rewards program reads it.
//!
//! Why a mirror rather than `groundwork-network` as a dependency: cargo builds every crate type of
//! a dependency, so linking the network crate with `no-entrypoint` builds its `cdylib` without a
//! panic handler, which fails on upstream BPF (`no_std`, no handler from std). The layout is
//! checked field by field against `groundwork_network::state::Network` in a host test (the network
//! crate is a dev-dependency), so the two cannot drift silently.
use groundwork_common::{discriminator, pinocchio::Address, state::AccountState};

pub const MAX_ORACLES: usize = 16;

#[repr(C)]
#[derive(Debug)]
pub struct Network {
    pub authority: Address,
    pub pending_authority: Address,
    pub mint: Address,
    pub stake_vault: Address,
    pub treasury: Address,
    pub token_program: Address,
    pub oracles: [Address; MAX_ORACLES],
    pub genesis_ts: i64,
    pub epoch_length_secs: u64,
    pub stake_per_device: u64,
    pub min_operator_stake: u64,
    pub unbonding_secs: u64,
    pub slash_dispute_window_secs: u64,
    pub total_active_stake: u64,
    pub total_unbonding_stake: u64,
    pub total_slashed: u64,
    pub operator_count: u64,
    pub active_device_count: u64,
    pub slash_proposal_count: u64,
    pub oracle_set_version: u32,
    pub max_slash_bps: u16,
    pub oracle_count: u8,
    pub oracle_threshold: u8,
    pub paused: u8,
    pub slash_destination: u8,
    pub bump: u8,
    pub vault_bump: u8,
    pub _reserved: [u8; 4],
}

unsafe impl AccountState for Network {
    const DISCRIMINATOR: [u8; 8] = discriminator::account("Network");
}

impl Network {
    pub fn oracle_set(&self) -> &[Address] {
        &self.oracles[..(self.oracle_count as usize).min(MAX_ORACLES)]
    }

    pub fn is_oracle(&self, key: &Address) -> bool {
        // Word compares (`fast::eq`): a byte-wise key compare costs ~180 CU on upstream BPF.
        self.oracle_set().iter().any(|o| groundwork_common::fast::eq(o, key))
    }

    /// Index of the epoch containing `now` (0 before genesis), as the network program computes it.
    pub fn epoch_at(&self, now: i64) -> u64 {
        if now <= self.genesis_ts || self.epoch_length_secs == 0 {
            0
        } else {
            (now - self.genesis_ts) as u64 / self.epoch_length_secs
        }
    }

    /// Start time of `epoch`.
    pub fn epoch_start(&self, epoch: u64) -> i64 {
        let len = self.epoch_length_secs;
        // Division-based bound instead of an overflow-checked multiply (a `__multi3` libcall on BPF).
        if len != 0 && epoch > (i64::MAX as u64) / len {
            return i64::MAX;
        }
        self.genesis_ts.saturating_add(epoch.wrapping_mul(len) as i64)
    }
}

#[cfg(test)]
mod tests {
    use super::Network as Mirror;
    use core::mem::{offset_of, size_of};
    use groundwork_common::state::AccountState;
    use groundwork_network::state::Network as Upstream;

    #[test]
    fn mirrors_the_network_program_layout() {
        assert_eq!(size_of::<Mirror>(), size_of::<Upstream>());
        assert_eq!(Mirror::DISCRIMINATOR, Upstream::DISCRIMINATOR);
        macro_rules! same { ($($f:ident),+) => { $(assert_eq!(offset_of!(Mirror, $f), offset_of!(Upstream, $f), stringify!($f));)+ } }
        same!(authority, pending_authority, mint, stake_vault, treasury, token_program, oracles, genesis_ts,
            epoch_length_secs, stake_per_device, min_operator_stake, unbonding_secs, slash_dispute_window_secs,
            total_active_stake, total_unbonding_stake, total_slashed, operator_count, active_device_count,
            slash_proposal_count, oracle_set_version, max_slash_bps, oracle_count, oracle_threshold, paused,
            slash_destination, bump, vault_bump, _reserved);
    }

    #[test]
    fn epoch_math_matches_the_network_program() {
        // SAFETY: both are plain integer/byte structs of equal size (checked above); zeroed is valid.
        let mut up: Upstream = unsafe { core::mem::zeroed() };
        let mut mine: Mirror = unsafe { core::mem::zeroed() };
        up.genesis_ts = 1_000;
        mine.genesis_ts = 1_000;
        up.epoch_length_secs = 60;
        mine.epoch_length_secs = 60;
        for now in [0, 999, 1_000, 1_001, 1_059, 1_060, 1_000_000] {
            assert_eq!(mine.epoch_at(now), up.epoch_at(now));
        }
        assert_eq!(mine.epoch_start(3), 1_180);
    }
}
