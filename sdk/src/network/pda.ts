// PDAs of the network program. Seeds mirror programs/network/src/state.rs `seeds`.
import { PublicKey } from "@solana/web3.js";
import { NETWORK_PROGRAM_ID } from "../ids";

import { seed, find } from "../pdaSeeds";

/** A network is keyed by its token mint and its creator (the authority that created it). */
export const networkPda = (mint: PublicKey, creator: PublicKey) => find([seed("network"), mint.toBuffer(), creator.toBuffer()], NETWORK_PROGRAM_ID);
export const stakeVaultPda = (network: PublicKey) => find([seed("stake_vault"), network.toBuffer()], NETWORK_PROGRAM_ID);
export const operatorPda = (network: PublicKey, authority: PublicKey) =>
  find([seed("operator"), network.toBuffer(), authority.toBuffer()], NETWORK_PROGRAM_ID);
export const devicePda = (network: PublicKey, deviceKey: PublicKey) =>
  find([seed("device"), network.toBuffer(), deviceKey.toBuffer()], NETWORK_PROGRAM_ID);
/**
 * A slash proposal is keyed by its evidence: one proposal per (operator account, evidence hash),
 * so the same evidence is never slashed twice.
 */
export const slashProposalPda = (network: PublicKey, operator: PublicKey, evidenceHash: Uint8Array | number[]) => {
  if (evidenceHash.length !== 32) throw new Error("evidenceHash must be 32 bytes");
  return find([seed("slash"), network.toBuffer(), operator.toBuffer(), Buffer.from(Uint8Array.from(evidenceHash))], NETWORK_PROGRAM_ID);
};

/** `["maker", network, maker_key]`: a device maker the authority approved. */
export const makerPda = (network: PublicKey, makerKey: PublicKey) => find([seed("maker"), network.toBuffer(), makerKey.toBuffer()], NETWORK_PROGRAM_ID);
/** `["fee_schedule", network]`: onboarding and location fees per device kind, in credits. */
export const feeSchedulePda = (network: PublicKey) => find([seed("fee_schedule"), network.toBuffer()], NETWORK_PROGRAM_ID);
