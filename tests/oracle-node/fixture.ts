// Shared set-up of the oracle-node suites: a network with rewards (mint mode) on the embedded SVM
// (or ANCHOR_PROVIDER_URL), three oracles (threshold 2), three operators with two devices each,
// helpers to start nodes on loopback with an embedded database or a fresh PostgreSQL database
// (GROUNDWORK_TEST_PG_URL, from scripts/test-postgres.sh), and to sign reports.
//
// Durations depend on where the suites run: on the embedded SVM an epoch is an hour, crossed by
// moving the clock; on a cluster it is a minute of real time (GROUNDWORK_TEST_ORACLE_EPOCH_SECS to
// change it), waited out on the cluster's clock, with seconds-scale unbonding and dispute windows. Every
// other duration (heartbeat slot, grace, tolerance) is a fixed fraction of the epoch, so a suite
// reads the same on both.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { randomBytes } from "crypto";
import { Client } from "pg";
import { Keypair, PublicKey } from "@solana/web3.js";
import { createMint, createAccount, createAssociatedTokenAccountIdempotent, mintTo } from "@solana/spl-token";
import { testEnv, TestEnv } from "../support/env";
import { Groundwork } from "../../sdk/src/groundwork";
import { parseConfig, OracleNodeConfig } from "../../sdk/src/oracle-node/config/config";
import { OracleNode } from "../../sdk/src/oracle-node/node/node";
import { signReport, toWire, WireReport } from "../../sdk/src/reports/format";
import { DeviceReport, ReportPayload } from "../../sdk/src/reports/types";
import { MIN_DISPUTE_WINDOW_SECS, MIN_UNBONDING_SECS } from "../../sdk/src/network/instructions";

export const ON_CLUSTER = Boolean(process.env.ANCHOR_PROVIDER_URL);
/** The network's epoch length: an hour on the embedded SVM, a minute on a cluster. */
export const EPOCH_SECS = ON_CLUSTER ? Number(process.env.GROUNDWORK_TEST_ORACLE_EPOCH_SECS ?? 60) : 3_600;
if (!Number.isInteger(EPOCH_SECS) || EPOCH_SECS < 12 || EPOCH_SECS % 12 !== 0) throw new Error(`GROUNDWORK_TEST_ORACLE_EPOCH_SECS must be a positive multiple of 12: ${EPOCH_SECS}`);
/** The uptime policy's heartbeat slot: four per epoch. */
export const SLOT_SECS = EPOCH_SECS / 4;
/** The nodes' timestamp tolerance (300 s of an hour). */
export const TOLERANCE_SECS = EPOCH_SECS / 12;
/** Seconds after an epoch's end before the nodes close it (600 s of an hour; ≥ the tolerance). */
export const GRACE_SECS = EPOCH_SECS / 6;
/** The network's slash dispute window: the recommended 10 minutes embedded, 1/12 of the epoch on a cluster (real time). */
export const DISPUTE_SECS = ON_CLUSTER ? EPOCH_SECS / 12 : MIN_DISPUTE_WINDOW_SECS;
/** The network's unbonding period: the recommended hour embedded, 1/6 of the epoch on a cluster. */
export const UNBONDING_SECS = ON_CLUSTER ? EPOCH_SECS / 6 : MIN_UNBONDING_SECS;
export const EMISSION = 100_000n;
export const OPERATOR_BPS = 8_000;

export interface Operator {
  wallet: Keypair;
  devices: Keypair[];
}

export interface NetworkFixture {
  env: TestEnv;
  gw: Groundwork;
  team: Keypair;
  mint: PublicKey;
  network: PublicKey;
  oracles: Keypair[];
  operators: Operator[];
  /** Wallets holding 10,000 tokens each (with `customers` in the options: the network has credits). */
  customers: Keypair[];
  genesis: number;
  /** Sets the chain clock to `offset` seconds into `epoch`. */
  at(epoch: number, offset?: number): Promise<number>;
  /**
   * The chain's current epoch if at least `secsLeft` of it remain, else the next one (waited for):
   * on a cluster the set-up may end anywhere in an epoch. 0 on the embedded SVM right after set-up.
   */
  epochWithRoom(secsLeft: number): Promise<number>;
}

export function pgUrl(): string | undefined {
  return process.env.GROUNDWORK_TEST_PG_URL;
}

export async function networkFixture(operatorCount = 3, devicesEach = 2, options: { customers?: number } = {}): Promise<NetworkFixture> {
  const env = testEnv();
  const gw = Groundwork.connect(env.provider);
  const team = Keypair.generate();
  const oracles = [Keypair.generate(), Keypair.generate(), Keypair.generate()];
  // In parallel: on a cluster each confirmation takes a slot or two.
  await Promise.all([team, ...oracles].map((k) => env.airdrop(k.publicKey)));
  const mint = await createMint(env.connection, env.payer, team.publicKey, null, 0);
  const treasury = await createAccount(env.connection, env.payer, mint, team.publicKey, Keypair.generate());
  // Operators get their stake tokens before the network takes the mint authority (mint mode).
  const wallets = Array.from({ length: operatorCount }, () => Keypair.generate());
  const customers = Array.from({ length: options.customers ?? 0 }, () => Keypair.generate());
  await Promise.all([...wallets, ...customers].map(async (wallet) => {
    await env.airdrop(wallet.publicKey);
    const ata = await createAssociatedTokenAccountIdempotent(env.connection, env.payer, mint, wallet.publicKey);
    await mintTo(env.connection, env.payer, mint, ata, team, 10_000);
  }));
  const { network } = await gw.team(team).createNetwork({
    mint, treasury, epochLengthSecs: EPOCH_SECS, stakePerDevice: 1_000, minOperatorStake: 0, unbondingSecs: UNBONDING_SECS, slashDisputeWindowSecs: DISPUTE_SECS,
    maxSlashBps: 5_000, slashDestination: "burn", oracles: oracles.map((o) => o.publicKey), oracleThreshold: 2,
    rewards: { fundingMode: "mint", schedule: [{ startTs: 0, emissionPerEpoch: EMISSION }], supplyCap: 1_000_000_000_000, operatorBps: OPERATOR_BPS, netEmissionCap: 0 },
    credits: customers.length ? { mode: "fixed", creditsPerToken: 1, breakerWindowSecs: EPOCH_SECS, breakerMaxCredits: 1_000_000 } : undefined,
  });
  const state = await gw.ctx.network.account.network.fetch(network);
  const genesis = Number(state.genesisTs.toString());
  // Each operator's transactions in order, the operators in parallel (the network's clock runs on a cluster).
  const operators: Operator[] = await Promise.all(wallets.map(async (wallet, i) => {
    const op = gw.operator(network, wallet);
    await op.register();
    await op.stake(1_000 * devicesEach);
    const devices: Keypair[] = [];
    for (let d = 0; d < devicesEach; d++) {
      const device = Keypair.generate();
      await op.registerDevice(device, { kind: 1, location: 600_000_000_000 + i * 10 + d, metadataHash: Array(32).fill(0) });
      devices.push(device);
    }
    return { wallet, devices };
  }));
  const at = async (epoch: number, offset = 1): Promise<number> => {
    const target = genesis + epoch * EPOCH_SECS + offset;
    const now = await env.now();
    if (target > now) await env.waitSeconds(target - now);
    return env.now();
  };
  return {
    env, gw, team, mint, network, oracles, operators, customers, genesis, at,
    async epochWithRoom(secsLeft) {
      const now = await env.now();
      const epoch = Math.floor((now - genesis) / EPOCH_SECS);
      if (genesis + (epoch + 1) * EPOCH_SECS - now >= secsLeft) return epoch;
      await at(epoch + 1, 1);
      return epoch + 1;
    },
  };
}

/**
 * The close's split (docs/oracle.md "Rewards"): floor(D × w / W) each, the remainder one unit at a
 * time to the largest remainders (ties: key bytes, ascending — callers here have no ties).
 */
export function split(distributed: bigint, weights: bigint[]): bigint[] {
  const total = weights.reduce((a, w) => a + w, 0n);
  const out = weights.map((w) => (distributed * w) / total);
  let left = distributed - out.reduce((a, x) => a + x, 0n);
  const order = weights.map((w, i) => ({ i, r: (distributed * w) % total })).sort((a, b) => (a.r === b.r ? 0 : a.r > b.r ? -1 : 1));
  for (const { i } of order) {
    if (left === 0n) break;
    out[i] += 1n;
    left -= 1n;
  }
  return out;
}

export function tmpDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `gw-${prefix}-`));
}

/** A fresh database on the test PostgreSQL server (one per node: nodes never share a database in these tests). */
export async function freshPgDatabase(): Promise<string> {
  const url = pgUrl();
  if (!url) throw new Error("GROUNDWORK_TEST_PG_URL is not set: run the suites through `npm test` (scripts/test-postgres.sh starts a server)");
  const name = `gw_${randomBytes(6).toString("hex")}`;
  const admin = new Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export type Backend = "embedded" | "postgres";

export async function databaseFor(backend: Backend): Promise<{ url: string } | { embedded: string }> {
  return backend === "postgres" ? { url: await freshPgDatabase() } : { embedded: path.join(tmpDir("db"), "pg") };
}

export function nodeConfig(f: NetworkFixture, database: { url: string } | { embedded: string }, over: Record<string, unknown> = {}): OracleNodeConfig {
  return parseConfig({
    network: f.network.toBase58(),
    rpcUrl: "embedded:unused",
    policy: { name: "uptime", params: { heartbeatIntervalSecs: SLOT_SECS } },
    graceSecs: GRACE_SECS,
    oracleKeypair: "unused.json",
    database,
    listen: { host: "127.0.0.1", port: 0 },
    peers: [],
    closeCheckSecs: 0,
    ingest: { timestampToleranceSecs: TOLERANCE_SECS },
    ...over,
  }, "test-config");
}

export async function startNode(f: NetworkFixture, oracle: Keypair, config: OracleNodeConfig): Promise<OracleNode> {
  return OracleNode.start(config, { provider: f.env.provider, oracle });
}

export function report(device: Keypair, network: PublicKey, epoch: number, timestamp: number, payload: ReportPayload = { kind: "heartbeat" }): DeviceReport {
  return signReport(device, { network, epoch, timestamp, payload });
}

export function wire(r: DeviceReport): WireReport {
  return toWire(r);
}

export async function post(url: string, body: unknown, raw?: { contentType?: string; text?: string }): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": raw?.contentType ?? "application/json" },
    body: raw?.text ?? JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    parsed = { raw: text };
  }
  return { status: res.status, body: parsed };
}

export async function get(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
