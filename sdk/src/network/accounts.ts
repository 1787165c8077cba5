// Typed reads of network-program accounts.
import { IdlAccounts, utils } from "@coral-xyz/anchor";
import { PublicKey } from "@solana/web3.js";
import BN from "bn.js";
import { GroundworkNetwork } from "../idl/groundwork_network";
import { NetworkProgram } from "./program";
import { devicePda, operatorPda, slashProposalPda } from "./pda";
import { chainUnixTime } from "../rewards/accounts";
import { slashApprovalPeriodSecs, slashDestinationOf, slashStatusOf } from "./instructions";
import type { SlashDestination } from "./instructions";

export type NetworkAccount = IdlAccounts<GroundworkNetwork>["network"];
export type OperatorAccount = IdlAccounts<GroundworkNetwork>["operator"];
export type DeviceAccount = IdlAccounts<GroundworkNetwork>["device"];
export type SlashProposalAccount = IdlAccounts<GroundworkNetwork>["slashProposal"];

export interface Keyed<T> {
  publicKey: PublicKey;
  account: T;
}

// Byte offsets (after the 8-byte discriminator) used by memcmp filters; see state.rs.
const DEVICE_NETWORK_OFFSET = 8;
const DEVICE_OPERATOR_OFFSET = 8 + 32;
const OPERATOR_NETWORK_OFFSET = 8;
const SLASH_NETWORK_OFFSET = 8;
const SLASH_OPERATOR_OFFSET = 8 + 32;
// network, operator, proposer, evidence_hash, approvers[16], payer: then `id` (u64 LE).
const SLASH_ID_OFFSET = 8 + 4 * 32 + 16 * 32 + 32;

export function fetchNetwork(program: NetworkProgram, network: PublicKey): Promise<NetworkAccount> {
  return program.account.network.fetch(network);
}

/** The operator of `wallet` in `network`, or null when not registered. */
export function fetchOperator(program: NetworkProgram, network: PublicKey, wallet: PublicKey): Promise<OperatorAccount | null> {
  return program.account.operator.fetchNullable(operatorPda(network, wallet));
}

export function fetchDevice(program: NetworkProgram, network: PublicKey, deviceKey: PublicKey): Promise<DeviceAccount | null> {
  return program.account.device.fetchNullable(devicePda(network, deviceKey));
}

/** The proposal against operator account `operator` on evidence `evidenceHash`, or null. */
export function fetchSlashProposal(program: NetworkProgram, network: PublicKey, operator: PublicKey, evidenceHash: Uint8Array | number[]): Promise<SlashProposalAccount | null> {
  return program.account.slashProposal.fetchNullable(slashProposalPda(network, operator, evidenceHash));
}

/** The proposal with sequence number `id` (`network.slashProposalCount` when it was made), or null. */
export async function findSlashProposalById(program: NetworkProgram, network: PublicKey, id: BN | number | bigint): Promise<Keyed<SlashProposalAccount> | null> {
  const found = await program.account.slashProposal.all([
    { memcmp: { offset: SLASH_NETWORK_OFFSET, bytes: network.toBase58() } },
    { memcmp: { offset: SLASH_ID_OFFSET, bytes: utils.bytes.bs58.encode(new BN(id.toString()).toArrayLike(Buffer, "le", 8)) } },
  ]);
  return found[0] ?? null;
}

/** A queued governance change and when anyone may apply it (`apply_governance`). */
export interface Queued<T> {
  value: T;
  /** Unix time from which it may be applied. */
  eta: number;
  /** Whether `eta` has passed at the `now` given. */
  due: boolean;
}

export interface PendingGovernance {
  params: Queued<{ stakePerDevice: BN; minOperatorStake: BN; unbondingSecs: BN; slashDisputeWindowSecs: BN; maxSlashBps: number; slashDestination: SlashDestination }> | null;
  oracles: Queued<{ oracles: PublicKey[]; threshold: number }> | null;
  treasury: Queued<PublicKey> | null;
}

/** The network's queued governance changes (from its account), judged due at `now` (unix seconds). */
export function pendingGovernance(n: NetworkAccount, now: number): PendingGovernance {
  const at = (eta: BN) => ({ eta: eta.toNumber(), due: eta.toNumber() !== 0 && now >= eta.toNumber() });
  return {
    params: n.pendingParamsEta.isZero() ? null : {
      value: {
        stakePerDevice: n.pendingStakePerDevice, minOperatorStake: n.pendingMinOperatorStake, unbondingSecs: n.pendingUnbondingSecs,
        slashDisputeWindowSecs: n.pendingSlashDisputeWindowSecs, maxSlashBps: n.pendingMaxSlashBps, slashDestination: slashDestinationOf(n.pendingSlashDestination),
      },
      ...at(n.pendingParamsEta),
    },
    oracles: n.pendingOraclesEta.isZero() ? null : {
      value: { oracles: n.pendingOracles.slice(0, n.pendingOracleCount), threshold: n.pendingOracleThreshold },
      ...at(n.pendingOraclesEta),
    },
    treasury: n.pendingTreasuryEta.isZero() ? null : { value: n.pendingTreasury, ...at(n.pendingTreasuryEta) },
  };
}

/** Fetches the network and returns its queued governance changes, judged at the cluster's clock. */
export async function fetchPendingGovernance(program: NetworkProgram, network: PublicKey): Promise<PendingGovernance> {
  const [n, now] = await Promise.all([fetchNetwork(program, network), chainUnixTime(program.provider.connection)]);
  return pendingGovernance(n, now);
}

/** What a slash proposal can do now, computed as the program does (state.rs `quorum_at`). */
export interface SlashState {
  /** When the current oracles' approvals reached the current threshold (within the approval period), or null. */
  quorumAt: number | null;
  /** When anyone may execute it (the dispute window after `quorumAt`), or null. */
  executableAt: number | null;
  /** Open (neither executed nor vetoed), without a current quorum, and past its approval period. */
  expired: boolean;
  /** The authority may still veto and the operator dispute: open and not yet executable. */
  vetoable: boolean;
}

export function slashState(p: SlashProposalAccount, n: NetworkAccount, now: number, ttlSecs = slashApprovalPeriodSecs(n.unbondingFloorSecs)): SlashState {
  const status = slashStatusOf(p.status);
  const open = status === "pending" || status === "approved";
  const oracles = n.oracles.slice(0, n.oracleCount).map((k) => k.toBase58());
  let quorumAt: number | null = null;
  let valid = 0;
  for (let i = 0; i < p.approvalCount && n.oracleThreshold > 0; i++) {
    if (!oracles.includes(p.approvers[i].toBase58())) continue;
    if (++valid === n.oracleThreshold) {
      const cast = p.createdAt.toNumber() + p.approvalOffsets[i];
      const at = Math.max(cast, n.quorumWeakenedAt.toNumber());
      const expiresAt = p.createdAt.toNumber() + ttlSecs;
      // Approvals cast after the approval period do not count; a quorum recorded as approved
      // survives a later queued oracle change that restarts its clock past the period.
      quorumAt = cast < expiresAt && (at < expiresAt || status === "approved") ? at : null;
      break;
    }
  }
  const window = Math.max(p.disputeWindowSecs.toNumber(), n.slashDisputeWindowSecs.toNumber());
  const executableAt = quorumAt === null ? null : quorumAt + window;
  return {
    quorumAt,
    executableAt,
    expired: open && quorumAt === null && now >= p.createdAt.toNumber() + ttlSecs,
    vetoable: open && (executableAt === null || now < executableAt),
  };
}

/** Devices run by an operator account (active and inactive). */
export async function listOperatorDevices(program: NetworkProgram, network: PublicKey, operator: PublicKey): Promise<Keyed<DeviceAccount>[]> {
  return program.account.device.all([
    { memcmp: { offset: DEVICE_NETWORK_OFFSET, bytes: network.toBase58() } },
    { memcmp: { offset: DEVICE_OPERATOR_OFFSET, bytes: operator.toBase58() } },
  ]);
}

export function listOperators(program: NetworkProgram, network: PublicKey): Promise<Keyed<OperatorAccount>[]> {
  return program.account.operator.all([{ memcmp: { offset: OPERATOR_NETWORK_OFFSET, bytes: network.toBase58() } }]);
}

/** Slash proposals of a network, optionally only those against one operator account. */
export function listSlashProposals(program: NetworkProgram, network: PublicKey, operator?: PublicKey): Promise<Keyed<SlashProposalAccount>[]> {
  const filters = [{ memcmp: { offset: SLASH_NETWORK_OFFSET, bytes: network.toBase58() } }];
  if (operator) filters.push({ memcmp: { offset: SLASH_OPERATOR_OFFSET, bytes: operator.toBase58() } });
  return program.account.slashProposal.all(filters);
}
