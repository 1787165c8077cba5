// What every policy shares: parameter validation with clear errors, and the reports a policy may
// count. Policies are pure: integer math only (bigint), no clock, no randomness, and nothing that
// depends on the order of `PolicyInput.reports`.
import { AcceptedReport, ReportPayload } from "../../reports/types";
import { PublicKey } from "@solana/web3.js";
import { DeviceInfo, PolicyInput } from "./policy";

/** A policy configuration the node refuses to run with (unknown policy, missing or bad parameter). */
export class PolicyConfigError extends Error {
  constructor(
    readonly policy: string,
    message: string,
  ) {
    super(`policy ${policy}: ${message}`);
    this.name = "PolicyConfigError";
  }
}

export type RawParams = Record<string, unknown>;

export interface IntSpec {
  /** Smallest accepted value (inclusive). */
  min: number;
  /** Largest accepted value (inclusive); defaults to Number.MAX_SAFE_INTEGER. */
  max?: number;
  /** Used when the parameter is absent; without it the parameter is required. */
  default?: number;
  what: string;
}

/**
 * Validates `raw` against `spec`: every key known, every value an integer in range (a number, or
 * a string of decimal digits), defaults applied. Returns the canonical parameters: every key of
 * the spec, in sorted order, as numbers.
 */
export function validateParams(policy: string, raw: RawParams | undefined, spec: Record<string, IntSpec>): Record<string, number> {
  const given = raw ?? {};
  if (typeof given !== "object" || Array.isArray(given)) throw new PolicyConfigError(policy, "params must be an object");
  for (const k of Object.keys(given)) {
    if (!(k in spec)) throw new PolicyConfigError(policy, `unknown parameter "${k}" (known: ${Object.keys(spec).sort().join(", ")})`);
  }
  const out: Record<string, number> = {};
  for (const k of Object.keys(spec).sort()) {
    const s = spec[k];
    const v = given[k];
    if (v === undefined) {
      if (s.default === undefined) throw new PolicyConfigError(policy, `missing parameter "${k}" (${s.what})`);
      out[k] = s.default;
      continue;
    }
    const n = typeof v === "string" && /^[0-9]+$/.test(v) ? Number(v) : v;
    const max = s.max ?? Number.MAX_SAFE_INTEGER;
    if (typeof n !== "number" || !Number.isSafeInteger(n) || n < s.min || n > max) {
      throw new PolicyConfigError(policy, `parameter "${k}" must be an integer in [${s.min}, ${max}] (${s.what}); got ${JSON.stringify(v)}`);
    }
    out[k] = n;
  }
  return out;
}

/** A key's bytes as a string: a cheap map key (base58 encoding costs microseconds per key). */
export const keyBytes = (k: PublicKey): string => k.toBuffer().toString("latin1");

export interface IndexedDevice {
  /** Base58 key (the key of PolicyInput.devices). */
  device: string;
  info: DeviceInfo;
  /** Position in this index (0..size−1): lets a policy count in typed arrays. */
  ordinal: number;
}

/** Devices by key bytes, each with its base58 key: looks reports' keys up without encoding them. */
export type DeviceIndex = Map<string, IndexedDevice>;

export function deviceIndex(devices: ReadonlyMap<string, DeviceInfo>): DeviceIndex {
  const out: DeviceIndex = new Map();
  for (const [device, info] of devices) out.set(keyBytes(info.device), { device, info, ordinal: out.size });
  return out;
}

export interface Counted<P extends ReportPayload> {
  report: AcceptedReport & { payload: P };
  /** Base58 device key (the reporter). */
  device: string;
  info: DeviceInfo;
}

/**
 * The reports of `kind` a policy counts: each id once (replays are dropped upstream; a duplicate
 * here is ignored rather than counted twice), for this network and epoch, from a device the chain
 * mirror knows and saw active. Order of the result follows the input; policies must aggregate it
 * order-independently.
 */
export function countedReports<K extends ReportPayload["kind"]>(input: PolicyInput, kind: K, index: DeviceIndex = deviceIndex(input.devices)): Counted<Extract<ReportPayload, { kind: K }>>[] {
  const out: Counted<Extract<ReportPayload, { kind: K }>>[] = [];
  forEachCounted(input, kind, index, (report, d) => out.push({ report, device: d.device, info: d.info }));
  return out;
}

/** `countedReports` without building the list: `visit` is called once per counted report. */
export function forEachCounted<K extends ReportPayload["kind"]>(
  input: PolicyInput,
  kind: K,
  index: DeviceIndex,
  visit: (report: AcceptedReport & { payload: Extract<ReportPayload, { kind: K }> }, device: IndexedDevice) => void,
): void {
  const seen = new Set<string>();
  const network = input.network.toBase58();
  let lastNetwork: AcceptedReport["network"] | undefined;
  for (const r of input.reports) {
    if (r.payload.kind !== kind || r.epoch !== input.epoch || seen.has(r.id)) continue;
    // Reports of one node share the network object; compare the key only when it changes.
    if (r.network !== lastNetwork) {
      if (r.network.toBase58() !== network) continue;
      lastNetwork = r.network;
    }
    const known = index.get(keyBytes(r.device));
    if (!known || !known.info.active) continue;
    seen.add(r.id);
    visit(r as AcceptedReport & { payload: Extract<ReportPayload, { kind: K }> }, known);
  }
}

/** Byte order of two base58 keys' bytes, for deterministic tie-breaks. */
export function compareKeyBytes(a: Uint8Array, b: Uint8Array): number {
  return Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.length), Buffer.from(b.buffer, b.byteOffset, b.length));
}
