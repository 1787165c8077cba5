// One off-chain measurement in its own process (so peak RSS is this implementation's alone):
//   node -r ts-node/register/transpile-only bench/offchain-child.ts <groundwork|reference|merkletreejs> <operators>
// groundwork = the SDK's epoch tree (native addon, proofs walked in chunks); reference = the
// pure-TypeScript builder (sdk/src/rewards/merkle.ts) with proof(i) per leaf.
// Builds the epoch tree over `operators` leaves and produces every leaf's proof, then prints one
// JSON line: wall time of build + all proofs, peak RSS, RSS before the build (leaves in memory),
// the root, and a digest over all proofs (so both implementations demonstrably produced them).
import { createHash } from "crypto";
import { performance } from "perf_hooks";
import { PublicKey } from "@solana/web3.js";
import { MerkleTree } from "merkletreejs";
import { buildTree, leafHash, RewardLeaf } from "../sdk/src/rewards/merkle";
import { buildEpochTree, merkleBackend, ProofChunk } from "../sdk/src/rewards/merkle-fast";

/** Deterministic leaves: both implementations (separate processes) must see the same input. */
export function benchLeaves(n: number): { network: PublicKey; leaves: RewardLeaf[] } {
  const network = new PublicKey(createHash("sha256").update("groundwork-bench-network").digest());
  const leaves: RewardLeaf[] = new Array(n);
  const seed = Buffer.alloc(4);
  for (let i = 0; i < n; i++) {
    seed.writeUInt32LE(i);
    leaves[i] = { operator: new PublicKey(createHash("sha256").update("op").update(seed).digest()), amount: BigInt(1 + ((i * 7919) % 1_000_000_007)) };
  }
  return { network, leaves };
}


function main(): void {
  const [impl, count] = process.argv.slice(2);
  const n = Number(count);
  if (!(impl === "groundwork" || impl === "reference" || impl === "merkletreejs") || !Number.isInteger(n) || n < 1) {
    throw new Error("usage: offchain-child.ts <groundwork|reference|merkletreejs> <operators>");
  }
  if (impl === "groundwork" && merkleBackend() !== "native") throw new Error("the native merkle addon is not built: run scripts/build-native.sh");
  const { network, leaves } = benchLeaves(n);
  const baselineRss = process.memoryUsage().rss;
  // Digest over every proof: proof count, sibling count, and a rolling hash of the first sibling bytes.
  let proofs = 0;
  let siblings = 0;
  let fold = 0;
  let root: Buffer;
  const t0 = performance.now();
  if (impl === "groundwork") {
    // Every proof, as the bytes a claim takes, 16,384 leaves per native call into one reused buffer.
    const tree = buildEpochTree(network, leaves);
    let chunk: ProofChunk | undefined;
    for (let first = 0; first < n; first += 16_384) {
      chunk = tree.proofChunk(first, Math.min(16_384, n - first), chunk);
      const { bytes, lengths, stride } = chunk;
      for (let k = 0; k < chunk.count; k++) {
        proofs++;
        const len = lengths[k];
        siblings += len;
        for (let j = 0; j < len; j++) fold = (fold * 31 + bytes[k * stride + j * 32]) >>> 0;
      }
    }
    root = tree.root;
  } else if (impl === "reference") {
    const tree = buildTree(network, leaves);
    for (let i = 0; i < n; i++) {
      const p = tree.proof(i);
      proofs++;
      siblings += p.length;
      for (const s of p) fold = (fold * 31 + s[0]) >>> 0;
    }
    root = tree.root;
  } else {
    // Same leaf hash (pre-hashed, hashLeaves false); node = sha256(sorted pair): sortPairs gives
    // the sorted concatenation; duplicateOdd false promotes a lone last node, as ours does.
    const hashed = leaves.map((l) => leafHash(network, l.operator, l.amount));
    const tree = new MerkleTree(hashed, (data: Buffer) => createHash("sha256").update(data).digest(), {
      hashLeaves: false,
      sortPairs: true,
      duplicateOdd: false,
    });
    for (let i = 0; i < n; i++) {
      const p = tree.getProof(hashed[i], i);
      proofs++;
      siblings += p.length;
      for (const s of p) fold = (fold * 31 + s.data[0]) >>> 0;
    }
    root = tree.getRoot();
  }
  const ms = performance.now() - t0;
  const peakRss = process.resourceUsage().maxRSS * 1024; // maxRSS is in KiB
  process.stdout.write(
    JSON.stringify({ impl, operators: n, ms: Math.round(ms), peakMb: Math.round(peakRss / 2 ** 20), baselineMb: Math.round(baselineRss / 2 ** 20), root: root.toString("hex"), proofs, siblings, fold }) + "\n",
  );
}

if (require.main === module) main();
