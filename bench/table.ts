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
  claimByDepth: { depth: number; computeUnits: number; txBytes: number }[];
  offchain: { operators: number; groundworkMs: number; groundworkPeakMb: number; merkletreejsMs?: number; merkletreejsPeakMb?: number; speedup?: number; note?: string }[];
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
  out.push(`# Groundwork benchmark`, ``, `Generated ${results.generatedAt} on ${results.machine} by \`npm run bench\` (embedded SVM: LiteSVM 1.5, the Agave SVM in process).`, ``);
  out.push(`## Compute units per instruction`, ``);
  out.push(`| program | instruction | case | min | median | max | floor | ratio | budget | tx bytes |`, `|---|---|---|---:|---:|---:|---:|---:|---|---:|`);
  for (const r of results.computeUnits) {
    const budget = r.budget === undefined ? "" : `${r.withinBudget ? "PASS" : "FAIL"} ≤ ${r.budget}`;
    out.push(`| ${r.program} | ${r.instruction} | ${r.case} | ${r.min} | ${r.median} | ${r.max} | ${r.floor ?? ""} | ${r.ratioToFloor ?? ""} | ${budget} | ${r.txBytes ?? ""} |`);
  }
  const floors = results.computeUnits.filter((r) => r.floorNote);
  if (floors.length) {
    out.push(``, `Floors: what each instruction cannot avoid, measured in the same run.`, ``);
    for (const r of floors) out.push(`- ${r.program}.${r.instruction} (${r.case}): ${r.floorNote}`);
  }
  if (results.claimByDepth.length) {
    out.push(``, `## Claim compute units and transaction size by proof depth`, ``, `| depth | operators (2^depth) | compute units | tx bytes (limit 1232) |`, `|---:|---:|---:|---:|`);
    for (const c of results.claimByDepth) out.push(`| ${c.depth} | ${2 ** c.depth} | ${c.computeUnits} | ${c.txBytes} |`);
  }
  out.push(``, `## Rent per account`, ``, `| program | account | bytes | rent-exempt lamports | SOL |`, `|---|---|---:|---:|---:|`);
  for (const r of results.rent) out.push(`| ${r.program} | ${r.account} | ${r.bytes} | ${r.lamports} | ${(r.lamports / 1e9).toFixed(6)} |`);
  out.push(``, `## Program sizes`, ``, `| program | bytes |`, `|---|---:|`);
  for (const p of results.programs) out.push(`| ${p.name} | ${p.bytes} |`);
  if (results.offchain.length) {
    out.push(``, `## Off-chain: epoch tree with every proof`, ``, `| operators | groundwork ms | peak MB | merkletreejs ms | peak MB | speed-up |`, `|---:|---:|---:|---:|---:|---:|`);
    for (const o of results.offchain) out.push(`| ${o.operators} | ${o.groundworkMs} | ${o.groundworkPeakMb} | ${o.merkletreejsMs ?? o.note ?? ""} | ${o.merkletreejsPeakMb ?? ""} | ${o.speedup ? o.speedup + "×" : ""} |`);
  }
  return out.join("\n") + "\n";
}

export function write(results: Results, dir = __dirname): void {
  fs.writeFileSync(path.join(dir, "results.json"), JSON.stringify(results, null, 2) + "\n");
  fs.writeFileSync(path.join(dir, "results.md"), markdown(results));
}
