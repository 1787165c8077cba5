// The record a node keeps of every closed epoch: enough to serve any operator's proof without
// re-running the policy (every leaf, in tree order), to check two nodes agree (root, totals), and
// to audit the close (the policy and its parameters' hash, the digest of the input report set).
import { createHash } from "crypto";
import { AcceptedReport } from "../../reports/types";
import { Policy } from "../policies/policy";

export const ARCHIVE_FORMAT = "groundwork-epoch-archive/1";

export interface EpochArchive {
  format: typeof ARCHIVE_FORMAT;
  network: string;
  epoch: number;
  /** Hex. */
  root: string;
  /** Σ leaf amounts (decimal string, u64). */
  total: string;
  leafCount: number;
  depth: number;
  operatorEmission: string;
  /** Unallocated emission carried in from the previous epoch. */
  carriedIn: string;
  distributed: string;
  /** Carried to the next epoch (no operator had a share). */
  unallocated: string;
  policy: { name: string; params: Record<string, string | number>; paramsSha256: string };
  reports: { count: number; digest: string };
  jailedOperators: string[];
  /** Tree order; `amount` cumulative, `epochReward` this epoch's part of it. */
  leaves: { operator: string; amount: string; epochReward: string }[];
}

/** The policy's canonical form: {"policy": name, "params": {keys sorted}} as JSON. */
export function canonicalPolicy(policy: Pick<Policy, "name" | "params">): string {
  const params: Record<string, string | number> = {};
  for (const k of Object.keys(policy.params).sort()) params[k] = policy.params[k];
  return JSON.stringify({ policy: policy.name, params });
}

/** Hex sha256 of `canonicalPolicy(policy)` (UTF-8). */
export function policyParamsHash(policy: Pick<Policy, "name" | "params">): string {
  return createHash("sha256").update(canonicalPolicy(policy), "utf8").digest("hex");
}

/**
 * Digest of a report set: hex sha256 over the distinct report ids (32 bytes each), sorted by
 * byte order. Any order of the same reports, and any duplicates, give the same digest.
 */
export function reportSetDigest(reports: Pick<AcceptedReport, "id">[]): { count: number; digest: string } {
  const sorted = reports.map((r) => r.id.toLowerCase()).sort();
  const ids: string[] = [];
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) ids.push(sorted[i]);
  const joined = ids.join("");
  // Buffer.from(hex) stops at the first non-hex pair: a short buffer means a malformed id.
  const bytes = Buffer.from(joined, "hex");
  if (joined.length !== ids.length * 64 || bytes.length !== ids.length * 32) {
    const bad = ids.find((id) => !/^[0-9a-f]{64}$/.test(id));
    throw new Error(`report id ${bad} is not 32 bytes of hex`);
  }
  return { count: ids.length, digest: createHash("sha256").update(bytes).digest("hex") };
}
