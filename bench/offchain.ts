// Off-chain: each (implementation, size) in its own child process; wall time of building the tree
// and producing every proof, and the child's peak RSS. Roots must be equal.
import { spawnSync } from "child_process";
import * as path from "path";
import { Results } from "./table";

interface ChildResult { impl: string; operators: number; ms: number; peakMb: number; baselineMb: number; root: string; proofs: number; siblings: number; fold: number }
interface CloseResult { devices: number; reports: number; leaves: number; backend: string; ms: number; closeMs: number; proofsMs: number; archiveMs: number; archiveMb: number; peakMb: number; inputMb: number; root: string }

const CLOSE_CHILD = path.join(__dirname, "close-child.ts");

const CHILD = path.join(__dirname, "offchain-child.ts");
const LIMIT_MS = 5 * 60_000;

function runChild(impl: string, n: number): ChildResult | { error: string } {
  return spawnJson<ChildResult>([CHILD, impl, String(n)]);
}

function spawnJson<T>(args: string[]): T | { error: string } {
  const r = spawnSync(process.execPath, ["--max-old-space-size=12288", "-r", "ts-node/register/transpile-only", ...args], {
    cwd: path.join(__dirname, ".."), encoding: "utf8", timeout: LIMIT_MS, maxBuffer: 1 << 20,
  });
  if (r.error || r.status !== 0) {
    const why = r.signal === "SIGTERM" ? `stopped after ${LIMIT_MS / 60_000} min` : (r.error?.message ?? r.stderr.trim().split("\n").slice(-1)[0] ?? `exit ${r.status}`);
    return { error: why };
  }
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as T;
}

/** The epoch close for `devices` devices (one operator each), in its own process. */
export function epochClose(sizes: number[], log: (s: string) => void): Results["epochClose"] {
  const out: NonNullable<Results["epochClose"]> = [];
  for (const n of sizes) {
    const r = spawnJson<CloseResult>([CLOSE_CHILD, String(n)]);
    if ("error" in r) throw new Error(`epoch close ${n}: ${r.error}`);
    log(`  epoch close ${n} devices: ${r.ms} ms (shares+split+totals+tree ${r.closeMs}, all proofs ${r.proofsMs}, archive ${r.archiveMs}), peak ${r.peakMb} MB, input ${r.inputMb} MB`);
    out.push({ devices: r.devices, reports: r.reports, leaves: r.leaves, backend: r.backend, ms: r.ms, closeMs: r.closeMs, proofsMs: r.proofsMs, archiveMs: r.archiveMs, archiveMb: r.archiveMb, peakMb: r.peakMb, inputMb: r.inputMb });
  }
  return out;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

export function offchain(sizes: number[], log: (s: string) => void): Results["offchain"] {
  const out: Results["offchain"] = [];
  for (const n of sizes) {
    // Small sizes are noisy: median of 3 runs each; 1M once.
    const runs = n <= 100_000 ? 3 : 1;
    const gw: ChildResult[] = [];
    const ref: ChildResult[] = [];
    const mt: ChildResult[] = [];
    let mtError: string | undefined;
    for (let i = 0; i < runs; i++) {
      const g = runChild("groundwork", n);
      if ("error" in g) throw new Error(`groundwork ${n}: ${g.error}`);
      gw.push(g);
      const t = runChild("reference", n);
      if ("error" in t) throw new Error(`reference ${n}: ${t.error}`);
      ref.push(t);
      if (!mtError) {
        const m = runChild("merkletreejs", n);
        if ("error" in m) mtError = m.error;
        else mt.push(m);
      }
    }
    const g = { ms: median(gw.map((r) => r.ms)), peakMb: Math.max(...gw.map((r) => r.peakMb)), baselineMb: gw[0].baselineMb };
    const row: Results["offchain"][number] = { operators: n, groundworkMs: g.ms, groundworkPeakMb: g.peakMb, inputMb: g.baselineMb, runs, depth: Math.ceil(Math.log2(n)) };
    row.referenceMs = median(ref.map((r) => r.ms));
    row.referencePeakMb = Math.max(...ref.map((r) => r.peakMb));
    const sameRef = ref.every((r) => r.root === gw[0].root && r.proofs === n && r.siblings === gw[0].siblings && r.fold === gw[0].fold);
    if (mt.length) {
      const m = { ms: median(mt.map((r) => r.ms)), peakMb: Math.max(...mt.map((r) => r.peakMb)) };
      const same = mt.every((r) => r.root === gw[0].root && r.proofs === n && r.siblings === gw[0].siblings && r.fold === gw[0].fold);
      row.merkletreejsMs = m.ms;
      row.merkletreejsPeakMb = m.peakMb;
      row.speedup = Math.round((m.ms / g.ms) * 100) / 100;
      row.memoryRatio = Math.round((m.peakMb / g.peakMb) * 100) / 100;
      row.rootsEqual = same && sameRef;
      row.root = gw[0].root;
      if (!same || !sameRef) row.note = "roots or proofs differ";
    } else {
      row.note = `merkletreejs: ${mtError}`;
    }
    log(`  off-chain ${n}: groundwork ${g.ms} ms / ${g.peakMb} MB, reference ${row.referenceMs} ms, merkletreejs ${row.merkletreejsMs ?? row.note} ms / ${row.merkletreejsPeakMb ?? "-"} MB, roots equal: ${row.rootsEqual}`);
    out.push(row);
  }
  return out;
}
