//! Anchor events emitted by the rewards program (layouts declared in the IDL's `types`).
use groundwork_common::{event, discriminator};

pub const REWARDS_INITIALIZED: [u8; 8] = discriminator::event("RewardsInitialized");
pub const REWARDS_CONFIG_UPDATED: [u8; 8] = discriminator::event("RewardsConfigUpdated");
pub const REWARDS_PAUSE_SET: [u8; 8] = discriminator::event("RewardsPauseSet");
pub const EPOCH_ROOT_SUBMITTED: [u8; 8] = discriminator::event("EpochRootSubmitted");
pub const EPOCH_FINALIZED: [u8; 8] = discriminator::event("EpochFinalized");
pub const EPOCH_VOTES_CLEARED: [u8; 8] = discriminator::event("EpochVotesCleared");
pub const CLAIM_STATUS_INITIALIZED: [u8; 8] = discriminator::event("ClaimStatusInitialized");
pub const REWARDS_CLAIMED: [u8; 8] = discriminator::event("RewardsClaimed");
pub const ROOT_ACTIVATION_DELAY_SET: [u8; 8] = discriminator::event("RootActivationDelaySet");
pub const PENDING_ROOT_VETOED: [u8; 8] = discriminator::event("PendingRootVetoed");
pub const REWARD_SPLIT_SET: [u8; 8] = discriminator::event("RewardSplitSet");
pub const REWARD_SPLIT_CLEARED: [u8; 8] = discriminator::event("RewardSplitCleared");

/// Room for the largest rewards event (EpochFinalized: 8 + 32 + 8 + 32 + 8 × 8).
/// Written into an aligned buffer with word stores (`event::Event`): same bytes as `EventWriter`.
pub type Event = event::Event<144>;
