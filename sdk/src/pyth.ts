// Encoding of a Pyth pull-oracle `PriceUpdateV2` account (owner: the Pyth receiver program), for
// tests and demos that write price accounts into the embedded SVM. Borsh layout, with the
// verification level a variable-length enum (Full = tag 1, Partial = tag 0 + num_signatures),
// in a 134-byte account as the receiver allocates it.
import { createHash } from "crypto";
import { PublicKey } from "@solana/web3.js";
import BN from "bn.js";

export const PYTH_RECEIVER_PROGRAM_ID = new PublicKey("rec5EKMGg6MxZYaMdyBfgwp4d5rB9T1VQH5pJv5LtFJ");
export const PRICE_UPDATE_V2_LEN = 134;
export const PRICE_UPDATE_V2_DISCRIMINATOR = createHash("sha256").update("account:PriceUpdateV2").digest().subarray(0, 8);

export interface PriceUpdate {
  writeAuthority?: PublicKey;
  /** "full", or a partial verification with this many guardian signatures. */
  verification: "full" | { partial: number };
  feedId: Uint8Array | number[];
  price: BN | bigint | number;
  conf: BN | bigint | number;
  exponent: number;
  publishTime: number;
  prevPublishTime?: number;
  emaPrice?: BN | bigint | number;
  emaConf?: BN | bigint | number;
  postedSlot?: number;
}

const big = (v: BN | bigint | number) => BigInt(v.toString());

export function encodePriceUpdateV2(u: PriceUpdate): Buffer {
  const b = Buffer.alloc(PRICE_UPDATE_V2_LEN);
  PRICE_UPDATE_V2_DISCRIMINATOR.copy(b, 0);
  (u.writeAuthority ?? PublicKey.default).toBuffer().copy(b, 8);
  let o = 40;
  if (u.verification === "full") {
    b.writeUInt8(1, o++);
  } else {
    b.writeUInt8(0, o++);
    b.writeUInt8(u.verification.partial, o++);
  }
  if (u.feedId.length !== 32) throw new Error("feed id must be 32 bytes");
  Buffer.from(u.feedId).copy(b, o);
  o += 32;
  b.writeBigInt64LE(big(u.price), o); o += 8;
  b.writeBigUInt64LE(big(u.conf), o); o += 8;
  b.writeInt32LE(u.exponent, o); o += 4;
  b.writeBigInt64LE(BigInt(u.publishTime), o); o += 8;
  b.writeBigInt64LE(BigInt(u.prevPublishTime ?? u.publishTime - 1), o); o += 8;
  b.writeBigInt64LE(big(u.emaPrice ?? u.price), o); o += 8;
  b.writeBigUInt64LE(big(u.emaConf ?? u.conf), o); o += 8;
  b.writeBigUInt64LE(BigInt(u.postedSlot ?? 0), o);
  return b;
}
