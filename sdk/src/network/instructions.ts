// One typed builder per network-program instruction. Each returns a `TransactionInstruction`;
// PDAs are derived here (sdk/src/network/pda.ts) so callers pass only the keys they own.
import BN from "bn.js";
import { PublicKey, SystemProgram, SYSVAR_INSTRUCTIONS_PUBKEY, TransactionInstruction } from "@solana/web3.js";
import { getAssociatedTokenAddressSync, TOKEN_2022_PROGRAM_ID, TOKEN_PROGRAM_ID } from "@solana/spl-token";
import { NetworkProgram } from "./program";
import { enumValue, variantNameAt } from "../enums";
import { devicePda, feeSchedulePda, makerPda, networkPda, operatorPda, slashProposalPda, stakeVaultPda } from "./pda";
import { CREDITS_PROGRAM_ID, NETWORK_PROGRAM_ID } from "../ids";
import { creditsConfigPda, tallyRingPda } from "../credits/pda";

/** Pause flag bits of `set_paused`. */
export const PAUSE = { staking: 1, registration: 2, slashing: 4 } as const;
/** Where executed slashes go: the IDL enum `SlashDestination`. */
export const SLASH_DESTINATION = { treasury: "treasury", burn: "burn" } as const;
export type SlashDestination = (typeof SLASH_DESTINATION)[keyof typeof SLASH_DESTINATION];
/** Its variants in order: `Network.slashDestination` (a u8 in the zero-copy account) is an index into it. */
export const SLASH_DESTINATIONS: readonly SlashDestination[] = ["treasury", "burn"];
/** `SlashProposal.status` values, the IDL enum `SlashStatus` (as last recorded; see `slashState` for the live view). */
export const SLASH_STATUS = { pending: "pending", approved: "approved", executed: "executed", vetoed: "vetoed" } as const;
export type SlashStatus = (typeof SLASH_STATUS)[keyof typeof SLASH_STATUS];
/** Its variants in order: `SlashProposal.status` (a u8) is an index into it. */
export const SLASH_STATUSES: readonly SlashStatus[] = ["pending", "approved", "executed", "vetoed"];
/** Kinds of queued governance change, the IDL enum `GovernanceChangeKind` (`cancel_governance`, the governance events). */
export const GOVERNANCE_KIND = { params: "params", oracles: "oracles", treasury: "treasury" } as const;
export type GovernanceKind = (typeof GOVERNANCE_KIND)[keyof typeof GOVERNANCE_KIND];

/** `Network.slashDestination` / `pendingSlashDestination` (the variant's index) by name. */
export const slashDestinationOf = (index: number): SlashDestination => variantNameAt(SLASH_DESTINATIONS, index);
/** `SlashProposal.status` (the variant's index) by name. */
export const slashStatusOf = (index: number): SlashStatus => variantNameAt(SLASH_STATUSES, index);
/**
 * Recommended floors (programs/network/src/params.rs): a network created with at least these keeps
 * them as its floors for life; one created with less keeps its initial values as floors
 * (`unbondingFloorSecs`, `disputeWindowFloorSecs` in its account). A production network should use
 * at least these.
 */
export const MIN_UNBONDING_SECS = 3_600;
export const MIN_DISPUTE_WINDOW_SECS = 600;
/** What any network accepts at creation (the clock's resolution; 0 would remove the protection). */
export const PROTOCOL_MIN_UNBONDING_SECS = 1;
export const PROTOCOL_MIN_DISPUTE_WINDOW_SECS = 1;
/** The shortest epoch length the program accepts (params.rs `MIN_EPOCH_SECS`). */
export const MIN_EPOCH_SECS = 1;
/**
 * A queued change applies no sooner than the unbonding period plus a grace: this for a network with
 * the recommended unbonding floor (params.rs `TIMELOCK_GRACE_SECS`), and 24 × its unbonding floor
 * when that is lower (`timelockGraceSecs`).
 */
export const TIMELOCK_GRACE_SECS = 86_400;

/** The floors a network created with these durations keeps for life (params.rs `Floors::at_creation`). */
export function floorsAtCreation(unbondingSecs: number, slashDisputeWindowSecs: number): { unbondingFloorSecs: number; disputeWindowFloorSecs: number } {
  return { unbondingFloorSecs: Math.min(MIN_UNBONDING_SECS, unbondingSecs), disputeWindowFloorSecs: Math.min(MIN_DISPUTE_WINDOW_SECS, slashDisputeWindowSecs) };
}

/** The timelock's grace beyond the unbonding period for a network with this unbonding floor (params.rs `Floors::timelock_grace_secs`). */
export function timelockGraceSecs(unbondingFloorSecs: number): number {
  return Math.min(TIMELOCK_GRACE_SECS, unbondingFloorSecs * (TIMELOCK_GRACE_SECS / MIN_UNBONDING_SECS));
}
/**
 * A proposal without a current quorum this long after creation is expired, on a network with the
 * recommended unbonding floor (state.rs `SLASH_PROPOSAL_TTL_SECS`); 168 × the floor when that is
 * lower (`slashApprovalPeriodSecs`).
 */
export const SLASH_PROPOSAL_TTL_SECS = 7 * 86_400;

/** How long a proposal may collect approvals on a network with this unbonding floor (state.rs `Network::slash_approval_period_secs`). */
export function slashApprovalPeriodSecs(unbondingFloorSecs: number): number {
  return Math.min(SLASH_PROPOSAL_TTL_SECS, unbondingFloorSecs * (SLASH_PROPOSAL_TTL_SECS / MIN_UNBONDING_SECS));
}

type Amount = BN | number | bigint;
const bn = (n: Amount): BN => new BN(n.toString());

export interface NetworkParams {
  stakePerDevice: Amount;
  minOperatorStake: Amount;
  unbondingSecs: Amount;
  slashDisputeWindowSecs: Amount;
  maxSlashBps: number;
  slashDestination: SlashDestination;
}

export interface InitializeNetworkArgs extends NetworkParams {
  payer: PublicKey;
  authority: PublicKey;
  mint: PublicKey;
  treasury: PublicKey;
  epochLengthSecs: Amount;
  oracleThreshold: number;
  oracles: PublicKey[];
}

export function initializeNetworkIx(program: NetworkProgram, a: InitializeNetworkArgs): Promise<TransactionInstruction> {
  const network = networkPda(a.mint, a.authority);
  return program.methods
    .initializeNetwork(bn(a.epochLengthSecs), bn(a.stakePerDevice), bn(a.minOperatorStake), bn(a.unbondingSecs), bn(a.slashDisputeWindowSecs), a.maxSlashBps, enumValue(a.slashDestination), a.oracleThreshold, a.oracles)
    .accountsPartial({
      payer: a.payer, authority: a.authority, network, mint: a.mint, stakeVault: stakeVaultPda(network),
      treasury: a.treasury, tokenProgram: TOKEN_PROGRAM_ID, systemProgram: SystemProgram.programId,
    })
    .instruction();
}

export interface GovernanceArgs {
  authority: PublicKey;
  network: PublicKey;
}

export function updateParamsIx(program: NetworkProgram, a: GovernanceArgs & NetworkParams): Promise<TransactionInstruction> {
  return program.methods
    .updateParams(bn(a.stakePerDevice), bn(a.minOperatorStake), bn(a.unbondingSecs), bn(a.slashDisputeWindowSecs), a.maxSlashBps, enumValue(a.slashDestination))
    .accountsPartial({ authority: a.authority, network: a.network })
    .instruction();
}

export function setOraclesIx(program: NetworkProgram, a: GovernanceArgs & { oracles: PublicKey[]; threshold: number }): Promise<TransactionInstruction> {
  return program.methods.setOracles(a.oracles, a.threshold).accountsPartial({ authority: a.authority, network: a.network }).instruction();
}

export function setPausedIx(program: NetworkProgram, a: GovernanceArgs & { paused: number }): Promise<TransactionInstruction> {
  return program.methods.setPaused(a.paused).accountsPartial({ authority: a.authority, network: a.network }).instruction();
}

/** Queues a new treasury (a token account of the network mint) behind the governance timelock. */
export function setTreasuryIx(program: NetworkProgram, a: GovernanceArgs & { treasury: PublicKey }): Promise<TransactionInstruction> {
  return program.methods.setTreasury().accountsPartial({ authority: a.authority, network: a.network, treasury: a.treasury }).instruction();
}

/** Anyone applies the queued governance changes whose time has come. */
export function applyGovernanceIx(program: NetworkProgram, a: { network: PublicKey }): Promise<TransactionInstruction> {
  return program.methods.applyGovernance().accountsPartial({ network: a.network }).instruction();
}

/** The authority drops a queued change of `kind` (`GOVERNANCE_KIND`). */
export function cancelGovernanceIx(program: NetworkProgram, a: GovernanceArgs & { kind: GovernanceKind }): Promise<TransactionInstruction> {
  return program.methods.cancelGovernance(enumValue(a.kind)).accountsPartial({ authority: a.authority, network: a.network }).instruction();
}

/** `newAuthority` = PublicKey.default cancels a pending handover. */
export function proposeAuthorityIx(program: NetworkProgram, a: GovernanceArgs & { newAuthority: PublicKey }): Promise<TransactionInstruction> {
  return program.methods.proposeAuthority(a.newAuthority).accountsPartial({ authority: a.authority, network: a.network }).instruction();
}

export function acceptAuthorityIx(program: NetworkProgram, a: { newAuthority: PublicKey; network: PublicKey }): Promise<TransactionInstruction> {
  return program.methods.acceptAuthority().accountsPartial({ newAuthority: a.newAuthority, network: a.network }).instruction();
}

/** An operator's wallet acting on its operator account. */
export interface OperatorArgs {
  network: PublicKey;
  /** The operator's wallet (signs). */
  authority: PublicKey;
}

export function registerOperatorIx(program: NetworkProgram, a: OperatorArgs & { payer: PublicKey }): Promise<TransactionInstruction> {
  return program.methods
    .registerOperator()
    .accountsPartial({ payer: a.payer, authority: a.authority, network: a.network, operator: operatorPda(a.network, a.authority), systemProgram: SystemProgram.programId })
    .instruction();
}

export function stakeIx(program: NetworkProgram, a: OperatorArgs & { source: PublicKey; amount: Amount }): Promise<TransactionInstruction> {
  return program.methods
    .stake(bn(a.amount))
    .accountsPartial({
      authority: a.authority, network: a.network, operator: operatorPda(a.network, a.authority),
      source: a.source, stakeVault: stakeVaultPda(a.network), tokenProgram: TOKEN_PROGRAM_ID,
    })
    .instruction();
}

export function requestUnstakeIx(program: NetworkProgram, a: OperatorArgs & { amount: Amount }): Promise<TransactionInstruction> {
  return program.methods
    .requestUnstake(bn(a.amount))
    .accountsPartial({ authority: a.authority, network: a.network, operator: operatorPda(a.network, a.authority) })
    .instruction();
}

export function withdrawUnstakedIx(program: NetworkProgram, a: OperatorArgs & { destination: PublicKey }): Promise<TransactionInstruction> {
  return program.methods
    .withdrawUnstaked()
    .accountsPartial({
      authority: a.authority, network: a.network, operator: operatorPda(a.network, a.authority),
      stakeVault: stakeVaultPda(a.network), destination: a.destination, tokenProgram: TOKEN_PROGRAM_ID,
    })
    .instruction();
}

/**
 * Who pays a fee in credits: `owner` signs and its data-credit account (default: its associated
 * Token-2022 account of `dcMint`) is burned from, through the credits program.
 */
export interface FeePayment {
  owner: PublicKey;
  /** The network's data-credit mint (`CreditsConfig.dcMint`). */
  dcMint: PublicKey;
  dcAccount?: PublicKey;
}

/**
 * The fee accounts every fee-charging instruction lists last: the fee schedule (always passed;
 * the program reads it once the network has one) and, with `fee`, the payer and credits
 * accounts (the network program's id, Anchor's "none", without).
 */
export function feeAccounts(network: PublicKey, fee?: FeePayment, withSchedule = true) {
  const none = NETWORK_PROGRAM_ID;
  return {
    feeSchedule: withSchedule || fee ? feeSchedulePda(network) : none,
    feePayer: fee?.owner ?? none,
    feeDcAccount: fee ? (fee.dcAccount ?? getAssociatedTokenAddressSync(fee.dcMint, fee.owner, true, TOKEN_2022_PROGRAM_ID)) : none,
    creditsConfig: fee ? creditsConfigPda(network) : none,
    dcMint: fee?.dcMint ?? none,
    tallyRing: fee ? tallyRingPda(network) : none,
    creditsProgram: fee ? CREDITS_PROGRAM_ID : none,
    dcTokenProgram: fee ? TOKEN_2022_PROGRAM_ID : none,
  };
}

/**
 * Drops the trailing optional accounts left as "none" (the program id): the program reads an
 * absent account as none, and each account passed costs compute and transaction bytes.
 */
function trimmed(ix: TransactionInstruction, required: number): TransactionInstruction {
  let n = ix.keys.length;
  while (n > required && ix.keys[n - 1].pubkey.equals(ix.programId)) n--;
  ix.keys = ix.keys.slice(0, n);
  return ix;
}

export interface RegisterDeviceArgs extends OperatorArgs {
  payer: PublicKey;
  /** The device's own key (signs: proof of possession). */
  deviceKey: PublicKey;
  kind: number;
  /** Location cell, e.g. an H3 index. */
  location: Amount;
  metadataHash: Uint8Array | number[];
  /** The co-signing maker's key (networks that require makers). */
  maker?: PublicKey;
  /**
   * The maker attested the device offline instead of co-signing: `maker_key` is left none and the
   * Instructions sysvar is passed; the transaction must carry the attestation's Ed25519SigVerify
   * instruction (`attestationInstruction`) immediately before this one.
   */
  makerAttested?: boolean;
  /** Who pays the kind's onboarding fee (networks that price the kind). */
  fee?: FeePayment;
  /** Pass the fee schedule (needed once the network has one; default true). */
  feeSchedule?: boolean;
}

export function registerDeviceIx(program: NetworkProgram, a: RegisterDeviceArgs): Promise<TransactionInstruction> {
  if (a.metadataHash.length !== 32) throw new Error("metadataHash must be 32 bytes");
  const none = NETWORK_PROGRAM_ID;
  return program.methods
    .registerDevice(a.kind, bn(a.location), Array.from(a.metadataHash))
    .accountsPartial({
      payer: a.payer, authority: a.authority, network: a.network, operator: operatorPda(a.network, a.authority),
      device: devicePda(a.network, a.deviceKey), deviceKey: a.deviceKey, systemProgram: SystemProgram.programId,
      makerKey: a.maker && !a.makerAttested ? a.maker : none, maker: a.maker ? makerPda(a.network, a.maker) : none, makerOperator: a.maker ? operatorPda(a.network, a.maker) : none,
      ...feeAccounts(a.network, a.fee, a.feeSchedule ?? true),
      instructionsSysvar: a.maker && a.makerAttested ? SYSVAR_INSTRUCTIONS_PUBKEY : none,
    })
    .instruction()
    .then((ix) => trimmed(ix, 7));
}

/** `assert_location`: moves an active device to `location`, paying the location fee with `fee`. */
export function assertLocationIx(program: NetworkProgram, a: OperatorArgs & { deviceKey: PublicKey; location: Amount; fee?: FeePayment; feeSchedule?: boolean }): Promise<TransactionInstruction> {
  return program.methods
    .assertLocation(bn(a.location))
    .accountsPartial({
      authority: a.authority, network: a.network, operator: operatorPda(a.network, a.authority), device: devicePda(a.network, a.deviceKey),
      ...feeAccounts(a.network, a.fee, a.feeSchedule ?? true),
    })
    .instruction()
    .then((ix) => trimmed(ix, 4));
}

/** `reactivate_device`: the device key signs again; the onboarding fee is paid with `fee`. */
export function reactivateDeviceIx(program: NetworkProgram, a: OperatorArgs & { deviceKey: PublicKey; fee?: FeePayment; feeSchedule?: boolean }): Promise<TransactionInstruction> {
  return program.methods
    .reactivateDevice()
    .accountsPartial({
      authority: a.authority, network: a.network, operator: operatorPda(a.network, a.authority), device: devicePda(a.network, a.deviceKey),
      deviceKey: a.deviceKey, ...feeAccounts(a.network, a.fee, a.feeSchedule ?? true),
    })
    .instruction()
    .then((ix) => trimmed(ix, 5));
}

/** Device kinds a maker may list, at most (state.rs `MAX_MAKER_KINDS`). */
export const MAX_MAKER_KINDS = 8;
/** Device kinds a fee schedule prices, at most (state.rs `MAX_FEE_KINDS`). */
export const MAX_FEE_KINDS = 16;

export function setMakersRequiredIx(program: NetworkProgram, a: GovernanceArgs & { required: boolean }): Promise<TransactionInstruction> {
  return program.methods.setMakersRequired(a.required).accountsPartial({ authority: a.authority, network: a.network }).instruction();
}

export interface ApproveMakerArgs extends GovernanceArgs {
  payer: PublicKey;
  makerKey: PublicKey;
  nameHash: Uint8Array | number[];
  /** 1 to 8 distinct device kinds. */
  kinds: number[];
  /** Active stake the maker keeps in its key's operator account beyond its own devices' stake. */
  stakeRequired: Amount;
}

export function approveMakerIx(program: NetworkProgram, a: ApproveMakerArgs): Promise<TransactionInstruction> {
  if (a.nameHash.length !== 32) throw new Error("nameHash must be 32 bytes");
  if (a.kinds.length > MAX_MAKER_KINDS) throw new Error(`a maker lists at most ${MAX_MAKER_KINDS} device kinds`);
  const kinds = [...a.kinds, ...new Array<number>(MAX_MAKER_KINDS - a.kinds.length).fill(0)];
  return program.methods
    .approveMaker(Array.from(a.nameHash), kinds, a.kinds.length, bn(a.stakeRequired))
    .accountsPartial({
      payer: a.payer, authority: a.authority, network: a.network, makerKey: a.makerKey, makerOperator: operatorPda(a.network, a.makerKey),
      maker: makerPda(a.network, a.makerKey), systemProgram: SystemProgram.programId,
    })
    .instruction();
}

export function revokeMakerIx(program: NetworkProgram, a: GovernanceArgs & { makerKey: PublicKey }): Promise<TransactionInstruction> {
  return program.methods.revokeMaker().accountsPartial({ authority: a.authority, network: a.network, maker: makerPda(a.network, a.makerKey) }).instruction();
}

export function setDeviceFeesIx(program: NetworkProgram, a: GovernanceArgs & { payer: PublicKey; kind: number; onboardingFee: Amount; locationFee: Amount }): Promise<TransactionInstruction> {
  return program.methods
    .setDeviceFees(a.kind, bn(a.onboardingFee), bn(a.locationFee))
    .accountsPartial({ payer: a.payer, authority: a.authority, network: a.network, feeSchedule: feeSchedulePda(a.network), systemProgram: SystemProgram.programId })
    .instruction();
}

export function deactivateDeviceIx(program: NetworkProgram, a: OperatorArgs & { deviceKey: PublicKey }): Promise<TransactionInstruction> {
  return program.methods
    .deactivateDevice()
    .accountsPartial({ authority: a.authority, network: a.network, operator: operatorPda(a.network, a.authority), device: devicePda(a.network, a.deviceKey) })
    .instruction();
}

/** Both wallets sign: the current operator's (`authority`) and the receiver's (`newAuthority`). */
export function transferDeviceIx(program: NetworkProgram, a: OperatorArgs & { newAuthority: PublicKey; deviceKey: PublicKey }): Promise<TransactionInstruction> {
  return program.methods
    .transferDevice()
    .accountsPartial({
      authority: a.authority, newAuthority: a.newAuthority, network: a.network,
      fromOperator: operatorPda(a.network, a.authority), toOperator: operatorPda(a.network, a.newAuthority),
      device: devicePda(a.network, a.deviceKey),
    })
    .instruction();
}

/** A slash proposal: the operator account it targets and its evidence hash (its address's seeds). */
export interface SlashRef {
  network: PublicKey;
  /** The operator account the proposal targets (not its wallet). */
  operator: PublicKey;
  evidenceHash: Uint8Array | number[];
}

const proposalOf = (a: SlashRef) => slashProposalPda(a.network, a.operator, a.evidenceHash);

export interface ProposeSlashArgs extends SlashRef {
  payer: PublicKey;
  oracle: PublicKey;
  amount: Amount;
  reason: number;
}

export function proposeSlashIx(program: NetworkProgram, a: ProposeSlashArgs): Promise<TransactionInstruction> {
  if (a.evidenceHash.length !== 32) throw new Error("evidenceHash must be 32 bytes");
  return program.methods
    .proposeSlash(bn(a.amount), a.reason, Array.from(a.evidenceHash))
    .accountsPartial({
      payer: a.payer, oracle: a.oracle, network: a.network, operator: a.operator,
      slashProposal: proposalOf(a), systemProgram: SystemProgram.programId,
    })
    .instruction();
}

export function approveSlashIx(program: NetworkProgram, a: SlashRef & { oracle: PublicKey }): Promise<TransactionInstruction> {
  return program.methods
    .approveSlash()
    .accountsPartial({ oracle: a.oracle, network: a.network, operator: a.operator, slashProposal: proposalOf(a) })
    .instruction();
}

export function vetoSlashIx(program: NetworkProgram, a: SlashRef & { authority: PublicKey }): Promise<TransactionInstruction> {
  return program.methods
    .vetoSlash()
    .accountsPartial({ authority: a.authority, network: a.network, operator: a.operator, slashProposal: proposalOf(a) })
    .instruction();
}

/** `authority` is the slashed operator's wallet. */
export function disputeSlashIx(program: NetworkProgram, a: SlashRef & { authority: PublicKey }): Promise<TransactionInstruction> {
  return program.methods
    .disputeSlash()
    .accountsPartial({ authority: a.authority, network: a.network, operator: a.operator, slashProposal: proposalOf(a) })
    .instruction();
}

/** Anyone may execute; `mint` and `treasury` are the network's. */
export function executeSlashIx(program: NetworkProgram, a: SlashRef & { mint: PublicKey; treasury: PublicKey }): Promise<TransactionInstruction> {
  return program.methods
    .executeSlash()
    .accountsPartial({
      network: a.network, operator: a.operator, slashProposal: proposalOf(a),
      stakeVault: stakeVaultPda(a.network), treasury: a.treasury, mint: a.mint, tokenProgram: TOKEN_PROGRAM_ID,
    })
    .instruction();
}

/**
 * Anyone re-evaluates a proposal against the current oracle set (releases or takes its hold on
 * the operator's unbonding stake) or closes an expired pending or a vetoed one; `payer` is the
 * proposal's payer (it gets the rent back).
 */
export function refreshSlashIx(program: NetworkProgram, a: SlashRef & { payer: PublicKey }): Promise<TransactionInstruction> {
  return program.methods
    .refreshSlash()
    .accountsPartial({ network: a.network, operator: a.operator, slashProposal: proposalOf(a), payer: a.payer })
    .instruction();
}

export function unjailOperatorIx(program: NetworkProgram, a: GovernanceArgs & { operator: PublicKey }): Promise<TransactionInstruction> {
  return program.methods.unjailOperator().accountsPartial({ authority: a.authority, network: a.network, operator: a.operator }).instruction();
}
