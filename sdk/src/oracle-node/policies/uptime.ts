// `uptime`: a device earns for being up. The epoch is cut into slots of the expected heartbeat
// interval; a device's share is the number of slots in which at least one of its heartbeats was
// accepted. That is the count of accepted heartbeats capped at the expected count
// (floor(epoch length / interval)), and a burst of heartbeats in one slot counts once.
import { deviceIndex, forEachCounted, validateParams, RawParams } from "./common";
import { Policy, PolicyInput } from "./policy";

export const UPTIME_PARAMS = {
  heartbeatIntervalSecs: { min: 1, what: "expected seconds between two heartbeats of a device" },
} as const;

/** Devices × expected slots must stay exact in a double (2^53). */
const MAX_MARK = Number.MAX_SAFE_INTEGER;

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
    const index = deviceIndex(input.devices);
    if (index.size * expected > MAX_MARK) throw new RangeError(`uptime: ${index.size} devices × ${expected} slots exceed exact integer range`);
    const names: string[] = new Array(index.size);
    // (device ordinal, slot) as one number, sorted, then counted distinct per device: a million
    // devices cost two typed arrays rather than a set each.
    let marks = new Float64Array(1024);
    let count = 0;
    forEachCounted(input, "heartbeat", index, (report, d) => {
      // Timestamps inside the node's tolerance but outside the epoch count in the first or last slot.
      const offset = report.timestamp - input.epochStart;
      const slot = Math.min(expected - 1, Math.max(0, Math.floor(offset / this.interval)));
      if (count === marks.length) {
        const grown = new Float64Array(marks.length * 2);
        grown.set(marks);
        marks = grown;
      }
      marks[count++] = d.ordinal * expected + slot;
      names[d.ordinal] = d.device;
    });
    const sorted = marks.subarray(0, count).sort();
    const out = new Map<string, bigint>();
    let i = 0;
    while (i < count) {
      const ordinal = Math.floor(sorted[i] / expected);
      let slots = 0;
      let last = -1;
      for (; i < count && Math.floor(sorted[i] / expected) === ordinal; i++) {
        if (sorted[i] !== last) slots++;
        last = sorted[i];
      }
      out.set(names[ordinal], BigInt(slots));
    }
    return out;
  }
}
