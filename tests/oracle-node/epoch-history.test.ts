// What happened during an epoch, not at its close, decides who earns for it — with the real
// programs on the embedded SVM or a cluster, and two oracle nodes (embedded databases) that
// finalize each epoch:
// an operator slashed (jailed) mid-epoch and unjailed before the close earns nothing for that
// epoch and earns again the next; a device transferred after its reports were accepted earns for
// the operator that owned it then.
import { expect } from "chai";
import { Keypair } from "@solana/web3.js";
import { networkFixture, NetworkFixture, databaseFor, nodeConfig, startNode, report, wire, post, get, split, EPOCH_SECS, SLOT_SECS, GRACE_SECS, DISPUTE_SECS, EMISSION, OPERATOR_BPS } from "./fixture";
import { OracleNode } from "../../sdk/src/oracle-node/node/node";
import { executeSlashIx } from "../../sdk/src/network/instructions";
import { fetchNetwork } from "../../sdk/src/network/accounts";
import { DeviceReport } from "../../sdk/src/reports/types";
import { ProofsFile } from "../../sdk/src/rewards/merkle";

const INTERVAL = SLOT_SECS; // uptime: four slots per epoch
const OPERATORS_EMISSION = (EMISSION * BigInt(OPERATOR_BPS)) / 10_000n;

describe("oracle node: jailing and device ownership during the epoch", function () {
  let f: NetworkFixture;
  const nodes: OracleNode[] = [];

  /** A heartbeat in each of the epoch's four slots from each device. */
  function heartbeats(epoch: number, devices: Keypair[]): DeviceReport[] {
    const start = f.genesis + epoch * EPOCH_SECS;
    const out: DeviceReport[] = [];
    for (let slot = 0; slot < 4; slot++) for (const d of devices) out.push(report(d, f.network, epoch, start + slot * INTERVAL + 1));
    return out;
  }

  async function send(reports: DeviceReport[]): Promise<void> {
    for (const n of nodes) {
      await n.mirror.refresh();
      const res = await post(`${n.url}/v1/reports/batch`, { reports: reports.map(wire) });
      expect(res.body.accepted, JSON.stringify(res.body)).to.equal(reports.length);
    }
  }

  /** Both nodes close every due epoch through `epoch`, archiving and voting each. */
  async function closeThrough(epoch: number, from: number): Promise<void> {
    const epochs = Array.from({ length: epoch - from + 1 }, (_, k) => from + k);
    for (const n of nodes) {
      const closed = await n.closeDueEpochs();
      expect(closed.filter((r) => r.state === "archived").map((r) => r.epoch)).to.deep.equal(epochs);
      expect(closed.filter((r) => r.state === "voted").map((r) => r.epoch)).to.deep.equal(epochs);
    }
  }

  async function claims(epoch: number): Promise<Map<string, bigint>> {
    const tree = (await get(`${nodes[0].url}/v1/epochs/${epoch}/tree`)).body as unknown as ProofsFile;
    return new Map(tree.claims.map((c) => [c.operator, BigInt(c.amount)]));
  }

  before(async () => {
    f = await networkFixture(3, 2);
    for (let i = 0; i < 2; i++) {
      nodes.push(await startNode(f, f.oracles[i], nodeConfig(f, await databaseFor("embedded"), { policy: { name: "uptime", params: { heartbeatIntervalSecs: INTERVAL } } })));
    }
  });

  after(async () => {
    for (const n of nodes) await n.stop();
  });

  it("an operator jailed mid-epoch and unjailed before the close earns nothing for it; a device transferred after its reports were accepted pays its old owner", async () => {
    const [keeper, slashed, seller] = f.operators;
    // The slash, its dispute window and the unjail happen inside one epoch (0 on the embedded SVM).
    const e = await f.epochWithRoom((EPOCH_SECS * 2) / 3);
    await f.at(e, Math.max(1, EPOCH_SECS / 36));
    // Slash `slashed`: two oracles approve (the proposer's proposal is its approval), the dispute window passes, anyone executes (jails).
    const oracle0 = f.gw.oracle(f.network, f.oracles[0]);
    const proposal = await oracle0.proposeSlash(slashed.wallet.publicKey, 100, 3, Array(32).fill(7));
    await f.gw.oracle(f.network, f.oracles[1]).approveSlash(proposal);
    await f.env.waitSeconds(DISPUTE_SECS + 1);
    const state = await fetchNetwork(f.gw.ctx.network, f.network);
    await f.gw.ctx.send([await executeSlashIx(f.gw.ctx.network, { network: f.network, ...proposal, mint: f.mint, treasury: state.treasury })]);
    expect((await f.gw.ctx.network.account.operator.fetch(proposal.operator)).jailed).to.equal(1);
    // It tops its stake back up and the authority unjails it, all within the epoch.
    await f.gw.operator(f.network, slashed.wallet).stake(100);
    await f.gw.team(f.team).unjail(f.network, slashed.wallet.publicKey);
    expect((await f.gw.ctx.network.account.operator.fetch(proposal.operator)).jailed).to.equal(0);
    expect(await f.env.now()).to.be.lessThan(f.genesis + (e + 1) * EPOCH_SECS);

    // The epoch's heartbeats, accepted while every operator is unjailed: 8 slots each for keeper and
    // slashed, 4 for the seller's first device.
    await f.at(e, EPOCH_SECS - 10);
    await send([...heartbeats(e, [...keeper.devices, ...slashed.devices, seller.devices[0]])]);
    // The seller's device goes to the keeper after its reports were accepted (the keeper stakes for it).
    await f.gw.operator(f.network, keeper.wallet).stake(1_000);
    await f.gw.operator(f.network, seller.wallet).transferDevice(seller.devices[0].publicKey, keeper.wallet);

    await f.at(e + 1, GRACE_SECS + 1);
    await closeThrough(e, 0);
    const archives = await Promise.all(nodes.map((n) => n.store.archive(e)));
    expect(archives[0]!.root.equals(archives[1]!.root)).to.equal(true);
    const record = JSON.parse((await nodes[0].store.archive(e))!.record) as { jailedOperators: string[] };
    expect(record.jailedOperators).to.deep.equal([slashed.wallet.publicKey.toBase58()]);
    const c0 = await claims(e);
    // Weights keeper 8, seller 4 (its device's slots, though the keeper owns it now), slashed dropped:
    // in epoch 0, 80,000 × 8/12 = 53,333.33…, × 4/12 = 26,666.66…; the last unit to the larger
    // remainder. (Epochs before it, with no reports, carried their emission into it.)
    expect(OPERATORS_EMISSION).to.equal(80_000n);
    const [keeperShare, sellerShare] = split(BigInt(e + 1) * OPERATORS_EMISSION, [8n, 4n]);
    if (e === 0) expect([keeperShare, sellerShare]).to.deep.equal([53_333n, 26_667n]);
    expect(c0.get(keeper.wallet.publicKey.toBase58())).to.equal(keeperShare);
    expect(c0.get(seller.wallet.publicKey.toBase58())).to.equal(sellerShare);
    expect(c0.has(slashed.wallet.publicKey.toBase58())).to.equal(false);

    // The next epoch: the unjailed operator earns again (equal weights with the keeper's own two devices).
    await f.at(e + 1, EPOCH_SECS - 10);
    await send(heartbeats(e + 1, [...keeper.devices, ...slashed.devices]));
    await f.at(e + 2, GRACE_SECS + 1);
    await closeThrough(e + 1, e + 1);
    const record1 = JSON.parse((await nodes[0].store.archive(e + 1))!.record) as { jailedOperators: string[] };
    expect(record1.jailedOperators).to.deep.equal([]);
    const c1 = await claims(e + 1);
    expect(c1.get(slashed.wallet.publicKey.toBase58())).to.equal(40_000n);
    expect(c1.get(keeper.wallet.publicKey.toBase58())).to.equal(keeperShare + 40_000n);
  });
});
