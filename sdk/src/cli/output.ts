// CLI output: `--output json` (alias `--json`) for scripts — one JSON document on stdout, errors
// as JSON on stderr — aligned tables for people, a progress bar on stderr for long work.
// Token amounts print in UI units (the mint's decimals), with base units alongside in JSON.
import BN from "bn.js";
import { PublicKey } from "@solana/web3.js";

export type Row = Record<string, unknown>;

/** A token amount: prints as UI units (`1.5`); JSON adds `<field>BaseUnits` with the integer. */
export class TokenAmount {
  constructor(readonly baseUnits: bigint, readonly decimals: number) {}

  get ui(): string {
    const digits = this.baseUnits.toString().padStart(this.decimals + 1, "0");
    const whole = digits.slice(0, digits.length - this.decimals);
    const fraction = digits.slice(digits.length - this.decimals).replace(/0+$/, "");
    return fraction ? `${whole}.${fraction}` : whole;
  }
}

/** JSON-safe form of SDK values: PublicKey → base58, BN/bigint → decimal string, bytes → hex. */
export function plain(value: unknown): unknown {
  if (value instanceof PublicKey) return value.toBase58();
  if (BN.isBN(value)) return (value as BN).toString();
  if (typeof value === "bigint") return value.toString();
  if (value instanceof TokenAmount) return value.ui;
  if (value instanceof Uint8Array) return Buffer.from(value).toString("hex");
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === undefined) continue;
      out[k] = plain(v);
      if (v instanceof TokenAmount) out[`${k}BaseUnits`] = v.baseUnits.toString();
    }
    return out;
  }
  return value;
}

/** The display form: like `plain`, without the base-unit companions. */
function display(value: unknown): unknown {
  if (value instanceof TokenAmount) return value.ui;
  if (value && typeof value === "object" && !(value instanceof PublicKey) && !BN.isBN(value) && !(value instanceof Uint8Array) && !Array.isArray(value)) {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).map(([k, v]) => [k, display(v)]));
  }
  if (Array.isArray(value)) return value.map(display);
  return plain(value);
}

const cell = (v: unknown) => (v === null ? "-" : typeof v === "object" ? JSON.stringify(v) : String(v));

export function print(json: boolean, value: Row | Row[], compact = false): void {
  if (json) {
    process.stdout.write(JSON.stringify(plain(value), null, compact ? undefined : 2) + "\n");
    return;
  }
  if (!Array.isArray(value)) {
    const entries = Object.entries(display(value) as Row);
    if (entries.length === 0) return;
    const width = Math.max(...entries.map(([k]) => k.length));
    for (const [k, v] of entries) process.stdout.write(`${k.padEnd(width)}  ${cell(v)}\n`);
    return;
  }
  if (value.length === 0) {
    process.stdout.write("(none)\n");
    return;
  }
  const cells = value.map((r) => Object.fromEntries(Object.entries(display(r) as Row).map(([k, v]) => [k, cell(v)])));
  const keys = Array.from(new Set(cells.flatMap((c) => Object.keys(c))));
  const widths = keys.map((k) => Math.max(k.length, ...cells.map((c) => (c[k] ?? "").length)));
  process.stdout.write(keys.map((k, i) => k.padEnd(widths[i])).join("  ").trimEnd() + "\n");
  for (const c of cells) process.stdout.write(keys.map((k, i) => (c[k] ?? "").padEnd(widths[i])).join("  ").trimEnd() + "\n");
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
