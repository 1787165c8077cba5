// Public keys of reports without repeated base58 and bignum work: at ingest every report names its
// network and device in base58, and each was decoded (bs58 + BN), re-encoded for lookups and turned
// back into bytes for the signed message — a large share of a node's per-report CPU. A device
// reports many times, so the decoded key, its bytes and its base58 form are kept (bounded; the
// whole map is dropped when full, which costs one decode per key).
import { PublicKey } from "@solana/web3.js";

const LIMIT = 200_000;
let decoded = new Map<string, PublicKey>();
const bytesOf = new WeakMap<PublicKey, Buffer>();
const base58Of = new WeakMap<PublicKey, string>();

/** The key a base58 string names (throws as `new PublicKey` does on anything but 32 bytes). */
export function keyFromBase58(text: string): PublicKey {
  let key = decoded.get(text);
  if (key) return key;
  key = new PublicKey(text);
  // Only the canonical spelling is remembered (base58 of 32 bytes has one), so base58(key) === text.
  const canonical = key.toBase58();
  base58Of.set(key, canonical);
  if (canonical === text) {
    if (decoded.size >= LIMIT) decoded = new Map();
    decoded.set(text, key);
  }
  return key;
}

/** A key's 32 bytes (computed once per key object). Callers must not modify them. */
export function keyBytes(key: PublicKey): Buffer {
  let b = bytesOf.get(key);
  if (!b) bytesOf.set(key, (b = key.toBuffer()));
  return b;
}

/** A key's base58 form (computed once per key object). */
export function keyBase58(key: PublicKey): string {
  let s = base58Of.get(key);
  if (s === undefined) base58Of.set(key, (s = key.toBase58()));
  return s;
}
