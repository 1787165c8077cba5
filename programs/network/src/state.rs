//! Network program accounts. Fixed layouts, `#[repr(C)]` with explicit padding so the in-memory
//! layout is the Borsh layout the IDL declares. PDA seeds are written once, here.
use groundwork_common::{discriminator, pinocchio::Address, state::AccountState};

/// PDA seeds.
pub mod seeds {
    /// `["network", mint, creator]`: the creator is the authority that created the network and
    /// signed for it. Keying on the creator means nobody can squat a token's network: anyone may
    /// create a network for any mint, but only under their own key, never the team's address.
    pub const NETWORK: &[u8] = b"network";
    /// `["stake_vault", network]`: token account holding all operators' stake.
    pub const STAKE_VAULT: &[u8] = b"stake_vault";
    /// `["operator", network, operator_authority]`
    pub const OPERATOR: &[u8] = b"operator";
    /// `["device", network, device_key]`
    pub const DEVICE: &[u8] = b"device";
    /// `["slash", network, proposal_id (u64 LE)]`
    pub const SLASH: &[u8] = b"slash";
}

pub const MAX_ORACLES: usize = 16;

/// Pause flags (bits of `Network::paused`).
pub mod pause {
    pub const STAKING: u8 = 1 << 0;
    pub const REGISTRATION: u8 = 1 << 1;
    pub const SLASHING: u8 = 1 << 2;
    pub const ALL: u8 = STAKING | REGISTRATION | SLASHING;
}

/// Where slashed stake goes.
pub mod slash_destination {
    pub const TREASURY: u8 = 0;
    pub const BURN: u8 = 1;
}

/// A DePIN network: governance, parameters, oracle set and stake totals.
#[repr(C)]
#[derive(Debug)]
pub struct Network {
    pub authority: Address,
    /// Who created the network (a PDA seed; never changes, unlike `authority`).
    pub creator: Address,
    /// Proposed new authority; all zeros when no handover is pending.
    pub pending_authority: Address,
    pub mint: Address,
    pub stake_vault: Address,
    /// Token account of `mint` receiving slashed stake (when not burned).
    pub treasury: Address,
    pub token_program: Address,
    /// The first `oracle_count` entries are the oracle set.
    pub oracles: [Address; MAX_ORACLES],
    /// Start of epoch 0 (unix seconds).
    pub genesis_ts: i64,
    /// Length of an epoch in seconds: the one clock credits and rewards share. Immutable.
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
    /// Incremented on every `set_oracles`.
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
        // `oracle_count` never exceeds MAX_ORACLES; the `min` spares a bounds-check panic path.
        &self.oracles[..(self.oracle_count as usize).min(MAX_ORACLES)]
    }

    pub fn is_oracle(&self, key: &Address) -> bool {
        self.oracle_set().iter().any(|o| groundwork_common::key::eq(o, key))
    }

    pub fn is_paused(&self, flag: u8) -> bool {
        self.paused & flag != 0
    }

    /// Index of the epoch containing `now` (0 before genesis).
    pub fn epoch_at(&self, now: i64) -> u64 {
        if now <= self.genesis_ts || self.epoch_length_secs == 0 {
            0
        } else {
            (now - self.genesis_ts) as u64 / self.epoch_length_secs
        }
    }

    /// Start time of `epoch` (saturating).
    pub fn epoch_start(&self, epoch: u64) -> i64 {
        let len = self.epoch_length_secs;
        // Division-based bound instead of an overflow-checked multiply (a `__multi3` libcall on BPF).
        if len != 0 && epoch > (i64::MAX as u64) / len {
            return i64::MAX;
        }
        self.genesis_ts.saturating_add(epoch.wrapping_mul(len) as i64)
    }
}

/// An operator of hardware in one network.
#[repr(C)]
#[derive(Debug)]
pub struct Operator {
    pub network: Address,
    /// The wallet that controls this operator.
    pub authority: Address,
    pub active_stake: u64,
    /// Stake waiting out the unbonding period; still slashable.
    pub unbonding_stake: u64,
    /// When `unbonding_stake` becomes withdrawable.
    pub unbonding_unlock_ts: i64,
    pub total_slashed: u64,
    pub registered_at: i64,
    pub device_count: u32,
    /// 1 after a slash until the authority clears it.
    pub jailed: u8,
    pub bump: u8,
    /// Slash proposals against this operator not yet executed or vetoed. While any is open the
    /// unbonding bucket cannot be withdrawn, so unbonding never escapes a slash.
    pub open_slashes: u16,
}

unsafe impl AccountState for Operator {
    const DISCRIMINATOR: [u8; 8] = discriminator::account("Operator");
}

/// A hardware device, identified by its own key, run by an operator.
#[repr(C)]
#[derive(Debug)]
pub struct Device {
    pub network: Address,
    /// The `Operator` account (not the wallet) that runs this device.
    pub operator: Address,
    pub device_key: Address,
    pub metadata_hash: [u8; 32],
    /// Location cell, e.g. an H3 index.
    pub location: u64,
    pub registered_at: i64,
    pub kind: u16,
    pub active: u8,
    pub bump: u8,
    pub _reserved: [u8; 4],
}

unsafe impl AccountState for Device {
    const DISCRIMINATOR: [u8; 8] = discriminator::account("Device");
}

/// Status of a slash proposal.
pub mod slash_status {
    pub const PENDING: u8 = 0;
    /// Threshold reached; executable after the dispute window.
    pub const APPROVED: u8 = 1;
    pub const EXECUTED: u8 = 2;
    pub const VETOED: u8 = 3;
}

/// An oracle's proposal to slash an operator, with evidence and approvals.
#[repr(C)]
#[derive(Debug)]
pub struct SlashProposal {
    pub network: Address,
    /// The `Operator` account to slash.
    pub operator: Address,
    pub proposer: Address,
    pub evidence_hash: [u8; 32],
    /// Oracles that approved (first `approval_count` entries); the proposer approves first.
    pub approvers: [Address; MAX_ORACLES],
    pub id: u64,
    pub amount: u64,
    pub created_at: i64,
    /// When the threshold was reached (0 before); the dispute window runs from here.
    pub approved_at: i64,
    pub executed_amount: u64,
    pub reason: u16,
    pub approval_count: u8,
    pub status: u8,
    pub disputed: u8,
    pub bump: u8,
    pub _reserved: [u8; 2],
}

unsafe impl AccountState for SlashProposal {
    const DISCRIMINATOR: [u8; 8] = discriminator::account("SlashProposal");
}

impl SlashProposal {
    /// Open: neither executed nor vetoed.
    pub fn is_open(&self) -> bool {
        self.status == slash_status::PENDING || self.status == slash_status::APPROVED
    }

    /// Whether the dispute window (from reaching the threshold) has ended at `now`. A pending
    /// proposal's window has not started.
    pub fn window_closed(&self, now: i64, window_secs: u64) -> bool {
        self.status == slash_status::APPROVED && now >= self.approved_at.saturating_add(window_secs as i64)
    }

    pub fn has_approved(&self, key: &Address) -> bool {
        self.approvers[..(self.approval_count as usize).min(MAX_ORACLES)].iter().any(|a| groundwork_common::key::eq(a, key))
    }

    /// Drops approvers no longer in the oracle set, freeing slots for current oracles.
    pub fn drop_stale_approvers(&mut self, network: &Network) {
        let mut kept = 0;
        for i in 0..self.approval_count as usize {
            if network.is_oracle(&self.approvers[i]) {
                self.approvers[kept] = self.approvers[i];
                kept += 1;
            }
        }
        for slot in self.approvers[kept..].iter_mut() {
            *slot = Address::new_from_array([0; 32]);
        }
        self.approval_count = kept as u8;
    }

    /// Approvals by keys that are still in the network's oracle set.
    pub fn current_approvals(&self, network: &Network) -> usize {
        self.approvers[..self.approval_count as usize].iter().filter(|a| network.is_oracle(a)).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::mem::{align_of, size_of};
    use groundwork_common::state::AccountState;

    #[test]
    fn layouts_have_no_implicit_padding() {
        // Sum of field sizes equals the struct size: Borsh and repr(C) agree.
        assert_eq!(size_of::<Network>(), 7 * 32 + 16 * 32 + 12 * 8 + 4 + 2 + 6 + 4);
        assert_eq!(size_of::<Operator>(), 2 * 32 + 5 * 8 + 4 + 1 + 1 + 2);
        assert_eq!(Operator::SPACE, 8 + 112);
        assert_eq!(Device::SPACE, 8 + 152);
        assert_eq!(size_of::<Device>(), 4 * 32 + 2 * 8 + 2 + 1 + 1 + 4);
        assert_eq!(size_of::<SlashProposal>(), 4 * 32 + 16 * 32 + 5 * 8 + 2 + 1 + 1 + 1 + 1 + 2);
        for align in [align_of::<Network>(), align_of::<Operator>(), align_of::<Device>(), align_of::<SlashProposal>()] {
            assert!(align <= 8);
        }
    }
}
