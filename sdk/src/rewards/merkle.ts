// Cumulative-reward merkle trees, hashed exactly as programs/rewards/src/merkle.rs verifies:
//   leaf = sha256(0x00 ‖ network ‖ operator ‖ amount u64 LE)
//   node = sha256(0x01 ‖ min(a, b) ‖ max(a, b))   (byte order; proofs carry no direction bits)
// A lone last node of a level is promoted unchanged. Each level is one contiguous Buffer
// (count × 32 bytes), so a 1M-leaf tree is ~64 MB and proofs are slices of it.
import { createHash } from "crypto";
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
const NODE = Buffer.from([1]);

export function leafHash(network: PublicKey, operator: PublicKey, amount: bigint): Buffer {
  const a = Buffer.alloc(8);
  a.writeBigUInt64LE(amount);
  return createHash("sha256").update(LEAF).update(network.toBuffer()).update(operator.toBuffer()).update(a).digest();
}

export function nodeHash(a: Buffer, b: Buffer): Buffer {
  const [lo, hi] = Buffer.compare(a, b) <= 0 ? [a, b] : [b, a];
  return createHash("sha256").update(NODE).update(lo).update(hi).digest();
}

export function buildTree(network: PublicKey, leaves: RewardLeaf[]): RewardTree {
  if (leaves.length === 0) throw new Error("a reward tree needs at least one leaf");
  const n = leaves.length;
  const net = network.toBuffer();
  const first = Buffer.allocUnsafe(n * 32);
  const amount = Buffer.alloc(8);
  let total = 0n;
  for (let i = 0; i < n; i++) {
    const l = leaves[i];
    if (l.amount < 0n || l.amount > 0xffffffffffffffffn) throw new Error(`leaf ${i}: amount out of u64 range`);
    total += l.amount;
    amount.writeBigUInt64LE(l.amount);
    createHash("sha256").update(LEAF).update(net).update(l.operator.toBuffer()).update(amount).digest().copy(first, i * 32);
  }
  const levels: Buffer[] = [first];
  let count = n;
  while (count > 1) {
    const prev = levels[levels.length - 1];
    const next = Buffer.allocUnsafe(Math.ceil(count / 2) * 32);
    for (let i = 0; i + 1 < count; i += 2) {
      nodeHash(prev.subarray(i * 32, i * 32 + 32), prev.subarray(i * 32 + 32, i * 32 + 64)).copy(next, (i / 2) * 32);
    }
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
      const out: Buffer[] = [];
      let idx = i;
      for (let level = 0; level < levels.length - 1; level++) {
        const size = levels[level].length / 32;
        const sib = idx ^ 1;
        if (sib < size) out.push(Buffer.from(levels[level].subarray(sib * 32, sib * 32 + 32)));
        idx >>= 1;
      }
      return out;
    },
  };
}

/** Folds `proof` onto the leaf as the program does. */
export function verifyProof(network: PublicKey, leaf: RewardLeaf, proof: Buffer[], root: Buffer): boolean {
  let acc = leafHash(network, leaf.operator, leaf.amount);
  for (const sibling of proof) acc = nodeHash(acc, sibling);
  return acc.equals(root);
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
