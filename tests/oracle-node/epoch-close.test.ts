import { expect } from "chai";
import { createHash } from "crypto";
import { PublicKey } from "@solana/web3.js";
import { closeEpoch, CloseInput, previousFromArchive, policyParamsHash, reportSetDigest, canonicalPolicy, sortByKeyBytes } from "../../sdk/src/oracle-node/close";
import { base58Key } from "../../sdk/src/oracle-node/close/base58";
import { randomBytes } from "crypto";
import { UptimePolicy, WorkPolicy } from "../../sdk/src/oracle-node/policies";
import { buildTree, verifyProof } from "../../sdk/src/rewards/merkle";
import { World, shuffled } from "./fixtures";

const HOUR = 3_600;

function input(w: World, over: Partial<CloseInput> = {}): CloseInput {
  return { ...w.input(), policy: new UptimePolicy({ heartbeatIntervalSecs: HOUR }), operatorEmission: 1_000n, jailedOperators: new Set(), previous: null, ...over };
}


describe("oracle epoch close", () => {
  it("splits the emission exactly by operator weight: floors, then +1 by largest remainder, ties by key bytes", () => {
    const w = new World();
    const ops = [w.operator(), w.operator(), w.operator()];
    for (const op of ops) w.heartbeat(w.device(op), 10); // one slot each: equal weights
    const c = closeEpoch(input(w));
    // 1000 / 3 = 333 r 1 each: the lowest key gets the one left over.
    const byKey = [...ops].sort((a, b) => Buffer.compare(a.toBuffer(), b.toBuffer()));
    expect(byKey.map((o) => c.rewards.get(o.toBase58()))).to.deep.equal([334n, 333n, 333n]);
    expect(c.distributed).to.equal(1_000n);
    expect(c.total).to.equal(1_000n);
    // Leaves in key-byte order, each the cumulative amount.
    expect(c.leaves.map((l) => l.operator.toBase58())).to.deep.equal(byKey.map((o) => o.toBase58()));

    // Unequal remainders decide before key order: weights 1, 2, 4 of 100 → 14.28, 28.57, 57.14.
    const w2 = new World();
    const [a, b, d] = [w2.operator(), w2.operator(), w2.operator()];
    const dev = (op: PublicKey, slots: number) => {
      const x = w2.device(op);
      for (let h = 0; h < slots; h++) w2.heartbeat(x, h * HOUR + 1);
    };
    dev(a, 1);
    dev(b, 2);
    dev(d, 4);
    const c2 = closeEpoch(input(w2, { operatorEmission: 100n }));
    // floors 14, 28, 57 (= 99); remainders 2/7, 4/7, 1/7: b gets the last unit.
    expect([a, b, d].map((o) => c2.rewards.get(o.toBase58()))).to.deep.equal([14n, 29n, 57n]);
  });

  it("a jailed operator earns nothing for the epoch (others share the whole emission) and keeps its past total", () => {
    const w = new World();
    const [good, jailed] = [w.operator(), w.operator()];
    w.heartbeat(w.device(good), 10);
    w.heartbeat(w.device(jailed), 10);
    const previous = { totals: new Map([[jailed.toBase58(), 70n]]), unallocated: 0n };
    const c = closeEpoch(input(w, { jailedOperators: new Set([jailed.toBase58()]), previous }));
    expect(c.rewards.get(good.toBase58())).to.equal(1_000n);
    expect(c.rewards.has(jailed.toBase58())).to.equal(false);
    expect(c.totals.get(jailed.toBase58())).to.equal(70n);
    expect(c.total).to.equal(1_070n);
    expect(c.archive.jailedOperators).to.deep.equal([jailed.toBase58()]);
  });

  it("pays a device's share to the operator its reports were accepted under, not its owner at close; a device transferred mid-epoch is split by its reports", () => {
    const w = new World();
    const [seller, buyer, other] = [w.operator(), w.operator(), w.operator()];
    const sold = w.device(seller);
    const moved = w.device(seller);
    w.heartbeat(w.device(other), 10);
    w.heartbeat(sold, 10); // accepted under the seller…
    for (const at of [10, 3_700, 7_300]) w.heartbeat(moved, at); // three slots under the seller
    const transfer = (d: PublicKey) => w.devices.set(d.toBase58(), { ...w.devices.get(d.toBase58())!, operator: buyer });
    transfer(moved);
    w.heartbeat(moved, 10_900); // …and one under the buyer
    transfer(sold); // …then transferred before the close
    const c = closeEpoch(input(w, { operatorEmission: 600n }));
    // Weights: other 1, sold 1 (seller), moved 4 slots: 3 under the seller, 1 under the buyer.
    expect(c.rewards.get(other.toBase58())).to.equal(100n);
    expect(c.rewards.get(seller.toBase58())).to.equal(400n);
    expect(c.rewards.get(buyer.toBase58())).to.equal(100n);
    // The buyer jailed: its part of the moved device is dropped, the seller's part is not.
    const jailedBuyer = closeEpoch(input(w, { operatorEmission: 600n, jailedOperators: new Set([buyer.toBase58()]) }));
    expect(jailedBuyer.rewards.get(seller.toBase58())).to.equal(480n);
    expect(jailedBuyer.rewards.has(buyer.toBase58())).to.equal(false);
  });

  it("adds to previous cumulative totals (from the archive), carries an epoch nobody earned in, and always has a leaf", () => {
    const w = new World(0);
    const op = w.operator();
    const dev = w.device(op);
    // Epoch 0: no reports at all: one placeholder leaf (the network, 0), the emission carried.
    const e0 = closeEpoch(input(w));
    expect(e0.leafCount).to.equal(1);
    expect(e0.leaves[0]).to.deep.equal({ operator: w.network, amount: 0n });
    expect(e0.unallocated).to.equal(1_000n);
    // Epoch 1: the operator earns epoch 1's emission plus the carry.
    const w1 = new World(1, w.network);
    w1.devices.set(dev.toBase58(), w.devices.get(dev.toBase58())!);
    w1.heartbeat(dev, 10);
    const e1 = closeEpoch(input(w1, { operatorEmission: 500n, previous: previousFromArchive(e0.archive) }));
    expect(e1.rewards.get(op.toBase58())).to.equal(1_500n);
    expect(e1.unallocated).to.equal(0n);
    // Epoch 2: another operator joins; totals accumulate.
    const w2 = new World(2, w.network);
    w2.devices.set(dev.toBase58(), w.devices.get(dev.toBase58())!);
    const other = w2.operator();
    w2.heartbeat(dev, 10);
    w2.heartbeat(w2.device(other), 10);
    const e2 = closeEpoch(input(w2, { operatorEmission: 300n, previous: previousFromArchive(e1.archive) }));
    expect(e2.totals.get(op.toBase58())).to.equal(1_650n);
    expect(e2.totals.get(other.toBase58())).to.equal(150n);
    expect(e2.total).to.equal(1_800n); // = everything funded over three epochs
    expect(e2.archive.leaves.find((l) => l.operator === op.toBase58())).to.deep.equal({ operator: op.toBase58(), amount: "1650", epochReward: "150" });
  });

  it("produces byte-identical roots and archives from the same reports in any order (with replays), equal to the reference tree; every proof verifies", () => {
    const w = new World();
    const policy = new WorkPolicy({ priceCredits: 1, priceUnits: 1 });
    for (let o = 0; o < 40; o++) {
      const op = w.operator();
      w.paidCredits.set(op.toBase58(), BigInt(1_000 + o * 37));
      for (let d = 0; d < 3; d++) w.work(w.device(op), BigInt(100 + ((o * 7 + d * 13) % 500)));
    }
    const replay = w.reports[5];
    const reports = [...w.reports, { ...replay }];
    const base = closeEpoch(input(w, { policy, reports, operatorEmission: 987_654_321n }));
    expect(base.distributed).to.equal(987_654_321n);
    for (const seed of [11, 12, 13, 14]) {
      const again = closeEpoch(input(w, { policy, reports: shuffled(reports, seed), operatorEmission: 987_654_321n }));
      expect(again.root.equals(base.root)).to.equal(true);
      expect(JSON.stringify(again.archive)).to.equal(JSON.stringify(base.archive));
    }
    const ref = buildTree(w.network, base.leaves);
    expect(ref.root.equals(base.root)).to.equal(true);
    for (let i = 0; i < base.leafCount; i++) {
      expect(base.tree.proof(i).map((b) => b.toString("hex"))).to.deep.equal(ref.proof(i).map((b) => b.toString("hex")));
      expect(verifyProof(w.network, base.leaves[i], base.tree.proof(i), base.root)).to.equal(true);
      expect(base.indexOf(base.leaves[i].operator.toBase58())).to.equal(i);
    }
    // The archive: the policy's canonical parameters' hash and the digest of the distinct ids.
    expect(base.archive.policy.paramsSha256).to.equal(createHash("sha256").update('{"policy":"work","params":{"priceCredits":1,"priceUnits":1}}').digest("hex"));
    expect(canonicalPolicy(policy)).to.equal('{"policy":"work","params":{"priceCredits":1,"priceUnits":1}}');
    expect(policyParamsHash(new WorkPolicy({ priceUnits: 1, priceCredits: 1 }))).to.equal(base.archive.policy.paramsSha256);
    const ids = [...new Set(reports.map((r) => r.id))].sort();
    expect(base.archive.reports).to.deep.equal({ count: ids.length, digest: createHash("sha256").update(Buffer.concat(ids.map((i) => Buffer.from(i, "hex")))).digest("hex") });
    expect(reportSetDigest(shuffled(reports, 3))).to.deep.equal(base.archive.reports);
    expect(base.archive.root).to.equal(base.root.toString("hex"));
    expect(base.archive.total).to.equal(base.total.toString());
  });

  it("orders keys by their bytes even when many share long prefixes (ground keys), and encodes base58 as web3.js does", () => {
    for (const n of [1, 2, 3, 100, 1_025, 20_000]) {
      const items = Array.from({ length: n }, (_, i) => ({ hex: i % 5 === 0 ? "0000000000000000" + randomBytes(24).toString("hex") : i % 5 === 1 ? "ff".repeat(31) + randomBytes(1).toString("hex") : randomBytes(32).toString("hex") }));
      const want = [...items].map((x) => x.hex).sort();
      sortByKeyBytes(items);
      expect(items.map((x) => x.hex)).to.deep.equal(want);
    }
    const keys = [Buffer.alloc(32), Buffer.alloc(32, 255), Buffer.concat([Buffer.alloc(3), randomBytes(29)]), ...Array.from({ length: 2_000 }, () => randomBytes(32))];
    for (const k of keys) expect(base58Key(k)).to.equal(new PublicKey(k).toBase58());
    expect(() => reportSetDigest([{ id: "zz".repeat(32) }])).to.throw(/not 32 bytes of hex/);
  });

  it("rejects an emission or a cumulative total outside u64", () => {
    const w = new World();
    const op = w.operator();
    w.heartbeat(w.device(op), 10);
    expect(() => closeEpoch(input(w, { operatorEmission: -1n }))).to.throw(RangeError, /operatorEmission/);
    const previous = { totals: new Map([[op.toBase58(), 0xffffffffffffffffn]]), unallocated: 0n };
    expect(() => closeEpoch(input(w, { previous }))).to.throw(RangeError, /cumulative total/);
  });
});
