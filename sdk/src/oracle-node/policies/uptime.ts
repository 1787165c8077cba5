// `uptime`: a device earns for being up. The epoch is cut into slots of the expected heartbeat
// interval; a device's share is the number of slots in which at least one of its heartbeats was
// accepted. That is the count of accepted heartbeats capped at the expected count
// (floor(epoch length / interval)), and a burst of heartbeats in one slot counts once.
import { countedReports, validateParams, RawParams } from "./common";
import { Policy, PolicyInput } from "./policy";

export const UPTIME_PARAMS = {
  heartbeatIntervalSecs: { min: 1, what: "expected seconds between two heartbeats of a device" },
} as const;

export class UptimePolicy implements Policy {
  readonly name = "uptime";
  readonly params: Record<string, number>;
  private readonly interval: number;

  constructor(raw: RawParams | undefined) {
    this.params = validateParams(this.name, raw, UPTIME_PARAMS);
    this.interval = this.params.heartbeatIntervalSecs;
  }

  /** Heartbeats expected from a device up for the whole epoch (at least 1). */
  expected(epochLengthSecs: number): number {
    return Math.max(1, Math.floor(epochLengthSecs / this.interval));
  }

  shares(input: PolicyInput): Map<string, bigint> {
    const expected = this.expected(input.epochLengthSecs);
    const slots = new Map<string, Set<number>>();
    for (const { report, device } of countedReports(input, "heartbeat")) {
      // Timestamps inside the node's tolerance but outside the epoch count in the first or last slot.
      const offset = report.timestamp - input.epochStart;
      const slot = Math.min(expected - 1, Math.max(0, Math.floor(offset / this.interval)));
      let s = slots.get(device);
      if (!s) slots.set(device, (s = new Set()));
      s.add(slot);
    }
    const out = new Map<string, bigint>();
    for (const [device, s] of slots) out.set(device, BigInt(s.size));
    return out;
  }
}
