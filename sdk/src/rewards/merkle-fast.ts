// The epoch tree at oracle scale: the same tree as `buildTree` (merkle.ts, the reference), built
// by the native addon (native/merkle: one call hashes every leaf and level, SHA-NI when present)
// and read back without per-node JavaScript work. Proofs come one at a time (`proof`, views like
// the reference's) or many at once (`proofChunk`, one native call writing count × depth × 32
// bytes), which is what an archive or a proofs API that serves every operator needs.
// Without the addon (`scripts/build-native.sh` not run, or no cargo) it falls back to the
// reference builder; `merkleBackend()` says which one is in use.
import * as path from "path";
import * as fs from "fs";
import { PublicKey } from "@solana/web3.js";
import { leafHash, nodeHash, RewardLeaf, RewardTree } from "./merkle";

interface NativeMerkle {
  build(network: Buffer, records: Buffer, n: number, tree: Buffer): void;
  proofs(tree: Buffer, n: number, first: number, count: number, out: Buffer, lens: Buffer): void;
}

/** Bytes per packed leaf: operator (32) ‖ cumulative amount u64 LE (8). */
export const LEAF_RECORD_BYTES = 40;
const U64_MAX = 0xffffffffffffffffn;

let loaded: NativeMerkle | null | undefined;

/** Where the addon is looked for: $GROUNDWORK_MERKLE_NATIVE, else target/native in the repository. */
export function nativeMerklePath(): string {
  return process.env.GROUNDWORK_MERKLE_NATIVE ?? path.join(__dirname, "..", "..", "..", "target", "native", "groundwork_merkle.node");
}

function native(): NativeMerkle | null {
  if (loaded !== undefined) return loaded;
  const file = nativeMerklePath();
  loaded = null;
  if (process.env.GROUNDWORK_MERKLE_BACKEND !== "typescript" && fs.existsSync(file)) {
    const m: unknown = require(file);
    const candidate = m as Partial<NativeMerkle>;
    if (typeof candidate.build === "function" && typeof candidate.proofs === "function") loaded = candidate as NativeMerkle;
  }
  return loaded;
}

/** "native" when the addon is loaded, "typescript" when trees are built by the reference builder. */
export function merkleBackend(): "native" | "typescript" {
  return native() ? "native" : "typescript";
}

/** Hashes per level for `n` leaves: n, ceil(n/2), …, 1 (the layout both builders use). */
export function levelSizes(n: number): number[] {
  const sizes = [n];
  for (let c = n; c > 1; ) {
    c = Math.ceil(c / 2);
    sizes.push(c);
  }
  return sizes;
}

/** Leaves packed for the addon: operator ‖ amount u64 LE, 40 bytes each. */
export function packLeaves(leaves: RewardLeaf[]): Buffer {
  const out = Buffer.allocUnsafe(leaves.length * LEAF_RECORD_BYTES);
  for (let i = 0; i < leaves.length; i++) {
    const l = leaves[i];
    if (l.amount < 0n || l.amount > U64_MAX) throw new Error(`leaf ${i}: amount out of u64 range`);
    out.set(l.operator.toBytes(), i * LEAF_RECORD_BYTES);
    out.writeBigUInt64LE(l.amount, i * LEAF_RECORD_BYTES + 32);
  }
  return out;
}

/** Proofs of consecutive leaves: leaf `first + k`'s siblings are `bytes[k·stride, k·stride + 32·lengths[k])`. */
export interface ProofChunk {
  first: number;
  count: number;
  /** depth × 32: the room each proof has (lone-node levels leave some unused). */
  stride: number;
  bytes: Buffer;
  lengths: Uint8Array;
}

export interface EpochTree extends RewardTree {
  /** Every level, leaves first, 32 bytes per hash. */
  readonly levels: Buffer;
  /**
   * Proofs of leaves `[first, first + count)` in one buffer. Pass the previous chunk as `reuse`
   * to write into its buffers (when large enough) instead of allocating: walking every proof in
   * cache-sized chunks is then one native call and no allocation per chunk.
   */
  proofChunk(first: number, count: number, reuse?: ProofChunk): ProofChunk;
  /** Leaf `i`'s proof as one buffer of concatenated siblings (what the claim instruction takes). */
  proofBytes(i: number): Buffer;
}

function fromLevels(levels: Buffer, n: number, total: bigint, nat: NativeMerkle | null): EpochTree {
  const sizes = levelSizes(n);
  const offsets: number[] = [];
  let o = 0;
  for (const s of sizes) {
    offsets.push(o);
    o += s * 32;
  }
  const depth = sizes.length - 1;
  const stride = depth * 32;
  const check = (i: number) => {
    if (!Number.isInteger(i) || i < 0 || i >= n) throw new Error(`no leaf ${i}`);
  };
  const proof = (i: number): Buffer[] => {
    check(i);
    const out: Buffer[] = [];
    let idx = i;
    for (let level = 0; level < depth; level++) {
      const sib = idx ^ 1;
      if (sib < sizes[level]) out.push(levels.subarray(offsets[level] + sib * 32, offsets[level] + sib * 32 + 32));
      idx >>= 1;
    }
    return out;
  };
  const proofChunk = (first: number, count: number, reuse?: ProofChunk): ProofChunk => {
    if (!Number.isInteger(first) || !Number.isInteger(count) || first < 0 || count < 0 || first + count > n) {
      throw new Error(`proof range [${first}, ${first + count}) is outside the tree's ${n} leaves`);
    }
    const fits = reuse !== undefined && reuse.stride === stride && reuse.lengths.length >= count;
    const bytes = fits ? reuse.bytes.subarray(0, count * stride) : Buffer.allocUnsafe(count * stride);
    const lengths = fits ? reuse.lengths.subarray(0, count) : new Uint8Array(count);
    if (nat) {
      nat.proofs(levels, n, first, count, bytes, Buffer.from(lengths.buffer, lengths.byteOffset, lengths.length));
    } else {
      for (let k = 0; k < count; k++) {
        const p = proof(first + k);
        for (let j = 0; j < p.length; j++) p[j].copy(bytes, k * stride + j * 32);
        lengths[k] = p.length;
      }
    }
    return { first, count, stride, bytes, lengths };
  };
  return {
    root: Buffer.from(levels.subarray(levels.length - 32)),
    depth,
    leafCount: n,
    total,
    levels,
    leafHash: (i) => {
      check(i);
      return Buffer.from(levels.subarray(i * 32, i * 32 + 32));
    },
    proof,
    proofChunk,
    proofBytes(i: number): Buffer {
      const c = proofChunk(i, 1);
      return Buffer.from(c.bytes.subarray(0, c.lengths[0] * 32));
    },
  };
}

/**
 * The epoch tree over `leaves` (or over leaves already packed with `packLeaves`), equal to
 * `buildTree(network, leaves)` in every hash.
 */
export function buildEpochTree(network: PublicKey, leaves: RewardLeaf[] | Buffer, opts: { backend?: "native" | "typescript" } = {}): EpochTree {
  const records = Buffer.isBuffer(leaves) ? leaves : packLeaves(leaves);
  const n = records.length / LEAF_RECORD_BYTES;
  if (!Number.isInteger(n)) throw new Error(`packed leaves must be a multiple of ${LEAF_RECORD_BYTES} bytes`);
  if (n === 0) throw new Error("a reward tree needs at least one leaf");
  if (n >= 2 ** 32) throw new Error("a reward tree holds fewer than 2^32 leaves");
  let total = 0n;
  for (let o = 32; o < records.length; o += LEAF_RECORD_BYTES) total += records.readBigUInt64LE(o);
  const sizes = levelSizes(n);
  const levels = Buffer.allocUnsafe(sizes.reduce((a, b) => a + b, 0) * 32);
  const nat = opts.backend === "typescript" ? null : native();
  if (opts.backend === "native" && !nat) throw new Error(`the native merkle addon is not built (${nativeMerklePath()}): run scripts/build-native.sh`);
  if (nat) {
    nat.build(network.toBuffer(), records, n, levels);
  } else {
    // The reference's hashing, laid out in the shared level layout.
    for (let i = 0; i < n; i++) {
      const o = i * LEAF_RECORD_BYTES;
      leafHash(network, new PublicKey(records.subarray(o, o + 32)), records.readBigUInt64LE(o + 32)).copy(levels, i * 32);
    }
    let start = 0;
    for (let l = 0; l + 1 < sizes.length; l++) {
      const count = sizes[l];
      const next = start + count * 32;
      for (let i = 0; i + 1 < count; i += 2) {
        nodeHash(levels.subarray(start + i * 32, start + i * 32 + 32), levels.subarray(start + i * 32 + 32, start + i * 32 + 64)).copy(levels, next + (i / 2) * 32);
      }
      if (count % 2 === 1) levels.copy(levels, next + ((count - 1) / 2) * 32, start + (count - 1) * 32, start + count * 32);
      start = next;
    }
  }
  return fromLevels(levels, n, total, nat);
}
