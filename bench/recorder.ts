// Collects measured samples into table rows: one row per (program, instruction, case), with the
// floor of each sample (median of the per-sample floors) and the largest transaction seen.
import { CuRow } from "./table";
import { FloorKit, Syscalls } from "./floors";
import { Sample } from "./harness";

export interface RowOptions {
  sys?: Syscalls;
  /** Replace a CPI key by a more specific standalone measurement, e.g. a delegate's burn. */
  variant?: Record<string, string>;
  budget?: number;
}

export class Recorder {
  private readonly rows = new Map<string, CuRow & { floors: number[] }>();
  constructor(private readonly kit: FloorKit, private readonly log = true) {}

  add(program: string, instruction: string, kase: string, s: Sample, o: RowOptions = {}): Sample {
    const key = `${program}|${instruction}|${kase}`;
    let row = this.rows.get(key);
    const f = this.kit.floor(s, o.sys, o.variant);
    if (!row) {
      row = { program, instruction, case: kase, samples: [], floors: [], floorNote: f.note, budget: o.budget, txBytes: 0 };
      this.rows.set(key, row);
    }
    row.samples.push(s.cu);
    row.floors.push(f.floor);
    row.txBytes = Math.max(row.txBytes ?? 0, s.txBytes);
    return s;
  }

  result(): CuRow[] {
    return [...this.rows.values()].map(({ floors, ...r }) => {
      const sorted = [...floors].sort((a, b) => a - b);
      return { ...r, floor: sorted[Math.floor((sorted.length - 1) / 2)] };
    });
  }

  summary(): string {
    return [...this.rows.values()].map((r) => `${r.program}.${r.instruction} [${r.case}]: ${r.samples.join(", ")}`).join("\n");
  }
}
