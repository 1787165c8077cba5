// @groundwork/sdk: typed clients for the Groundwork DePIN protocol.
export { Groundwork } from "./groundwork";
export { GroundworkContext } from "./clients/context";
export { TeamClient, NetworkConfig, CreditsSetup, RewardsSetup, CreatedNetwork } from "./clients/team";
export { OperatorClient, OperatorStatus, DeviceSpec, OnboardingOptions, claimBatch, InvalidRewardSplitError } from "./clients/operator";
export { MakerClient, MakerStatus } from "./clients/maker";
export {
  ATTESTATION_TAG, ATTESTATION_MESSAGE_LEN, MakerAttestation, MakerAttestationError, AttestationProblem, attestationMessage, signAttestation,
  attestationSignatureValid, checkAttestation, attestationInstruction, encodeAttestation, decodeAttestation, attestationToHex, attestationFromText,
} from "./network/attestation";
export { feePayment, FeeKind } from "./clients/fees";
export { CustomerClient, Balances } from "./clients/customer";
export { OracleClient, EpochTree } from "./clients/oracle";
export * from "./ids";
export * from "./pda";
export * from "./tx";
export * from "./events";
export * from "./errors";
export { enumValue, variantName, variantNameAt } from "./enums";
export type { EnumValue, VariantName } from "./enums";
export * as network from "./network/instructions";
export * as networkAccounts from "./network/accounts";
export * as credits from "./credits/instructions";
export * as creditsAccounts from "./credits/accounts";
export * as rewards from "./rewards/instructions";
export * as rewardsAccounts from "./rewards/accounts";
export * as merkle from "./rewards/merkle";
export * as pyth from "./pyth";
export { createEmbeddedSvm, openEmbeddedState, groundworkPrograms, programsDir, SvmConnection } from "./svm";
export type { EmbeddedSvm, EmbeddedState, SvmProgram } from "./svm";
export { deploy, loadDeployConfig, parseDeployConfig, NetworkConfigError, NetworkAlreadyExistsError } from "./deploy";
export type { DeployConfig, DeployOptions, DeployResult, DeployChange, MintToCreate } from "./deploy";
