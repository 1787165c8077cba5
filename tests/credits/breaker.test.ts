// The credits circuit breaker's promise: at most `breakerMaxCredits` credits minted in any
// `breakerWindowSecs` consecutive seconds. Mounted through the SDK against the real program:
// the reported attack (the cap, then the cap again just before the window ends), the legitimate
// flow, and a property test over random burn schedules checked against the full mint history.
import { expect } from "chai";
import BN from "bn.js";
import fc from "fast-check";
import { getAccount, TOKEN_2022_PROGRAM_ID } from "@solana/spl-token";
import { expectAnchorError, expectUnchanged, snapshot } from "../support/assertions";
import { txTime } from "../support/env";
import { Ctx, setup, send, burnIx } from "./setup";
import { creditsConfigPda, tallyRingPda } from "../../sdk/src/credits/pda";
import { fetchCreditsConfig } from "../../sdk/src/credits/accounts";
import { toGroundworkError, CreditsErrors } from "../../sdk/src/errors";
import { ON_CLUSTER, positiveFromEnv } from "../support/time";

// 100 s windows on the embedded SVM; 12 s on a cluster, where the tests wait for real time.
const WINDOW = ON_CLUSTER ? 12 : 100;
// The property test's schedules: 12 on the embedded SVM; on a cluster 4 (GROUNDWORK_TEST_BREAKER_RUNS)
// over a 4-second window (GROUNDWORK_TEST_BREAKER_WINDOW_SECS), about three minutes of real time.
const PROPERTY_RUNS = ON_CLUSTER ? positiveFromEnv("GROUNDWORK_TEST_BREAKER_RUNS", 4) : 12;
const PROPERTY_CLUSTER_WINDOW = positiveFromEnv("GROUNDWORK_TEST_BREAKER_WINDOW_SECS", 4);
const CAP = 1_000; // credits
const UNITS_PER_CREDIT = 10_000; // 100 credits per whole token, 6 decimals

async function dc(ctx: Ctx): Promise<bigint> {
  return (await getAccount(ctx.env.connection, ctx.customerDc, "confirmed", TOKEN_2022_PROGRAM_ID)).amount;
}

const burnCredits = async (ctx: Ctx, credits: number) => send(ctx.env, [await burnIx(ctx, credits * UNITS_PER_CREDIT)], [ctx.customer]);

async function expectTrips(ctx: Ctx, credits: number): Promise<void> {
  const before = await snapshot(ctx.env.connection, [ctx.source, ctx.customerDc, creditsConfigPda(ctx.network), tallyRingPda(ctx.network), ctx.tokenMint, ctx.dcMint]);
  await expectAnchorError(() => burnCredits(ctx, credits), "CircuitBreakerTripped");
  await expectUnchanged(ctx.env.connection, before);
}

const windowStart = async (ctx: Ctx) => (await fetchCreditsConfig(ctx.program, ctx.network)).breakerWindowStart.toNumber();

describe("credits: circuit breaker window", () => {
  it("refuses the cap twice within one window (the decay-from-last-mint attack), with nothing changed", async () => {
    const ctx = await setup("fixed", { breakerWindowSecs: new BN(WINDOW), breakerMaxCredits: new BN(CAP) });
    const start = await windowStart(ctx);
    await burnCredits(ctx, CAP);
    // The old linear decay let ~99% of the cap through here, near the end of the window (a
    // second before it on the embedded SVM; three on a cluster, where the refusal must land in time).
    await ctx.env.waitUntil(start + WINDOW - (ON_CLUSTER ? 3 : 1));
    await expectTrips(ctx, CAP - 20);
    // Across the window boundary the last window's worth of seconds still minted the cap.
    await ctx.env.waitUntil(start + WINDOW + WINDOW / 2);
    await expectTrips(ctx, 1);
    // The SDK maps the failure to its typed class.
    const err = await burnCredits(ctx, 1).then(() => null, (e: unknown) => toGroundworkError(e));
    expect(err).to.be.instanceOf(CreditsErrors.CircuitBreakerTripped);
    expect(await dc(ctx)).to.equal(BigInt(CAP));
  });

  it("lets the cap through again once a full window holds no earlier mint, and records both windows", async () => {
    const ctx = await setup("fixed", { breakerWindowSecs: new BN(WINDOW), breakerMaxCredits: new BN(CAP) });
    const start = await windowStart(ctx);
    await burnCredits(ctx, 400);
    await ctx.env.waitUntil(start + WINDOW); // next window: the previous one counted 400
    await burnCredits(ctx, 600);
    let c = await fetchCreditsConfig(ctx.program, ctx.network);
    expect([c.breakerPrevWindowValue.toNumber(), c.breakerWindowValue.toNumber(), c.breakerWindowStart.toNumber()]).to.deep.equal([400, 600, start + WINDOW]);
    await ctx.env.waitUntil(start + 2 * WINDOW); // the 400 left every window that holds now
    await burnCredits(ctx, 400);
    c = await fetchCreditsConfig(ctx.program, ctx.network);
    expect([c.breakerPrevWindowValue.toNumber(), c.breakerWindowValue.toNumber()]).to.deep.equal([600, 400]);
    await ctx.env.waitUntil(start + 4 * WINDOW);
    await burnCredits(ctx, CAP);
    expect(await dc(ctx)).to.equal(BigInt(400 + 600 + 400 + CAP));
  });

  it("property: for random burn schedules, no window of time ever mints more than the cap, checked at the times the burns landed", async () => {
    // On a cluster: a few-second window and fewer, shorter schedules, so the waits take minutes.
    // The windows are checked against the clock the burns actually ran at (each transaction's
    // block time: its slot's Clock), not the times the waits aimed for — a cluster's clock moves
    // in coarse steps of its own.
    const window = ON_CLUSTER ? PROPERTY_CLUSTER_WINDOW : WINDOW;
    const step = fc.record({ wait: fc.integer({ min: 1, max: 2 * window }), credits: fc.integer({ min: 1, max: CAP }) });
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 2, maxLength: ON_CLUSTER ? 5 : 8 }), async (steps) => {
        const ctx = await setup("fixed", { breakerWindowSecs: new BN(window), breakerMaxCredits: new BN(CAP) });
        const minted: { at: number; credits: number }[] = [];
        for (const s of steps) {
          await ctx.env.waitSeconds(s.wait);
          const before = await dc(ctx);
          const signature = await burnCredits(ctx, s.credits).catch((e: unknown) => {
            expect(toGroundworkError(e)).to.be.instanceOf(CreditsErrors.CircuitBreakerTripped);
            return null;
          });
          expect(await dc(ctx)).to.equal(before + (signature ? BigInt(s.credits) : 0n));
          if (signature) minted.push({ at: await txTime(ctx.env, signature), credits: s.credits });
        }
        for (const m of minted) {
          for (let from = m.at - window + 1; from <= m.at; from++) {
            const sum = minted.filter((x) => x.at >= from && x.at < from + window).reduce((a, x) => a + x.credits, 0);
            expect(sum, `minted in [${from}, ${from + window})`).to.be.at.most(CAP);
          }
        }
      }),
      // No shrinking on a cluster: each replay would take minutes of real time.
      { numRuns: PROPERTY_RUNS, seed: 13, endOnFailure: ON_CLUSTER },
    );
  });
});
