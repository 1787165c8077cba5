// The seam between the node (I/O: reports from the database, chain state from the mirror, the
// archive, the vote) and the pure epoch computation (close/): the node gathers an epoch's inputs,
// hands them to an `EpochCloser`, archives what it returns and submits the root.
import { PublicKey } from "@solana/web3.js";
import { AcceptedReport } from "../../reports/types";
import { RewardsConfigAccount } from "../../rewards/accounts";
import { RewardTree } from "../../rewards/merkle";
import { DeviceInfo } from "../policies/policy";

export interface EpochCloseInput {
  network: PublicKey;
  epoch: number;
  epochStart: number;
  epochLengthSecs: number;
  /** The epoch's accepted reports (the merged set). */
  reports: AcceptedReport[];
  devices: Map<string, DeviceInfo>;
  /** Credits customers spent at each operator during the epoch (base58 operator wallet → credits). */
  paidCredits: Map<string, bigint>;
  /** Cumulative totals through the previous epoch (base58 operator wallet → amount). */
  previousTotals: Map<string, bigint>;
  /** Operators (base58 wallets) jailed during the epoch: they earn nothing for it. */
  jailedOperators: Set<string>;
  /** The rewards program's config (schedule, cap, split, funded totals) the emission mirrors. */
  rewardsConfig: RewardsConfigAccount;
}

export interface EpochCloseLeaf {
  operator: PublicKey;
  /** Cumulative amount (what the leaf commits to). */
  amount: bigint;
  /** This epoch's reward. */
  epochReward: bigint;
}

export interface EpochCloseResult {
  /** In tree order. */
  leaves: EpochCloseLeaf[];
  /** null when no operator has ever earned (nothing to commit to). */
  tree: RewardTree | null;
  epochEmission: bigint;
  epochRewarded: bigint;
  policyName: string;
  policyParamsHash: Buffer;
  reportSetDigest: Buffer;
}

/** The pure computation of an epoch close (same inputs, byte-identical result on every node). */
export interface EpochCloser {
  close(input: EpochCloseInput): EpochCloseResult;
}
