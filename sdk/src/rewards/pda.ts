// PDAs of the rewards program. Seeds mirror programs/rewards/src/state.rs `seeds`.
import { PublicKey } from "@solana/web3.js";
import BN from "bn.js";
import { REWARDS_PROGRAM_ID } from "../ids";
import { seed, u64Seed, find } from "../pdaSeeds";

export const rewardsConfigPda = (network: PublicKey) => find([seed("rewards"), network.toBuffer()], REWARDS_PROGRAM_ID);
export const rewardsVaultPda = (network: PublicKey) => find([seed("rewards_vault"), network.toBuffer()], REWARDS_PROGRAM_ID);
export const epochVotesPda = (network: PublicKey, epoch: BN | number | bigint) =>
  find([seed("epoch"), network.toBuffer(), u64Seed(epoch)], REWARDS_PROGRAM_ID);
/** `operator` is the operator's wallet: the key in its merkle leaf. */
export const claimStatusPda = (network: PublicKey, operator: PublicKey) =>
  find([seed("claim"), network.toBuffer(), operator.toBuffer()], REWARDS_PROGRAM_ID);
/** Where `operator`'s rewards go when it set a destination or split (`set_reward_split`). */
export const rewardSplitPda = (network: PublicKey, operator: PublicKey) =>
  find([seed("split"), network.toBuffer(), operator.toBuffer()], REWARDS_PROGRAM_ID);
/** The credits program's tally ring of a network (read by the rewards program for net emissions). */
export { tallyRingPda as creditsTallyRingPda } from "../credits/pda";
