// The emission mirror against the real rewards program: each epoch, the node's prediction of what
// finalizing will fund (readEpochEmission) is compared with what the program then mints, and the
// epoch's root is the one closeEpoch built from reports for exactly that amount; an operator
// claims its cumulative total with a proof from the native tree.
import { expect } from "chai";
import BN from "bn.js";
import { Keypair } from "@solana/web3.js";
import { getMint, getAccount, mintTo, burn, createAccount } from "@solana/spl-token";
import { fixture, EPOCH, creditsCustomer } from "../rewards/setup";
import * as ix from "../../sdk/src/rewards/instructions";
import { rewardsVaultPda } from "../../sdk/src/rewards/pda";
import { fetchRewardsConfig } from "../../sdk/src/rewards/accounts";
import { operatorTokenAccount } from "../../sdk/src/rewards/instructions";
import { Groundwork } from "../../sdk/src/groundwork";
import { readEpochEmission, epochEmission, scheduledEmission, splitBps, closeEpoch, previousFromArchive, EpochClose } from "../../sdk/src/oracle-node/close";
import { UptimePolicy } from "../../sdk/src/oracle-node/policies";
import { World } from "./fixtures";

describe("oracle emission mirror: the arithmetic", () => {
  it("pure mirror: schedule entries, net emission cap, supply cap room, bps split with dust to the treasury", () => {
    const s = [{ startTs: 0n, emissionPerEpoch: 1_000n }, { startTs: 10n, emissionPerEpoch: 500n }];
    expect([scheduledEmission(s, -1n), scheduledEmission(s, 9n), scheduledEmission(s, 10n)]).to.deep.equal([0n, 1_000n, 500n]);
    expect(splitBps(1_001n, 3_333)).to.equal(333n);
    expect(splitBps(7n, 20_000)).to.equal(7n);
    expect(epochEmission({ scheduled: 1_000n, burned: 10n, netEmissionCap: 100n, capRoom: 4n, operatorBps: 10_000 })).to.deep.equal({ net: 4n, total: 4n, operators: 4n, treasury: 0n });
    expect(epochEmission({ scheduled: 1_000n, burned: 900n, netEmissionCap: 500n, capRoom: 10n ** 30n, operatorBps: 8_000 })).to.deep.equal({ net: 500n, total: 1_500n, operators: 1_200n, treasury: 300n });
    const max = 0xffffffffffffffffn;
    expect(epochEmission({ scheduled: max, burned: max, netEmissionCap: max, capRoom: max, operatorBps: 10_000 }).total).to.equal(max);
  });

});

// Epochs are the rewards fixture's (a day warped on the embedded SVM, seconds waited on a cluster);
// the burns net emissions re-mint are real: a customer burns tokens for credits through the
// credits program, whose tally ring records them.
describe("oracle emission mirror against the rewards program", () => {
  it("mint mode: each epoch's predicted emission (halving, net emissions from real credit burns, supply cap with tokens minted before and burned) equals what finalization mints; closeEpoch roots finalize and pay", async () => {
    const f = await fixture();
    const gw = Groundwork.connect(f.env.provider);
    // 100,000 tokens exist before rewards take the mint; 50,000 of them are burned later (a plain
    // SPL burn). A customer holds 1,100,000 more, which it burns for credits later.
    const holder = Keypair.generate();
    const held = await createAccount(f.env.connection, f.env.payer, f.mint, holder.publicKey, Keypair.generate());
    await mintTo(f.env.connection, f.env.payer, f.mint, held, f.authority, 100_000n);
    const customer = await creditsCustomer(f, 1_100_000n);
    // Rewards start at the epoch they are set up in: wait for one to begin (a whole epoch for the
    // set-up and the first burn on a cluster). Supply at set-up 1,200,000; the halving starts two
    // epochs later, and the cap leaves room for 299,998 in the fifth.
    const first = (await f.epochNow()) + 1;
    await f.toEpoch(first);
    await f.init(ix.FundingMode.Mint, {
      supplyCap: new BN(5_000_000),
      operatorBps: 7_333,
      netEmissionCap: new BN(300_000),
      schedule: [{ startTs: new BN(f.genesis), emissionPerEpoch: new BN(1_000_000) }, { startTs: new BN(f.genesis + (first + 2) * EPOCH), emissionPerEpoch: new BN(500_001) }],
    });
    const cfg0 = await fetchRewardsConfig(f.program, f.network);
    expect(cfg0.nextEpoch.toNumber(), "the first epoch of rewards").to.equal(first);
    // The cap counts the supply at set-up plus everything emitted: a burn gives no room back.
    expect(cfg0.initialSupply.toString()).to.equal("1200000");
    // Real burns in the first two epochs, the second above the net emission cap.
    expect(await customer.burn(200_000n), "the first burn's epoch").to.equal(first);
    await f.toEpoch(first + 1);
    expect(await customer.burn(900_000n), "the second burn's epoch").to.equal(first + 1);
    await f.toEpoch(first + 6);

    const world = new World(0, f.network);
    const ops = [world.operator(), world.operator(), world.operator()];
    const devices = ops.map((op) => world.device(op));
    const policy = new UptimePolicy({ heartbeatIntervalSecs: 4 * 3_600 });
    const expectedTotals = [1_000_000n, 1_200_000n, 800_001n, 500_001n, 299_998n, 0n];
    let prev: EpochClose | null = null;
    for (let epoch = first; epoch < first + expectedTotals.length; epoch++) {
      const m = await readEpochEmission(gw.ctx, f.network, epoch);
      expect(m.exact).to.equal(true);
      expect(m.total, `epoch ${epoch}`).to.equal(expectedTotals[epoch - first]);
      // Reports of the epoch: device i up for i + 1 of the six 4-hour slots.
      const w = new World(epoch, f.network);
      devices.forEach((d, i) => {
        w.devices.set(d.toBase58(), world.devices.get(d.toBase58())!);
        for (let s = 0; s <= i; s++) w.heartbeat(d, s * 4 * 3_600 + 5);
      });
      const close = closeEpoch({ ...w.input(), policy, operatorEmission: m.operators, jailedOperators: new Set(), previous: prev && previousFromArchive(prev.archive) });
      const vault = await f.balance(rewardsVaultPda(f.network));
      const treasury = await f.balance(f.treasury);
      const supply = (await getMint(f.env.connection, f.mint)).supply;
      await f.finalize(epoch, close.tree);
      expect((await f.balance(rewardsVaultPda(f.network))) - vault, `epoch ${epoch} operators`).to.equal(m.operators);
      expect((await f.balance(f.treasury)) - treasury, `epoch ${epoch} treasury`).to.equal(m.treasury);
      expect((await getMint(f.env.connection, f.mint)).supply - supply).to.equal(m.total);
      const cfg = await fetchRewardsConfig(f.program, f.network);
      expect(BigInt(cfg.totalFunded.toString())).to.equal(close.total + close.unallocated);
      prev = close;
      if (epoch === first + 1) await burn(f.env.connection, f.env.payer, held, f.mint, holder, 50_000n);
    }
    // Every operator claims its cumulative total with a proof from the (native) epoch tree.
    const payer = Keypair.generate();
    await f.env.airdrop(payer.publicKey, 5);
    for (let i = 0; i < prev!.leafCount; i++) {
      const leaf = prev!.leaves[i];
      await f.claim(payer, leaf, prev!.tree.proof(i));
      expect((await getAccount(f.env.connection, operatorTokenAccount(f.mint, leaf.operator))).amount).to.equal(leaf.amount);
    }
    // Up 1, 2 and 3 slots: each epoch splits 1:2:3 to within one unit per operator, so over the
    // epochs each total is within one unit per epoch of (i + 1)/6 of everything distributed.
    const totals = ops.map((o) => prev!.totals.get(o.toBase58())!);
    expect(totals.reduce((a, b) => a + b, 0n)).to.equal(prev!.total);
    const slack = 6n * BigInt(expectedTotals.length);
    totals.forEach((t, i) => {
      const gap = t * 6n - BigInt(i + 1) * prev!.total;
      expect(gap >= -slack && gap <= slack, `operator ${i}: ${t} of ${prev!.total}`).to.equal(true);
    });
  });

  it("vault mode: the prediction equals what finalization reserves and pays the treasury", async () => {
    const f = await fixture();
    const gw = Groundwork.connect(f.env.provider);
    await f.init(ix.FundingMode.Vault, { operatorBps: 6_667, supplyCap: new BN(1_700_000) });
    await mintTo(f.env.connection, f.env.payer, f.mint, rewardsVaultPda(f.network), f.authority, 5_000_000n);
    // Rewards start at the epoch they are set up in (0 on the embedded SVM; later on a cluster).
    const first = (await fetchRewardsConfig(f.program, f.network)).nextEpoch.toNumber();
    await f.toEpoch(first + 3);
    const w = new World(first, f.network);
    const d = w.device(w.operator());
    w.heartbeat(d, 5);
    let prev: EpochClose | null = null;
    for (const [epoch, total] of [[first, 1_000_000n], [first + 1, 700_000n], [first + 2, 0n]] as const) {
      const m = await readEpochEmission(gw.ctx, f.network, epoch);
      expect(m.total).to.equal(total);
      const e = new World(epoch, f.network);
      e.devices.set(d.toBase58(), w.devices.get(d.toBase58())!);
      e.heartbeat(d, 5);
      const close = closeEpoch({ ...e.input(), policy: new UptimePolicy({ heartbeatIntervalSecs: 3_600 }), operatorEmission: m.operators, jailedOperators: new Set(), previous: prev && previousFromArchive(prev.archive) });
      const treasury = await f.balance(f.treasury);
      const cfgBefore = await fetchRewardsConfig(f.program, f.network);
      await f.finalize(epoch, close.tree);
      const cfg = await fetchRewardsConfig(f.program, f.network);
      expect(BigInt(cfg.totalFunded.sub(cfgBefore.totalFunded).toString())).to.equal(m.operators);
      expect((await f.balance(f.treasury)) - treasury).to.equal(m.treasury);
      prev = close;
    }
  });
});
