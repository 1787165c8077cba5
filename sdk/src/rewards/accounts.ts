// Typed fetchers of rewards accounts.
import { Connection, PublicKey, SYSVAR_CLOCK_PUBKEY } from "@solana/web3.js";
import { IdlAccounts } from "@coral-xyz/anchor";
import { GroundworkRewards } from "../idl/groundwork_rewards";
import { RewardsProgram } from "./program";
import { claimStatusPda, epochVotesPda, rewardsConfigPda } from "./pda";
import BN from "bn.js";

export type RewardsConfigAccount = IdlAccounts<GroundworkRewards>["rewardsConfig"];
export type EpochVotesAccount = IdlAccounts<GroundworkRewards>["epochVotes"];
export type ClaimStatusAccount = IdlAccounts<GroundworkRewards>["claimStatus"];

export const fetchRewardsConfig = (program: RewardsProgram, network: PublicKey): Promise<RewardsConfigAccount> =>
  program.account.rewardsConfig.fetch(rewardsConfigPda(network));

export const fetchEpochVotes = (program: RewardsProgram, network: PublicKey, epoch: BN | number): Promise<EpochVotesAccount | null> =>
  program.account.epochVotes.fetchNullable(epochVotesPda(network, epoch));

/** What the operator has claimed so far (0 before its first claim). */
export async function fetchClaimed(program: RewardsProgram, network: PublicKey, operator: PublicKey): Promise<bigint> {
  const status = await program.account.claimStatus.fetchNullable(claimStatusPda(network, operator));
  return status ? BigInt(status.claimed.toString()) : 0n;
}

/** The parameters that decide one epoch's funding (besides the schedule and last epoch's burns). */
export interface EpochParams {
  supplyCap: bigint;
  netEmissionCap: bigint;
  operatorBps: number;
}

/**
 * The parameters governing `epoch`'s funding: the latest ones from `paramsEpoch` on, the prior
 * ones before it (an update takes effect from the epoch after the running one).
 */
export function paramsForEpoch(config: RewardsConfigAccount, epoch: number | bigint): EpochParams {
  const latest = BigInt(epoch) >= BigInt(config.paramsEpoch.toString());
  return latest
    ? { supplyCap: BigInt(config.supplyCap.toString()), netEmissionCap: BigInt(config.netEmissionCap.toString()), operatorBps: config.operatorBps }
    : { supplyCap: BigInt(config.priorSupplyCap.toString()), netEmissionCap: BigInt(config.priorNetEmissionCap.toString()), operatorBps: config.priorOperatorBps };
}

/** The root claims are proven against at `now` (unix seconds): a pending root once its delay is over, else the active one. */
export interface ClaimableRoot {
  root: Buffer;
  epoch: number;
  total: bigint;
  leafCount: number;
}

export function claimableRoot(config: RewardsConfigAccount, now: number): ClaimableRoot | null {
  if (config.hasPendingRoot !== 0 && now >= config.pendingActivatesAt.toNumber()) {
    return { root: Buffer.from(config.pendingRoot), epoch: config.pendingRootEpoch.toNumber(), total: BigInt(config.pendingRootTotal.toString()), leafCount: config.pendingLeafCount.toNumber() };
  }
  if (config.hasRoot === 0) return null;
  return { root: Buffer.from(config.currentRoot), epoch: config.currentRootEpoch.toNumber(), total: BigInt(config.currentRootTotal.toString()), leafCount: config.currentLeafCount.toNumber() };
}

/**
 * Nothing is claimable on chain yet: no epoch's root has been finalized, or the newest finalized
 * one is still in its activation delay (`pendingEpoch` activates at `activatesAt`, unix seconds).
 */
export class NoClaimableRootError extends Error {
  constructor(
    readonly network: string,
    readonly pendingEpoch: number | null = null,
    readonly activatesAt: number | null = null,
  ) {
    super(
      pendingEpoch !== null && activatesAt !== null
        ? `no epoch root of network ${network} is claimable yet: epoch ${pendingEpoch}'s root activates at ${new Date(activatesAt * 1000).toISOString()}`
        : `no epoch root of network ${network} is claimable yet: no epoch has been finalized`,
    );
    this.name = "NoClaimableRootError";
  }
}

/** A finalized root still in its activation delay (vetoable by the authority until `activatesAt`), or null. */
export function pendingRoot(config: RewardsConfigAccount, now: number): (ClaimableRoot & { activatesAt: number }) | null {
  if (config.hasPendingRoot === 0 || now >= config.pendingActivatesAt.toNumber()) return null;
  return { root: Buffer.from(config.pendingRoot), epoch: config.pendingRootEpoch.toNumber(), total: BigInt(config.pendingRootTotal.toString()), leafCount: config.pendingLeafCount.toNumber(), activatesAt: config.pendingActivatesAt.toNumber() };
}

/** Tokens in the vault reserved for operators: funded for them and not yet claimed (claims never exceed funding). */
export function reservedForOperators(config: RewardsConfigAccount): bigint {
  return BigInt(config.totalFunded.toString()) - BigInt(config.totalClaimed.toString());
}

/** The cluster's clock (unix seconds), from the Clock sysvar: what the programs compare activation times with. */
export async function chainUnixTime(connection: Connection): Promise<number> {
  const clock = await connection.getAccountInfo(SYSVAR_CLOCK_PUBKEY);
  if (!clock || clock.data.length < 40) throw new Error("the Clock sysvar could not be read");
  return Number(clock.data.readBigInt64LE(32));
}

/** What a claim is checked against, read in one RPC: the rewards config, the operator's claimed amount and the cluster's clock. */
export interface ClaimView {
  config: RewardsConfigAccount;
  /** What the operator has claimed so far (0 before its first claim). */
  claimed: bigint;
  /** The Clock sysvar's unix time. */
  now: number;
}

/**
 * The rewards config, an operator's ClaimStatus and the Clock sysvar in one `getMultipleAccounts`
 * (one round trip instead of three, and all three from the same slot).
 */
export async function readClaimView(program: RewardsProgram, network: PublicKey, operator: PublicKey): Promise<ClaimView> {
  const configKey = rewardsConfigPda(network);
  const [config, status, clock] = await program.provider.connection.getMultipleAccountsInfo([configKey, claimStatusPda(network, operator), SYSVAR_CLOCK_PUBKEY], "confirmed");
  if (!config || !config.owner.equals(program.programId)) throw new Error(`rewards config ${configKey.toBase58()} does not exist`);
  if (!clock || clock.data.length < 40) throw new Error("the Clock sysvar could not be read");
  let claimed = 0n;
  if (status) {
    if (!status.owner.equals(program.programId)) throw new Error(`claim status of ${operator.toBase58()} is not owned by the rewards program`);
    claimed = BigInt((program.coder.accounts.decode("claimStatus", status.data) as ClaimStatusAccount).claimed.toString());
  }
  return { config: program.coder.accounts.decode("rewardsConfig", config.data) as RewardsConfigAccount, claimed, now: Number(clock.data.readBigInt64LE(32)) };
}
