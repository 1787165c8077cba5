// `groundwork oracle serve` as a process: reports answered 201 survive a kill -9 of the node, on
// the embedded database and on PostgreSQL. The node reads the suite's chain: the cluster's RPC URL
// (ANCHOR_PROVIDER_URL), or on the embedded SVM a state file saved from it (`rpcUrl: embedded:<file>`).
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { ChildProcess, spawn } from "child_process";
import { reportId, fromWire, encodeReportMessage } from "../../sdk/src/reports/format";
import { networkFixture, NetworkFixture, databaseFor, report, wire, post, get, tmpDir, pgUrl, Backend, EPOCH_SECS, SLOT_SECS } from "./fixture";

const BIN = path.join(__dirname, "..", "..", "bin", "groundwork");

function serve(configFile: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(BIN, ["oracle", "serve", "--config", configFile], { stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    const timer = setTimeout(() => reject(new Error(`the node did not start in 120 s:\n${err}`)), 120_000);
    child.stdout!.on("data", (b: Buffer) => {
      out += b.toString();
      const m = /\{"listening":"([^"]+)"\}/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1] });
      }
    });
    child.stderr!.on("data", (b: Buffer) => (err += b.toString()));
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the node exited (${code}) before listening:\n${err}`));
    });
  });
}

function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners("exit");
    child.on("exit", () => resolve());
    child.kill("SIGKILL");
  });
}

describe("oracle node: kill -9 durability (a node process)", function () {
  let f: NetworkFixture;
  let dir: string;
  let rpcUrl: string;
  let oracleFile: string;

  before(async function () {
    f = await networkFixture(1, 2);
    await f.at(0, SLOT_SECS);
    dir = tmpDir("kill9");
    rpcUrl = process.env.ANCHOR_PROVIDER_URL ?? `embedded:${path.join(dir, "chain.bin")}`;
    f.env.svm?.svm.saveToFile(rpcUrl.slice("embedded:".length));
    oracleFile = path.join(dir, "oracle.json");
    fs.writeFileSync(oracleFile, JSON.stringify(Array.from(f.oracles[0].secretKey)));
  });

  for (const backend of ["embedded", "postgres"] as Backend[]) {
    it(`keeps every report answered 201 across kill -9 and restart (${backend} database)`, async function () {
      if (backend === "postgres" && !pgUrl()) throw new Error("GROUNDWORK_TEST_PG_URL is not set (npm test starts a PostgreSQL server)");
      const configFile = path.join(dir, `node-${backend}.json`);
      fs.writeFileSync(configFile, JSON.stringify({
        network: f.network.toBase58(), rpcUrl,
        policy: { name: "uptime", params: { heartbeatIntervalSecs: SLOT_SECS } }, graceSecs: EPOCH_SECS,
        oracleKeypair: oracleFile, database: await databaseFor(backend), listen: { host: "127.0.0.1", port: 0 }, closeCheckSecs: 0,
        // A whole epoch of tolerance: on a cluster the restarts take real seconds, and the replay
        // must still be checked as a replay (not refused as late) after them.
        ingest: { timestampToleranceSecs: EPOCH_SECS },
      }));
      let node = await serve(configFile);
      const ids: string[] = [];
      const device = f.operators[0].devices[0];
      // Reports of the chain's current epoch, at its current time (random nonces: distinct reports).
      const ts = await f.env.now();
      const epoch = Math.floor((ts - f.genesis) / EPOCH_SECS);
      const first = report(device, f.network, epoch, ts);
      try {
        for (let i = 0; i < 20; i++) {
          const res = await post(`${node.url}/v1/reports`, wire(i === 0 ? first : report(device, f.network, epoch, ts)));
          expect(res.status).to.equal(201);
          ids.push(String(res.body.id));
        }
        const batch = await post(`${node.url}/v1/reports/batch`, { reports: Array.from({ length: 30 }, () => wire(report(f.operators[0].devices[1], f.network, epoch, ts))) });
        expect(batch.body.accepted).to.equal(30);
        for (const r of batch.body.results as Array<{ id: string }>) ids.push(r.id);
      } finally {
        await killHard(node.child);
      }
      node = await serve(configFile);
      try {
        const page = await get(`${node.url}/v1/epochs/${epoch}/reports?limit=5000`);
        const stored = (page.body.reports as Parameters<typeof fromWire>[0][]).map((w) => reportId(encodeReportMessage(fromWire(w))));
        expect(stored.sort()).to.deep.equal([...ids].sort());
        // And the restarted node still refuses them as replays.
        const again = await post(`${node.url}/v1/reports`, wire(first));
        expect([again.status, again.body.code]).to.deep.equal([409, "duplicate"]);
        expect((await get(`${node.url}/health`)).body.reports).to.equal(50);
      } finally {
        await killHard(node.child);
      }
    });
  }
});
