// One epoch close measured in its own process (peak RSS is the close's alone):
//   node -r ts-node/register/transpile-only bench/close-child.ts <devices>
// Input (not timed: what a node loads from its database): `devices` active devices, each of its
// own operator (the worst case for the tree: one leaf per device), two uptime heartbeats per
// device, and previous cumulative totals for every operator. Timed: policy shares, the split of
// the emission, cumulative totals, the tree with every proof (walked in chunks), and the archive
// written as JSON to a temporary file. Prints one JSON line.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { createHash, randomBytes } from "crypto";
import { performance } from "perf_hooks";
import { PublicKey } from "@solana/web3.js";
import { AcceptedReport, REPORT_VERSION } from "../sdk/src/reports/types";
import { DeviceInfo } from "../sdk/src/oracle-node/policies/policy";
import { UptimePolicy } from "../sdk/src/oracle-node/policies/uptime";
import { closeEpoch, PreviousTotals } from "../sdk/src/oracle-node/close";
import { merkleBackend, ProofChunk } from "../sdk/src/rewards/merkle-fast";

const EPOCH_LEN = 86_400;

function main(): void {
  const n = Number(process.argv[2]);
  if (!Number.isInteger(n) || n < 1) throw new Error("usage: close-child.ts <devices>");
  const network = new PublicKey(createHash("sha256").update("groundwork-bench-network").digest());
  const epoch = 10;
  const epochStart = 1_700_000_000 + epoch * EPOCH_LEN;
  const devices = new Map<string, DeviceInfo>();
  const reports: AcceptedReport[] = [];
  const previous: PreviousTotals = { totals: new Map(), unallocated: 0n };
  const keys = randomBytes(64 * n);
  const sig = new Uint8Array(64);
  for (let i = 0; i < n; i++) {
    const device = new PublicKey(keys.subarray(64 * i, 64 * i + 32));
    const operator = new PublicKey(keys.subarray(64 * i + 32, 64 * i + 64));
    devices.set(device.toBase58(), { device, operator, cell: 0n, kind: 0, active: true });
    (previous.totals as Map<string, bigint>).set(operator.toBase58(), BigInt(1 + (i % 1_000_000)));
    for (let h = 0; h < 2; h++) {
      reports.push({
        version: REPORT_VERSION, network, device, epoch, timestamp: epochStart + h * 43_200 + (i % 3_600), nonce: BigInt(i * 2 + h),
        payload: { kind: "heartbeat" }, signature: sig, id: randomBytes(32).toString("hex"), operator,
      });
    }
  }
  const baselineRss = process.memoryUsage().rss;
  const out = path.join(os.tmpdir(), `groundwork-close-bench-${process.pid}.json`);

  const t0 = performance.now();
  const close = closeEpoch({
    network, epoch, epochStart, epochLengthSecs: EPOCH_LEN, reports, devices, paidCredits: new Map(),
    policy: new UptimePolicy({ heartbeatIntervalSecs: 3_600 }), operatorEmission: 1_000_000_000_000n, jailedOperators: new Set(), previous,
  });
  const tClose = performance.now();
  let chunk: ProofChunk | undefined;
  let siblings = 0;
  for (let first = 0; first < close.leafCount; first += 16_384) {
    chunk = close.tree.proofChunk(first, Math.min(16_384, close.leafCount - first), chunk);
    for (let k = 0; k < chunk.count; k++) siblings += chunk.lengths[k];
  }
  const tProofs = performance.now();
  fs.writeFileSync(out, JSON.stringify(close.archive));
  const archiveBytes = fs.statSync(out).size;
  fs.unlinkSync(out);
  const t1 = performance.now();
  const peakRss = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(JSON.stringify({
    devices: n, reports: reports.length, leaves: close.leafCount, backend: merkleBackend(),
    ms: Math.round(t1 - t0), closeMs: Math.round(tClose - t0), proofsMs: Math.round(tProofs - tClose), archiveMs: Math.round(t1 - tProofs),
    archiveMb: Math.round(archiveBytes / 2 ** 20), peakMb: Math.round(peakRss / 2 ** 20), inputMb: Math.round(baselineRss / 2 ** 20),
    root: close.root.toString("hex"), siblings, distributed: close.distributed.toString(),
  }) + "\n");
}

main();
