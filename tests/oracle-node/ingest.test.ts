// Ingest through the real HTTP server on loopback, on both databases, on the embedded SVM or a
// cluster: every rejection reason gets its status and code and stores nothing; accepted reports are
// stored once; malformed input never produces a 500. One network for both databases (its jailed
// operator waits out one dispute window), each database's node on its own epoch.
import { expect } from "chai";
import fc from "fast-check";
import { Keypair, PublicKey } from "@solana/web3.js";
import { networkFixture, NetworkFixture, databaseFor, nodeConfig, startNode, report, wire, post, get, Backend, pgUrl, DISPUTE_SECS, EPOCH_SECS, TOLERANCE_SECS } from "./fixture";
import { OracleNode } from "../../sdk/src/oracle-node/node/node";
import { executeSlashIx } from "../../sdk/src/network/instructions";
import { encodeReportMessage, ed25519Sign, reportId, toWire } from "../../sdk/src/reports/format";

async function jail(f: NetworkFixture, wallet: PublicKey): Promise<void> {
  const proposal = await f.gw.oracle(f.network, f.oracles[0]).proposeSlash(wallet, 100, 1, Array(32).fill(7));
  await f.gw.oracle(f.network, f.oracles[1]).approveSlash(proposal);
  await f.env.waitSeconds(DISPUTE_SECS + 1);
  const { treasury } = await f.gw.ctx.network.account.network.fetch(f.network);
  await f.gw.ctx.send([await executeSlashIx(f.gw.ctx.network, { network: f.network, operator: proposal.operator, evidenceHash: proposal.evidenceHash, mint: f.mint, treasury })]);
}

describe("oracle node: ingest", function () {
  let f: NetworkFixture;

  before(async function () {
    if (!pgUrl()) throw new Error("GROUNDWORK_TEST_PG_URL is not set (npm test starts a PostgreSQL server)");
    f = await networkFixture();
    // Operator 2 is jailed; operator 1's second device is deactivated.
    await jail(f, f.operators[2].wallet.publicKey);
    await f.gw.operator(f.network, f.operators[1].wallet).deactivateDevice(f.operators[1].devices[1].publicKey);
  });

  for (const backend of ["embedded", "postgres"] as Backend[]) {
    describe(`${backend} database`, function () {
      let node: OracleNode;
      let url: string;
      let epoch: number;
      let start: number;

      before(async function () {
        // An epoch with room for the cases below, a third of the way in (every report's timestamp is then in the past).
        epoch = await f.epochWithRoom((EPOCH_SECS * 2) / 3);
        start = f.genesis + epoch * EPOCH_SECS;
        await f.at(epoch, EPOCH_SECS / 3);
        node = await startNode(f, f.oracles[0], nodeConfig(f, await databaseFor(backend), { ingest: { timestampToleranceSecs: TOLERANCE_SECS, ratePerDevice: 5, bodyLimitBytes: 4096, maxBatch: 8 } }));
        url = node.url;
      });

      after(async () => {
        await node?.stop();
      });

      const ts = () => start + 1;

      it("accepts a signed heartbeat from an active device (201, id = sha256 of the message) and stores it once", async () => {
        const r = report(f.operators[0].devices[0], f.network, epoch, ts());
        const res = await post(`${url}/v1/reports`, wire(r));
        expect(res.status).to.equal(201);
        expect(res.body.status).to.equal("accepted");
        expect(res.body.id).to.equal(reportId(encodeReportMessage(r)));
        expect(await node.store.countReports(epoch)).to.equal(1);
      });

      it("rejects each bad report with its status and reason code, and stores none of them", async () => {
        const dev = f.operators[0].devices[1];
        const before = await node.store.countReports();
        const good = report(dev, f.network, epoch, ts());
        const otherNetwork = report(dev, Keypair.generate().publicKey, epoch, ts());
        const forged = { ...wire(good), nonce: (good.nonce + 1n).toString() };
        const signedByOther = { ...wire(good), signature: Buffer.from(ed25519Sign(Keypair.generate(), encodeReportMessage(good))).toString("hex") };
        const cases: Array<[string, number, string, unknown]> = [
          ["missing field", 400, "bad_shape", (({ nonce: _n, ...rest }) => rest)(wire(good))],
          ["extra field", 400, "bad_shape", { ...wire(good), extra: 1 }],
          ["version as a string", 400, "bad_shape", { ...wire(good), version: "1" }],
          ["u64 out of range", 400, "bad_shape", { ...wire(good), nonce: "18446744073709551616" }],
          ["witness without its fields", 400, "bad_shape", { ...wire(good), kind: "witness" }],
          ["version 2", 400, "bad_version", { ...wire(good), version: 2 }],
          ["another network", 400, "wrong_network", wire(otherNetwork)],
          ["a field changed after signing", 401, "bad_signature", forged],
          ["signed by another key", 401, "bad_signature", signedByOther],
          ["an unregistered device", 403, "unknown_device", wire(report(Keypair.generate(), f.network, epoch, ts()))],
          ["a deactivated device", 403, "inactive_device", wire(report(f.operators[1].devices[1], f.network, epoch, ts()))],
          ["a jailed operator's device", 403, "operator_jailed", wire(report(f.operators[2].devices[0], f.network, epoch, ts()))],
          ["a timestamp in another epoch", 422, "timestamp_outside_epoch", wire(report(dev, f.network, epoch, start + EPOCH_SECS + TOLERANCE_SECS + 2))],
          ["a timestamp before the epoch", 422, "timestamp_outside_epoch", wire(report(dev, f.network, epoch + 1, start + EPOCH_SECS - TOLERANCE_SECS - 2))],
          ["a timestamp in the future", 422, "timestamp_outside_epoch", wire(report(dev, f.network, epoch, (await f.env.now()) + 3 * TOLERANCE_SECS))],
        ];
        for (const [what, status, code, body] of cases) {
          const res = await post(`${url}/v1/reports`, body);
          expect(res.status, what).to.equal(status);
          expect(res.body.code, what).to.equal(code);
          expect(res.body.message, what).to.be.a("string");
        }
        expect(await node.store.countReports()).to.equal(before);

        // Transport-level rejections.
        const notJson = await post(`${url}/v1/reports`, null, { text: "{not json" });
        expect([notJson.status, notJson.body.code]).to.deep.equal([400, "bad_json"]);
        const text = await post(`${url}/v1/reports`, null, { contentType: "text/plain", text: "hello" });
        expect([text.status, text.body.code]).to.deep.equal([415, "unsupported_media_type"]);
        const big = await post(`${url}/v1/reports`, { ...wire(good), pad: "x".repeat(5_000) });
        expect([big.status, big.body.code]).to.deep.equal([413, "body_too_large"]);
        const batchTooBig = await post(`${url}/v1/reports/batch`, { reports: Array(9).fill(wire(good)) });
        expect([batchTooBig.status, batchTooBig.body.code]).to.deep.equal([400, "bad_shape"]);
        expect(await node.store.countReports()).to.equal(before);

        // The rejections are counted by reason.
        const metrics = await (await fetch(`${url}/metrics`)).text();
        for (const code of ["bad_shape", "bad_version", "wrong_network", "bad_signature", "unknown_device", "inactive_device", "operator_jailed", "timestamp_outside_epoch"]) {
          expect(metrics, code).to.match(new RegExp(`groundwork_reports_rejected_total\\{reason="${code}"\\} [1-9]`));
        }
      });

      it("rejects a replay of an accepted report (409 duplicate) and keeps one copy", async () => {
        const r = report(f.operators[0].devices[0], f.network, epoch, ts());
        expect((await post(`${url}/v1/reports`, wire(r))).status).to.equal(201);
        const count = await node.store.countReports();
        const again = await post(`${url}/v1/reports`, wire(r));
        expect([again.status, again.body.code]).to.deep.equal([409, "duplicate"]);
        expect(await node.store.countReports()).to.equal(count);
      });

      it("rate-limits each device (429) without limiting the others", async () => {
        const dev = f.operators[1].devices[0];
        const statuses: number[] = [];
        for (let i = 0; i < 7; i++) statuses.push((await post(`${url}/v1/reports`, wire(report(dev, f.network, epoch, ts() + i)))).status);
        // Five per window; the window may turn during the loop, so at least one 429 after five 201s.
        expect(statuses.slice(0, 5)).to.deep.equal([201, 201, 201, 201, 201]);
        expect(statuses.slice(5)).to.include(429);
        const other = await post(`${url}/v1/reports`, wire(report(f.operators[0].devices[1], f.network, epoch, ts())));
        expect(other.status).to.equal(201);
      });

      it("takes batches: one outcome per report, the good ones stored, duplicates inside the batch caught", async () => {
        const a = report(f.operators[0].devices[1], f.network, epoch, ts() + 8, { kind: "witness", witnessed: f.operators[1].devices[0].publicKey, cell: 12345n });
        const b = report(f.operators[0].devices[1], f.network, epoch, ts() + 9, { kind: "work", units: 77n, customer: Keypair.generate().publicKey });
        const forged = { ...wire(a), cell: "1" };
        const before = await node.store.countReports();
        const res = await post(`${url}/v1/reports/batch`, { reports: [wire(a), wire(b), forged, wire(a), { nonsense: true }] });
        expect(res.status).to.equal(200);
        expect(res.body.accepted).to.equal(2);
        const results = res.body.results as Array<Record<string, unknown>>;
        expect(results.map((x) => x.status ?? x.code)).to.deep.equal(["accepted", "accepted", "bad_signature", "duplicate", "bad_shape"]);
        expect(await node.store.countReports()).to.equal(before + 2);
        // Served back to peers exactly as signed.
        const page = await get(`${url}/v1/epochs/${epoch}/reports?limit=1000`);
        const served = (page.body.reports as Array<Record<string, unknown>>).map((w) => w.signature);
        expect(served).to.include(toWire(a).signature);
        expect(served).to.include(toWire(b).signature);
      });

      it("refuses a report that arrives after its epoch ended plus the tolerance (late_report)", async () => {
        const r = report(f.operators[0].devices[0], f.network, epoch, ts() + 10);
        await f.at(epoch + 1, TOLERANCE_SECS + 1);
        await node.mirror.refresh();
        const before = await node.store.countReports();
        const res = await post(`${url}/v1/reports`, wire(r));
        expect([res.status, res.body.code]).to.deep.equal([422, "late_report"]);
        expect(await node.store.countReports()).to.equal(before);
      });

      it("answers arbitrary bodies with a 4xx JSON {code, message}, never a 500", async () => {
        await fc.assert(fc.asyncProperty(fc.oneof(fc.jsonValue(), fc.record({ reports: fc.array(fc.jsonValue(), { maxLength: 3 }) })), fc.constantFrom("/v1/reports", "/v1/reports/batch"), async (body, route) => {
          const res = await post(`${url}${route}`, body);
          if (res.status >= 500) throw new Error(`${route} answered ${res.status} to ${JSON.stringify(body)}`);
          if (res.status >= 400) expect(res.body.code).to.be.a("string");
        }), { numRuns: 60 });
        const health = await get(`${url}/health`);
        expect(health.body.status).to.equal("ok");
        expect(health.body.database).to.equal(backend);
      });
    });
  }
});

