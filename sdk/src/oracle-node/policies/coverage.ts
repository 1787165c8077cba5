// `coverage`: a device earns for being heard. Its share is the sum, over the DISTINCT devices that
// witnessed it, of a plausibility weight:
//   - a witness by a device of the same operator weighs 0 (an operator's own devices vouching for
//     each other is the cheapest spoofing ring);
//   - otherwise the weight falls with the grid distance d between the cell the witness reported
//     and the witnessed device's registered cell, both taken to `resolution`:
//       d ≤ fullWeightCells                       → 10_000
//       fullWeightCells < d < zeroWeightCells     → floor(10_000 × (zeroWeightCells − d) / (zeroWeightCells − fullWeightCells))
//       d ≥ zeroWeightCells, or not computable    → 0
//   - a witness that heard the device several times counts once, with its best weight;
//   - with maxWitnesses > 0, only the device's maxWitnesses heaviest witnesses count.
// All of it integer math (distances are whole cells, weights bigint).
import { countedReports, deviceIndex, keyBytes, validateParams, PolicyConfigError, RawParams } from "./common";
import { Policy, PolicyInput } from "./policy";

/** Full weight of one plausible witness. */
export const WITNESS_WEIGHT = 10_000n;

/**
 * Grid distance in cells between two H3 cells (as u64) at `resolution`, or null when it cannot
 * be computed (invalid cell, coarser than `resolution`, too far apart for a grid path): a null
 * distance weighs 0.
 */
export type CellDistance = (a: bigint, b: bigint, resolution: number) => number | null;

export const COVERAGE_PARAMS = {
  resolution: { min: 0, max: 15, what: "H3 resolution at which cells are compared (finer cells are taken to their parent)" },
  fullWeightCells: { min: 0, what: "grid distance up to which a witness has full weight" },
  zeroWeightCells: { min: 1, what: "grid distance from which a witness weighs nothing (greater than fullWeightCells)" },
  maxWitnesses: { min: 0, default: 0, what: "most witnesses counted per device, heaviest first (0: no cap)" },
} as const;

interface H3Module {
  isValidCell(h: string): boolean;
  getResolution(h: string): number;
  cellToParent(h: string, res: number): string;
  gridDistance(a: string, b: string): number;
}

/** The h3-js package's grid distance, when the package is installed; null otherwise. */
export function h3CellDistance(): CellDistance | null {
  let h3: H3Module;
  try {
    h3 = require("h3-js") as H3Module;
  } catch {
    return null;
  }
  const at = (cell: bigint, res: number): string | null => {
    const h = cell.toString(16);
    if (!h3.isValidCell(h)) return null;
    const r = h3.getResolution(h);
    if (r < res) return null;
    return r === res ? h : h3.cellToParent(h, res);
  };
  return (a, b, res) => {
    const x = at(a, res);
    const y = at(b, res);
    if (x === null || y === null) return null;
    try {
      return h3.gridDistance(x, y);
    } catch {
      return null; // no grid path (pentagon distortion, far apart): implausible
    }
  };
}

export class CoveragePolicy implements Policy {
  readonly name = "coverage";
  readonly params: Record<string, number>;
  private readonly distance: CellDistance;

  /** `distance` defaults to h3-js's; pass one to run without it (tests, simulations). */
  constructor(raw: RawParams | undefined, distance?: CellDistance) {
    this.params = validateParams(this.name, raw, COVERAGE_PARAMS);
    if (this.params.zeroWeightCells <= this.params.fullWeightCells) {
      throw new PolicyConfigError(this.name, `zeroWeightCells (${this.params.zeroWeightCells}) must be greater than fullWeightCells (${this.params.fullWeightCells})`);
    }
    const d = distance ?? h3CellDistance();
    if (!d) throw new PolicyConfigError(this.name, "cell distances need the h3-js package, which is not installed (npm install h3-js), or a CellDistance passed in");
    this.distance = d;
  }

  /** Weight of a witness whose reported cell is `d` cells from the witnessed device's. */
  weight(d: number | null): bigint {
    const { fullWeightCells: full, zeroWeightCells: zero } = this.params;
    if (d === null || d < 0 || d >= zero) return 0n;
    if (d <= full) return WITNESS_WEIGHT;
    return (WITNESS_WEIGHT * BigInt(zero - d)) / BigInt(zero - full);
  }

  shares(input: PolicyInput): Map<string, bigint> {
    // witnessed device → witness device → best weight
    const heard = new Map<string, Map<string, bigint>>();
    const index = deviceIndex(input.devices);
    for (const { report, device: witness, info } of countedReports(input, "witness", index)) {
      const found = index.get(keyBytes(report.payload.witnessed));
      if (!found) continue;
      const { device: witnessed, info: target } = found;
      if (!target.active || witnessed === witness) continue;
      if (target.operator.equals(info.operator)) continue; // same operator: worth nothing
      const w = this.weight(this.distance(report.payload.cell, target.cell, this.params.resolution));
      if (w === 0n) continue;
      let byWitness = heard.get(witnessed);
      if (!byWitness) heard.set(witnessed, (byWitness = new Map()));
      const prev = byWitness.get(witness);
      if (prev === undefined || w > prev) byWitness.set(witness, w);
    }
    const cap = this.params.maxWitnesses;
    const out = new Map<string, bigint>();
    for (const [device, byWitness] of heard) {
      let weights = [...byWitness.values()];
      if (cap > 0 && weights.length > cap) weights = weights.sort((a, b) => (a > b ? -1 : a < b ? 1 : 0)).slice(0, cap);
      out.set(device, weights.reduce((s, w) => s + w, 0n));
    }
    return out;
  }
}
