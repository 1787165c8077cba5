// What happened during an epoch, not at its close, decides who earns for it — on the embedded SVM
// with the real programs and two oracle nodes (embedded databases) that finalize each epoch:
// an operator slashed (jailed) mid-epoch and unjailed before the close earns nothing for that
// epoch and earns again the next; a device transferred after its reports were accepted earns for
// the operator that owned it then.
import { expect } from "chai";
import { Keypair } from "@solana/web3.js";
import { networkFixture, NetworkFixture, databaseFor, nodeConfig, startNode, report, wire, post, get, EPOCH_SECS, EMISSION, OPERATOR_BPS } from "./fixture";
import { OracleNode } from "../../sdk/src/oracle-node/node/node";
import { executeSlashIx } from "../../sdk/src/network/instructions";
import { fetchNetwork } from "../../sdk/src/network/accounts";
import { DeviceReport } from "../../sdk/src/reports/types";
import { ProofsFile } from "../../sdk/src/rewards/merkle";

const INTERVAL = 900; // uptime: four slots of 15 minutes per one-hour epoch
const OPERATORS_EMISSION = (EMISSION * BigInt(OPERATOR_BPS)) / 10_000n;

describe("oracle node: jailing and device ownership during the epoch [embedded-only]", function () {
  let f: NetworkFixture;
  const nodes: OracleNode[] = [];

  /** A heartbeat in each of the epoch's four slots from each device. */
  function heartbeats(epoch: number, devices: Keypair[]): DeviceReport[] {
    const start = f.genesis + epoch * EPOCH_SECS;
    const out: DeviceReport[] = [];
    for (let slot = 0; slot < 4; slot++) for (const d of devices) out.push(report(d, f.network, epoch, start + slot * INTERVAL + 10));
    return out;
  }

  async function send(reports: DeviceReport[]): Promise<void> {
    for (const n of nodes) {
      await n.mirror.refresh();
      const res = await post(`${n.url}/v1/reports/batch`, { reports: reports.map(wire) });
      expect(res.body.accepted, JSON.stringify(res.body)).to.equal(reports.length);
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
    await f.at(0, 100);
    // Slash `slashed`: two oracles approve (the proposer's proposal is its approval), the 600 s dispute window passes, anyone executes (jails).
    const oracle0 = f.gw.oracle(f.network, f.oracles[0]);
    const proposal = await oracle0.proposeSlash(slashed.wallet.publicKey, 100, 3, Array(32).fill(7));
    await f.gw.oracle(f.network, f.oracles[1]).approveSlash(proposal);
    await f.at(0, 800);
    const state = await fetchNetwork(f.gw.ctx.network, f.network);
    await f.gw.ctx.send([await executeSlashIx(f.gw.ctx.network, { network: f.network, ...proposal, mint: f.mint, treasury: state.treasury })]);
    expect((await f.gw.ctx.network.account.operator.fetch(proposal.operator)).jailed).to.equal(1);
    // It tops its stake back up and the authority unjails it, all within epoch 0.
    await f.gw.operator(f.network, slashed.wallet).stake(100);
    await f.gw.team(f.team).unjail(f.network, slashed.wallet.publicKey);
    expect((await f.gw.ctx.network.account.operator.fetch(proposal.operator)).jailed).to.equal(0);

    // Epoch 0's heartbeats, accepted while every operator is unjailed: 8 slots each for keeper and
    // slashed, 4 for the seller's first device.
    await f.at(0, 3_590);
    await send([...heartbeats(0, [...keeper.devices, ...slashed.devices, seller.devices[0]])]);
    // The seller's device goes to the keeper after its reports were accepted (the keeper stakes for it).
    await f.gw.operator(f.network, keeper.wallet).stake(1_000);
    await f.gw.operator(f.network, seller.wallet).transferDevice(seller.devices[0].publicKey, keeper.wallet);

    await f.at(1, 601);
    for (const n of nodes) expect((await n.closeDueEpochs()).map((r) => r.state)).to.deep.equal(["archived", "voted"]);
    const archives = await Promise.all(nodes.map((n) => n.store.archive(0)));
    expect(archives[0]!.root.equals(archives[1]!.root)).to.equal(true);
    const record = JSON.parse((await nodes[0].store.archive(0))!.record) as { jailedOperators: string[] };
    expect(record.jailedOperators).to.deep.equal([slashed.wallet.publicKey.toBase58()]);
    const c0 = await claims(0);
    // Weights keeper 8, seller 4 (its device's slots, though the keeper owns it now), slashed dropped:
    // 80,000 × 8/12 = 53,333.33…, × 4/12 = 26,666.66…; the last unit to the larger remainder.
    expect(OPERATORS_EMISSION).to.equal(80_000n);
    expect(c0.get(keeper.wallet.publicKey.toBase58())).to.equal(53_333n);
    expect(c0.get(seller.wallet.publicKey.toBase58())).to.equal(26_667n);
    expect(c0.has(slashed.wallet.publicKey.toBase58())).to.equal(false);

    // Epoch 1: the unjailed operator earns again (equal weights with the keeper's own two devices).
    await f.at(1, 3_590);
    await send(heartbeats(1, [...keeper.devices, ...slashed.devices]));
    await f.at(2, 601);
    for (const n of nodes) expect((await n.closeDueEpochs()).map((r) => r.state)).to.deep.equal(["archived", "voted"]);
    const record1 = JSON.parse((await nodes[0].store.archive(1))!.record) as { jailedOperators: string[] };
    expect(record1.jailedOperators).to.deep.equal([]);
    const c1 = await claims(1);
    expect(c1.get(slashed.wallet.publicKey.toBase58())).to.equal(40_000n);
    expect(c1.get(keeper.wallet.publicKey.toBase58())).to.equal(53_333n + 40_000n);
  });
});
