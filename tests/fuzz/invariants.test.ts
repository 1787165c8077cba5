// The CI part of the invariant fuzzing (docs/fuzzing.md): one seeded run of random operations across
// the network, credits and rewards programs, with every invariant checked after every step.
// FUZZ_SEED / FUZZ_RUNS / FUZZ_OPS override the defaults; `npm run fuzz` is the long run.
import { expect } from "chai";
import { fuzz, runSequence, Op, RunResult } from "./model";

const SEED = Number(process.env.FUZZ_SEED ?? 20_260_101);
const RUNS = Number(process.env.FUZZ_RUNS ?? 1);
const OPS = Number(process.env.FUZZ_OPS ?? 200);

// [embedded-only]: the model (tests/fuzz/model.ts) drives its own embedded SVM, warping the clock
// by hours per step and reading every account after each operation; on the validator it would
// not test the cluster at all, so it is counted as embedded-only there.
describe("invariant fuzzing (network + credits + rewards) [embedded-only: the model drives its own embedded SVM and warps its clock by hours per step]", function () {
  this.timeout(600_000);

  it(`keeps every invariant over ${RUNS} seeded run(s) of up to ${OPS} operations (FUZZ_SEED=${SEED})`, async () => {
    const results: RunResult[] = [];
    await fuzz({ seed: SEED, runs: RUNS, maxOps: OPS, onRun: (r) => results.push(r) });
    expect(results).to.have.length(RUNS);
    const ops = results.reduce((s, r) => s + r.ops, 0);
    expect(ops).to.be.greaterThan(0);
    // The run must reach the interesting states, not only rejections.
    const ok = (kind: string) => results.reduce((s, r) => s + (r.model.stats.get(kind)?.ok ?? 0), 0);
    for (const kind of ["stake", "registerDevice", "burn", "publish"]) expect(ok(kind), `${kind} successes`).to.be.greaterThan(0);
  });

  it("replays a fixed lifecycle: stake, devices, burn, two epochs, claims, a slash after the dispute window", async () => {
    const ops: Op[] = [
      { k: "registerOperator", op: 0 }, { k: "registerOperator", op: 1 },
      { k: "stake", op: 0, pct: 50 }, { k: "stake", op: 1, pct: 30 },
      { k: "registerDevice", op: 0 }, { k: "registerDevice", op: 1 }, { k: "registerDevice", op: 0 },
      { k: "requestUnstake", op: 1, pct: 200 }, // more than active: InsufficientStake
      { k: "burn", cust: 0, permille: 50, over: false, tiny: 0, slippage: false },
      { k: "spend", cust: 0, pct: 40 },
      { k: "delegate", cust: 0, prov: 1, pct: 10 }, { k: "delegateSpend", prov: 1, cust: 0, pct: 60 },
      { k: "publish", voters: 0, variant: "honest", weights: [1, 1, 1, 1, 1], replay: false }, // EpochNotEnded
      { k: "warp", secs: 3_600 },
      { k: "publish", voters: 1, variant: "greedy", weights: [2, 1, 0, 0, 0], replay: true },
      { k: "claim", op: 0, proof: "current", pick: 0 }, { k: "claim", op: 0, proof: "current", pick: 0 }, // replay: NothingToClaim
      { k: "burn", cust: 1, permille: 30, over: false, tiny: 0, slippage: false },
      { k: "warp", secs: 3_600 },
      { k: "publish", voters: 4, variant: "split", weights: [1, 3, 0, 0, 0], replay: false },
      { k: "claim", op: 1, proof: "stale", pick: 0 }, { k: "claim", op: 1, proof: "inflated", pick: 0 }, { k: "claim", op: 1, proof: "current", pick: 0 },
      { k: "proposeSlash", oracle: 0, op: 1, pct: 80 }, { k: "withdraw", op: 1 }, // a pending proposal holds nothing: NothingToWithdraw
      { k: "approveSlash", oracle: 0, pick: 0 }, { k: "approveSlash", oracle: 2, pick: 0 },
      { k: "executeSlash", pick: 0 }, // DisputeWindowOpen
      { k: "warp", secs: 1_800 }, { k: "executeSlash", pick: 0 }, { k: "registerDevice", op: 1 }, // OperatorJailed
      { k: "unjail", op: 1 }, { k: "warp", secs: 7_200 }, { k: "withdraw", op: 1 },
    ];
    const { model } = await runSequence(ops);
    expect(model.nextEpoch).to.equal(2);
    expect(model.slashed > 0n).to.equal(true);
    expect(model.claimed > 0n).to.equal(true);
    expect(model.stats.get("claim")).to.deep.equal({ ok: 2, rejected: 3, skipped: 0 });
  });

  it("replays device fees in credits: onboarding, relocation and reactivation paid by a sponsor, or refused when it is short", async () => {
    const ops: Op[] = [
      { k: "stake", op: 0, pct: 50 },
      { k: "setFees", onboarding: 400, location: 20 },
      { k: "registerDevice", op: 0, cust: 0 }, // the sponsor holds no credits yet: InsufficientCredits
      { k: "burn", cust: 0, permille: 50, over: false, tiny: 0, slippage: false }, // 25 tokens → 2,500 credits
      { k: "registerDevice", op: 0, cust: 0 }, { k: "registerDevice", op: 0, cust: 0 },
      { k: "relocate", op: 0, pick: 0, cust: 0, same: false }, { k: "relocate", op: 0, pick: 0, cust: 0, same: true }, // LocationUnchanged
      { k: "relocate", op: 0, pick: 0, cust: 1, same: false }, // customer 1 has no credits: InsufficientCredits
      { k: "reactivate", op: 0, pick: 1, cust: 0 }, // active: DeviceActive
      { k: "deactivateDevice", op: 0, pick: 1 }, { k: "relocate", op: 0, pick: 1, cust: 0, same: false }, // DeviceInactive
      { k: "reactivate", op: 0, pick: 1, cust: 0 },
      { k: "setFees", onboarding: 0, location: 0 }, { k: "deactivateDevice", op: 0, pick: 0 }, { k: "reactivate", op: 0, pick: 0, cust: 1 }, // free now
    ];
    const { model } = await runSequence(ops);
    expect(model.stats.get("registerDevice")).to.deep.equal({ ok: 2, rejected: 1, skipped: 0 });
    expect(model.stats.get("relocate")).to.deep.equal({ ok: 1, rejected: 3, skipped: 0 });
    expect(model.stats.get("reactivate")).to.deep.equal({ ok: 2, rejected: 1, skipped: 0 });
    // 2 onboardings + 1 reactivation at 400, one relocation at 20: counted as credits spent.
    expect(model.creditsSpent).to.equal(1_220n);
    expect(model.customers[0].credits).to.equal(2_500n - 1_220n);
  });

  it("replays oracle-set changes mid-proposal and governance changes queued and applied", async () => {
    const ops: Op[] = [
      { k: "stake", op: 0, pct: 50 }, { k: "requestUnstake", op: 0, pct: 100 },
      { k: "proposeSlash", oracle: 0, op: 0, pct: 50 }, // slash 0: pending, holds nothing
      { k: "proposeSlash", oracle: 1, op: 0, pct: 50, dup: true }, // same evidence, same operator: refused
      { k: "approveSlash", oracle: 1, pick: 0 }, // approved: holds the unbonding stake
      { k: "setOracles", extra: false, threshold: 3 }, // raising the threshold applies at once: the approval goes stale
      { k: "warp", secs: 1_800 }, { k: "executeSlash", pick: 0 }, // InsufficientApprovals
      { k: "refreshSlash", pick: 0 }, // back to pending: the hold is released
      { k: "refreshSlash", pick: 0 }, // SlashUnchanged
      { k: "warp", secs: 7_200 }, { k: "withdraw", op: 0 }, // the operator leaves with its unbonded stake
      { k: "approveSlash", oracle: 2, pick: 0 }, { k: "executeSlash", pick: 0 }, // quorum again from now: DisputeWindowOpen
      { k: "setOracles", extra: true, threshold: 2 }, // adding a key and lowering the threshold: queued
      { k: "updateCap", bps: 6_000 }, // a higher cap: queued
      { k: "updateCap", bps: 4_000 }, // a lower cap: at once (drops the queued one)
      { k: "applyGovernance" }, // NoGovernanceChangeDue
      ...Array.from({ length: 7 }, () => ({ k: "warp", secs: 14_400 }) as Op), // past unbonding + a day
      { k: "applyGovernance" }, // the oracle change applies: quorums count from now
      { k: "executeSlash", pick: 0 }, // DisputeWindowOpen (the window restarted)
      { k: "approveSlash", oracle: 3, pick: 0 }, // the new oracle approves
      { k: "warp", secs: 1_800 }, { k: "executeSlash", pick: 0 }, // executes at the lower cap
      { k: "proposeSlash", oracle: 3, op: 1, pct: 50 }, { k: "proposeSlash", oracle: 0, op: 0, pct: 10, dup: true }, // NothingToSlash or refused
    ];
    const { model } = await runSequence(ops);
    expect(model.stats.get("refreshSlash")).to.deep.equal({ ok: 1, rejected: 1, skipped: 0 });
    expect(model.stats.get("applyGovernance")).to.deep.equal({ ok: 1, rejected: 1, skipped: 0 });
    expect(model.stats.get("approveSlash")).to.deep.equal({ ok: 3, rejected: 0, skipped: 0 });
    expect(model.oracleSet).to.deep.equal([0, 1, 2, 3]);
    expect(model.capBps).to.equal(4_000);
    expect(model.slashed > 0n).to.equal(true);
    expect(model.reasons.get("executeSlash:InsufficientApprovals")).to.equal(1);
  });

  it("replays reward splits: invalid splits refused, claims paying every recipient (remainder to the first), a change, a clear", async () => {
    const w = (a: number, b = 0, c = 0) => [a, b, c, 0, 0];
    const ops: Op[] = [
      { k: "clearSplit", op: 0 }, // no claim status yet: refused (account check)
      { k: "setSplit", op: 0, to: [0, 1, 2], weights: w(6_000, 3_000, 999), valid: false }, // 9,999 bps: SplitSharesNotWhole
      { k: "setSplit", op: 0, to: [0, 1, 1], weights: w(5_000, 2_500, 2_500), valid: false }, // DuplicateSplitRecipient
      { k: "setSplit", op: 0, to: [0, 1], weights: w(10_000, 0), valid: false }, // ZeroSplitShare
      { k: "setSplit", op: 0, to: [], weights: w(0), valid: false }, // InvalidSplitCount
      { k: "setSplit", op: 0, to: [0, 1, 2], weights: w(6_000, 3_000, 1_000), valid: true },
      { k: "setSplit", op: 1, to: [2], weights: w(1), valid: true }, // operator 1 sends everything to host 1
      { k: "warp", secs: 3_600 },
      { k: "publish", voters: 0, variant: "honest", weights: [3, 2, 1, 1, 1], replay: false },
      { k: "claim", op: 0, proof: "current", pick: 0 }, { k: "claim", op: 1, proof: "current", pick: 0 }, { k: "claim", op: 2, proof: "current", pick: 0 },
      { k: "setSplit", op: 0, to: [1, 0], weights: w(1, 1), valid: true }, // the host first: it takes the remainders now
      { k: "clearSplit", op: 1 }, { k: "clearSplit", op: 1 }, // the second: NoRewardSplit
      { k: "warp", secs: 3_600 },
      { k: "publish", voters: 2, variant: "honest", weights: [1, 1, 1, 1, 1], replay: false },
      { k: "claim", op: 0, proof: "current", pick: 0 }, { k: "claim", op: 1, proof: "current", pick: 0 },
    ];
    const { model } = await runSequence(ops);
    expect(model.stats.get("setSplit")).to.deep.equal({ ok: 3, rejected: 4, skipped: 0 });
    expect(model.stats.get("clearSplit")).to.deep.equal({ ok: 1, rejected: 2, skipped: 0 });
    expect(model.stats.get("claimSplit")?.ok).to.equal(3);
    expect(model.hosts.every((h) => h > 0n)).to.equal(true);
    expect(model.operators[1].selfPaid > 0n).to.equal(true); // its second claim, after the clear
  });
});
