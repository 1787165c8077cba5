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
    /// `["slash", network, operator, evidence_hash]`: one proposal per piece of evidence against
    /// one operator, so the same evidence can never be slashed twice (an executed proposal is
    /// never closed; a vetoed or expired one may be closed and the evidence proposed again).
    pub const SLASH: &[u8] = b"slash";

    use groundwork_common::pda::{Pda, Seed::*};
    /// Every PDA of the program and its seeds, in the order they are hashed (checked against the
    /// IDL's `pda.seeds` by tests/idl.rs).
    pub const PDAS: &[Pda] = &[
        Pda { name: "Network", seeds: &[Const(NETWORK), Key("mint"), Key("creator")] },
        Pda { name: "stake_vault", seeds: &[Const(STAKE_VAULT), Key("network")] },
        Pda { name: "Operator", seeds: &[Const(OPERATOR), Key("network"), Key("operator_authority")] },
        Pda { name: "Device", seeds: &[Const(DEVICE), Key("network"), Key("device_key")] },
        Pda { name: "SlashProposal", seeds: &[Const(SLASH), Key("network"), Key("operator"), Bytes32("evidence_hash")] },
    ];
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
    /// The floors governance can never go below, fixed at creation (`params::Floors`).
    pub unbonding_floor_secs: u16,
    pub dispute_window_floor_secs: u16,
    /// Governance timelock (see `governance`). When a queued change widened the oracle set or
    /// lowered the threshold last took effect: a slash proposal's quorum counts from no earlier.
    pub quorum_weakened_at: i64,
    /// When the queued parameter change may be applied (0: none queued).
    pub pending_params_eta: i64,
    /// When the queued oracle-set change may be applied (0: none queued).
    pub pending_oracles_eta: i64,
    /// When the queued treasury change may be applied (0: none queued).
    pub pending_treasury_eta: i64,
    pub pending_stake_per_device: u64,
    pub pending_min_operator_stake: u64,
    pub pending_unbonding_secs: u64,
    pub pending_slash_dispute_window_secs: u64,
    pub pending_treasury: Address,
    /// The first `pending_oracle_count` entries are the queued oracle set.
    pub pending_oracles: [Address; MAX_ORACLES],
    pub pending_max_slash_bps: u16,
    pub pending_slash_destination: u8,
    pub pending_oracle_count: u8,
    pub pending_oracle_threshold: u8,
    pub _reserved2: [u8; 3],
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

    /// How long a slash proposal may collect approvals on this network: 7 days with the
    /// recommended unbonding floor, 168 × the floor when that is lower (a seconds-scale network's
    /// proposals expire in minutes).
    pub fn slash_approval_period_secs(&self) -> i64 {
        let scaled = (self.unbonding_floor_secs as i64).saturating_mul(SLASH_PROPOSAL_TTL_PER_UNBONDING_FLOOR);
        if scaled < SLASH_PROPOSAL_TTL_SECS { scaled } else { SLASH_PROPOSAL_TTL_SECS }
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
    /// 1 after a slash until the authority clears it (only once active stake covers the
    /// operator's devices again). A jailed operator registers, receives and gives away no devices.
    pub jailed: u8,
    pub bump: u8,
    /// Slash proposals against this operator recorded as approved (an oracle quorum reached) and
    /// neither executed nor vetoed. While any is, the unbonding bucket cannot be withdrawn, so
    /// unbonding never escapes an approved slash. Pending proposals never count: one oracle
    /// alone cannot hold anyone's stake.
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

/// Status of a slash proposal as last recorded. Whether a quorum *currently* stands is computed
/// from the approvals and the current oracle set (`SlashProposal::quorum_at`); the recorded
/// status decides only whether the proposal holds the operator's stake (`open_slashes`), and
/// any instruction touching the proposal with its operator brings it up to date.
pub mod slash_status {
    pub const PENDING: u8 = 0;
    /// Quorum reached (as last recorded): holds the operator's unbonding stake.
    pub const APPROVED: u8 = 1;
    pub const EXECUTED: u8 = 2;
    pub const VETOED: u8 = 3;
}

/// How long a proposal may collect approvals (at most; see `Network::slash_approval_period_secs`):
/// a proposal without a current quorum this long after its creation is expired; it takes no more
/// approvals and anyone may close it (rent to its payer).
pub const SLASH_PROPOSAL_TTL_SECS: i64 = 7 * 24 * 60 * 60;
/// The approval period is this many times the network's unbonding floor, up to
/// `SLASH_PROPOSAL_TTL_SECS` (7 days for the recommended one-hour floor).
pub const SLASH_PROPOSAL_TTL_PER_UNBONDING_FLOOR: i64 = SLASH_PROPOSAL_TTL_SECS / 3_600;

/// An oracle's proposal to slash an operator, with evidence and approvals.
#[repr(C)]
#[derive(Debug)]
pub struct SlashProposal {
    pub network: Address,
    /// The `Operator` account to slash.
    pub operator: Address,
    pub proposer: Address,
    pub evidence_hash: [u8; 32],
    /// Oracles that approved (first `approval_count` entries, in the order they approved); the
    /// proposer approves first.
    pub approvers: [Address; MAX_ORACLES],
    /// Who paid the rent; a closed proposal's lamports go back here.
    pub payer: Address,
    pub id: u64,
    pub amount: u64,
    pub created_at: i64,
    /// When the quorum was last recorded as reached (0 while pending). Informational: execution
    /// and veto use `quorum_at`, computed from the current oracle set.
    pub approved_at: i64,
    pub executed_amount: u64,
    /// The network's dispute window when the proposal was created (a later, shorter window never
    /// applies to it; a longer one does).
    pub dispute_window_secs: u64,
    /// Seconds after `created_at` at which each approver approved (parallel to `approvers`).
    pub approval_offsets: [u32; MAX_ORACLES],
    pub reason: u16,
    pub approval_count: u8,
    pub status: u8,
    pub disputed: u8,
    pub bump: u8,
    /// The network's slash cap when the proposal was created (a later, higher cap never applies
    /// to it; a lower one does).
    pub max_slash_bps: u16,
}

unsafe impl AccountState for SlashProposal {
    const DISCRIMINATOR: [u8; 8] = discriminator::account("SlashProposal");
}

impl SlashProposal {
    /// Open: neither executed nor vetoed.
    pub fn is_open(&self) -> bool {
        self.status == slash_status::PENDING || self.status == slash_status::APPROVED
    }

    pub fn has_approved(&self, key: &Address) -> bool {
        self.approvers[..(self.approval_count as usize).min(MAX_ORACLES)].iter().any(|a| groundwork_common::key::eq(a, key))
    }

    /// Drops approvers no longer in the oracle set (with their times), freeing slots for
    /// current oracles. Order is kept, so the times stay ascending.
    pub fn drop_stale_approvers(&mut self, network: &Network) {
        let mut kept = 0;
        for i in 0..(self.approval_count as usize).min(MAX_ORACLES) {
            if network.is_oracle(&self.approvers[i]) {
                self.approvers[kept] = self.approvers[i];
                self.approval_offsets[kept] = self.approval_offsets[i];
                kept += 1;
            }
        }
        for i in kept..MAX_ORACLES {
            self.approvers[i] = Address::new_from_array([0; 32]);
            self.approval_offsets[i] = 0;
        }
        self.approval_count = kept as u8;
    }

    /// Approvals by keys that are still in the network's oracle set.
    pub fn current_approvals(&self, network: &Network) -> usize {
        self.approvers[..(self.approval_count as usize).min(MAX_ORACLES)].iter().filter(|a| network.is_oracle(a)).count()
    }

    /// When the approvals that count today (by current oracles) reached today's threshold, or
    /// `None` if they do not, or the threshold-th of them was cast only after the proposal's
    /// approval period (`Network::slash_approval_period_secs` from creation): a proposal must gather its
    /// approvals within that period or be proposed anew. Approvals are in time order, so it is the
    /// time of the threshold-th current approver; never earlier than the last queued change that
    /// widened the oracle set or lowered the threshold, since before it those approvals may have
    /// been no quorum (the window then starts at that change, even past the approval period).
    pub fn quorum_at(&self, network: &Network) -> Option<i64> {
        let threshold = network.oracle_threshold as usize;
        if threshold == 0 {
            return None;
        }
        let mut valid = 0;
        for i in 0..(self.approval_count as usize).min(MAX_ORACLES) {
            if network.is_oracle(&self.approvers[i]) {
                valid += 1;
                if valid == threshold {
                    let cast = self.created_at.saturating_add(self.approval_offsets[i] as i64);
                    let at = if cast > network.quorum_weakened_at { cast } else { network.quorum_weakened_at };
                    // A quorum recorded within the approval period stays one when a later queued
                    // change (say, an added oracle) restarts its clock past that period: else the
                    // operator could close an approved slash. A pending one must form in time.
                    let expires_at = self.expires_at(network);
                    let in_time = cast < expires_at && (at < expires_at || self.status == slash_status::APPROVED);
                    return if in_time { Some(at) } else { None };
                }
            }
        }
        None
    }

    /// End of the approval period.
    pub fn expires_at(&self, network: &Network) -> i64 {
        self.created_at.saturating_add(network.slash_approval_period_secs())
    }

    /// The dispute window that applies: the one recorded at creation, or the network's current
    /// one when that is longer (a lengthened window protects open proposals at once).
    pub fn window_secs(&self, network: &Network) -> u64 {
        if network.slash_dispute_window_secs > self.dispute_window_secs { network.slash_dispute_window_secs } else { self.dispute_window_secs }
    }

    /// The slash cap that applies: the one recorded at creation, or the network's current one
    /// when that is lower.
    pub fn cap_bps(&self, network: &Network) -> u16 {
        if network.max_slash_bps < self.max_slash_bps { network.max_slash_bps } else { self.max_slash_bps }
    }

    /// When the proposal can be executed under the current oracle set, or `None` while it has no
    /// current quorum. Until then the authority may veto and the operator dispute.
    pub fn executable_at(&self, network: &Network) -> Option<i64> {
        let at = self.quorum_at(network)?;
        let window = self.window_secs(network);
        // Windows are at most 366 days (validated), so the cast cannot wrap.
        Some(at.saturating_add(window as i64))
    }

    /// Whether a proposal without a current quorum (`quorum_at` is `None`) is past its approval
    /// period: it takes no more approvals and can only be closed.
    pub fn expired(&self, network: &Network, now: i64) -> bool {
        now >= self.expires_at(network)
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
        assert_eq!(size_of::<Network>(), 7 * 32 + 16 * 32 + 12 * 8 + 4 + 2 + 6 + 4 + 8 * 8 + 32 + 16 * 32 + 2 + 1 + 1 + 1 + 3);
        assert_eq!(size_of::<Operator>(), 2 * 32 + 5 * 8 + 4 + 1 + 1 + 2);
        assert_eq!(Operator::SPACE, 8 + 112);
        assert_eq!(Device::SPACE, 8 + 152);
        assert_eq!(size_of::<Device>(), 4 * 32 + 2 * 8 + 2 + 1 + 1 + 4);
        assert_eq!(size_of::<SlashProposal>(), 4 * 32 + 16 * 32 + 32 + 6 * 8 + 16 * 4 + 2 + 1 + 1 + 1 + 1 + 2);
        for align in [align_of::<Network>(), align_of::<Operator>(), align_of::<Device>(), align_of::<SlashProposal>()] {
            assert!(align <= 8);
        }
    }

    fn key(b: u8) -> Address { Address::new_from_array([b; 32]) }

    fn network(oracles: &[u8], threshold: u8) -> Network {
        // SAFETY: Network is plain data; all-zero is a valid value.
        let mut n: Network = unsafe { core::mem::zeroed() };
        for (i, o) in oracles.iter().enumerate() {
            n.oracles[i] = key(*o);
        }
        n.oracle_count = oracles.len() as u8;
        n.oracle_threshold = threshold;
        n.slash_dispute_window_secs = 100;
        n.max_slash_bps = 5_000;
        n.unbonding_floor_secs = 3_600;
        n
    }

    /// A proposal created at t = 1,000 approved by `approvals` = (oracle, seconds after creation).
    fn proposal(approvals: &[(u8, u32)]) -> SlashProposal {
        // SAFETY: SlashProposal is plain data; all-zero is a valid value.
        let mut p: SlashProposal = unsafe { core::mem::zeroed() };
        p.created_at = 1_000;
        p.dispute_window_secs = 100;
        p.max_slash_bps = 5_000;
        for (i, (o, at)) in approvals.iter().enumerate() {
            p.approvers[i] = key(*o);
            p.approval_offsets[i] = *at;
        }
        p.approval_count = approvals.len() as u8;
        p
    }

    #[test]
    fn quorum_runs_from_the_threshold_th_current_approval() {
        let p = proposal(&[(1, 0), (2, 50), (3, 80)]);
        assert_eq!(p.quorum_at(&network(&[1, 2, 3], 2)), Some(1_050));
        assert_eq!(p.executable_at(&network(&[1, 2, 3], 2)), Some(1_150));
        // Approver 2 removed: the quorum now stands from approver 3's approval.
        assert_eq!(p.quorum_at(&network(&[1, 3], 2)), Some(1_080));
        // Approvers 2 and 3 removed: no quorum, nothing executes, the veto stays possible.
        assert_eq!(p.quorum_at(&network(&[1, 4, 5], 2)), None);
        assert_eq!(p.executable_at(&network(&[1, 4, 5], 2)), None);
        // A raised threshold needs the later approval.
        assert_eq!(p.quorum_at(&network(&[1, 2, 3], 3)), Some(1_080));
        assert_eq!(p.quorum_at(&network(&[], 0)), None);
    }

    #[test]
    fn a_queued_weakening_restarts_the_quorum_clock() {
        let p = proposal(&[(1, 0), (2, 50)]);
        let mut n = network(&[1, 2, 3], 3);
        assert_eq!(p.quorum_at(&n), None);
        // The threshold was lowered through the timelock at t = 5,000: the two old approvals
        // became a quorum then, not at t = 1,050.
        n.oracle_threshold = 2;
        n.quorum_weakened_at = 5_000;
        assert_eq!(p.quorum_at(&n), Some(5_000));
        assert_eq!(p.executable_at(&n), Some(5_100));
    }

    #[test]
    fn recorded_window_and_cap_only_ever_protect_more() {
        let p = proposal(&[(1, 0)]);
        let mut n = network(&[1], 1);
        n.slash_dispute_window_secs = 10;
        n.max_slash_bps = 10_000;
        assert_eq!(p.window_secs(&n), 100);
        assert_eq!(p.cap_bps(&n), 5_000);
        n.slash_dispute_window_secs = 500;
        n.max_slash_bps = 1_000;
        assert_eq!(p.window_secs(&n), 500);
        assert_eq!(p.cap_bps(&n), 1_000);
    }

    #[test]
    fn dropping_stale_approvers_keeps_their_times() {
        let mut p = proposal(&[(1, 0), (2, 10), (3, 20)]);
        p.drop_stale_approvers(&network(&[1, 3], 2));
        assert_eq!(p.approval_count, 2);
        assert_eq!((p.approvers[1], p.approval_offsets[1]), (key(3), 20));
        assert_eq!(p.approval_offsets[2], 0);
    }

    #[test]
    fn pending_proposals_expire_after_the_ttl() {
        let p = proposal(&[(1, 0)]);
        let n = network(&[1], 1);
        assert!(!p.expired(&n, 1_000 + SLASH_PROPOSAL_TTL_SECS - 1));
        assert!(p.expired(&n, 1_000 + SLASH_PROPOSAL_TTL_SECS));
        // A network created with a 2-second unbonding floor: 168 × 2 s.
        let mut short = network(&[1], 1);
        short.unbonding_floor_secs = 2;
        assert_eq!(short.slash_approval_period_secs(), 336);
        assert!(!p.expired(&short, 1_335));
        assert!(p.expired(&short, 1_336));
        // A quorum reached only after the approval period does not count.
        let late = proposal(&[(1, 0), (2, SLASH_PROPOSAL_TTL_SECS as u32)]);
        assert_eq!(late.quorum_at(&network(&[1, 2], 2)), None);
        let mut weakened = network(&[1, 2], 1);
        weakened.quorum_weakened_at = 1_000 + SLASH_PROPOSAL_TTL_SECS;
        assert_eq!(proposal(&[(1, 0)]).quorum_at(&weakened), None);
        assert_eq!(late.quorum_at(&network(&[1, 2], 1)), Some(1_000));
    }

    #[test]
    fn a_recorded_quorum_survives_a_queued_change_applied_after_the_ttl() {
        let mut n = network(&[1, 2], 2);
        let mut p = proposal(&[(1, 0), (2, 10)]);
        p.status = slash_status::APPROVED;
        n.quorum_weakened_at = 1_000 + SLASH_PROPOSAL_TTL_SECS + 5;
        assert_eq!(p.quorum_at(&n), Some(n.quorum_weakened_at), "the window restarts; the quorum stands");
        p.status = slash_status::PENDING;
        assert_eq!(p.quorum_at(&n), None, "a pending proposal's quorum must form within the period");
    }
}
