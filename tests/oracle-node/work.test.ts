// The `work` policy through the node: what customers paid each operator is read from the credits
// program's CreditsSpent events (usage_ref = the operator's wallet), so an operator paying itself
// for fake work is credited with no more units than its own burn paid for.
import { expect } from "chai";
import { Keypair } from "@solana/web3.js";
import { networkFixture, NetworkFixture, databaseFor, nodeConfig, startNode, report, wire, post, get, EMISSION, OPERATOR_BPS } from "./fixture";
import { OracleNode } from "../../sdk/src/oracle-node/node/node";
import { ProofsFile } from "../../sdk/src/rewards/merkle";

// [embedded-only]: the epoch ends by moving the embedded SVM's clock.
describe("oracle node: the work policy capped by credits paid on chain [embedded-only]", function () {
  let f: NetworkFixture;
  let node: OracleNode;

  before(async () => {
    f = await networkFixture(2, 1, { customers: 1 });
    node = await startNode(f, f.oracles[0], nodeConfig(f, await databaseFor("embedded"), { policy: { name: "work", params: { priceCredits: 1, priceUnits: 1 } } }));
  });

  after(async () => node?.stop());

  it("credits an honest operator for the units its customer paid, and a self-dealer only for what it burned", async () => {
    await f.at(0, 100);
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

    await node.mirror.refresh();
    const ts = f.genesis + 200;
    const reports = [
      report(honest.devices[0], f.network, 0, ts, { kind: "work", units: 500n, customer: f.customers[0].publicKey }),
      report(selfDealer.devices[0], f.network, 0, ts, { kind: "work", units: 100_000n, customer: selfDealer.wallet.publicKey }),
    ];
    expect((await post(`${node.url}/v1/reports/batch`, { reports: reports.map(wire) })).body.accepted).to.equal(2);

    await f.at(1, 601);
    const closed = await node.closeDueEpochs();
    expect(closed.map((r) => r.state)).to.deep.equal(["archived", "voted"]);
    const tree = (await get(`${node.url}/v1/epochs/0/tree`)).body as unknown as ProofsFile;
    const amounts = new Map(tree.claims.map((c) => [c.operator, BigInt(c.amount)]));
    // Units counted: honest 500 (paid 1,000), self-dealer 10 (paid 10): 80,000 splits 500 : 10, i.e.
    // 78,431.37… and 1,568.62…; the one unit of rounding goes to the larger remainder.
    expect((EMISSION * BigInt(OPERATOR_BPS)) / 10_000n).to.equal(80_000n);
    expect(amounts.get(honest.wallet.publicKey.toBase58())).to.equal(78_431n);
    expect(amounts.get(selfDealer.wallet.publicKey.toBase58())).to.equal(1_569n);
  });
});
