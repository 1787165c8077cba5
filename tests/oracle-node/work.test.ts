// The `work` policy through the node, on the embedded SVM or a cluster: what customers paid each
// operator is read from the credits program's CreditsSpent events (usage_ref = the operator's
// wallet) in the chain's history, so an operator paying itself for fake work is credited with no
// more units than its own burn paid for.
import { expect } from "chai";
import { Keypair } from "@solana/web3.js";
import { networkFixture, NetworkFixture, databaseFor, nodeConfig, startNode, report, wire, post, get, split, EMISSION, OPERATOR_BPS, EPOCH_SECS, GRACE_SECS } from "./fixture";
import { OracleNode } from "../../sdk/src/oracle-node/node/node";
import { ProofsFile } from "../../sdk/src/rewards/merkle";

describe("oracle node: the work policy capped by credits paid on chain", function () {
  let f: NetworkFixture;
  const nodes: OracleNode[] = [];

  before(async () => {
    f = await networkFixture(2, 1, { customers: 1 });
    // Two oracles' nodes: their two votes finalize each epoch (threshold 2).
    for (const oracle of f.oracles.slice(0, 2)) nodes.push(await startNode(f, oracle, nodeConfig(f, await databaseFor("embedded"), { policy: { name: "work", params: { priceCredits: 1, priceUnits: 1 } } })));
  });

  after(async () => {
    for (const n of nodes) await n.stop();
  });

  it("credits an honest operator for the units its customer paid, and a self-dealer only for what it burned", async () => {
    // The spends and reports of one epoch (epoch 0 on the embedded SVM; on a cluster the first
    // with half of it left for the seven transactions).
    const epoch = await f.epochWithRoom(EPOCH_SECS / 2);
    const [honest, selfDealer] = f.operators;
    const customer = f.gw.customer(f.network, f.customers[0]);
    await customer.openCreditsAccount();
    await customer.buyCredits(2_000n);
    await customer.spend(1_000n, honest.wallet.publicKey.toBytes());
    // The self-dealer buys 10 credits with its own tokens and "pays" itself.
    const self = f.gw.customer(f.network, selfDealer.wallet);
    await self.openCreditsAccount();
    await self.buyCredits(10n);
    await self.spend(10n, selfDealer.wallet.publicKey.toBytes());
    // A spend naming nobody's wallet in particular pays no operator of this network.
    await customer.spend(5n, Keypair.generate().publicKey.toBytes());

    const ts = Math.max(f.genesis + epoch * EPOCH_SECS + 1, await f.env.now());
    const reports = [
      report(honest.devices[0], f.network, epoch, ts, { kind: "work", units: 500n, customer: f.customers[0].publicKey }),
      report(selfDealer.devices[0], f.network, epoch, ts, { kind: "work", units: 100_000n, customer: selfDealer.wallet.publicKey }),
    ];
    for (const n of nodes) {
      await n.mirror.refresh();
      expect((await post(`${n.url}/v1/reports/batch`, { reports: reports.map(wire) })).body.accepted).to.equal(2);
    }

    await f.at(epoch + 1, GRACE_SECS + 1);
    for (const n of nodes) {
      const closed = await n.closeDueEpochs();
      const upTo = Array.from({ length: epoch + 1 }, (_, e) => e);
      expect(closed.filter((r) => r.state === "archived").map((r) => r.epoch)).to.deep.equal(upTo);
      expect(closed.filter((r) => r.state === "voted").map((r) => r.epoch)).to.deep.equal(upTo);
    }
    const tree = (await get(`${nodes[0].url}/v1/epochs/${epoch}/tree`)).body as unknown as ProofsFile;
    const amounts = new Map(tree.claims.map((c) => [c.operator, BigInt(c.amount)]));
    // Units counted: honest 500 (paid 1,000), self-dealer 10 (paid 10). Epoch 0 distributes 80,000
    // as 500 : 10, i.e. 78,431.37… and 1,568.62…, the one unit of rounding to the larger remainder
    // (78,431 and 1,569); an epoch before it with no work carried its emission into it.
    const operatorsEmission = (EMISSION * BigInt(OPERATOR_BPS)) / 10_000n;
    expect(operatorsEmission).to.equal(80_000n);
    const [honestShare, selfShare] = split(BigInt(epoch + 1) * operatorsEmission, [500n, 10n]);
    if (epoch === 0) expect([honestShare, selfShare]).to.deep.equal([78_431n, 1_569n]);
    expect(amounts.get(honest.wallet.publicKey.toBase58())).to.equal(honestShare);
    expect(amounts.get(selfDealer.wallet.publicKey.toBase58())).to.equal(selfShare);
  });
});
