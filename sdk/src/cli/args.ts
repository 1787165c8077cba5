// Parsing and validating command-line values before anything is sent: every number is checked for
// sign, form, fractional digits and range, every key for base58, every hash for length, so a typo
// fails here with a message naming the value instead of reaching the chain as something else
// (`-5` as 5, `abc` as 0).
import type { PublicKey } from "@solana/web3.js";
import { CliError } from "./errors";

export const U64_MAX = (1n << 64n) - 1n;
export const I64_MAX = (1n << 63n) - 1n;

/** web3.js, loaded on first use (it is heavy and `--help` does not need it). */
function web3(): typeof import("@solana/web3.js") {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("@solana/web3.js") as typeof import("@solana/web3.js");
}

const invalid = (message: string, hint?: string) => new CliError("INVALID_ARGUMENT", message, hint);

export function key(s: string, what = "key"): PublicKey {
  const { PublicKey } = web3();
  try {
    return new PublicKey(s);
  } catch {
    throw invalid(`${what} is not a base58 public key: ${JSON.stringify(s)}`);
  }
}

/**
 * A whole number in [min, max], from a decimal string. Refuses signs, fractions, exponents,
 * spaces and hex, naming `what` and the bounds.
 */
export function wholeNumber(s: string, what: string, max: bigint = U64_MAX, min = 0n): bigint {
  const text = String(s).trim();
  if (/^-\d/.test(text)) throw invalid(`${what} must not be negative: ${s}`);
  if (/^\d+\.\d*$/.test(text)) throw invalid(`${what} must be a whole number, not a fraction: ${s}`);
  if (!/^\d+$/.test(text)) throw invalid(`${what} must be a whole number: ${JSON.stringify(s)}`);
  const v = BigInt(text);
  if (v > max) throw invalid(`${what} is too large: ${s} (at most ${max}${max === U64_MAX ? ", the u64 maximum" : ""})`);
  if (v < min) throw invalid(`${what} must be at least ${min}: ${s}`);
  return v;
}

/** A whole number that fits a JavaScript number (u8, u16, u32 fields and counts). */
export function smallNumber(s: string, what: string, max: number, min = 0): number {
  return Number(wholeNumber(s, what, BigInt(max), BigInt(min)));
}

/**
 * A token amount in base units. `text` is in UI units with up to `decimals` fractional digits
 * (`1.5` of a 6-decimal mint is 1,500,000), as `spl-token` reads amounts; with `baseUnits` it must
 * be a whole number of base units.
 */
export function tokenAmount(text: string, decimals: number, what = "amount", options: { baseUnits?: boolean; allowZero?: boolean } = {}): bigint {
  const s = String(text).trim();
  let v: bigint;
  if (options.baseUnits) {
    v = wholeNumber(s, `${what} (base units)`);
  } else {
    if (/^-/.test(s)) throw invalid(`${what} must not be negative: ${text}`);
    const m = /^(\d*)(?:\.(\d*))?$/.exec(s);
    if (!m || (m[1] === "" && (m[2] ?? "") === "")) throw invalid(`${what} must be a number of tokens such as 1.5: ${JSON.stringify(text)}`);
    const fraction = m[2] ?? "";
    if (fraction.length > decimals) {
      throw invalid(`${what} ${text} has more decimal places than the mint's ${decimals}`, decimals === 0 ? "this token has no fractional units" : `use at most ${decimals} digits after the point, or --base-units for an integer number of base units`);
    }
    v = BigInt((m[1] || "0") + fraction.padEnd(decimals, "0"));
    if (v > U64_MAX) throw invalid(`${what} is too large: ${text} (at most ${formatUnits(U64_MAX, decimals)})`);
  }
  if (v === 0n && !options.allowZero) throw invalid(`${what} must be greater than zero`);
  return v;
}

/** `base` base units as a UI amount with `decimals` decimals, without trailing zeros (1500000, 6 → "1.5"). */
export function formatUnits(base: bigint, decimals: number): string {
  const negative = base < 0n;
  const digits = (negative ? -base : base).toString().padStart(decimals + 1, "0");
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals).replace(/0+$/, "");
  return `${negative ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}`;
}

export function hex32(s: string, what: string): Buffer {
  const text = s.replace(/^0x/, "");
  if (!/^[0-9a-fA-F]{64}$/.test(text)) throw invalid(`${what} must be 32 bytes of hex (64 hex digits): ${JSON.stringify(s)}`);
  return Buffer.from(text, "hex");
}

// --- H3 cells -----------------------------------------------------------------------------------
// An H3 index is a u64: bit 63 reserved (0), bits 59–62 the mode (1 = cell), bits 56–58 reserved
// (0 for a cell), bits 52–55 the resolution (0–15), bits 45–51 the base cell (0–121), then fifteen
// 3-bit digits from resolution 1 down: digits up to the resolution are 0–6, the rest are 7. A
// pentagon base cell's first non-zero digit is never 1 (that sub-cell does not exist).
const PENTAGON_BASE_CELLS = new Set([4, 14, 24, 38, 49, 58, 63, 72, 83, 97, 107, 117]);

/** Why `cell` is not a valid H3 cell index by its bit layout, or null when the layout is one (h3Cell also asks h3-js's isValidCell). */
export function h3CellProblem(cell: bigint): string | null {
  if (cell < 0n || cell > U64_MAX) return "not a 64-bit value";
  if ((cell >> 63n) & 1n) return "the reserved high bit is set";
  const mode = Number((cell >> 59n) & 0xfn);
  if (mode !== 1) return `mode ${mode}, not a cell (mode 1)`;
  if ((cell >> 56n) & 0x7n) return "reserved bits 56–58 are set";
  const resolution = Number((cell >> 52n) & 0xfn);
  const baseCell = Number((cell >> 45n) & 0x7fn);
  if (baseCell > 121) return `base cell ${baseCell} does not exist (0–121)`;
  let firstNonZero = 0;
  for (let r = 1; r <= 15; r++) {
    const digit = Number((cell >> BigInt((15 - r) * 3)) & 0x7n);
    if (r <= resolution) {
      if (digit === 7) return `digit ${r} is 7 (unused) within resolution ${resolution}`;
      if (firstNonZero === 0 && digit !== 0) firstNonZero = digit;
    } else if (digit !== 7) return `digit ${r} is ${digit} beyond resolution ${resolution} (must be 7)`;
  }
  if (PENTAGON_BASE_CELLS.has(baseCell) && firstNonZero === 1) return `base cell ${baseCell} is a pentagon, which has no sub-cell 1`;
  return null;
}

/**
 * A location cell: an H3 index in its usual hex form (`8a2a1072b59ffff`, optionally `0x`-prefixed)
 * or in decimal (`622236750694711295`). A string of digits only is read as decimal; write hex with
 * `0x` when it has no letters.
 */
export function h3Cell(s: string, what = "location"): bigint {
  const text = s.trim();
  let v: bigint;
  if (/^0x[0-9a-fA-F]{1,16}$/.test(text) || (/^[0-9a-fA-F]{1,16}$/.test(text) && /[a-fA-F]/.test(text))) {
    v = BigInt(text.startsWith("0x") ? text : `0x${text}`);
  } else if (/^\d+$/.test(text)) {
    v = wholeNumber(text, what);
  } else {
    throw invalid(`${what} must be an H3 cell index, hex (8a2a1072b59ffff) or decimal: ${JSON.stringify(s)}`);
  }
  // h3-js decides (loaded here, not at --help); the layout check names what is wrong.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { isValidCell } = require("h3-js") as typeof import("h3-js");
  const problem = v > 0n && v <= U64_MAX && isValidCell(v.toString(16)) ? null : h3CellProblem(v) ?? "h3-js does not accept it as a cell";
  if (problem) throw invalid(`${what} ${s} is not a valid H3 cell: ${problem}`, "use an H3 cell index, e.g. from h3.latLngToCell(lat, lng, res)");
  return v;
}

// --- durations ----------------------------------------------------------------------------------
const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/** A duration: `90` (seconds), `90s`, `15m`, `12h`, `1d`, `2w`, or a sum like `1d12h`. */
export function duration(s: string, what = "duration"): number {
  const text = s.trim();
  if (/^\d+$/.test(text)) return Number(wholeNumber(text, what, BigInt(Number.MAX_SAFE_INTEGER)));
  if (!/^(\d+[smhdw])+$/.test(text)) throw invalid(`${what} must be seconds or a duration like 1d, 12h, 30m, 1d12h: ${JSON.stringify(s)}`);
  let total = 0;
  for (const m of text.matchAll(/(\d+)([smhdw])/g)) total += Number(m[1]) * UNIT_SECONDS[m[2]];
  if (!Number.isSafeInteger(total) || total <= 0) throw invalid(`${what} is out of range: ${s}`);
  return total;
}
