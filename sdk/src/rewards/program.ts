// Anchor `Program` client of the rewards program, typed by its IDL.
import { Program, Provider } from "@coral-xyz/anchor";
import { GroundworkRewards, GroundworkRewardsIdl } from "../idl/groundwork_rewards";

export type RewardsProgram = Program<GroundworkRewards>;

export function rewardsProgram(provider: Provider): RewardsProgram {
  return new Program<GroundworkRewards>(GroundworkRewardsIdl as unknown as GroundworkRewards, provider);
}
