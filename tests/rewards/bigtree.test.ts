import { expect } from "chai";
import BN from "bn.js";
import { Keypair } from "@solana/web3.js";
import { fixture, leaves, buildTree } from "./setup";
import * as ix from "../../sdk/src/rewards/instructions";
import { verifyProof } from "../../sdk/src/rewards/merkle";
import { operatorTokenAccount } from "../../sdk/src/rewards/instructions";
import { getAccount } from "@solana/spl-token";

// The epoch is the fixture's (a day warped on the embedded SVM, seconds waited on a cluster).
describe("rewards: a 100,000-leaf tree built by the SDK, proofs verified on-chain", () => {
  it("claims random leaves with depth-17 proofs; reports CU and transaction size", async () => {
    const f = await fixture();
    await f.init(ix.FundingMode.Mint, { operatorBps: 10_000, schedule: [{ startTs: new BN(f.genesis), emissionPerEpoch: new BN("100000000000") }] });
    const started = Date.now();
    const ops = leaves(100_000, (i) => BigInt(1 + (i % 1000)));
    const tree = buildTree(f.network, ops);
    console.log(`      built 100k-leaf tree in ${Date.now() - started} ms, depth ${tree.depth}`);
    expect(tree.depth).to.equal(17);
    await f.toEpoch(1);
    await f.finalize(0, tree);
    const crank = Keypair.generate();
    await f.env.airdrop(crank.publicKey, 5);
    for (const i of [0, 99_999, ...Array.from({ length: 4 }, () => Math.floor(Math.random() * 100_000))]) {
      const proof = tree.proof(i);
      expect(verifyProof(f.network, ops[i], proof, tree.root)).to.equal(true);
      const sig = await f.claim(crank, ops[i], proof);
      const paid = (await getAccount(f.env.connection, operatorTokenAccount(f.mint, ops[i].operator))).amount;
      expect(paid).to.equal(ops[i].amount);
      console.log(`      leaf ${i}: depth ${proof.length}, claim tx (ATA + claim) CU ${(await f.cu(sig))}, ${(await f.txSize(sig))} bytes`);
    }
  });

  it("a depth-24 claim fits one transaction (wire size measured)", async () => {
    const f = await fixture();
    const operator = Keypair.generate().publicKey;
    const proof = Array.from({ length: 24 }, () => Keypair.generate().publicKey.toBuffer());
    const claimIx = await ix.claim(f.program, { payer: f.env.payer.publicKey, operator, network: f.network, mint: f.mint, cumulativeAmount: 1n, proof });
    const { Transaction } = await import("@solana/web3.js");
    const tx = new Transaction().add(claimIx);
    tx.recentBlockhash = (await f.env.connection.getLatestBlockhash()).blockhash;
    tx.feePayer = f.env.payer.publicKey;
    tx.sign(f.env.payer);
    const size = tx.serialize().length;
    console.log(`      depth-24 claim transaction: ${size} bytes (limit 1232)`);
    expect(size).to.be.at.most(1232);
  });
});
