//! The network program's errors. Account-validation failures use Anchor's framework codes
//! (see `groundwork_common::checks`); everything specific to the domain is here, from 6000.
groundwork_common::program_errors! { NetworkError {
    6000 Unauthorized "The signer is not the network authority",
    6001 InvalidEpochLength "Epoch length must be between 1 second and 366 days",
    6002 InvalidBasisPoints "Basis points must be between 1 and 10000",
    6003 InvalidDuration "Duration is out of range (unbonding period and dispute window at least 1 second and never below the floors fixed at the network's creation, each at most 366 days)",
    6004 InvalidStakeAmount "Stake per device must be positive and amounts must fit",
    6005 TooManyOracles "An oracle set holds at most 16 keys",
    6006 InvalidThreshold "Oracle threshold must be between 1 and the number of oracles",
    6007 DuplicateOracle "The oracle set lists a key twice",
    6008 InvalidSlashDestination "Slash destination must be 0 (treasury) or 1 (burn)",
    6009 InvalidPauseFlags "Unknown pause flag bits",
    6010 NoPendingAuthority "No authority handover is pending",
    6011 NotPendingAuthority "The signer is not the proposed authority",
    6012 MintHasFreezeAuthority "The network token mint must not have a freeze authority that could lock the stake vault",
    6013 ZeroAmount "Amount must be greater than zero",
    6014 StakingPaused "Staking is paused on this network",
    6015 RegistrationPaused "Registration is paused on this network",
    6016 SlashingPaused "Slashing is paused on this network",
    6017 InsufficientStake "Not enough active stake",
    6018 StakeLockedByDevices "This stake backs registered devices; deactivate devices before unbonding it",
    6019 NothingToWithdraw "No unbonded stake to withdraw",
    6020 StillUnbonding "The unbonding period has not ended",
    6021 BelowMinimumStake "Active stake would fall below the network minimum for an operator with devices",
    6022 OperatorJailed "The operator is jailed after a slash until the authority clears it",
    6023 DeviceInactive "The device is not active",
    6024 NotOracle "The signer is not in the network's oracle set",
    6025 AlreadyApproved "This oracle already approved the slash",
    6026 SlashNotPending "The slash proposal is not open for approval",
    6027 SlashExceedsCap "The slash exceeds the network's maximum slash per event",
    6028 DisputeWindowOpen "The dispute window has not ended",
    6029 DisputeWindowClosed "The dispute window has ended",
    6030 SlashNotApproved "The slash has not reached the oracle threshold",
    6031 NotJailed "The operator is not jailed",
    6032 InvalidReason "Reason code must be non-zero",
    6033 SameOperator "The device already belongs to this operator",
    6034 InsufficientApprovals "Fewer current oracles approved than the threshold (an approver was removed)",
    6035 NotOperatorAuthority "The signer is not the operator's authority",
    6036 WrongNetwork "The account belongs to another network",
    6037 NothingToSlash "The operator has no stake left to slash",
    6038 SlashPending "An approved slash proposal against this operator is open; unbonded stake stays locked until it is resolved",
    6039 SlashExpired "The slash proposal expired without a quorum; it takes no approvals and anyone may close it",
    6040 SlashUnchanged "The slash proposal's recorded status already matches the oracle set and it cannot be closed",
    6041 NoGovernanceChangeDue "No queued governance change has reached its time",
    6042 SameTokenAccount "Source and destination token accounts must be different accounts",
    6043 UnderCollateralised "Active stake does not cover the operator's devices; stake more or deactivate devices first",
    6044 InvalidChangeKind "Governance change kind must be 0 (params), 1 (oracles) or 2 (treasury)",
    6045 NoPendingChange "No governance change of this kind is queued",
    6046 MakerRequired "This network requires an approved maker's co-signature (maker key, maker and its stake account) to register a device",
    6047 MakerRevoked "The maker was revoked and onboards no new devices",
    6048 MakerKindNotAllowed "The maker is not approved for this device kind",
    6049 MakerUnderstaked "The maker's active stake is below its required maker stake plus what its own devices require",
    6050 MakerJailed "The maker's stake was slashed; it onboards no devices until the authority unjails it",
    6051 InvalidMakerKinds "A maker lists 1 to 8 distinct device kinds (unused slots zero)",
    6052 NotMakerKey "The maker account belongs to another maker key",
    6053 FeeScheduleFull "The fee schedule prices at most 16 device kinds",
    6054 FeeAccountsMissing "This fee must be paid: pass the fee schedule, and for a non-zero fee the fee payer and the credits accounts",
    6055 DeviceActive "The device is already active",
    6056 LocationUnchanged "The device is already at this location",
    6057 MakerAttestationMissing "No maker signature or attestation: the maker key signs, or its Ed25519 attestation comes right before register_device with the Instructions sysvar",
    6058 AttestationSignatureCount "The maker attestation's Ed25519 instruction must verify exactly one signature",
    6059 AttestationOffsetsInvalid "The attestation's Ed25519 instruction must read key, signature and message from its own data (index 0xFFFF or its own), in bounds",
    6060 AttestationWrongMaker "The maker attestation was signed by another key than this maker's factory key",
    6061 AttestationMalformed "The attested message is not a maker attestation (97 bytes, tag groundwork:maker-attestation:v1)",
    6062 AttestationWrongNetwork "The maker attestation was signed for another network",
    6063 AttestationWrongDevice "The maker attestation was signed for another device key",
    6064 AttestationWrongKind "The maker attestation was signed for another device kind",
} }

#[cfg(test)]
mod tests {
    extern crate std;
    use super::NetworkError;

    /// `log::anchor_error` writes into 256 bytes; a longer line is cut and clients (Anchor's
    /// `AnchorError.parse`) no longer recognise the error.
    #[test]
    fn every_error_log_line_fits_the_log_buffer() {
        for e in NetworkError::ALL {
            let line = std::format!("AnchorError occurred. Error Code: {}. Error Number: {}. Error Message: {}.", e.name(), e.code(), e.message());
            assert!(line.len() <= 256, "{} logs {} bytes", e.name(), line.len());
        }
    }
}
