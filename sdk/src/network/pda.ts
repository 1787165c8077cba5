// PDAs of the network program. Seeds mirror programs/network/src/state.rs `seeds`.
import { PublicKey } from "@solana/web3.js";
import BN from "bn.js";
import { NETWORK_PROGRAM_ID } from "../ids";

import { seed, u64Seed as u64, find } from "../pdaSeeds";

/** A network is keyed by its token mint and its creator (the authority that created it). */
export const networkPda = (mint: PublicKey, creator: PublicKey) => find([seed("network"), mint.toBuffer(), creator.toBuffer()], NETWORK_PROGRAM_ID);
export const stakeVaultPda = (network: PublicKey) => find([seed("stake_vault"), network.toBuffer()], NETWORK_PROGRAM_ID);
export const operatorPda = (network: PublicKey, authority: PublicKey) =>
  find([seed("operator"), network.toBuffer(), authority.toBuffer()], NETWORK_PROGRAM_ID);
export const devicePda = (network: PublicKey, deviceKey: PublicKey) =>
  find([seed("device"), network.toBuffer(), deviceKey.toBuffer()], NETWORK_PROGRAM_ID);
export const slashProposalPda = (network: PublicKey, id: BN | number | bigint) =>
  find([seed("slash"), network.toBuffer(), u64(id)], NETWORK_PROGRAM_ID);

