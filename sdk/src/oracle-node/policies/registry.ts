// Policies by name, as a node's config file names them.
import { PolicyConfigError, RawParams } from "./common";
import { CellDistance, CoveragePolicy } from "./coverage";
import { Policy } from "./policy";
import { UptimePolicy } from "./uptime";
import { WorkPolicy } from "./work";

export const POLICY_NAMES = ["uptime", "coverage", "work"] as const;
export type PolicyName = (typeof POLICY_NAMES)[number];

export interface PolicyDeps {
  /** Cell distance for `coverage` (default: h3-js's grid distance). */
  cellDistance?: CellDistance;
}

/** The policy `name` with `params` validated; a PolicyConfigError says what is wrong. */
export function policyFromConfig(name: string, params?: RawParams, deps: PolicyDeps = {}): Policy {
  switch (name) {
    case "uptime":
      return new UptimePolicy(params);
    case "coverage":
      return new CoveragePolicy(params, deps.cellDistance);
    case "work":
      return new WorkPolicy(params);
    default:
      throw new PolicyConfigError(String(name), `unknown policy (known: ${POLICY_NAMES.join(", ")})`);
  }
}
