// migrations/demo.ts (`npm run lifecycle`), run as a user runs it: devices report over HTTP to two
// oracle nodes, the nodes agree on every epoch's root and finalize it, operators claim with the
// nodes' proofs, the cheating operator's reports are refused, and the process exits on its own
// with the nodes' temp dirs gone. With ANCHOR_PROVIDER_URL set, the demo runs its cluster mode on
// that cluster (paid by ANCHOR_WALLET), with 3-second demo hours; otherwise on its own embedded SVM.
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.join(__dirname, "..", "..");
const amount = (s: string) => Math.round(Number(s.replace(/,/g, "")) * 1e6);

const CLUSTER = process.env.ANCHOR_PROVIDER_URL;

describe(`migrations/demo: the lifecycle through two oracle nodes (${CLUSTER ? "on the cluster" : "on its own embedded SVM"})`, function () {
  // On a cluster three epochs of 72 s pass in real time, after the set-up.
  this.timeout(CLUSTER ? 900_000 : 300_000);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "groundwork-demo-test-"));
  let run: { status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };

  before(() => {
    // Its own TMPDIR: what the nodes leave behind is visible. The timeout catches a process kept
    // alive by a node that was not stopped.
    const r = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(ROOT, "migrations", "demo.ts")], {
      cwd: ROOT, encoding: "utf8", timeout: CLUSTER ? 840_000 : 240_000, env: { ...process.env, TMPDIR: tmp, TS_NODE_PROJECT: path.join(ROOT, "tsconfig.json") },
    });
    run = { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
  });

  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it("runs to completion and exits on its own, leaving no node directories", () => {
    expect(run.signal, run.stderr).to.equal(null);
    expect(run.status, run.stderr).to.equal(0);
    expect(run.stdout).to.match(/32 steps, 33 transactions, .* reports posted to 2 oracle nodes; [0-9.]+ s\./);
    // Where it ran: the cluster's URL, or the embedded SVM.
    expect(run.stdout).to.include(CLUSTER ? `all on the real programs on ${CLUSTER};` : "all on the real programs in the embedded SVM;");
    expect(fs.readdirSync(tmp).filter((f) => f.startsWith("gw-"))).to.deep.equal([]);
  });

  it("both nodes archive the same root for each of three epochs, and two votes finalize it", () => {
    for (const epoch of [0, 1, 2]) expect(run.stdout).to.include(`2 of 3 oracles voted the same root: epoch ${epoch} is final on chain`);
    const roots = [...run.stdout.matchAll(/^ {2}node ([12]): pulled (\d+) reports from its peer, archived (\d+) reports → 3 leaves, root ([0-9a-f]{16})…, voted$/gm)];
    expect(roots).to.have.length(6);
    for (let e = 0; e < 3; e++) {
      const [a, b] = [roots[2 * e], roots[2 * e + 1]];
      expect([a[1], b[1]]).to.deep.equal(["1", "2"]);
      expect(a[4]).to.equal(b[4]);
      expect(a[3]).to.equal(b[3]);
      // Devices split their reports between the nodes: each had to pull the other's to agree.
      expect(Number(a[2])).to.be.greaterThan(0);
      expect(Number(b[2])).to.be.greaterThan(0);
    }
    expect(new Set(roots.map((r) => r[4])).size).to.equal(3);
  });

  it("refuses every cheating attempt with its reason", () => {
    expect(run.stdout).to.include("mallory replays a heartbeat to the same node: 30 × refused (duplicate)");
    expect(run.stdout).to.include("mallory replays her epoch-0 heartbeats into epoch 1: 10 × refused (late_report)");
    expect(run.stdout).to.include("mallory's spoofed heartbeats (not signed by the device key): 24 × refused (bad_signature)");
    expect(run.stdout).to.include("mallory's deactivated device keeps reporting: 24 × refused (inactive_device)");
    expect(run.stdout).not.to.include("ACCEPTED");
  });

  it("operators claim what the epochs distributed, with proofs from the nodes' API; the rest stays in the vault", () => {
    const distributed = [...run.stdout.matchAll(/^[012] +[0-9a-f]{16}… +\d+ +([0-9,.]+) +([0-9,.]+) +final \(2 of 3\)$/gm)];
    expect(distributed).to.have.length(3);
    for (const d of distributed) expect(d[2]).to.equal(d[1]);
    const total = distributed.reduce((s, d) => s + amount(d[2]), 0);
    const claimed = amount(/^claimed by operators +([0-9,.]+)$/m.exec(run.stdout)![1]);
    const vault = amount(/^rewards vault \(funded, not yet claimed\) +([0-9,.]+)$/m.exec(run.stdout)![1]);
    expect(claimed + vault).to.equal(total);
    // The API's claimable amounts are what is left in the vault.
    const api = [...run.stdout.matchAll(/^(alice|bob|mallory) +2 +([0-9,.]+) +([0-9,.]+) +([0-9,.]+)$/gm)];
    expect(api.map((r) => r[1])).to.deep.equal(["alice", "bob", "mallory"]);
    expect(api.reduce((s, r) => s + amount(r[4]), 0)).to.equal(vault);
    for (const r of api) expect(amount(r[2]) - amount(r[3])).to.equal(amount(r[4]));
    expect(run.stdout).to.match(/^mallory +1 +500 +1,000 .* yes$/m);
  });
});
