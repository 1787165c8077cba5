// Program ids of the Groundwork deployment (keys/ holds the localnet keypairs).
import { PublicKey } from "@solana/web3.js";

export const NETWORK_PROGRAM_ID = new PublicKey("9otBrbKPDQBP2eW4XDQZm5nRfLrUyk3trRYMAZJuhiVu");
export const CREDITS_PROGRAM_ID = new PublicKey("CJB7Qs6yXuR2t4nqNY42aG6awfXYWXBfUeNKQCkE4YQh");
export const REWARDS_PROGRAM_ID = new PublicKey("9FyES7kMw22Esx2rMhwq6qoaazkRWAT1iBHFQFQmhdS9");

/** Program name (as in target/deploy/<name>.so) and id, for loaders and deploy scripts. */
export const PROGRAMS = [
  { name: "groundwork_network", programId: NETWORK_PROGRAM_ID },
  { name: "groundwork_credits", programId: CREDITS_PROGRAM_ID },
  { name: "groundwork_rewards", programId: REWARDS_PROGRAM_ID },
] as const;
