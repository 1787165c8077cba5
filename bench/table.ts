// Benchmark bookkeeping: samples per row, min/median/max, budgets checked as pass/fail, and the
// markdown + JSON written at the end.
import * as fs from "fs";
import * as path from "path";

export interface CuRow {
  program: string;
  instruction: string;
  case: string;
  samples: number[];
  /** Floor measured in the same run: the CPIs the instruction makes on their own, plus syscalls. */
  floor?: number;
  floorNote?: string;
  budget?: number;
  /** Serialized transaction size in bytes (one sample). */
  txBytes?: number;
}

export interface Results {
  generatedAt: string;
  machine: string;
  programs: { name: string; bytes: number }[];
  rent: { program: string; account: string; bytes: number; lamports: number }[];
  computeUnits: (CuRow & { min: number; median: number; max: number; ratioToFloor?: number; withinBudget?: boolean })[];
  claimByDepth: { depth: number; computeUnits: number; txBytes: number; withAtaTxBytes?: number; laterComputeUnits?: number; laterTxBytes?: number }[];
  /** Depth-20 claims by the number of token accounts they pay (reward splits; 0 = no split). */
  claimByRecipients?: { recipients: number; computeUnits: number; txBytes: number; withSetupTxBytes: number }[];
  offchain: {
    operators: number; groundworkMs: number; groundworkPeakMb: number; merkletreejsMs?: number; merkletreejsPeakMb?: number; speedup?: number; note?: string;
    /** RSS with the input leaves in memory, before either implementation runs. */
    inputMb?: number; runs?: number; depth?: number; memoryRatio?: number; rootsEqual?: boolean; root?: string;
    /** The pure-TypeScript reference builder (sdk/src/rewards/merkle.ts), same proofs. */
    referenceMs?: number; referencePeakMb?: number;
  }[];
  /** Epoch close (bench/close-child.ts): one operator per device, two heartbeats per device. */
  epochClose?: {
    devices: number; reports: number; leaves: number; backend: string; ms: number; closeMs: number; proofsMs: number; archiveMs: number; archiveMb: number; peakMb: number; inputMb: number;
  }[];
  /** Oracle node ingest (bench/ingest.ts): reports verified and stored per second, and the ed25519 bound. */
  ingest?: {
    ed25519VerifyPerSec: number;
    /** CPU microseconds of one bare verification (older results: absent). */
    ed25519CpuMicros?: number;
    devices: number;
    rows: { database: "embedded" | "postgres"; reports: number; batch: number; inFlight: number; seconds: number; reportsPerSec: number; cpuMicrosPerReport?: number }[];
    note?: string;
  };
  /** Budgets from the program issues, checked. */
  budgets?: { name: string; limit: string; measured: string; pass: boolean }[];
  /** Wall-clock milliseconds of CLI commands, each a new process (bench/cli.ts). */
  cliLatency?: { rows: { command: string; runs: number; min: number; median: number; max: number }[]; stateFileBytes: number; machineLoad: number };
  /** Standalone CU of each CPI kind, as measured for the floors. */
  floorKit?: Record<string, number>;
  notes?: string[];
}

export function stats(samples: number[]): { min: number; median: number; max: number } {
  const s = [...samples].sort((a, b) => a - b);
  return { min: s[0], median: s[Math.floor((s.length - 1) / 2)], max: s[s.length - 1] };
}

export function finalizeRows(rows: CuRow[]): Results["computeUnits"] {
  return rows.map((r) => {
    const st = stats(r.samples);
    return {
      ...r,
      ...st,
      ratioToFloor: r.floor ? Math.round((st.median / r.floor) * 100) / 100 : undefined,
      withinBudget: r.budget !== undefined ? st.max <= r.budget : undefined,
    };
  });
}

export function markdown(results: Results): string {
  const out: string[] = [];
  const n = (v: number) => v.toLocaleString("en-US");
  out.push(`# Groundwork benchmark`, ``, `Generated ${results.generatedAt} on ${results.machine} by \`npm run bench\` (embedded SVM: LiteSVM 1.5, the Agave SVM in process).`, ``);
  if (results.budgets?.length) {
    out.push(`## Budgets`, ``, `| budget | limit | measured | result |`, `|---|---:|---:|---|`);
    for (const b of results.budgets) out.push(`| ${b.name} | ${b.limit} | ${b.measured} | ${b.pass ? "PASS" : "**FAIL**"} |`);
    out.push(``);
  }
  out.push(`## Compute units per instruction`, ``);
  out.push(
    `CU = the "consumed" line of the outermost invocation of the program (one instruction per transaction, CPIs included). ` +
      `Floor = the CPIs the instruction makes, each executed on its own as a top-level instruction in the same run, plus its syscalls at the runtime's cost table (notes below). Ratio = median / floor.`,
    ``,
  );
  out.push(`| program | instruction | case | n | min | median | max | floor | ratio | budget | tx bytes |`, `|---|---|---|---:|---:|---:|---:|---:|---:|---|---:|`);
  for (const r of results.computeUnits) {
    const budget = r.budget === undefined ? "" : `${r.withinBudget ? "PASS" : "**FAIL**"} ≤ ${n(r.budget)}`;
    out.push(`| ${r.program} | ${r.instruction} | ${r.case} | ${r.samples.length} | ${n(r.min)} | ${n(r.median)} | ${n(r.max)} | ${r.floor !== undefined ? n(r.floor) : ""} | ${r.ratioToFloor ?? ""} | ${budget} | ${r.txBytes ?? ""} |`);
  }
  const floors = results.computeUnits.filter((r) => r.floorNote);
  if (floors.length) {
    out.push(``, `### What each floor contains`, ``);
    for (const r of floors) out.push(`- ${r.program}.${r.instruction} (${r.case}): ${r.floorNote}`);
  }
  if (results.floorKit) {
    out.push(``, `### CPIs measured on their own (median CU, single-instruction transactions)`, ``, `| CPI | CU |`, `|---|---:|`);
    for (const [k, v] of Object.entries(results.floorKit)) out.push(`| ${k} | ${n(v)} |`);
  }
  if (results.claimByDepth.length) {
    out.push(
      ``, `## Claim compute units and transaction size by proof depth`, ``,
      `One claim instruction per transaction; the operator pays the fee (the one signature: a claim instruction has no signer). First claim: the operator's first, right after its token account and claim status were created (\`initialize_claim_status\`, measured in its own transaction). Later claim: a further claim. "+ set-up" is the size of the first claim as the SDK's \`claimWithAccount\` builds it (idempotent associated-token-account create, \`initialize_claim_status\`, claim), computed from the serialized message, not sent.`, ``,
      `| depth | operators (2^depth) | first claim CU | tx bytes | later claim CU | tx bytes | first claim + set-up, tx bytes |`, `|---:|---:|---:|---:|---:|---:|---:|`,
    );
    for (const c of results.claimByDepth) {
      const ata = c.withAtaTxBytes === undefined ? "" : c.withAtaTxBytes > 1232 ? `${c.withAtaTxBytes} (too large)` : String(c.withAtaTxBytes);
      out.push(`| ${c.depth} | ${n(2 ** c.depth)} | ${n(c.computeUnits)} | ${c.txBytes} | ${c.laterComputeUnits !== undefined ? n(c.laterComputeUnits) : ""} | ${c.laterTxBytes ?? ""} | ${ata} |`);
    }
  }
  if (results.claimByRecipients?.length) {
    const rows = results.claimByRecipients;
    const base = rows.find((r) => r.recipients === 1);
    out.push(
      ``, `## Claim by recipient count (reward splits), depth 20`, ``,
      `A depth-20 claim instruction alone (token accounts and claim status already exist), median CU. 0 = the operator has no split and is paid itself; 1 = a destination (another wallet); 2–4 = a split (each recipient after the first at 1,000 bps). A split claim adds the split account and one token account per further recipient (33 bytes each with its index) and one token transfer CPI per recipient. "+ set-up" = what the SDK's \`claimWithAccount\` sends when every recipient's token account is missing (an idempotent associated-token-account create each, then the claim), sized from the serialized message; when it is too large, the SDK's packing sends the creates first.`, ``,
      `| recipients | CU | CU vs 1 recipient | tx bytes | + set-up, tx bytes |`, `|---:|---:|---:|---:|---:|`,
    );
    for (const r of rows) {
      const delta = base && r.recipients > 0 ? `${r.computeUnits - base.computeUnits >= 0 ? "+" : ""}${n(r.computeUnits - base.computeUnits)}` : "";
      out.push(`| ${r.recipients} | ${n(r.computeUnits)} | ${delta} | ${r.txBytes} | ${r.withSetupTxBytes > 1232 ? `${r.withSetupTxBytes} (too large)` : r.withSetupTxBytes} |`);
    }
  }
  out.push(``, `## Rent per account`, ``, `| program | account | bytes | rent-exempt lamports | SOL |`, `|---|---|---:|---:|---:|`);
  for (const r of results.rent) out.push(`| ${r.program} | ${r.account} | ${r.bytes} | ${n(r.lamports)} | ${(r.lamports / 1e9).toFixed(6)} |`);
  out.push(``, `## Program sizes`, ``, `| program | bytes |`, `|---|---:|`);
  for (const p of results.programs) out.push(`| ${p.name} | ${n(p.bytes)} |`);
  out.push(...offchainMarkdown(results));
  if (results.ingest) {
    const ing = results.ingest;
    out.push(
      ``, `## Oracle node ingest`, ``,
      `Signed heartbeats verified (signature, registered active device, operator, epoch window, rate limit) and stored (one INSERT per batch, committed before the answer) through \`POST /v1/reports/batch\` on loopback, ${ing.devices} registered devices on the embedded SVM; the same process also sends the requests. Bound: bare ed25519 verifications per second (node:crypto, one thread) measured in the same run. CPU µs/report: CPU time of the node's process (main thread, verifier threads, and the client sending) per report, which other load on the machine disturbs less than reports/s (PostgreSQL's own processes are not in it).`, ``,
      `| database | reports | batch | in flight | seconds | reports/s | share of the ed25519 bound | CPU µs/report |`,
      `|---|---:|---:|---:|---:|---:|---:|---:|`,
    );
    for (const r of ing.rows) out.push(`| ${r.database} | ${n(r.reports)} | ${n(r.batch)} | ${r.inFlight} | ${r.seconds} | ${n(r.reportsPerSec)} | ${Math.round((r.reportsPerSec / ing.ed25519VerifyPerSec) * 100)}% | ${r.cpuMicrosPerReport ?? ""} |`);
    out.push(`| bare ed25519 verify | | | | | ${n(ing.ed25519VerifyPerSec)} | 100% | ${ing.ed25519CpuMicros ?? ""} |`);
    if (ing.note) out.push(``, `Note: ${ing.note}`);
  }
  if (results.cliLatency) {
    const c = results.cliLatency;
    out.push(
      ``, `## CLI latency`, ``,
      `Wall-clock time of \`bin/groundwork\` (compiled JS in sdk/dist/), each run a new process; the embedded commands load and save a ${n(c.stateFileBytes)}-byte state file holding one network. Load average during the run: ${c.machineLoad.toFixed(2)}. Targets: \`--help\` under 1,000 ms, a cold embedded command under 1,500 ms.`, ``,
      `| command | runs | min ms | median ms | max ms |`, `|---|---:|---:|---:|---:|`,
    );
    for (const r of c.rows) out.push(`| ${r.command} | ${r.runs} | ${n(r.min)} | ${n(r.median)} | ${n(r.max)} |`);
  }
  if (results.notes?.length) {
    out.push(``, `## Notes`, ``);
    for (const s of results.notes) out.push(`- ${s}`);
  }
  return out.join("\n") + "\n";
}

/** The off-chain sections (epoch tree, epoch close), also printed alone by `npm run bench -- --offchain`. */
export function offchainMarkdown(results: Pick<Results, "offchain" | "epochClose">): string[] {
  const out: string[] = [];
  const n = (v: number) => v.toLocaleString("en-US");
  if (results.offchain.length) {
    out.push(
      ``, `## Off-chain: epoch tree with every proof`, ``,
      `Build the tree (leaf hashes included) and produce every leaf's proof; each (implementation, size) in its own process. Peak = the child's maxRSS, which includes the input leaves (input MB = RSS before building). groundwork = the SDK's epoch tree (\`buildEpochTree\`: the native addon in native/merkle, proofs written 16,384 at a time into one reused buffer); reference = the pure-TypeScript builder (\`buildTree\`, \`proof(i)\` per leaf); merkletreejs uses the same leaf hash (pre-hashed), node = sha256(sorted pair), odd node promoted, \`getProof(leaf, index)\`. All three must produce the same root and the same proofs (a digest over every sibling).`, ``,
      `| operators | depth | runs | input MB | groundwork ms | peak MB | reference ms | peak MB | merkletreejs ms | peak MB | time ratio (mtjs / ours) | memory ratio | roots and proofs equal |`,
      `|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|`,
    );
    for (const o of results.offchain) {
      out.push(`| ${n(o.operators)} | ${o.depth ?? ""} | ${o.runs ?? 1} | ${o.inputMb ?? ""} | ${n(o.groundworkMs)} | ${o.groundworkPeakMb} | ${o.referenceMs !== undefined ? n(o.referenceMs) : ""} | ${o.referencePeakMb ?? ""} | ${o.merkletreejsMs !== undefined ? n(o.merkletreejsMs) : (o.note ?? "")} | ${o.merkletreejsPeakMb ?? ""} | ${o.speedup ? o.speedup + "×" : ""} | ${o.memoryRatio ? o.memoryRatio + "×" : ""} | ${o.rootsEqual === undefined ? "" : o.rootsEqual ? "yes" : "**no**"} |`);
    }
  }
  if (results.epochClose?.length) {
    out.push(
      ``, `## Off-chain: epoch close`, ``,
      `\`closeEpoch\` (sdk/src/oracle-node/close) in its own process: uptime shares from two heartbeats per device, the largest-remainder split of the emission, cumulative totals (every operator has a previous total), the tree, then every proof walked in chunks and the archive written as JSON. One operator per device: one leaf per device, the worst case for the tree. Input (devices, reports, previous totals) is built before the clock starts; input MB = RSS then, peak MB = the child's maxRSS.`, ``,
      `| devices | reports | leaves | total ms | shares + split + totals + tree ms | all proofs ms | archive ms | archive MB | input MB | peak MB | tree |`,
      `|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|`,
    );
    for (const c of results.epochClose) {
      out.push(`| ${n(c.devices)} | ${n(c.reports)} | ${n(c.leaves)} | ${n(c.ms)} | ${n(c.closeMs)} | ${n(c.proofsMs)} | ${n(c.archiveMs)} | ${c.archiveMb} | ${c.inputMb} | ${c.peakMb} | ${c.backend} |`);
    }
  }
  return out;
}

export function write(results: Results, dir = __dirname): void {
  fs.writeFileSync(path.join(dir, "results.json"), JSON.stringify(results, null, 2) + "\n");
  fs.writeFileSync(path.join(dir, "results.md"), markdown(results));
}
