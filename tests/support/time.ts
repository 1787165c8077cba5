// Protocol time in the suites. On the embedded SVM the clock is warped, so fixtures use the
// durations a production network would (days). On a real cluster (ANCHOR_PROVIDER_URL set: the
// validator suite) the tests wait for the cluster's own clock, so the same fixtures use seconds:
// networks created with seconds-scale unbonding periods, dispute windows, epochs and root delays
// (the network program accepts ≥ 1 s at creation and keeps those as the network's floors,
// docs/architecture.md). Test code asks these values (or its fixture) for "the unbonding period"
// or "a day"; it never hard-codes 7 days.
//
// Every cluster value can be overridden from the environment (GROUNDWORK_TEST_<NAME>_SECS), e.g. on
// a slow machine where a transaction takes longer to confirm than a dispute window lasts.

/** Whether the suites run against a real cluster (the validator suite) rather than the embedded SVM. */
export const ON_CLUSTER = Boolean(process.env.ANCHOR_PROVIDER_URL);

function seconds(name: string, embedded: number, cluster: number): number {
  if (!ON_CLUSTER) return embedded;
  return positiveFromEnv(`GROUNDWORK_TEST_${name}_SECS`, cluster);
}

/** A whole number ≥ 1 from the environment variable `name`, or `fallback` when it is unset. */
export function positiveFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const v = Number(raw);
  if (!Number.isSafeInteger(v) || v < 1) throw new Error(`${name} must be a whole number ≥ 1 (got ${raw})`);
  return v;
}

/**
 * "A day" and "an hour" for tests that only need some long stretch of protocol time (a longer
 * unbonding period, a schedule's next step). On a cluster they are a few seconds: long enough
 * that the next transaction of a test (≈ 0.5 s to confirm) lands well inside them.
 */
export const DAY = seconds("DAY", 86_400, 3);
export const HOUR = seconds("HOUR", 3_600, 2);

/**
 * The unbonding period a network is created with at first on a cluster: it fixes the network's
 * floors (`unbonding_floor_secs`), and with them the timelock's grace (24 × this) and a slash
 * proposal's approval period (168 × this). The fixtures then raise the unbonding period at once.
 */
export const CLUSTER_UNBONDING_FLOOR_SECS = seconds("UNBONDING_FLOOR", 0, 1);
export const CLUSTER_DISPUTE_WINDOW_FLOOR_SECS = seconds("DISPUTE_WINDOW_FLOOR", 0, 1);

/** The network suites' durations (tests/network/setup.ts `PARAMS`). */
export const NETWORK_TIME = {
  epochLengthSecs: seconds("EPOCH", 86_400, 10),
  unbondingSecs: seconds("UNBONDING", 7 * 86_400, 8),
  slashDisputeWindowSecs: seconds("DISPUTE_WINDOW", 2 * 86_400, 6),
};

/** The credits suites' epoch (tests/credits/setup.ts). */
export const CREDITS_EPOCH_SECS = seconds("CREDITS_EPOCH", 3_600, 8);
/** The rewards suites' epoch (tests/rewards/setup.ts): long enough for a few transactions inside one. */
export const REWARDS_EPOCH_SECS = seconds("REWARDS_EPOCH", 86_400, 10);
/** A root activation delay (at most one epoch): an hour on the embedded SVM, most of an epoch on a cluster. */
export const ROOT_DELAY_SECS = seconds("ROOT_DELAY", 3_600, 8);

/**
 * The last second before `unixTimestamp`, to show something is still refused at the boundary: the
 * embedded SVM warps there; on a cluster it does nothing — the fixtures' durations are long enough
 * that a test's next transaction lands before `unixTimestamp` anyway.
 */
export async function justBefore(env: { svm?: unknown; waitUntil(t: number): Promise<void> }, unixTimestamp: number): Promise<void> {
  if (env.svm) await env.waitUntil(unixTimestamp - 1);
}
