// Typed fetchers of rewards accounts.
import { PublicKey } from "@solana/web3.js";
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
