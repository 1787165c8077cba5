// PDAs of the credits program. Seeds mirror programs/credits/src/state.rs `seeds`.
import { PublicKey } from "@solana/web3.js";
import { CREDITS_PROGRAM_ID } from "../ids";
import { seed, find } from "../pdaSeeds";

/** `["credits", network]`: config, DC mint authority and token-level delegate for spending. */
export const creditsConfigPda = (network: PublicKey) => find([seed("credits"), network.toBuffer()], CREDITS_PROGRAM_ID);
/** `["tally", network]`: the network's ring of the last 16 epochs' burns and spends (read by rewards). */
export const tallyRingPda = (network: PublicKey) => find([seed("tally"), network.toBuffer()], CREDITS_PROGRAM_ID);
/** `["delegation", holder DC account, delegate]` */
export const delegationPda = (dcAccount: PublicKey, delegate: PublicKey) =>
  find([seed("delegation"), dcAccount.toBuffer(), delegate.toBuffer()], CREDITS_PROGRAM_ID);
