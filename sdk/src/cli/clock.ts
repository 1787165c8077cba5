// Waiting for the chain's clock, for `groundwork wait`. A cluster's time is its Clock sysvar (the
// stake-weighted time of its latest slot), which runs behind or ahead of this machine's clock, so
// the wait polls the sysvar rather than sleeping for the difference; it polls often near the
// target (a slot is ~0.4 s) and seldom when the target is hours away. `--timeout` bounds the wait
// in this machine's (wall-clock) seconds: a stalled cluster fails it instead of hanging a script.
// Nothing heavy is imported here: this module loads with `--help`.
import { CliError } from "./errors";

/** Where a wait reads time and sleeps; a cluster's Clock sysvar and timers, or fakes in tests. */
export interface ClockSource {
  /** The chain's unix time, seconds. */
  chainNow(): Promise<number>;
  /** This machine's time, milliseconds (bounds the wait with --timeout). */
  wallNowMs(): number;
  sleep(ms: number): Promise<void>;
}

/** Shortest pause between two reads of the clock: about one slot. */
export const MIN_POLL_MS = 400;
/** Longest pause: a long wait still notices a clock that jumped (a cluster catching up) within a minute. */
export const MAX_POLL_MS = 60_000;

/** How long to sleep before reading the clock again, with `remainingSecs` to go: half of it, within [MIN_POLL_MS, MAX_POLL_MS]. */
export function pollDelayMs(remainingSecs: number): number {
  return Math.min(MAX_POLL_MS, Math.max(MIN_POLL_MS, Math.floor((remainingSecs * 1000) / 2)));
}

export interface WaitOutcome {
  /** The chain's time when the wait ended (≥ the target). */
  chainNow: number;
  /** Wall-clock milliseconds the wait took. */
  waitedMs: number;
  /** Clock reads it took. */
  polls: number;
}

/**
 * Resolves once the chain's clock reads at least `target`; throws WAIT_TIMEOUT when `timeoutSecs`
 * of wall-clock time pass first (never sleeping past that deadline).
 */
export async function waitForChainTime(clock: ClockSource, target: number, what: string, timeoutSecs?: number): Promise<WaitOutcome> {
  const started = clock.wallNowMs();
  const deadline = timeoutSecs === undefined ? Infinity : started + timeoutSecs * 1000;
  for (let polls = 1; ; polls++) {
    const now = await clock.chainNow();
    if (now >= target) return { chainNow: now, waitedMs: clock.wallNowMs() - started, polls };
    const wall = clock.wallNowMs();
    if (wall >= deadline) {
      throw new CliError("WAIT_TIMEOUT", `timed out after ${timeoutSecs} s waiting for ${what}: the cluster's clock reads ${now}, ${target - now} s before ${target} (${utc(target)})`,
        "wait longer (a larger --timeout, or none), or check that the cluster is producing blocks", { target, chainNow: now, timeoutSecs });
    }
    await clock.sleep(Math.min(pollDelayMs(target - now), deadline - wall));
  }
}

/** A unix time as an ISO-8601 UTC string, or the number itself when out of Date's range. */
export function utc(unixSecs: number): string {
  const d = new Date(unixSecs * 1000);
  return Number.isNaN(d.getTime()) ? String(unixSecs) : d.toISOString().replace(/\.000Z$/, "Z");
}
