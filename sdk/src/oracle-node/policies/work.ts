// `work`: a device earns for the units of service it delivered (GPU-seconds, GB served, kWh, map
// tiles), and an operator's devices together earn for no more units than customers paid for at
// that operator in the epoch:
//   paid units cap(op) = floor(paidCredits(op) × priceUnits / priceCredits)
//     (customers pay `priceCredits` credits for `priceUnits` units; paidCredits from the credits
//     program's spend events, PolicyInput.paidCredits)
//   claimed(op)        = Σ units its devices reported
//   share(device)      = units(device)                                 if claimed(op) ≤ cap(op)
//                        floor(units(device) × cap(op) / claimed(op))  otherwise
// So an operator paying itself for fake work is credited at most the units its own burn paid for,
// and units nobody paid for earn nothing.
import { PublicKey } from "@solana/web3.js";
import { countedReports, keyBytes, validateParams, RawParams } from "./common";
import { Policy, PolicyInput } from "./policy";

export const WORK_PARAMS = {
  priceCredits: { min: 1, what: "credits a customer pays for priceUnits units of work" },
  priceUnits: { min: 1, what: "units of work priceCredits credits pay for" },
} as const;

export class WorkPolicy implements Policy {
  readonly name = "work";
  readonly params: Record<string, number>;

  constructor(raw: RawParams | undefined) {
    this.params = validateParams(this.name, raw, WORK_PARAMS);
  }

  /** Most units an operator whose customers paid `credits` in the epoch is credited with. */
  paidUnits(credits: bigint): bigint {
    return credits <= 0n ? 0n : (credits * BigInt(this.params.priceUnits)) / BigInt(this.params.priceCredits);
  }

  shares(input: PolicyInput): Map<string, bigint> {
    // Operators keyed by their key bytes here; paid credits are by base58 (one encoding per operator).
    const paidByBytes = new Map<string, bigint>();
    for (const [op, credits] of input.paidCredits) paidByBytes.set(keyBytes(new PublicKey(op)), credits);
    const units = new Map<string, bigint>();
    const operatorOf = new Map<string, string>();
    const claimed = new Map<string, bigint>();
    for (const { report, device, info } of countedReports(input, "work")) {
      const u = report.payload.units;
      if (u <= 0n) continue;
      const op = keyBytes(info.operator);
      units.set(device, (units.get(device) ?? 0n) + u);
      operatorOf.set(device, op);
      claimed.set(op, (claimed.get(op) ?? 0n) + u);
    }
    const out = new Map<string, bigint>();
    for (const [device, u] of units) {
      const op = operatorOf.get(device)!;
      const cap = this.paidUnits(paidByBytes.get(op) ?? 0n);
      const total = claimed.get(op)!;
      const share = total <= cap ? u : (u * cap) / total;
      if (share > 0n) out.set(device, share);
    }
    return out;
  }
}
