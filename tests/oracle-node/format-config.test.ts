// Pure logic of the oracle node: the report encoding byte by byte (as docs/oracle.md states it),
// signatures, the wire form, and the config file's validation messages.
import { expect } from "chai";
import { createHash } from "crypto";
import { Keypair, PublicKey } from "@solana/web3.js";
import { encodeReportMessage, decodeReportMessage, signReport, verifyReport, reportId, toWire, fromWire, REPORT_DOMAIN, ReportFormatError, ed25519Verify } from "../../sdk/src/reports/format";
import { parseConfig, ConfigError } from "../../sdk/src/oracle-node/config/config";

describe("oracle node: report format", () => {
  const device = Keypair.generate();
  const network = new PublicKey(Buffer.alloc(32, 7));
  const witnessed = new PublicKey(Buffer.alloc(32, 9));

  it("lays a witness report out as documented (tag, version, keys, LE integers, kind, payload)", () => {
    const r = signReport(device, { network, epoch: 258, timestamp: -2, nonce: 0x0102030405060708n, payload: { kind: "witness", witnessed, cell: 0xaabbn } });
    const m = encodeReportMessage(r);
    expect(m.length).to.equal(148);
    expect(m.subarray(0, 18).toString("latin1")).to.equal("groundwork:report\0");
    expect(REPORT_DOMAIN.length).to.equal(18);
    expect(m[18]).to.equal(1);
    expect(m.subarray(19, 51).equals(network.toBuffer())).to.equal(true);
    expect(m.subarray(51, 83).equals(device.publicKey.toBuffer())).to.equal(true);
    expect(m.subarray(83, 91).toString("hex")).to.equal("0201000000000000");
    expect(m.subarray(91, 99).toString("hex")).to.equal("feffffffffffffff");
    expect(m.subarray(99, 107).toString("hex")).to.equal("0807060504030201");
    expect(m[107]).to.equal(1);
    expect(m.subarray(108, 140).equals(witnessed.toBuffer())).to.equal(true);
    expect(m.subarray(140, 148).toString("hex")).to.equal("bbaa000000000000");
    expect(reportId(m)).to.equal(createHash("sha256").update(m).digest("hex"));
  });

  it("sizes heartbeat (108) and work (148: units then customer) reports", () => {
    const hb = encodeReportMessage(signReport(device, { network, epoch: 0, timestamp: 1, payload: { kind: "heartbeat" } }));
    expect([hb.length, hb[107]]).to.deep.equal([108, 0]);
    const customer = Keypair.generate().publicKey;
    const w = encodeReportMessage(signReport(device, { network, epoch: 0, timestamp: 1, payload: { kind: "work", units: 5n, customer } }));
    expect([w.length, w[107], w.readBigUInt64LE(108)]).to.deep.equal([148, 2, 5n]);
    expect(w.subarray(116, 148).equals(customer.toBuffer())).to.equal(true);
  });

  it("signs with the device key (ed25519 over the exact bytes) and round-trips through bytes and JSON", () => {
    const r = signReport(device, { network, epoch: 3, timestamp: 1_767_225_600, payload: { kind: "work", units: 18446744073709551615n, customer: witnessed } });
    expect(verifyReport(r)).to.equal(true);
    expect(ed25519Verify(device.publicKey, encodeReportMessage(r), r.signature)).to.equal(true);
    expect(ed25519Verify(Keypair.generate().publicKey, encodeReportMessage(r), r.signature)).to.equal(false);
    const back = decodeReportMessage(encodeReportMessage(r), r.signature);
    expect(encodeReportMessage(back).equals(encodeReportMessage(r))).to.equal(true);
    const wire = JSON.parse(JSON.stringify(toWire(r)));
    expect(wire.units).to.equal("18446744073709551615");
    const fromJson = fromWire(wire);
    expect(verifyReport(fromJson)).to.equal(true);
    expect(encodeReportMessage(fromJson).equals(encodeReportMessage(r))).to.equal(true);
  });

  it("decodes strictly: wrong tag, version, kind or length are errors", () => {
    const m = encodeReportMessage(signReport(device, { network, epoch: 0, timestamp: 1, payload: { kind: "heartbeat" } }));
    const sig = new Uint8Array(64);
    const bad = (mutate: (b: Buffer) => Buffer) => () => decodeReportMessage(mutate(Buffer.from(m)), sig);
    expect(bad((b) => { b[0] ^= 1; return b; })).to.throw(ReportFormatError, /not a Groundwork report/);
    expect(bad((b) => { b[18] = 2; return b; })).to.throw(ReportFormatError, /version 2/);
    expect(bad((b) => { b[107] = 9; return b; })).to.throw(ReportFormatError, /unknown report kind/);
    expect(bad((b) => Buffer.concat([b, Buffer.alloc(1)]))).to.throw(ReportFormatError, /108 bytes, not 109/);
    expect(() => fromWire({ ...toWire(signReport(device, { network, epoch: 0, timestamp: 1, payload: { kind: "heartbeat" } })), extra: 1 } as never)).to.throw(/unknown field "extra"/);
  });
});

describe("oracle node: config validation", () => {
  const base = {
    network: Keypair.generate().publicKey.toBase58(), rpcUrl: "http://127.0.0.1:8899", policy: { name: "uptime", params: { heartbeatIntervalSecs: 900 } },
    graceSecs: 600, oracleKeypair: "oracle.json", database: { embedded: "db" },
  };

  it("fills defaults and resolves relative paths against the config's directory", () => {
    const c = parseConfig(base, "node.json", "/etc/groundwork");
    expect(c.oracleKeypair).to.equal("/etc/groundwork/oracle.json");
    expect(c.database).to.deep.equal({ embedded: "/etc/groundwork/db" });
    expect(c.listen).to.deep.equal({ host: "127.0.0.1", port: 8080 });
    expect(c.ingest.maxBatch).to.equal(1000);
  });

  it("names the field in every error", () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ ...base, network: "nope" }, /"network" is not a base58 public key/],
      [{ ...base, database: { url: "mysql://x" } }, /"database.url" must be a postgres:\/\/ URL/],
      [{ ...base, database: {} }, /"database" must be/],
      [{ ...base, graceSecs: -1 }, /"graceSecs" must be an integer/],
      [{ ...base, graceSecs: 100 }, /"graceSecs" \(100\) must be at least "ingest.timestampToleranceSecs" \(300\)/],
      [{ ...base, peers: ["ftp://x"] }, /"peers\[0\]" must be an http\(s\) URL/],
      [{ ...base, listen: { port: 70_000 } }, /"listen.port" must be an integer in \[0, 65535\]/],
      [{ ...base, ingest: { maxBatch: 0 } }, /"ingest.maxBatch"/],
      [{ ...base, ingest: { typo: 1 } }, /unknown field "ingest.typo"/],
      [{ ...base, extra: true }, /unknown field "extra"/],
      [{ ...base, policy: { name: "uptime", params: { x: [1] } } }, /"policy.params.x" must be a string or a number/],
    ];
    for (const [raw, message] of cases) expect(() => parseConfig(raw, "node.json"), String(message)).to.throw(ConfigError, message);
  });
});
