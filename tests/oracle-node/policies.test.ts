import { expect } from "chai";
import * as h3 from "h3-js";
import { Keypair, PublicKey } from "@solana/web3.js";
import { policyFromConfig, PolicyConfigError, UptimePolicy, CoveragePolicy, WorkPolicy, WITNESS_WEIGHT, h3CellDistance } from "../../sdk/src/oracle-node/policies";
import { World, cell, gridDistance, shuffled, EPOCH_LEN } from "./fixtures";

const HOUR = 3_600;
const share = (m: Map<string, bigint>, d: PublicKey) => m.get(d.toBase58()) ?? 0n;

describe("oracle policies: registry and parameters", () => {
  it("validates names and parameters with clear errors, and canonicalizes them (sorted keys, defaults)", () => {
    const err = (f: () => unknown, re: RegExp) => {
      try {
        f();
      } catch (e) {
        expect(e).to.be.instanceOf(PolicyConfigError);
        expect((e as Error).message).to.match(re);
        return;
      }
      expect.fail("expected a PolicyConfigError");
    };
    err(() => policyFromConfig("popularity", {}), /unknown policy.*uptime, coverage, work/);
    err(() => policyFromConfig("uptime", {}), /missing parameter "heartbeatIntervalSecs"/);
    err(() => policyFromConfig("uptime", { heartbeatIntervalSecs: 0 }), /"heartbeatIntervalSecs" must be an integer in \[1,/);
    err(() => policyFromConfig("uptime", { heartbeatIntervalSecs: 1.5 }), /must be an integer/);
    err(() => policyFromConfig("uptime", { heartbeatIntervalSecs: "60s" }), /got "60s"/);
    err(() => policyFromConfig("uptime", { heartbeatIntervalSecs: 60, extra: 1 }), /unknown parameter "extra"/);
    err(() => policyFromConfig("work", { priceCredits: 1 }), /missing parameter "priceUnits"/);
    err(() => policyFromConfig("coverage", { resolution: 16, fullWeightCells: 1, zeroWeightCells: 2 }, { cellDistance: gridDistance }), /"resolution" must be an integer in \[0, 15\]/);
    err(() => policyFromConfig("coverage", { resolution: 8, fullWeightCells: 3, zeroWeightCells: 3 }, { cellDistance: gridDistance }), /zeroWeightCells \(3\) must be greater than fullWeightCells \(3\)/);
    const up = policyFromConfig("uptime", { heartbeatIntervalSecs: "3600" });
    expect(up.params).to.deep.equal({ heartbeatIntervalSecs: 3600 });
    const cov = policyFromConfig("coverage", { zeroWeightCells: 4, resolution: 8, fullWeightCells: 1 }, { cellDistance: gridDistance });
    expect(Object.keys(cov.params)).to.deep.equal(["fullWeightCells", "maxWitnesses", "resolution", "zeroWeightCells"]);
    expect(cov.params.maxWitnesses).to.equal(0);
  });
});

describe("oracle policies: uptime", () => {
  it("counts hourly slots with a heartbeat, capped at the expected count; bursts, replays, other epochs and networks, unknown and inactive devices add nothing", () => {
    const w = new World();
    const policy = new UptimePolicy({ heartbeatIntervalSecs: HOUR });
    expect(policy.expected(EPOCH_LEN)).to.equal(24);
    const op = w.operator();
    const always = w.device(op);
    const half = w.device(op);
    const burst = w.device(op);
    const inactive = w.device(op, cell(0, 0), false);
    const stranger = Keypair.generate().publicKey;
    for (let h = 0; h < 24; h++) w.heartbeat(always, h * HOUR + 10);
    // Late and early heartbeats inside the node's tolerance land in the last/first slot.
    w.heartbeat(always, EPOCH_LEN + 30);
    w.heartbeat(always, -30);
    for (let h = 0; h < 12; h++) w.heartbeat(half, h * HOUR + 10);
    for (let i = 0; i < 500; i++) w.heartbeat(burst, 100 + i); // 500 heartbeats in one hour
    w.heartbeat(inactive, 10);
    w.heartbeat(stranger, 10);
    const replayed = w.heartbeat(half, 20 * HOUR);
    w.reports.push({ ...replayed }, { ...replayed }); // the same id three times
    w.heartbeat(half, 21 * HOUR, { epoch: w.epoch + 1 });
    w.heartbeat(half, 22 * HOUR, { network: Keypair.generate().publicKey });

    const s = policy.shares(w.input());
    expect(share(s, always)).to.equal(24n);
    expect(share(s, half)).to.equal(13n);
    expect(share(s, burst)).to.equal(1n);
    expect(share(s, inactive)).to.equal(0n);
    expect(share(s, stranger)).to.equal(0n);
    for (const seed of [1, 2, 3]) expect(policy.shares(w.input(shuffled(w.reports, seed)))).to.deep.equal(s);
  });
});

describe("oracle policies: coverage", () => {
  const params = { resolution: 8, fullWeightCells: 2, zeroWeightCells: 10 };

  it("pays for distinct witnesses of other operators near the device; a ring of one operator's devices and a far-away witness earn nothing", () => {
    const w = new World();
    const policy = new CoveragePolicy(params, gridDistance);
    const [a, b, c, ringOp] = [w.operator(), w.operator(), w.operator(), w.operator()];
    const hotspot = w.device(a, cell(100, 100));
    const near1 = w.device(b, cell(101, 100));
    const near2 = w.device(c, cell(100, 102));
    const mid = w.device(c, cell(106, 100));
    // Honest: two other operators' devices within 2 cells, each heard it twice (counts once).
    w.witness(near1, hotspot, cell(101, 100));
    w.witness(near1, hotspot, cell(101, 101));
    w.witness(near2, hotspot, cell(100, 102));
    // A third witness 6 cells away: weight floor(10000 × (10 − 6) / (10 − 2)) = 5000.
    w.witness(mid, hotspot, cell(106, 100));

    // Ring: one operator's five devices witnessing each other at the same spot.
    const ring = Array.from({ length: 5 }, () => w.device(ringOp, cell(500, 500)));
    for (const x of ring) for (const y of ring) if (x !== y) w.witness(x, y, cell(500, 500));

    // Far-away: a device registered at (900, 900), far from where it really is, heard by another
    // operator's device reporting from (100, 102): 800 cells from the registered cell, weight 0.
    const farDevice = w.device(b, cell(900, 900));
    w.witness(near2, farDevice, cell(100, 102));
    // Self-witness and a witness of an unknown device: nothing.
    w.witness(hotspot, hotspot, cell(100, 100));
    w.witness(near1, Keypair.generate().publicKey, cell(101, 100));

    const s = policy.shares(w.input());
    expect(share(s, hotspot)).to.equal(2n * WITNESS_WEIGHT + 5_000n);
    for (const x of ring) expect(share(s, x)).to.equal(0n);
    expect(share(s, farDevice)).to.equal(0n);
    expect(share(s, near1)).to.equal(0n); // witnesses do not earn by witnessing
    for (const seed of [4, 5, 6]) expect(policy.shares(w.input(shuffled(w.reports, seed)))).to.deep.equal(s);
  });

  it("weights fall linearly to zero with distance (integer floor), a witness counts once at its best, maxWitnesses keeps the heaviest", () => {
    const policy = new CoveragePolicy(params, gridDistance);
    expect([0, 2, 3, 5, 9, 10, 50].map((d) => policy.weight(d))).to.deep.equal([10_000n, 10_000n, 8_750n, 6_250n, 1_250n, 0n, 0n]);
    expect(policy.weight(null)).to.equal(0n);

    const w = new World();
    const capped = new CoveragePolicy({ ...params, maxWitnesses: 2 }, gridDistance);
    const target = w.device(w.operator(), cell(10, 10));
    const witnesses = [3, 5, 9].map((d) => w.device(w.operator(), cell(10 + d, 10)));
    witnesses.forEach((x, i) => w.witness(x, target, cell(10 + [3, 5, 9][i], 10)));
    // The farthest witness also once reported from right next to the device: its best counts.
    w.witness(witnesses[2], target, cell(11, 10));
    expect(share(policy.shares(w.input()), target)).to.equal(8_750n + 6_250n + 10_000n);
    expect(share(capped.shares(w.input()), target)).to.equal(10_000n + 8_750n);
    // An unparseable cell (the distance function says null) weighs nothing.
    const w2 = new World();
    const t2 = w2.device(w2.operator(), cell(5, 5));
    w2.witness(w2.device(w2.operator(), cell(1, 1)), t2, 0n);
    expect(policy.shares(w2.input()).size).to.equal(0);
  });
});

describe("oracle policies: coverage with H3 grid distance (h3-js, the default)", () => {
  // Real resolution-9 cells around one cell: k steps away on the H3 grid.
  const origin = h3.latLngToCell(37.7749, -122.4194, 9);
  const u64 = (h: string) => BigInt(`0x${h}`);
  const ringCell = (k: number) => h3.gridRingUnsafe(origin, k)[0];

  it("h3CellDistance is h3-js gridDistance at the policy's resolution; finer cells are taken to their parent; invalid, coarser and pathless pairs are null", () => {
    for (const k of [0, 1, 3, 7]) expect(h3CellDistance(u64(origin), u64(ringCell(k)), 9)).to.equal(k);
    // A resolution-11 child of the origin is 0 steps from it at resolution 9.
    expect(h3CellDistance(u64(h3.cellToChildren(origin, 11)[5]), u64(origin), 9)).to.equal(0);
    // At resolution 7 both collapse to (near) one parent: the distance is the parents'.
    expect(h3CellDistance(u64(origin), u64(ringCell(7)), 7)).to.equal(h3.gridDistance(h3.cellToParent(origin, 7), h3.cellToParent(ringCell(7), 7)));
    // Coarser than the resolution: its position is not known that finely.
    expect(h3CellDistance(u64(h3.cellToParent(origin, 8)), u64(origin), 9)).to.equal(null);
    // Not cells at all (the test grid's stand-in values, 0, an edge index).
    expect(h3CellDistance(0n, u64(origin), 9)).to.equal(null);
    expect(h3CellDistance(cell(1, 1), u64(origin), 9)).to.equal(null);
    // Across the globe h3-js finds no grid path (it throws): treated as infinitely far.
    const antipode = h3.latLngToCell(-37.7749, 57.5806, 9);
    expect(() => h3.gridDistance(origin, antipode)).to.throw();
    expect(h3CellDistance(u64(origin), u64(antipode), 9)).to.equal(null);
  });

  it("the default coverage policy weighs witnesses by H3 grid steps; a far-registered device and a ring earn nothing", () => {
    const w = new World();
    const policy = policyFromConfig("coverage", { resolution: 9, fullWeightCells: 2, zeroWeightCells: 10 }) as CoveragePolicy;
    const [a, b, c, ringOp] = [w.operator(), w.operator(), w.operator(), w.operator()];
    const hotspot = w.device(a, u64(origin));
    const near = w.device(b, u64(ringCell(1)));
    const mid = w.device(c, u64(ringCell(6)));
    w.witness(near, hotspot, u64(ringCell(1)));
    w.witness(mid, hotspot, u64(ringCell(6))); // floor(10000 × (10 − 6) / 8) = 5000
    const ring = Array.from({ length: 3 }, () => w.device(ringOp, u64(origin)));
    for (const x of ring) for (const y of ring) if (x !== y) w.witness(x, y, u64(origin));
    const far = w.device(b, u64(h3.latLngToCell(48.8566, 2.3522, 9))); // registered in Paris, heard in San Francisco
    w.witness(near, far, u64(ringCell(1)));
    const s = policy.shares(w.input());
    expect(share(s, hotspot)).to.equal(WITNESS_WEIGHT + 5_000n);
    for (const x of ring) expect(share(s, x)).to.equal(0n);
    expect(share(s, far)).to.equal(0n);
  });
});

describe("oracle policies: work", () => {
  it("pays delivered units up to what customers paid at the operator; self-dealing is capped by its own burn, unpaid work earns nothing", () => {
    const w = new World();
    // Customers pay 3 credits for 2 units.
    const policy = new WorkPolicy({ priceCredits: 3, priceUnits: 2 });
    const [honest, selfDealer, unpaid] = [w.operator(), w.operator(), w.operator()];
    const h1 = w.device(honest);
    const h2 = w.device(honest);
    const s1 = w.device(selfDealer);
    const s2 = w.device(selfDealer);
    const u1 = w.device(unpaid);
    w.work(h1, 600n);
    w.work(h2, 400n);
    w.paidCredits.set(honest.toBase58(), 1_500n); // pays for 1000 units: exactly what was delivered
    // The self-dealer pays itself 30 credits (20 units) and reports 7,000 units.
    w.work(s1, 5_000n, selfDealer);
    w.work(s2, 2_000n, selfDealer);
    w.paidCredits.set(selfDealer.toBase58(), 30n);
    w.work(u1, 9_999n);
    const replay = w.work(h1, 100n);
    w.reports.push({ ...replay });
    w.paidCredits.set(honest.toBase58(), 1_650n); // now pays for 1100 units

    const s = policy.shares(w.input());
    expect(share(s, h1)).to.equal(700n);
    expect(share(s, h2)).to.equal(400n);
    // Capped to 20 units, split 5:2 by integer floor: 14 and 5.
    expect(share(s, s1)).to.equal((5_000n * 20n) / 7_000n);
    expect(share(s, s2)).to.equal((2_000n * 20n) / 7_000n);
    expect(share(s, s1) + share(s, s2) <= policy.paidUnits(30n)).to.equal(true);
    expect(share(s, u1)).to.equal(0n);
    for (const seed of [7, 8]) expect(policy.shares(w.input(shuffled(w.reports, seed)))).to.deep.equal(s);
  });
});
