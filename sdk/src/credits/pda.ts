// PDAs of the credits program. Seeds mirror programs/credits/src/state.rs `seeds`.
import { PublicKey } from "@solana/web3.js";
import BN from "bn.js";
import { CREDITS_PROGRAM_ID } from "../ids";
import { seed, u64Seed, find } from "../pdaSeeds";

/** `["credits", network]`: config, DC mint authority and token-level delegate for spending. */
export const creditsConfigPda = (network: PublicKey) => find([seed("credits"), network.toBuffer()], CREDITS_PROGRAM_ID);
/** `["tally", network, epoch u64 LE]`: burns and spends of one epoch (read by rewards). */
export const tallyPda = (network: PublicKey, epoch: BN | number | bigint) =>
  find([seed("tally"), network.toBuffer(), u64Seed(epoch)], CREDITS_PROGRAM_ID);
/** `["delegation", holder DC account, delegate]` */
export const delegationPda = (dcAccount: PublicKey, delegate: PublicKey) =>
  find([seed("delegation"), dcAccount.toBuffer(), delegate.toBuffer()], CREDITS_PROGRAM_ID);
