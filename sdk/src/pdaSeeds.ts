// Seed encoders shared by the PDA helpers of each program.
import { PublicKey } from "@solana/web3.js";
import BN from "bn.js";

export const seed = (s: string): Buffer => Buffer.from(s);
/** A u64 seed, little-endian, as the programs write it. */
export const u64Seed = (n: BN | number | bigint): Buffer => new BN(n.toString()).toArrayLike(Buffer, "le", 8);
export const find = (seeds: Buffer[], program: PublicKey): PublicKey => PublicKey.findProgramAddressSync(seeds, program)[0];
