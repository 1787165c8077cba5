import { expect } from "chai";
import { randomBytes } from "crypto";
import { Keypair, PublicKey } from "@solana/web3.js";
import { buildTree, RewardLeaf } from "../../sdk/src/rewards/merkle";
import { buildEpochTree, merkleBackend, nativeMerklePath, packLeaves, ProofChunk } from "../../sdk/src/rewards/merkle-fast";

const leavesOf = (n: number): RewardLeaf[] =>
  Array.from({ length: n }, (_, i) => ({ operator: new PublicKey(randomBytes(32)), amount: i % 5 === 0 ? 0xffffffffffffffffn - BigInt(i) : BigInt(i * 1_000_003) }));
const hex = (bs: Buffer[]) => bs.map((b) => b.toString("hex"));

describe("epoch tree: native builder against the TypeScript reference", () => {
  it("the native addon is built and loaded (scripts/build-native.sh)", () => {
    expect(merkleBackend(), `no addon at ${nativeMerklePath()}`).to.equal("native");
  });

  for (const backend of ["native", "typescript"] as const) {
    it(`${backend}: same leaves, levels, root, total and proofs as buildTree for every size 1..80 and 3,001`, () => {
      const network = Keypair.generate().publicKey;
      for (const n of [...Array.from({ length: 80 }, (_, i) => i + 1), 3_001]) {
        const leaves = leavesOf(n);
        const ref = buildTree(network, leaves);
        const fast = buildEpochTree(network, leaves, { backend });
        expect(fast.root.equals(ref.root), `n=${n}`).to.equal(true);
        expect([fast.total, fast.depth, fast.leafCount]).to.deep.equal([ref.total, ref.depth, ref.leafCount]);
        // Packed input gives the same tree.
        expect(buildEpochTree(network, packLeaves(leaves), { backend }).root.equals(ref.root)).to.equal(true);
        let chunk: ProofChunk | undefined;
        for (let first = 0; first < n; first += 7) {
          chunk = fast.proofChunk(first, Math.min(7, n - first), chunk);
          for (let k = 0; k < chunk.count; k++) {
            const i = first + k;
            const want = hex(ref.proof(i));
            expect(fast.leafHash(i).equals(ref.leafHash(i))).to.equal(true);
            expect(hex(fast.proof(i))).to.deep.equal(want);
            expect(fast.proofBytes(i).toString("hex")).to.equal(want.join(""));
            expect(chunk.bytes.subarray(k * chunk.stride, k * chunk.stride + chunk.lengths[k] * 32).toString("hex")).to.equal(want.join(""));
          }
        }
      }
    });
  }

  it("refuses bad input with clear errors (empty tree, amounts outside u64, ranges outside the tree)", () => {
    const network = Keypair.generate().publicKey;
    expect(() => buildEpochTree(network, [])).to.throw(/at least one leaf/);
    expect(() => buildEpochTree(network, [{ operator: network, amount: -1n }])).to.throw(/u64/);
    expect(() => buildEpochTree(network, Buffer.alloc(41))).to.throw(/multiple of 40/);
    const t = buildEpochTree(network, leavesOf(5));
    expect(() => t.proofChunk(3, 3)).to.throw(/outside the tree's 5 leaves/);
    expect(() => t.proof(5)).to.throw(/no leaf 5/);
  });
});
