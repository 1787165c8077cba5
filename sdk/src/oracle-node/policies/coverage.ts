// `coverage`: a device earns for being heard. Its share is the sum, over the DISTINCT devices that
// witnessed it, of a plausibility weight:
//   - a witness by a device of the same operator weighs 0 (an operator's own devices vouching for
//     each other is the cheapest spoofing ring);
//   - otherwise the weight falls with the grid distance d between the cell the witness reported
//     and the witnessed device's registered cell, both taken to `resolution`:
//       d ≤ fullWeightCells                       → 10_000
//       fullWeightCells < d < zeroWeightCells     → floor(10_000 × (zeroWeightCells − d) / (zeroWeightCells − fullWeightCells))
//       d ≥ zeroWeightCells, or not computable    → 0 (h3CellDistance: invalid cells, no grid path)
//   - a witness that heard the device several times counts once, with its best weight;
//   - with maxWitnesses > 0, only the device's maxWitnesses heaviest witnesses count.
// All of it integer math (distances are whole cells, weights bigint).
import { countedReports, deviceIndex, keyBytes, validateParams, PolicyConfigError, RawParams } from "./common";
import { Policy, PolicyInput } from "./policy";
import { cellToParent, getResolution, gridDistance, isValidCell } from "h3-js";

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

/**
 * Grid distance by h3-js (`gridDistance`, the number of grid steps between two cells) after taking
 * each cell to its parent at `resolution`. null — weight 0, the witness is treated as infinitely
 * far — when a cell is not a valid H3 cell, is coarser than `resolution` (its position is not
 * known that finely), or h3-js finds no grid path: cells in different icosahedron faces too far
 * apart, or a path across a pentagon's distortion (its E_FAILED / E_PENTAGON errors). A plausible
 * witness is a few cells away, where h3-js always finds the distance.
 */
export function h3CellDistance(a: bigint, b: bigint, resolution: number): number | null {
  const x = cellAt(a, resolution);
  const y = cellAt(b, resolution);
  if (x === null || y === null) return null;
  try {
    return gridDistance(x, y);
  } catch {
    return null;
  }
}

/** `cell` (a u64 H3 index) as h3-js's hex string at `resolution`, or null. */
function cellAt(cell: bigint, resolution: number): string | null {
  if (cell <= 0n || cell > 0xffff_ffff_ffff_ffffn) return null;
  const h = cell.toString(16);
  if (!isValidCell(h)) return null;
  const r = getResolution(h);
  if (r < resolution) return null;
  return r === resolution ? h : cellToParent(h, resolution);
}

export class CoveragePolicy implements Policy {
  readonly name = "coverage";
  readonly params: Record<string, number>;
  private readonly distance: CellDistance;

  /** `distance` defaults to H3 grid distance (h3CellDistance); tests may pass another metric. */
  constructor(raw: RawParams | undefined, distance: CellDistance = h3CellDistance) {
    this.params = validateParams(this.name, raw, COVERAGE_PARAMS);
    if (this.params.zeroWeightCells <= this.params.fullWeightCells) {
      throw new PolicyConfigError(this.name, `zeroWeightCells (${this.params.zeroWeightCells}) must be greater than fullWeightCells (${this.params.fullWeightCells})`);
    }
    this.distance = distance;
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
