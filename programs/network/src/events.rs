//! Anchor events emitted by the network program (layouts declared in the IDL's `types`).
use groundwork_common::discriminator;
pub use groundwork_common::event::Event;

pub const NETWORK_INITIALIZED: [u8; 8] = discriminator::event("NetworkInitialized");
pub const PARAMS_UPDATED: [u8; 8] = discriminator::event("ParamsUpdated");
pub const ORACLES_SET: [u8; 8] = discriminator::event("OraclesSet");
pub const PAUSE_SET: [u8; 8] = discriminator::event("PauseSet");
pub const AUTHORITY_PROPOSED: [u8; 8] = discriminator::event("AuthorityProposed");
pub const AUTHORITY_ACCEPTED: [u8; 8] = discriminator::event("AuthorityAccepted");
pub const OPERATOR_REGISTERED: [u8; 8] = discriminator::event("OperatorRegistered");
pub const STAKED: [u8; 8] = discriminator::event("Staked");
pub const UNSTAKE_REQUESTED: [u8; 8] = discriminator::event("UnstakeRequested");
pub const UNSTAKED_WITHDRAWN: [u8; 8] = discriminator::event("UnstakedWithdrawn");
pub const DEVICE_REGISTERED: [u8; 8] = discriminator::event("DeviceRegistered");
pub const DEVICE_DEACTIVATED: [u8; 8] = discriminator::event("DeviceDeactivated");
pub const DEVICE_TRANSFERRED: [u8; 8] = discriminator::event("DeviceTransferred");
pub const SLASH_PROPOSED: [u8; 8] = discriminator::event("SlashProposed");
pub const SLASH_APPROVED: [u8; 8] = discriminator::event("SlashApproved");
pub const SLASH_VETOED: [u8; 8] = discriminator::event("SlashVetoed");
pub const SLASH_DISPUTED: [u8; 8] = discriminator::event("SlashDisputed");
pub const SLASH_EXECUTED: [u8; 8] = discriminator::event("SlashExecuted");
pub const OPERATOR_UNJAILED: [u8; 8] = discriminator::event("OperatorUnjailed");
pub const SLASH_STATUS_CHANGED: [u8; 8] = discriminator::event("SlashStatusChanged");
pub const SLASH_CLOSED: [u8; 8] = discriminator::event("SlashClosed");
pub const GOVERNANCE_CHANGE_QUEUED: [u8; 8] = discriminator::event("GovernanceChangeQueued");
pub const GOVERNANCE_CHANGE_APPLIED: [u8; 8] = discriminator::event("GovernanceChangeApplied");
pub const GOVERNANCE_CHANGE_CANCELLED: [u8; 8] = discriminator::event("GovernanceChangeCancelled");
pub const TREASURY_SET: [u8; 8] = discriminator::event("TreasurySet");
