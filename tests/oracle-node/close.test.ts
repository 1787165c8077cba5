// Epoch close across nodes, with the real programs on the embedded SVM or a cluster: three oracle nodes with
// separate databases (embedded and PostgreSQL) given the same reports archive byte-identical roots
// and finalize the epoch on chain; a fourth node that missed reports converges by pulling its
// peers (and refuses a lying peer's forgeries); an operator claims end to end through the proofs
// API; a restarted node never votes twice.
import { expect } from "chai";
import Fastify from "fastify";
import { Keypair, PublicKey } from "@solana/web3.js";
import { getAssociatedTokenAddressSync, getAccount } from "@solana/spl-token";
import { networkFixture, NetworkFixture, databaseFor, nodeConfig, startNode, report, wire, post, get, pgUrl, EPOCH_SECS, SLOT_SECS, GRACE_SECS, EMISSION, OPERATOR_BPS } from "./fixture";
import { OracleNode } from "../../sdk/src/oracle-node/node/node";
import { OracleNodeConfig } from "../../sdk/src/oracle-node/config/config";
import { fetchEpochVotes, fetchRewardsConfig } from "../../sdk/src/rewards/accounts";
import { verifyProof, ProofsFile } from "../../sdk/src/rewards/merkle";
import { DeviceReport } from "../../sdk/src/reports/types";
import { toWire } from "../../sdk/src/reports/format";

const INTERVAL = SLOT_SECS; // uptime: four slots per epoch
const OPERATORS_EMISSION = (EMISSION * BigInt(OPERATOR_BPS)) / 10_000n;

describe("oracle node: epoch close, peers, proofs and claims", function () {
  let f: NetworkFixture;
  const nodes: OracleNode[] = [];
  let configs: OracleNodeConfig[];
  let epoch0: DeviceReport[];
  let lyingPeer: ReturnType<typeof Fastify>;

  /** Heartbeats: operator 0's two devices in every slot, operator 1's first device in two slots, operator 2 none. */
  function heartbeats(epoch: number): DeviceReport[] {
    const start = f.genesis + epoch * EPOCH_SECS;
    const out: DeviceReport[] = [];
    for (let slot = 0; slot < 4; slot++) {
      for (const d of f.operators[0].devices) out.push(report(d, f.network, epoch, start + slot * INTERVAL + 1));
      if (slot < 2) out.push(report(f.operators[1].devices[0], f.network, epoch, start + slot * INTERVAL + 2));
    }
    return out;
  }

  before(async function () {
    if (!pgUrl()) throw new Error("GROUNDWORK_TEST_PG_URL is not set (npm test starts a PostgreSQL server)");
    f = await networkFixture();
    // A peer that lies: it serves a forged report (signature of another message) and one from an unregistered device.
    lyingPeer = Fastify();
    lyingPeer.get("/v1/epochs/:epoch/reports", async () => {
      const forged = { ...toWire(report(f.operators[2].devices[0], f.network, 0, f.genesis + 1)), nonce: "1" };
      const stranger = toWire(report(Keypair.generate(), f.network, 0, f.genesis + 1));
      return { epoch: 0, reports: [forged, stranger], next: null };
    });
    await lyingPeer.listen({ host: "127.0.0.1", port: 0 });
    const addr = lyingPeer.server.address();
    const lyingUrl = typeof addr === "object" && addr ? `http://127.0.0.1:${addr.port}` : "";

    const backends = ["embedded", "postgres", "embedded"] as const;
    configs = [];
    for (let i = 0; i < 3; i++) {
      configs.push(nodeConfig(f, await databaseFor(backends[i]), { policy: { name: "uptime", params: { heartbeatIntervalSecs: INTERVAL } } }));
      nodes.push(await startNode(f, f.oracles[i], configs[i]));
    }
    // Node 3 is not in the oracle set (an archive and proofs server); it pulls from the others and the liar.
    const cfg3 = nodeConfig(f, await databaseFor("postgres"), {
      policy: { name: "uptime", params: { heartbeatIntervalSecs: INTERVAL } },
      peers: [nodes[0].url, nodes[1].url, nodes[2].url, lyingUrl],
    });
    configs.push(cfg3);
    nodes.push(await startNode(f, Keypair.generate(), cfg3));

    epoch0 = heartbeats(0);
    await f.at(0, EPOCH_SECS - 10);
    for (const n of nodes) await n.mirror.refresh();
    for (const n of nodes.slice(0, 3)) {
      const res = await post(`${n.url}/v1/reports/batch`, { reports: epoch0.map(wire) });
      expect(res.body.accepted, n.url).to.equal(epoch0.length);
    }
    // Node 3 heard only two of them.
    const res = await post(`${nodes[3].url}/v1/reports/batch`, { reports: epoch0.slice(0, 2).map(wire) });
    expect(res.body.accepted).to.equal(2);
  });

  after(async () => {
    for (const n of nodes) await n.stop().catch(() => undefined);
    await lyingPeer?.close();
  });

  it("does not close an epoch before its end plus the grace period; the proofs API says what is missing", async () => {
    // Past the epoch's end, inside the grace period.
    await f.at(1, 1);
    for (const n of nodes) expect(await n.closeDueEpochs()).to.deep.equal([]);
    const url = nodes[0].url;
    const missing = await get(`${url}/v1/epochs/0`);
    expect([missing.status, missing.body.code]).to.deep.equal([404, "epoch_not_archived"]);
    const noRoot = await get(`${url}/v1/operators/${f.operators[0].wallet.publicKey.toBase58()}`);
    expect([noRoot.status, noRoot.body.code]).to.deep.equal([404, "no_root"]);
    for (const bad of ["/v1/epochs/abc", "/v1/operators/not-a-key", "/v1/epochs/0/reports?limit=x", "/v1/epochs/0/reports?after=zz"]) {
      const res = await get(`${url}${bad}`);
      expect([res.status, res.body.code], bad).to.deep.equal([400, "bad_shape"]);
    }
    expect((await get(`${url}/nowhere`)).body.code).to.equal("not_found");
  });

  it("three nodes with separate databases archive the same root; two votes finalize it; the third records it was finalized", async () => {
    await f.at(1, GRACE_SECS + 1);
    const reports = [];
    for (const n of nodes.slice(0, 3)) reports.push(await n.closeDueEpochs());
    const roots = reports.map((r) => r.find((x) => x.state === "archived")!.root);
    expect(new Set(roots).size).to.equal(1);
    expect(reports[0].map((r) => r.state)).to.deep.equal(["archived", "voted"]);
    expect(reports[1].map((r) => r.state)).to.deep.equal(["archived", "voted"]);
    expect(reports[2].map((r) => r.state)).to.deep.equal(["archived", "voted"]);
    expect(reports[2][1].signature).to.equal("finalized-without-this-vote");

    const cfg = await fetchRewardsConfig(f.gw.ctx.rewards, f.network);
    expect(cfg.hasRoot).to.equal(1);
    expect(Buffer.from(cfg.currentRoot).toString("hex")).to.equal(roots[0]);
    const votes = await fetchEpochVotes(f.gw.ctx.rewards, f.network, 0);
    expect(votes!.count).to.equal(2);

    // The archive: exact shares (weights 8 and 2; largest remainder), digests agree across nodes.
    const summaries = await Promise.all(nodes.slice(0, 3).map((n) => get(`${n.url}/v1/epochs/0`)));
    for (const s of summaries) {
      expect(s.body.root).to.equal(roots[0]);
      expect(s.body.reportSetDigest).to.equal(summaries[0].body.reportSetDigest);
      expect(s.body.policyParamsHash).to.equal(summaries[0].body.policyParamsHash);
      expect(s.body.reportCount).to.equal(epoch0.length);
      expect(s.body.epochEmission).to.equal(OPERATORS_EMISSION.toString());
      expect(s.body.leafCount).to.equal(2);
    }
    const tree = (await get(`${nodes[1].url}/v1/epochs/0/tree`)).body as unknown as ProofsFile;
    const amounts = new Map(tree.claims.map((c) => [c.operator, BigInt(c.amount)]));
    expect(amounts.get(f.operators[0].wallet.publicKey.toBase58())).to.equal((OPERATORS_EMISSION * 8n) / 10n);
    expect(amounts.get(f.operators[1].wallet.publicKey.toBase58())).to.equal((OPERATORS_EMISSION * 2n) / 10n);
    for (const c of tree.claims) {
      expect(verifyProof(f.network, { operator: new PublicKey(c.operator), amount: BigInt(c.amount) }, c.proof.map((p) => Buffer.from(p, "hex")), Buffer.from(tree.root, "hex"))).to.equal(true);
    }
  });

  it("a node that missed reports converges on the same root after pulling its peers, refusing a lying peer's forgeries", async () => {
    const [r] = await nodes[3].closeDueEpochs();
    expect(r.state).to.equal("archived");
    expect(r.reportCount).to.equal(epoch0.length);
    const liar = r.peers!.find((p) => p.peer === configs[3].peers[3])!;
    expect([liar.fetched, liar.stored, liar.rejected]).to.deep.equal([2, 0, 2]);
    const first = (await get(`${nodes[0].url}/v1/epochs/0`)).body;
    expect(r.root).to.equal(first.root);
    expect((await get(`${nodes[3].url}/v1/epochs/0`)).body.reportSetDigest).to.equal(first.reportSetDigest);
    // Not an oracle: it archives and serves proofs but never votes.
    expect((await nodes[3].closeDueEpochs()).map((x) => x.state)).to.deep.equal(["not-an-oracle"]);
  });

  it("an operator claims end to end through the proofs API (the proof checked against the on-chain root)", async () => {
    const wallet = f.operators[0].wallet;
    // The route reads the rewards config, the operator's claim status and the clock in one RPC.
    const rpc = f.env.connection as unknown as { _rpcRequest(method: string, args: unknown[]): Promise<unknown> };
    const send = rpc._rpcRequest;
    const methods: string[] = [];
    rpc._rpcRequest = (method, args) => {
      methods.push(method);
      return send.call(f.env.connection, method, args);
    };
    let before: Record<string, unknown>;
    try {
      before = (await get(`${nodes[1].url}/v1/operators/${wallet.publicKey.toBase58()}`)).body;
    } finally {
      rpc._rpcRequest = send;
    }
    expect(methods).to.deep.equal(["getMultipleAccounts"]);
    const expected = (OPERATORS_EMISSION * 8n) / 10n;
    expect([before.cumulative, before.claimed, before.claimable]).to.deep.equal([expected.toString(), "0", expected.toString()]);
    const sent = await f.gw.operator(f.network, wallet).claimFromOracle(nodes[1].url);
    expect(sent!.amount).to.equal(expected);
    const ata = getAssociatedTokenAddressSync(f.mint, wallet.publicKey, true);
    // The operator's ATA held its unstaked tokens (10,000 − 2,000 staked) before the claim.
    expect((await getAccount(f.env.connection, ata)).amount).to.equal(8_000n + expected);
    const after = (await get(`${nodes[3].url}/v1/operators/${wallet.publicKey.toBase58()}`)).body;
    expect([after.claimed, after.claimable]).to.deep.equal([expected.toString(), "0"]);
    // Nothing left: the SDK says so instead of sending a transaction.
    expect(await f.gw.operator(f.network, wallet).claimFromOracle(nodes[0].url)).to.equal(null);
    // An operator with no leaf gets a zero answer, not an error.
    const none = (await get(`${nodes[0].url}/v1/operators/${f.operators[2].wallet.publicKey.toBase58()}`)).body;
    expect([none.cumulative, none.claimable, none.proof]).to.deep.equal(["0", "0", null]);
  });

  it("an operator with a reward split claims through the proofs API: the SDK pays each recipient its share", async () => {
    const wallet = f.operators[1].wallet;
    const host = Keypair.generate().publicKey;
    const operator = f.gw.operator(f.network, wallet);
    await operator.setRewardSplit([{ wallet: wallet.publicKey, bps: 6_000 }, { wallet: host, bps: 4_000 }]);
    const ata = (owner: PublicKey) => getAssociatedTokenAddressSync(f.mint, owner, true);
    const held = (await getAccount(f.env.connection, ata(wallet.publicKey))).amount;
    const sent = await operator.claimFromOracle(nodes[2].url);
    const expected = (OPERATORS_EMISSION * 2n) / 10n;
    expect(sent!.amount).to.equal(expected);
    const hostPart = (expected * 4_000n) / 10_000n;
    expect((await getAccount(f.env.connection, ata(host))).amount).to.equal(hostPart);
    expect((await getAccount(f.env.connection, ata(wallet.publicKey))).amount).to.equal(held + expected - hostPart);
    expect((await get(`${nodes[0].url}/v1/operators/${wallet.publicKey.toBase58()}`)).body.claimable).to.equal("0");
  });

  it("cumulative totals carry into the next epoch; a restarted node neither re-archives nor votes twice", async () => {
    const epoch1 = heartbeats(1);
    await f.at(1, EPOCH_SECS - 10);
    for (const n of nodes.slice(0, 3)) {
      await n.mirror.refresh();
      expect((await post(`${n.url}/v1/reports/batch`, { reports: epoch1.map(wire) })).body.accepted).to.equal(epoch1.length);
    }
    // A node that joins late (oracle 2's key, a fresh database, no peers) never saw epoch 0's
    // reports: its epoch-0 archive is not the finalized root, so it refuses to vote epoch 1.
    const late = await startNode(f, f.oracles[2], nodeConfig(f, await databaseFor("embedded"), { policy: { name: "uptime", params: { heartbeatIntervalSecs: INTERVAL } } }));
    try {
      expect((await post(`${late.url}/v1/reports/batch`, { reports: epoch1.map(wire) })).body.accepted).to.equal(epoch1.length);
      await f.at(2, GRACE_SECS + 1);
      const lateRun = await late.closeDueEpochs();
      expect(lateRun.map((r) => `${r.epoch}:${r.state}`)).to.deep.equal(["0:archived", "1:archived", "0:voted", "1:diverged-from-chain"]);
      expect(lateRun[2].signature).to.equal("finalized-without-this-vote");
      expect(await fetchEpochVotes(f.gw.ctx.rewards, f.network, 1)).to.equal(null);
    } finally {
      await late.stop();
    }

    // Node 0 restarts (same database): it resumes where it was.
    await nodes[0].stop();
    nodes[0] = await startNode(f, f.oracles[0], configs[0]);
    await f.at(2, GRACE_SECS + 1);
    const r0 = await nodes[0].closeDueEpochs();
    const r1 = await nodes[1].closeDueEpochs();
    expect(r0.map((r) => `${r.epoch}:${r.state}`)).to.deep.equal(["1:archived", "1:voted"]);
    expect(r1.map((r) => `${r.epoch}:${r.state}`)).to.deep.equal(["1:archived", "1:voted"]);
    expect(r0[0].root).to.equal(r1[0].root);
    const cfg = await fetchRewardsConfig(f.gw.ctx.rewards, f.network);
    expect(Number(cfg.currentRootEpoch.toString())).to.equal(1);
    const op0 = (await get(`${nodes[0].url}/v1/operators/${f.operators[0].wallet.publicKey.toBase58()}`)).body;
    const perEpoch = (OPERATORS_EMISSION * 8n) / 10n;
    expect([op0.epoch, op0.cumulative, op0.claimed, op0.claimable]).to.deep.equal([1, (2n * perEpoch).toString(), perEpoch.toString(), perEpoch.toString()]);

    // A crash after the vote landed but before it was recorded: the restarted node finds its vote
    // on chain and records it instead of sending it again.
    await nodes[0].store.db.query(`DELETE FROM root_votes WHERE epoch = 1`);
    await nodes[0].stop();
    nodes[0] = await startNode(f, f.oracles[0], configs[0]);
    const again = await nodes[0].closeDueEpochs();
    expect(again.map((r) => `${r.epoch}:${r.state}:${r.signature}`)).to.deep.equal(["1:voted:found-on-chain"]);
    expect((await fetchEpochVotes(f.gw.ctx.rewards, f.network, 1))!.count).to.equal(2);
    expect(await nodes[0].closeDueEpochs()).to.deep.equal([]);
  });
});
