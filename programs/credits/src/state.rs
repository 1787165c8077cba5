//! Credits program accounts. Fixed layouts, `#[repr(C)]` with explicit padding so the in-memory
//! layout is the Borsh layout the IDL declares. PDA seeds are written once, here.
//!
//! `TallyRing` and `seeds::TALLY` are read by the rewards program: keep them stable.
use groundwork_common::{discriminator, pinocchio::Address, state::AccountState};

/// PDA seeds (all under the credits program).
pub mod seeds {
    /// `["credits", network]`: the network's credits config; also the DC mint authority and the
    /// token-level delegate that burns credits on a provider's behalf.
    pub const CREDITS: &[u8] = b"credits";
    /// `["tally", network]`: the network's ring of per-epoch burns and spends.
    pub const TALLY: &[u8] = b"tally";
    /// `["delegation", holder_dc_account, delegate]`: a provider's allowance on one credit account.
    pub const DELEGATION: &[u8] = b"delegation";

    use groundwork_common::pda::{Pda, Seed::*};
    /// Every PDA of the program and its seeds, in the order they are hashed (checked against the
    /// IDL's `pda.seeds` by tests/idl.rs).
    pub const PDAS: &[Pda] = &[
        Pda { name: "CreditsConfig", seeds: &[Const(CREDITS), Key("network")] },
        Pda { name: "TallyRing", seeds: &[Const(TALLY), Key("network")] },
        Pda { name: "Delegation", seeds: &[Const(DELEGATION), Key("holder_dc_account"), Key("delegate")] },
    ];
}

/// How `burn_for_credits` prices the network token.
pub mod price_mode {
    /// `credits_per_token` credits per whole token, set by the network authority.
    pub const FIXED: u8 = 0;
    /// 1 credit = `usd_per_credit_e8` × 1e-8 USD; token price from the pinned Pyth account.
    pub const ORACLE: u8 = 1;
}

/// Data credits have no fractional units: one base unit is one credit.
pub const DC_DECIMALS: u8 = 0;
/// $0.00001 per credit, in units of 1e-8 USD.
pub const DEFAULT_USD_PER_CREDIT_E8: u64 = 1_000;

/// A network's credits configuration, price source and circuit-breaker window.
#[repr(C)]
#[derive(Debug)]
pub struct CreditsConfig {
    pub network: Address,
    /// Token-2022 mint with the NonTransferable extension; mint authority is this PDA.
    pub dc_mint: Address,
    /// The network token (copied from the network at initialisation; immutable there).
    pub token_mint: Address,
    pub token_program: Address,
    /// Pinned Pyth `PriceUpdateV2` account (oracle mode).
    pub price_update: Address,
    /// Pyth feed id the price account must carry.
    pub feed_id: [u8; 32],
    /// Copied from the network (immutable there), so burns and spends need not load it.
    pub genesis_ts: i64,
    pub epoch_length_secs: u64,
    /// Fixed mode: credits per whole token (10^token_decimals base units).
    pub credits_per_token: u64,
    /// Oracle mode: USD price of one credit in units of 1e-8 USD.
    pub usd_per_credit_e8: u64,
    pub max_price_age_secs: u64,
    pub breaker_window_secs: u64,
    /// At most this many credits minted in any `breaker_window_secs` consecutive seconds
    /// (`breaker::Breaker`).
    pub breaker_max_credits: u64,
    /// Credits minted in the breaker window starting at `breaker_window_start`.
    pub breaker_window_value: u64,
    /// Credits minted in the breaker window before it.
    pub breaker_prev_window_value: u64,
    /// Start of the current breaker window; windows tile forward from it.
    pub breaker_window_start: i64,
    pub total_tokens_burned: u64,
    pub total_credits_minted: u64,
    /// k in "price − k × confidence", in basis points of 1 (10_000 = 1 × conf).
    pub conf_k_bps: u32,
    /// Largest accepted confidence / price, in basis points.
    pub max_conf_bps: u16,
    pub price_mode: u8,
    pub paused: u8,
    pub token_decimals: u8,
    pub bump: u8,
    pub _reserved: [u8; 6],
}

unsafe impl AccountState for CreditsConfig {
    const DISCRIMINATOR: [u8; 8] = discriminator::account("CreditsConfig");
}

impl CreditsConfig {
    /// Index of the network epoch containing `now` (same rule as `Network::epoch_at`).
    pub fn epoch_at(&self, now: i64) -> u64 {
        if now <= self.genesis_ts || self.epoch_length_secs == 0 {
            0
        } else {
            (now - self.genesis_ts) as u64 / self.epoch_length_secs
        }
    }
}

/// Epochs a `TallyRing` keeps on chain; epoch `e` lives in slot `e % TALLY_SLOTS`.
pub const TALLY_SLOTS: usize = 16;

/// Tokens burned and credits minted/spent in one network epoch.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TallySlot {
    pub epoch: u64,
    pub tokens_burned: u64,
    pub credits_minted: u64,
    pub credits_spent: u64,
}

/// The last `TALLY_SLOTS` epochs' burns and spends of a network, at `["tally", network]`, created
/// with the config. One account rather than one per epoch keeps account creation (rent, a PDA
/// search, a CPI) off the burn and spend path. Older epochs are overwritten; the `CreditsBurned`
/// and `CreditsSpent` events carry the full history. The rewards program reads the previous
/// epoch's `tokens_burned` to size net emissions.
#[repr(C)]
#[derive(Debug)]
pub struct TallyRing {
    pub network: Address,
    pub bump: u8,
    pub _reserved: [u8; 7],
    pub slots: [TallySlot; TALLY_SLOTS],
}

unsafe impl AccountState for TallyRing {
    const DISCRIMINATOR: [u8; 8] = discriminator::account("TallyRing");
}

impl TallyRing {
    /// Epoch `epoch`'s slot, or `None` when the ring no longer (or never) held it: nothing was
    /// burned or spent in it that the ring still remembers.
    #[inline(always)]
    pub fn slot(&self, epoch: u64) -> Option<&TallySlot> {
        let slot = &self.slots[(epoch % TALLY_SLOTS as u64) as usize];
        if slot.epoch == epoch { Some(slot) } else { None }
    }

    /// Epoch `epoch`'s slot to add to. Epochs only move forward, so a slot holding another epoch
    /// holds an older one, and is reused.
    #[inline(always)]
    pub fn slot_mut(&mut self, epoch: u64) -> &mut TallySlot {
        let slot = &mut self.slots[(epoch % TALLY_SLOTS as u64) as usize];
        if slot.epoch != epoch {
            *slot = TallySlot { epoch, tokens_burned: 0, credits_minted: 0, credits_spent: 0 };
        }
        slot
    }
}

/// A holder lets `delegate` spend up to `allowance` more credits from `dc_account`.
#[repr(C)]
#[derive(Debug)]
pub struct Delegation {
    pub network: Address,
    /// The holder's DC token account.
    pub dc_account: Address,
    /// Owner of `dc_account`, who granted the allowance.
    pub holder: Address,
    pub delegate: Address,
    /// Credits the delegate may still spend.
    pub allowance: u64,
    /// Credits the delegate has spent so far.
    pub spent: u64,
    pub bump: u8,
    pub _reserved: [u8; 7],
}

unsafe impl AccountState for Delegation {
    const DISCRIMINATOR: [u8; 8] = discriminator::account("Delegation");
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::mem::{align_of, size_of};

    #[test]
    fn layouts_have_no_implicit_padding() {
        assert_eq!(size_of::<CreditsConfig>(), 6 * 32 + 12 * 8 + 4 + 2 + 1 + 1 + 1 + 1 + 6);
        assert_eq!(size_of::<TallySlot>(), 4 * 8);
        assert_eq!(size_of::<TallyRing>(), 32 + 1 + 7 + TALLY_SLOTS * 4 * 8);
        assert_eq!(size_of::<Delegation>(), 4 * 32 + 2 * 8 + 1 + 7);
        for align in [align_of::<CreditsConfig>(), align_of::<TallyRing>(), align_of::<Delegation>()] {
            assert!(align <= 8);
        }
    }

    #[test]
    fn ring_keeps_the_last_sixteen_epochs() {
        let mut r: TallyRing = unsafe { core::mem::zeroed() };
        // A fresh ring reads epoch 0 as zeros, the same as "nothing happened".
        assert_eq!(r.slot(0).map(|s| s.tokens_burned), Some(0));
        assert!(r.slot(1).is_none());
        r.slot_mut(3).tokens_burned = 5;
        r.slot_mut(3).credits_spent = 2;
        assert_eq!(*r.slot(3).unwrap(), TallySlot { epoch: 3, tokens_burned: 5, credits_minted: 0, credits_spent: 2 });
        // Epoch 19 shares slot 3: it starts from zero and epoch 3 is gone.
        r.slot_mut(19).credits_minted = 7;
        assert!(r.slot(3).is_none());
        assert_eq!(*r.slot(19).unwrap(), TallySlot { epoch: 19, tokens_burned: 0, credits_minted: 7, credits_spent: 0 });
        assert!(r.slot(35).is_none());
    }

    #[test]
    fn epoch_index() {
        let mut c: CreditsConfig = unsafe { core::mem::zeroed() };
        c.genesis_ts = 1_000;
        c.epoch_length_secs = 100;
        assert_eq!(c.epoch_at(999), 0);
        assert_eq!(c.epoch_at(1_099), 0);
        assert_eq!(c.epoch_at(1_100), 1);
    }
}
