// Parsing and validating command-line values, before anything is sent.
import type { PublicKey } from "@solana/web3.js";
import type { SentTransaction } from "../tx";
import type { Row } from "./output";

/** web3.js, loaded on first use (it is heavy and `--help` does not need it). */
function web3(): typeof import("@solana/web3.js") {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("@solana/web3.js") as typeof import("@solana/web3.js");
}

export function key(s: string, what = "key"): PublicKey {
  const { PublicKey } = web3();
  try {
    return new PublicKey(s);
  } catch {
    throw new Error(`${what} is not a base58 public key: ${s}`);
  }
}

export function amount(s: string): bigint {
  if (!/^\d+$/.test(s)) throw new Error(`amount must be a whole number of base units: ${s}`);
  return BigInt(s);
}

export function hex32(s: string, what: string): Buffer {
  const b = Buffer.from(s.replace(/^0x/, ""), "hex");
  if (b.length !== 32) throw new Error(`${what} must be 32 bytes of hex`);
  return b;
}

export const txRow = (t: SentTransaction): Row => ({ signature: t.signature, computeUnits: t.computeUnits });
