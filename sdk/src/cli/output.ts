// CLI output: `--json` for scripts (one JSON document on stdout), aligned tables for people, a
// progress bar on stderr for long work, and one-line errors.
import BN from "bn.js";
import { PublicKey } from "@solana/web3.js";

export type Row = Record<string, unknown>;

/** JSON-safe form of SDK values: PublicKey → base58, BN/bigint → decimal string, bytes → hex. */
export function plain(value: unknown): unknown {
  if (value instanceof PublicKey) return value.toBase58();
  if (BN.isBN(value)) return (value as BN).toString();
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString("hex");
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

export function print(json: boolean, value: Row | Row[]): void {
  if (json) {
    process.stdout.write(JSON.stringify(plain(value), null, 2) + "\n");
    return;
  }
  const rows = Array.isArray(value) ? value : [value];
  if (!Array.isArray(value)) {
    const entries = Object.entries(plain(value) as Row);
    const width = Math.max(...entries.map(([k]) => k.length));
    for (const [k, v] of entries) process.stdout.write(`${k.padEnd(width)}  ${typeof v === "object" ? JSON.stringify(v) : String(v)}\n`);
    return;
  }
  if (rows.length === 0) {
    process.stdout.write("(none)\n");
    return;
  }
  const cells = rows.map((r) => Object.fromEntries(Object.entries(plain(r) as Row).map(([k, v]) => [k, typeof v === "object" ? JSON.stringify(v) : String(v)])));
  const keys = Object.keys(cells[0]);
  const widths = keys.map((k) => Math.max(k.length, ...cells.map((c) => (c[k] ?? "").length)));
  process.stdout.write(keys.map((k, i) => k.padEnd(widths[i])).join("  ") + "\n");
  for (const c of cells) process.stdout.write(keys.map((k, i) => (c[k] ?? "").padEnd(widths[i])).join("  ") + "\n");
}

/** A progress bar on stderr (only on a terminal, so scripts' output stays clean). */
export class Progress {
  private done = 0;
  private readonly enabled: boolean;
  constructor(private readonly label: string, private readonly total: number) {
    this.enabled = Boolean(process.stderr.isTTY) && total > 0;
  }
  tick(n = 1): void {
    this.done += n;
    if (!this.enabled) return;
    const width = 30;
    const filled = Math.round((this.done / this.total) * width);
    process.stderr.write(`\r${this.label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${this.done}/${this.total}`);
    if (this.done >= this.total) process.stderr.write("\n");
  }
}
