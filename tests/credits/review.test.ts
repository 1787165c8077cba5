// Independent review of the circuit breaker (issue 13, item 11): bursts on both sides of a window
// boundary, one-second windows, counts kept across an unrelated config update, and amounts near
// u64::MAX, mounted through the SDK against the real program.
import { expect } from "chai";
import BN from "bn.js";
import { getAccount, TOKEN_2022_PROGRAM_ID } from "@solana/spl-token";
import { expectAnchorError, expectUnchanged, snapshot } from "../support/assertions";
import { Ctx, setup, send, burnIx } from "./setup";
import { creditsConfigPda, tallyRingPda } from "../../sdk/src/credits/pda";
import { fetchCreditsConfig } from "../../sdk/src/credits/accounts";
import { updateCreditsConfigIx } from "../../sdk/src/credits/instructions";
import { ON_CLUSTER } from "../support/time";

const UNITS_PER_CREDIT = 10_000; // 100 credits per whole token, 6 decimals

const dc = async (ctx: Ctx) => (await getAccount(ctx.env.connection, ctx.customerDc, "confirmed", TOKEN_2022_PROGRAM_ID)).amount;
const burnUnits = async (ctx: Ctx, units: number | BN) => send(ctx.env, [await burnIx(ctx, units)], [ctx.customer]);
const burnCredits = (ctx: Ctx, credits: number) => burnUnits(ctx, credits * UNITS_PER_CREDIT);
const windowStart = async (ctx: Ctx) => (await fetchCreditsConfig(ctx.program, ctx.network)).breakerWindowStart.toNumber();

async function expectTrips(ctx: Ctx, burn: () => Promise<unknown>): Promise<void> {
  const before = await snapshot(ctx.env.connection, [ctx.source, ctx.customerDc, creditsConfigPda(ctx.network), tallyRingPda(ctx.network), ctx.tokenMint, ctx.dcMint]);
  await expectAnchorError(burn, "CircuitBreakerTripped");
  await expectUnchanged(ctx.env.connection, before);
}

describe("credits review: attacks on the circuit breaker", () => {
  it("the cap in the last second of a window, then in the first second of the next: refused until a whole window holds neither [embedded-only: lands burns in given seconds of a window, which only a warped clock can promise]", async () => {
    const ctx = await setup("fixed", { breakerWindowSecs: new BN(100), breakerMaxCredits: new BN(1_000) });
    const s = await windowStart(ctx);
    ctx.env.svm!.warpTo(s + 99);
    await burnCredits(ctx, 1_000);
    for (const t of [s + 100, s + 150, s + 199]) {
      ctx.env.svm!.warpTo(t);
      await expectTrips(ctx, () => burnCredits(ctx, 1));
    }
    ctx.env.svm!.warpTo(s + 200); // [s+100, s+200) minted nothing; s+99 is out of every window holding s+200
    await burnCredits(ctx, 1_000);
    const c = await fetchCreditsConfig(ctx.program, ctx.network);
    expect([c.breakerPrevWindowValue.toNumber(), c.breakerWindowValue.toNumber(), c.breakerWindowStart.toNumber()]).to.deep.equal([0, 1_000, s + 200]);
    expect(await dc(ctx)).to.equal(2_000n);
  });

  it("one-second windows: the cap once per two seconds, never twice in one second [embedded-only: lands two burns in one second and the next in the following ones, which only a warped clock can promise]", async () => {
    const ctx = await setup("fixed", { breakerWindowSecs: new BN(1), breakerMaxCredits: new BN(500) });
    const s = await windowStart(ctx);
    ctx.env.svm!.warpTo(s + 10);
    await burnCredits(ctx, 300);
    await burnCredits(ctx, 200); // same second: 500 in all
    await expectTrips(ctx, () => burnCredits(ctx, 1));
    ctx.env.svm!.warpTo(s + 11);
    await expectTrips(ctx, () => burnCredits(ctx, 1)); // the previous second still counts
    ctx.env.svm!.warpTo(s + 12);
    await burnCredits(ctx, 500);
    expect(await dc(ctx)).to.equal(1_000n);
  });

  it("an unrelated config update (price) keeps the window's counts", async () => {
    const ctx = await setup("fixed", { breakerWindowSecs: new BN(100), breakerMaxCredits: new BN(1_000) });
    await burnCredits(ctx, 1_000);
    await send(ctx.env, [await updateCreditsConfigIx(ctx.program, { authority: ctx.authority.publicKey, network: ctx.network }, { ...ctx.params, creditsPerToken: new BN(200) })], [ctx.authority]);
    const c = await fetchCreditsConfig(ctx.program, ctx.network);
    expect(c.breakerWindowValue.toNumber()).to.equal(1_000);
    await expectTrips(ctx, () => burnUnits(ctx, 5_000)); // 1 credit at the new price
  });

  it("amounts near u64::MAX trip the breaker instead of wrapping its counts", async () => {
    const half = new BN(1).shln(63); // 2^63 credits per whole token
    const window = ON_CLUSTER ? 12 : 100;
    const ctx = await setup("fixed", { creditsPerToken: half, breakerWindowSecs: new BN(window), breakerMaxCredits: new BN("18446744073709551615") });
    await burnUnits(ctx, 1_000_000); // 2^63 credits
    await expectTrips(ctx, () => burnUnits(ctx, 1_000_000)); // 2^63 more: the window's count would pass u64::MAX
    await burnUnits(ctx, 500_000); // 2^62: fits under the cap
    const c = await fetchCreditsConfig(ctx.program, ctx.network);
    expect(c.breakerWindowValue.toString()).to.equal(half.add(half.shrn(1)).toString());
    await ctx.env.waitUntil((await windowStart(ctx)) + window);
    // Next window: the previous one's 1.5 × 2^63 still counts, so 2^62 more would wrap: refused.
    await expectTrips(ctx, () => burnUnits(ctx, 500_000));
    expect(await dc(ctx)).to.equal(BigInt(half.add(half.shrn(1)).toString()));
  });
});
