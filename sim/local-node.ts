// Oracle nodes run in process by the simulator (`npm run sim`) and the lifecycle demo
// (`npm run lifecycle`): an `OracleNode` on loopback (port 0) with its embedded database (PGlite)
// in a temp dir, reading and voting on the caller's chain (the embedded SVM) through the provider
// it is given. It closes epochs only when told (closeCheckSecs 0): the caller moves the clock.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { AnchorProvider } from "@coral-xyz/anchor";
import { Keypair, PublicKey } from "@solana/web3.js";
import { parseConfig, IngestLimits } from "../sdk/src/oracle-node/config/config";
import { OracleNode } from "../sdk/src/oracle-node/node/node";
import { toWire } from "../sdk/src/reports/format";
import { DeviceReport } from "../sdk/src/reports/types";

export interface LocalNodeOptions {
  network: PublicKey;
  provider: AnchorProvider;
  /** The oracle key the node votes with. */
  oracle: Keypair;
  policy: { name: string; params: Record<string, string | number> };
  /** Seconds after an epoch's end before it may close (at least the timestamp tolerance). */
  graceSecs: number;
  peers?: string[];
  ingest?: Partial<IngestLimits>;
  /** Names the temp dir (`gw-<label>-…`). */
  label: string;
}

export interface LocalNode {
  node: OracleNode;
  /** Base URL of its API (`http://127.0.0.1:<port>`). */
  url: string;
  /** Stops the node (HTTP server, database, verifier threads) and deletes its temp dir. */
  stop(): Promise<void>;
}

export async function startLocalNode(o: LocalNodeOptions): Promise<LocalNode> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `gw-${o.label}-`));
  try {
    // The chain and the oracle key come from the caller in process, so `rpcUrl` and
    // `oracleKeypair` are never read; the config is otherwise what a deployment would write.
    const config = parseConfig({
      network: o.network.toBase58(), rpcUrl: "embedded:unused", policy: o.policy, graceSecs: o.graceSecs, oracleKeypair: "unused.json",
      database: { embedded: path.join(dir, "pg") }, listen: { host: "127.0.0.1", port: 0 }, peers: o.peers ?? [], closeCheckSecs: 0, ingest: o.ingest ?? {},
    }, `${o.label}-config`);
    const node = await OracleNode.start(config, { provider: o.provider, oracle: o.oracle });
    return {
      node,
      url: node.url,
      stop: async () => {
        try {
          await node.stop();
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      },
    };
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

/** POSTs one signed report to a node's `/v1/reports`; the HTTP status and, when refused, the reason code. */
export async function postReport(nodeUrl: string, report: DeviceReport): Promise<{ status: number; code?: string }> {
  const res = await fetch(`${nodeUrl}/v1/reports`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(toWire(report)) });
  const json = (await res.json()) as { code?: string };
  return { status: res.status, code: json.code };
}
