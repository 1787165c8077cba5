// The oracle node's config file (JSON, committed with a deployment; docs/oracle.md "Config").
// Every field is checked here, once, with a message naming the field, so a bad deployment fails
// at start-up and never half-way through an epoch close.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PublicKey } from "@solana/web3.js";

export interface IngestLimits {
  /** Seconds a report's timestamp may fall outside its epoch (clock skew, late uploads). */
  timestampToleranceSecs: number;
  /** Reports one device may send per `rateWindowSecs`. */
  ratePerDevice: number;
  rateWindowSecs: number;
  /** Most reports in one batch request. */
  maxBatch: number;
  /** Largest request body, bytes. */
  bodyLimitBytes: number;
  /** Worker threads verifying signatures of large batches (0: on the main thread). */
  verifyThreads: number;
}

export interface OracleNodeConfig {
  /** The network this node verifies work for. */
  network: PublicKey;
  /** RPC URL or moniker, or `embedded:<state-file>` (the embedded SVM). */
  rpcUrl: string;
  policy: { name: string; params: Record<string, string | number> };
  /** Seconds after an epoch ends before the node closes it (late reports, peers' merge). */
  graceSecs: number;
  /** The oracle's keypair file (it signs root submissions). */
  oracleKeypair: string;
  /** `postgres://…` for PostgreSQL, or a directory for the embedded database. */
  database: { url: string } | { embedded: string };
  listen: { host: string; port: number };
  /** Peer nodes' base URLs (`http://host:port`). */
  peers: string[];
  /** How often the chain mirror refetches devices and operators, seconds. */
  chainRefreshSecs: number;
  /** How often the node checks for epochs to close, seconds (0: never on its own). */
  closeCheckSecs: number;
  ingest: IngestLimits;
}

export class ConfigError extends Error {
  constructor(file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = "ConfigError";
  }
}

export const DEFAULT_INGEST: IngestLimits = {
  timestampToleranceSecs: 300,
  ratePerDevice: 120,
  rateWindowSecs: 60,
  maxBatch: 1000,
  bodyLimitBytes: 1024 * 1024,
  verifyThreads: Math.min(4, os.availableParallelism()),
};

type Raw = Record<string, unknown>;

/** Validates a parsed config object; relative paths resolve against `baseDir`. */
export function parseConfig(raw: unknown, file = "config", baseDir = process.cwd()): OracleNodeConfig {
  const fail = (m: string): never => {
    throw new ConfigError(file, m);
  };
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) fail("must be a JSON object");
  const r = raw as Raw;
  const known = new Set(["network", "rpcUrl", "policy", "graceSecs", "oracleKeypair", "database", "listen", "peers", "chainRefreshSecs", "closeCheckSecs", "ingest"]);
  for (const k of Object.keys(r)) if (!known.has(k)) fail(`unknown field "${k}"`);

  const str = (v: unknown, f: string): string => (typeof v === "string" && v.length > 0 ? v : fail(`"${f}" must be a non-empty string`));
  const int = (v: unknown, f: string, min: number, max = Number.MAX_SAFE_INTEGER): number =>
    Number.isSafeInteger(v) && (v as number) >= min && (v as number) <= max ? (v as number) : fail(`"${f}" must be an integer in [${min}, ${max}]`);
  const key = (v: unknown, f: string): PublicKey => {
    try {
      return new PublicKey(str(v, f));
    } catch (e) {
      if (e instanceof ConfigError) throw e;
      return fail(`"${f}" is not a base58 public key`);
    }
  };
  const resolve = (p: string) => (path.isAbsolute(p) ? p : path.join(baseDir, p));

  const policy = r.policy as Raw | undefined;
  if (!policy || typeof policy !== "object") fail(`"policy" must be an object {"name", "params"}`);
  const params = (policy!.params ?? {}) as Raw;
  if (typeof params !== "object" || Array.isArray(params)) fail(`"policy.params" must be an object`);
  for (const [k, v] of Object.entries(params)) if (typeof v !== "string" && !(typeof v === "number" && Number.isFinite(v))) fail(`"policy.params.${k}" must be a string or a number`);

  const db = r.database as Raw | undefined;
  let database: OracleNodeConfig["database"];
  if (db && typeof db === "object" && typeof db.url === "string") {
    if (!/^postgres(ql)?:\/\//.test(db.url)) fail(`"database.url" must be a postgres:// URL`);
    database = { url: db.url };
  } else if (db && typeof db === "object" && typeof db.embedded === "string" && db.embedded.length > 0) {
    database = { embedded: resolve(db.embedded) };
  } else {
    database = fail(`"database" must be {"url": "postgres://…"} or {"embedded": "<directory>"}`);
  }

  const listen = (r.listen ?? {}) as Raw;
  if (typeof listen !== "object") fail(`"listen" must be {"host", "port"}`);
  const peers = r.peers ?? [];
  if (!Array.isArray(peers)) fail(`"peers" must be an array of URLs`);
  for (const [i, p] of (peers as unknown[]).entries()) {
    if (typeof p !== "string" || !/^https?:\/\/[^\s]+$/.test(p)) fail(`"peers[${i}]" must be an http(s) URL`);
  }
  const ing = (r.ingest ?? {}) as Raw;
  if (typeof ing !== "object") fail(`"ingest" must be an object`);
  for (const k of Object.keys(ing)) if (!(k in DEFAULT_INGEST)) fail(`unknown field "ingest.${k}"`);
  const lim = (k: keyof IngestLimits, min: number, max: number) => (ing[k] === undefined ? DEFAULT_INGEST[k] : int(ing[k], `ingest.${k}`, min, max));

  const rpcUrl = str(r.rpcUrl, "rpcUrl");
  const graceSecs = int(r.graceSecs, "graceSecs", 0);
  const tolerance = lim("timestampToleranceSecs", 0, 86_400);
  // The set freezes at the close: every report that may still arrive on time must be in by then.
  if (graceSecs < tolerance) fail(`"graceSecs" (${graceSecs}) must be at least "ingest.timestampToleranceSecs" (${tolerance})`);
  return {
    network: key(r.network, "network"),
    rpcUrl: rpcUrl.startsWith("embedded:") ? `embedded:${resolve(rpcUrl.slice("embedded:".length))}` : rpcUrl,
    policy: { name: str(policy!.name, "policy.name"), params: params as Record<string, string | number> },
    graceSecs,
    oracleKeypair: resolve(str(r.oracleKeypair, "oracleKeypair")),
    database,
    listen: { host: listen.host === undefined ? "127.0.0.1" : str(listen.host, "listen.host"), port: listen.port === undefined ? 8080 : int(listen.port, "listen.port", 0, 65535) },
    peers: (peers as string[]).map((p) => p.replace(/\/+$/, "")),
    chainRefreshSecs: r.chainRefreshSecs === undefined ? 30 : int(r.chainRefreshSecs, "chainRefreshSecs", 1),
    closeCheckSecs: r.closeCheckSecs === undefined ? 30 : int(r.closeCheckSecs, "closeCheckSecs", 0),
    ingest: {
      timestampToleranceSecs: tolerance,
      ratePerDevice: lim("ratePerDevice", 1, 1_000_000),
      rateWindowSecs: lim("rateWindowSecs", 1, 86_400),
      maxBatch: lim("maxBatch", 1, 100_000),
      bodyLimitBytes: lim("bodyLimitBytes", 1024, 512 * 1024 * 1024),
      verifyThreads: lim("verifyThreads", 0, 64),
    },
  };
}

export function loadConfig(file: string): OracleNodeConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    throw new ConfigError(file, "cannot read the file");
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(file, `not valid JSON (${(e as Error).message})`);
  }
  return parseConfig(raw, file, path.dirname(path.resolve(file)));
}
