// Ingest throughput of one oracle node: signed reports verified and stored per second through the
// real HTTP API (batched POSTs, a few in flight), on the embedded database and on PostgreSQL, next
// to bare ed25519 verifications per second in the same process (the bound: verification is the
// one cost no database choice removes). The chain is the embedded SVM with the real programs and a
// network of registered devices. Run alone: `npx ts-node --transpile-only bench/ingest.ts [--quick]`
// (prints JSON); `npm run bench` runs it as a child and tables it.
import * as os from "os";
import * as path from "path";
import * as fs from "fs";
import { execFileSync } from "child_process";
import { verify as edVerify } from "crypto";
import { Keypair } from "@solana/web3.js";
import { createMint, createAccount, createAssociatedTokenAccountIdempotent, mintTo } from "@solana/spl-token";
import { createEmbeddedSvm, deployPath } from "../sdk/src/svm";
import { PROGRAMS } from "../sdk/src/ids";
import { Groundwork } from "../sdk/src/groundwork";
import { parseConfig } from "../sdk/src/oracle-node/config/config";
import { OracleNode } from "../sdk/src/oracle-node/node/node";
import { signReport, toWire, encodeReportMessage, ed25519PublicKey, WireReport } from "../sdk/src/reports/format";

export interface IngestBenchRow {
  database: "embedded" | "postgres";
  reports: number;
  batch: number;
  inFlight: number;
  seconds: number;
  reportsPerSec: number;
  /** CPU time of this process (main thread, verifier threads and the client) per report while it ran: less sensitive than reports/s to other load on a shared machine. */
  cpuMicrosPerReport: number;
}

export interface IngestBench {
  ed25519VerifyPerSec: number;
  /** CPU microseconds per bare verification, same run. */
  ed25519CpuMicros: number;
  rows: IngestBenchRow[];
  devices: number;
  note?: string;
}

const ROOT = path.join(__dirname, "..");
const DEVICES = 100;
const EPOCH = 86_400;

async function setUp() {
  const env = createEmbeddedSvm(PROGRAMS.map((p) => ({ programId: p.programId, so: deployPath(p.name, ROOT) })));
  const gw = Groundwork.connect(env.provider);
  const team = Keypair.generate();
  await env.connection.requestAirdrop(team.publicKey, 10e9);
  const mint = await createMint(env.connection, env.payer, team.publicKey, null, 0);
  const treasury = await createAccount(env.connection, env.payer, mint, team.publicKey, Keypair.generate());
  const operator = Keypair.generate();
  await env.connection.requestAirdrop(operator.publicKey, 10e9);
  const ata = await createAssociatedTokenAccountIdempotent(env.connection, env.payer, mint, operator.publicKey);
  await mintTo(env.connection, env.payer, mint, ata, team, DEVICES);
  const oracle = Keypair.generate();
  const { network } = await gw.team(team).createNetwork({
    mint, treasury, epochLengthSecs: EPOCH, stakePerDevice: 1, minOperatorStake: 0, unbondingSecs: 3_600, slashDisputeWindowSecs: 600,
    maxSlashBps: 5_000, slashDestination: "burn", oracles: [oracle.publicKey], oracleThreshold: 1,
  });
  const op = gw.operator(network, operator);
  await op.register();
  await op.stake(DEVICES);
  const devices: Keypair[] = [];
  for (let i = 0; i < DEVICES; i++) {
    const d = Keypair.generate();
    await op.registerDevice(d, { kind: 1, location: i, metadataHash: Array(32).fill(0) });
    devices.push(d);
  }
  const genesis = Number((await gw.ctx.network.account.network.fetch(network)).genesisTs.toString());
  env.connection.warp(EPOCH / 2);
  return { env, network, oracle, devices, genesis };
}

function verifyRate(reports: ReturnType<typeof signReport>[]): { perSec: number; cpuMicros: number } {
  const keys = reports.map((r) => ed25519PublicKey(r.device));
  const msgs = reports.map((r) => encodeReportMessage(r));
  const cpu = process.cpuUsage();
  const t = process.hrtime.bigint();
  for (let i = 0; i < reports.length; i++) if (!edVerify(null, msgs[i], keys[i], reports[i].signature)) throw new Error("a bench report does not verify");
  const used = process.cpuUsage(cpu);
  return { perSec: Math.round(reports.length / (Number(process.hrtime.bigint() - t) / 1e9)), cpuMicros: Math.round(((used.user + used.system) / reports.length) * 10) / 10 };
}

async function drive(url: string, wires: WireReport[], batch: number, inFlight: number): Promise<number> {
  let next = 0;
  const t = process.hrtime.bigint();
  const worker = async () => {
    for (;;) {
      const from = next;
      next += batch;
      if (from >= wires.length) return;
      const res = await fetch(`${url}/v1/reports/batch`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ reports: wires.slice(from, from + batch) }) });
      const body = (await res.json()) as { accepted?: number };
      if (body.accepted !== Math.min(batch, wires.length - from)) throw new Error(`batch at ${from}: ${JSON.stringify(body).slice(0, 300)}`);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return Number(process.hrtime.bigint() - t) / 1e9;
}

/** A throwaway PostgreSQL from scripts/test-postgres.sh unless GROUNDWORK_TEST_PG_URL is set. */
function postgres(): { url: string; stop(): void } | { error: string } {
  if (process.env.GROUNDWORK_TEST_PG_URL) return { url: process.env.GROUNDWORK_TEST_PG_URL, stop: () => undefined };
  try {
    const out = execFileSync("bash", [path.join(ROOT, "scripts", "test-postgres.sh"), "start"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    const url = /GROUNDWORK_TEST_PG_URL=(\S+)/.exec(out)?.[1];
    const dir = /GROUNDWORK_TEST_PG_DIR=(\S+)/.exec(out)?.[1];
    if (!url || !dir) return { error: "test-postgres.sh printed no URL" };
    return { url, stop: () => execFileSync("bash", [path.join(ROOT, "scripts", "test-postgres.sh"), "stop", dir], { stdio: "ignore" }) };
  } catch (e) {
    return { error: `no PostgreSQL: ${(e as Error).message.split("\n")[0]}` };
  }
}

export async function ingestBench(quick: boolean): Promise<IngestBench> {
  const n = quick ? 10_000 : 50_000;
  const batch = 1_000;
  const inFlight = 4;
  const { env, network, oracle, devices, genesis } = await setUp();
  const ts = genesis + 1_000;
  const make = (tag: number) => Array.from({ length: n }, (_, i) => signReport(devices[i % DEVICES], { network, epoch: 0, timestamp: ts + (i % 1000), nonce: BigInt(tag * n + i), payload: { kind: "heartbeat" } }));
  const rows: IngestBenchRow[] = [];
  const sample = make(9);
  const rates = [verifyRate(sample), verifyRate(sample)];
  const ed25519VerifyPerSec = Math.max(...rates.map((r) => r.perSec));
  const ed25519CpuMicros = Math.min(...rates.map((r) => r.cpuMicros));
  const pg = postgres();
  let note: string | undefined;
  const targets: Array<{ database: "embedded" | "postgres"; db: { url: string } | { embedded: string } }> = [
    { database: "embedded", db: { embedded: fs.mkdtempSync(path.join(os.tmpdir(), "gw-bench-")) } },
  ];
  if ("url" in pg) {
    const { Client } = await import("pg");
    const admin = new Client({ connectionString: pg.url });
    await admin.connect();
    const name = `bench_${Date.now()}`;
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(pg.url);
    u.pathname = `/${name}`;
    targets.push({ database: "postgres", db: { url: u.toString() } });
  } else {
    note = pg.error;
  }
  try {
    for (const [i, t] of targets.entries()) {
      const config = parseConfig({
        network: network.toBase58(), rpcUrl: "embedded:unused", policy: { name: "uptime", params: { heartbeatIntervalSecs: 3_600 } }, graceSecs: 600,
        oracleKeypair: "unused.json", database: t.db, listen: { host: "127.0.0.1", port: 0 }, closeCheckSecs: 0,
        ingest: { ratePerDevice: 1_000_000, maxBatch: batch, bodyLimitBytes: 4 * 1024 * 1024 },
      }, "bench");
      const node = await OracleNode.start(config, { provider: env.provider, oracle });
      try {
        // Warm-up (JIT, connection pool, first pages), not timed.
        await drive(node.url, make(100 + i).slice(0, 2_000).map(toWire), batch, inFlight);
        const wires = make(i).map(toWire);
        const cpu = process.cpuUsage();
        const seconds = await drive(node.url, wires, batch, inFlight);
        const used = process.cpuUsage(cpu);
        const stored = await node.store.countReports(0);
        if (stored !== n + 2_000) throw new Error(`${t.database}: ${stored} stored, expected ${n + 2_000}`);
        rows.push({ database: t.database, reports: n, batch, inFlight, seconds: Math.round(seconds * 100) / 100, reportsPerSec: Math.round(n / seconds), cpuMicrosPerReport: Math.round((used.user + used.system) / n) });
      } finally {
        await node.stop();
      }
    }
  } finally {
    if ("stop" in pg) pg.stop();
  }
  return { ed25519VerifyPerSec, ed25519CpuMicros, rows, devices: DEVICES, note };
}

if (require.main === module) {
  ingestBench(process.argv.includes("--quick")).then(
    (r) => process.stdout.write(JSON.stringify(r) + "\n"),
    (e: Error) => {
      process.stderr.write(`ingest bench failed: ${e.stack ?? e.message}\n`);
      process.exit(1);
    },
  );
}
