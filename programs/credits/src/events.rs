//! Anchor events emitted by the credits program (layouts declared in the IDL's `types`).
use groundwork_common::{event, discriminator};

pub const CREDITS_INITIALIZED: [u8; 8] = discriminator::event("CreditsInitialized");
pub const CREDITS_CONFIG_UPDATED: [u8; 8] = discriminator::event("CreditsConfigUpdated");
pub const CREDITS_PAUSED_SET: [u8; 8] = discriminator::event("CreditsPausedSet");
pub const CREDITS_BURNED: [u8; 8] = discriminator::event("CreditsBurned");
pub const CREDITS_SPENT: [u8; 8] = discriminator::event("CreditsSpent");
pub const DELEGATION_SET: [u8; 8] = discriminator::event("DelegationSet");
pub const FEE_BURNED: [u8; 8] = discriminator::event("FeeBurned");
pub const DELEGATION_REVOKED: [u8; 8] = discriminator::event("DelegationRevoked");

/// Room for the largest credits event (CreditsSpent: 8 + 3×32 + 8 + 32 + 8 + 8 + 1).
/// Written into an aligned buffer with word stores (`event::Event`): same bytes as `EventWriter`.
pub type Event = event::Event<168>;
