// The emission mirror against the real rewards program: each epoch, the node's prediction of what
// finalizing will fund (readEpochEmission) is compared with what the program then mints, and the
// epoch's root is the one closeEpoch built from reports for exactly that amount; an operator
// claims its cumulative total with a proof from the native tree.
import { expect } from "chai";
import BN from "bn.js";
import { createHash } from "crypto";
import { Keypair } from "@solana/web3.js";
import { getMint, getAccount, mintTo, burn, createAccount } from "@solana/spl-token";
import { Address, Lamports } from "@solana/kit";
import { fixture, Fixture, EPOCH } from "../rewards/setup";
import * as ix from "../../sdk/src/rewards/instructions";
import { rewardsVaultPda, creditsTallyRingPda } from "../../sdk/src/rewards/pda";
import { fetchRewardsConfig } from "../../sdk/src/rewards/accounts";
import { operatorTokenAccount } from "../../sdk/src/rewards/instructions";
import { CREDITS_PROGRAM_ID } from "../../sdk/src/ids";
import { Groundwork } from "../../sdk/src/groundwork";
import { readEpochEmission, epochEmission, scheduledEmission, splitBps, closeEpoch, previousFromArchive, EpochClose } from "../../sdk/src/oracle-node/close";
import { UptimePolicy } from "../../sdk/src/oracle-node/policies";
import { World } from "./fixtures";

/** Writes the credits program's TallyRing with `burned` tokens in `epoch` (layout: disc ‖ network ‖ bump ‖ pad[7] ‖ 16 × (epoch ‖ burned ‖ minted ‖ spent)). */
function tallyWriter(f: Fixture) {
  const ring = Buffer.alloc(8 + 32 + 8 + 16 * 32);
  createHash("sha256").update("account:TallyRing").digest().subarray(0, 8).copy(ring, 0);
  f.network.toBuffer().copy(ring, 8);
  return (epoch: number, burned: bigint) => {
    const at = 48 + (epoch % 16) * 32;
    ring.writeBigUInt64LE(BigInt(epoch), at);
    ring.writeBigUInt64LE(burned, at + 8);
    f.env.svm!.svm.setAccount({
      address: creditsTallyRingPda(f.network).toBase58() as Address,
      data: new Uint8Array(ring),
      executable: false,
      lamports: 10_000_000n as Lamports,
      programAddress: CREDITS_PROGRAM_ID.toBase58() as Address,
      space: BigInt(ring.length),
    });
  };
}

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

// [embedded-only]: the previous epochs' burns are written into the credits program's TallyRing
// with setAccount (the rewards fixture has no credits program), and six one-day epochs pass by
// moving the clock. The oracle node suites cover the mirror on a cluster through real closes.
describe("oracle emission mirror against the rewards program [embedded-only: burns written into the tally ring with setAccount, day-long epochs warped]", () => {
  it("mint mode: each epoch's predicted emission (halving, net emissions, supply cap with tokens minted before and burned) equals what finalization mints; closeEpoch roots finalize and pay", async () => {
    const f = await fixture();
    const gw = Groundwork.connect(f.env.provider);
    // 100,000 tokens exist before rewards take the mint; 50,000 of them are burned after epoch 1.
    const holder = Keypair.generate();
    const held = await createAccount(f.env.connection, f.env.payer, f.mint, holder.publicKey, Keypair.generate());
    await mintTo(f.env.connection, f.env.payer, f.mint, held, f.authority, 100_000n);
    await f.init(ix.FundingMode.Mint, {
      supplyCap: new BN(3_900_000),
      operatorBps: 7_333,
      netEmissionCap: new BN(300_000),
      schedule: [{ startTs: new BN(f.genesis), emissionPerEpoch: new BN(1_000_000) }, { startTs: new BN(f.genesis + 2 * EPOCH), emissionPerEpoch: new BN(500_001) }],
    });
    const writeTally = tallyWriter(f);
    await f.toEpoch(7);
    writeTally(0, 200_000n);
    writeTally(1, 900_000n);

    const world = new World(0, f.network);
    const ops = [world.operator(), world.operator(), world.operator()];
    const devices = ops.map((op) => world.device(op));
    const policy = new UptimePolicy({ heartbeatIntervalSecs: 4 * 3_600 });
    // Which cap the deployed program applies: the layout with per-epoch parameters counts the supply
    // at set-up plus everything emitted (a burn gives no room back); the older one the mint's supply.
    const countsEmitted = "initialSupply" in (await fetchRewardsConfig(f.program, f.network));
    const expectedTotals = [1_000_000n, 1_200_000n, 800_001n, 500_001n, countsEmitted ? 299_998n : 349_998n, 0n];
    let prev: EpochClose | null = null;
    for (let epoch = 0; epoch < expectedTotals.length; epoch++) {
      const m = await readEpochEmission(gw.ctx, f.network, epoch);
      expect(m.exact).to.equal(true);
      expect(m.total, `epoch ${epoch}`).to.equal(expectedTotals[epoch]);
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
      if (epoch === 1) await burn(f.env.connection, f.env.payer, held, f.mint, holder, 50_000n);
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
    // six epochs each total is within 6 units of (i + 1)/6 of everything distributed.
    const totals = ops.map((o) => prev!.totals.get(o.toBase58())!);
    expect(totals.reduce((a, b) => a + b, 0n)).to.equal(prev!.total);
    totals.forEach((t, i) => {
      const gap = t * 6n - BigInt(i + 1) * prev!.total;
      expect(gap >= -36n && gap <= 36n, `operator ${i}: ${t} of ${prev!.total}`).to.equal(true);
    });
  });

  it("vault mode: the prediction equals what finalization reserves and pays the treasury", async () => {
    const f = await fixture();
    const gw = Groundwork.connect(f.env.provider);
    await f.init(ix.FundingMode.Vault, { operatorBps: 6_667, supplyCap: new BN(1_700_000) });
    await mintTo(f.env.connection, f.env.payer, f.mint, rewardsVaultPda(f.network), f.authority, 5_000_000n);
    await f.toEpoch(3);
    const w = new World(0, f.network);
    const d = w.device(w.operator());
    w.heartbeat(d, 5);
    let prev: EpochClose | null = null;
    for (const [epoch, total] of [[0, 1_000_000n], [1, 700_000n], [2, 0n]] as const) {
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
