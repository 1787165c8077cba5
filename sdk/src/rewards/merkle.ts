// Cumulative-reward merkle trees, hashed exactly as programs/rewards/src/merkle.rs verifies:
//   leaf = sha256(0x00 ‖ network ‖ operator ‖ amount u64 LE)
//   node = sha256(min(a, b) ‖ max(a, b))          (byte order; proofs carry no direction bits)
// Leaves (73 bytes hashed, first 0x00) and nodes (64 bytes) are domain-separated by what is
// hashed; see merkle.rs for why nodes carry no prefix byte.
// A lone last node of a level is promoted unchanged. Each level is one contiguous Buffer
// (count × 32 bytes), so a 1M-leaf tree is ~64 MB and proofs are slices of it.
import { hash } from "crypto";
import * as fs from "fs";
import { PublicKey } from "@solana/web3.js";

export interface RewardLeaf {
  /** The operator's wallet (the key its claim status and payout are tied to). */
  operator: PublicKey;
  /** Total earned since genesis, in base units. */
  amount: bigint;
}

export interface RewardTree {
  root: Buffer;
  depth: number;
  leafCount: number;
  /** Sum of all leaf amounts (the `total` oracles submit). */
  total: bigint;
  /** Sibling hashes from leaf `i` to the root. */
  proof(i: number): Buffer[];
  leafHash(i: number): Buffer;
}

const LEAF = Buffer.from([0]);

// One-shot hashing into scratch buffers: `crypto.hash` avoids a Hash object per node, which is
// most of the cost of building a million-leaf tree.
const sha256 = (data: Uint8Array): Buffer => hash("sha256", data, "buffer") as unknown as Buffer;

export function leafHash(network: PublicKey, operator: PublicKey, amount: bigint): Buffer {
  const scratch = Buffer.allocUnsafe(73);
  scratch[0] = LEAF[0];
  network.toBuffer().copy(scratch, 1);
  operator.toBuffer().copy(scratch, 33);
  scratch.writeBigUInt64LE(amount, 65);
  return sha256(scratch);
}

/** Writes min(a, b) ‖ max(a, b) into `scratch` (64 bytes) and hashes it. */
function hashPair(scratch: Buffer, src: Buffer, a: number, b: number): Buffer {
  // Buffer.compare semantics: src[a..a+32] vs src[b..b+32]; a goes first when it is not greater.
  const aFirst = src.compare(src, b, b + 32, a, a + 32) <= 0;
  src.copy(scratch, 0, aFirst ? a : b, (aFirst ? a : b) + 32);
  src.copy(scratch, 32, aFirst ? b : a, (aFirst ? b : a) + 32);
  return sha256(scratch);
}

export function nodeHash(a: Buffer, b: Buffer): Buffer {
  return hashPair(Buffer.allocUnsafe(64), Buffer.concat([a, b]), 0, 32);
}

export function buildTree(network: PublicKey, leaves: RewardLeaf[]): RewardTree {
  if (leaves.length === 0) throw new Error("a reward tree needs at least one leaf");
  const n = leaves.length;
  const first = Buffer.allocUnsafe(n * 32);
  const leafScratch = Buffer.allocUnsafe(73);
  leafScratch[0] = LEAF[0];
  network.toBuffer().copy(leafScratch, 1);
  let total = 0n;
  for (let i = 0; i < n; i++) {
    const l = leaves[i];
    if (l.amount < 0n || l.amount > 0xffffffffffffffffn) throw new Error(`leaf ${i}: amount out of u64 range`);
    total += l.amount;
    leafScratch.set(l.operator.toBytes(), 33);
    leafScratch.writeBigUInt64LE(l.amount, 65);
    sha256(leafScratch).copy(first, i * 32);
  }
  const levels: Buffer[] = [first];
  const nodeScratch = Buffer.allocUnsafe(64);
  let count = n;
  while (count > 1) {
    const prev = levels[levels.length - 1];
    const next = Buffer.allocUnsafe(Math.ceil(count / 2) * 32);
    for (let i = 0; i + 1 < count; i += 2) hashPair(nodeScratch, prev, i * 32, i * 32 + 32).copy(next, i * 16);
    if (count % 2 === 1) prev.copy(next, ((count - 1) / 2) * 32, (count - 1) * 32, count * 32);
    levels.push(next);
    count = Math.ceil(count / 2);
  }
  const root = Buffer.from(levels[levels.length - 1].subarray(0, 32));
  return {
    root,
    depth: levels.length - 1,
    leafCount: n,
    total,
    leafHash: (i) => Buffer.from(levels[0].subarray(i * 32, i * 32 + 32)),
    proof(i: number): Buffer[] {
      if (!Number.isInteger(i) || i < 0 || i >= n) throw new Error(`no leaf ${i}`);
      // Views into the tree's level buffers (no copies): valid as long as the tree is.
      const out: Buffer[] = [];
      let idx = i;
      for (let level = 0; level < levels.length - 1; level++) {
        const size = levels[level].length / 32;
        const sib = idx ^ 1;
        if (sib < size) out.push(levels[level].subarray(sib * 32, sib * 32 + 32));
        idx >>= 1;
      }
      return out;
    },
  };
}

/** The root `proof` folds the leaf up to, as the program computes it. */
export function rootOf(network: PublicKey, leaf: RewardLeaf, proof: Buffer[]): Buffer {
  let acc = leafHash(network, leaf.operator, leaf.amount);
  for (const sibling of proof) acc = nodeHash(acc, sibling);
  return acc;
}

/** Whether `proof` folds the leaf up to `root`, as the program checks it. */
export function verifyProof(network: PublicKey, leaf: RewardLeaf, proof: Buffer[], root: Buffer): boolean {
  return rootOf(network, leaf, proof).equals(root);
}

/** What an operator needs to claim, as written to a proofs file. */
export interface ClaimProof {
  operator: string;
  amount: string;
  index: number;
  proof: string[];
}

export interface ProofsFile {
  network: string;
  epoch: number;
  root: string;
  total: string;
  leafCount: number;
  claims: ClaimProof[];
}

export function proofsFile(network: PublicKey, epoch: number, leaves: RewardLeaf[], tree: RewardTree = buildTree(network, leaves)): ProofsFile {
  return {
    network: network.toBase58(),
    epoch,
    root: tree.root.toString("hex"),
    total: tree.total.toString(),
    leafCount: tree.leafCount,
    claims: leaves.map((l, i) => ({ operator: l.operator.toBase58(), amount: l.amount.toString(), index: i, proof: tree.proof(i).map((p) => p.toString("hex")) })),
  };
}

export function writeProofsFile(path: string, file: ProofsFile): void {
  fs.writeFileSync(path, JSON.stringify(file));
}

export function readProofsFile(path: string): ProofsFile {
  const parsed: unknown = JSON.parse(fs.readFileSync(path, "utf8"));
  const f = parsed as ProofsFile;
  if (typeof f.root !== "string" || !Array.isArray(f.claims)) throw new Error(`${path}: not a proofs file`);
  return f;
}

/** A claim's proof as the instruction takes it (`Vec<[u8; 32]>`). */
export function proofArg(proof: Array<Buffer | string>): number[][] {
  return proof.map((p) => Array.from(typeof p === "string" ? Buffer.from(p, "hex") : p));
}
