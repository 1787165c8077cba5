// Independent review of the network hardening (issue #13): attacks that found a gap, kept as
// regression tests through the SDK in the embedded SVM.
//
// Durations are the fixture's (days warped on the embedded SVM, seconds waited on a cluster); one
// test needs the embedded SVM's clock (a transaction in one given second) and says so in its title.
import { slashStatusOf } from "../../sdk/src/network/instructions";
import { expect } from "chai";
import { Keypair } from "@solana/web3.js";
import { expectAnchorError, snapshot, expectUnchanged } from "../support/assertions";
import { setup, Fixture, Operator, PARAMS, hash32 } from "./setup";
import {
  applyGovernanceIx, approveSlashIx, executeSlashIx, proposeSlashIx, refreshSlashIx, requestUnstakeIx, setOraclesIx,
  MIN_UNBONDING_SECS, SLASH_PROPOSAL_TTL_SECS, SLASH_STATUS, slashApprovalPeriodSecs, timelockGraceSecs, withdrawUnstakedIx,
} from "../../sdk/src/network/instructions";
import { fetchNetwork, fetchOperator, fetchSlashProposal, slashState } from "../../sdk/src/network/accounts";
import { slashProposalPda } from "../../sdk/src/network/pda";
import { CLUSTER_UNBONDING_FLOOR_SECS, HOUR, ON_CLUSTER } from "../support/time";

describe("network: review of the hardening", () => {
  let f: Fixture;
  let op: Operator;

  it("an approved slash survives an oracle added through the timelock after its approval period (the operator cannot close it and withdraw)", async () => {
    // The scenario needs a timelock longer than the approval period (the change applies after the
    // approval period is over) and a dispute window longer than the timelock (the slash cannot
    // execute before the change applies). On the embedded SVM: the recommended floors (approval
    // period 7 days), a 7-day unbonding period (timelock 8 days) and a 10-day window. On a cluster
    // the network is created with a one-second unbonding floor, so its approval period is 168 s and
    // its grace 24 s: an unbonding period that makes the timelock the approval period + 10 s and a
    // window 10 s longer still, about six minutes of real time in all.
    const floor = ON_CLUSTER ? CLUSTER_UNBONDING_FLOOR_SECS : MIN_UNBONDING_SECS;
    const approvalPeriod = slashApprovalPeriodSecs(floor);
    const unbondingSecs = ON_CLUSTER ? approvalPeriod - timelockGraceSecs(floor) + 10 : PARAMS.unbondingSecs;
    const WINDOW = ON_CLUSTER ? unbondingSecs + timelockGraceSecs(floor) + 10 : 10 * 86_400;
    f = await setup({ unbondingSecs, slashDisputeWindowSecs: WINDOW });
    expect(f.approvalPeriodSecs).to.equal(approvalPeriod);
    expect(f.timelockSecs).to.be.greaterThan(f.approvalPeriodSecs);
    expect(WINDOW).to.be.greaterThan(f.timelockSecs);
    op = await f.newOperator({ stake: 10_000 });
    await f.send(await requestUnstakeIx(f.program, { network: f.network, authority: op.wallet.publicKey, amount: 7_000 }), [op.wallet]);
    for (const o of f.oracles) await f.env.airdrop(o.publicKey);
    const ref = { network: f.network, operator: op.key, evidenceHash: hash32(1) };
    await f.send(await proposeSlashIx(f.program, { payer: f.oracles[0].publicKey, oracle: f.oracles[0].publicKey, ...ref, amount: 1_000, reason: 1 }), [f.oracles[0]]);
    const approvedAt = await f.txTime(await f.send(await approveSlashIx(f.program, { oracle: f.oracles[1].publicKey, ...ref }), [f.oracles[1]]));
    const proposal = async () => (await fetchSlashProposal(f.program, f.network, op.key, hash32(1)))!;
    expect(slashStatusOf((await proposal()).status)).to.equal(SLASH_STATUS.approved);

    // A routine rotation: add a fourth oracle (queued: it widens the set).
    const added = Keypair.generate().publicKey;
    const queuedAt = await f.txTime(await f.send(await setOraclesIx(f.program, { authority: f.authority.publicKey, network: f.network, oracles: [...f.oracles.map((o) => o.publicKey), added], threshold: 2 }), [f.authority]));
    // The slash could not have executed before the change applies.
    expect(approvedAt + WINDOW).to.be.greaterThan(queuedAt + f.timelockSecs);
    await f.env.waitUntil(queuedAt + f.timelockSecs);
    const appliedAt = await f.txTime(await f.send(await applyGovernanceIx(f.program, { network: f.network }), []));
    expect(appliedAt).to.be.greaterThan((await proposal()).createdAt.toNumber() + f.approvalPeriodSecs);

    // The quorum stands; only its window restarts at the change.
    const state = slashState(await proposal(), await fetchNetwork(f.program, f.network), appliedAt);
    expect(state.expired).to.equal(false);
    expect(state.executableAt).to.equal(appliedAt + WINDOW);

    // The operator's escape: refresh (which closes expired proposals), then withdraw.
    await f.send(await refreshSlashIx(f.program, { ...ref, payer: f.oracles[0].publicKey }), []);
    expect(slashStatusOf((await proposal()).status)).to.equal(SLASH_STATUS.approved);
    expect((await fetchOperator(f.program, f.network, op.wallet.publicKey))!.openSlashes).to.equal(1);
    const before = await snapshot(f.env.connection, [f.network, op.key, f.vault, op.tokens]);
    await expectAnchorError(
      async () => f.send(await withdrawUnstakedIx(f.program, { network: f.network, authority: op.wallet.publicKey, destination: op.tokens }), [op.wallet]),
      "SlashPending",
    );
    await expectUnchanged(f.env.connection, before);

    await f.env.waitUntil(appliedAt + WINDOW);
    const treasuryBefore = await f.balance(f.treasury);
    await f.send(await executeSlashIx(f.program, { ...ref, mint: f.mint, treasury: f.treasury }), []);
    expect(slashStatusOf((await proposal()).status)).to.equal(SLASH_STATUS.executed);
    expect(await f.balance(f.treasury)).to.equal(treasuryBefore + 1_000n);
  });

  it("a removed-then-re-added oracle's approval counts once: it cannot approve again, and the quorum still needs the other approvers", async () => {
    // A one-hour unbonding period: the re-adding change applies within the approval period.
    f = await setup({ oracleCount: 4, threshold: 3, unbondingSecs: HOUR });
    op = await f.newOperator({ stake: 10_000 });
    for (const o of f.oracles) await f.env.airdrop(o.publicKey);
    const [a, b, c, d] = f.oracles;
    const ref = { network: f.network, operator: op.key, evidenceHash: hash32(7) };
    const key = slashProposalPda(f.network, op.key, hash32(7));
    const proposal = async () => (await fetchSlashProposal(f.program, f.network, op.key, hash32(7)))!;
    const approve = async (o: Keypair) => f.send(await approveSlashIx(f.program, { oracle: o.publicKey, ...ref }), [o]);
    await f.send(await proposeSlashIx(f.program, { payer: a.publicKey, oracle: a.publicKey, ...ref, amount: 1_000, reason: 1 }), [a]);
    const setOracles = async (set: Keypair[]) =>
      f.send(await setOraclesIx(f.program, { authority: f.authority.publicKey, network: f.network, oracles: set.map((o) => o.publicKey), threshold: 3 }), [f.authority]);
    await setOracles([b, c, d]); // a removal applies at once
    await setOracles([a, b, c, d]); // re-adding is queued
    await f.env.waitSeconds(f.timelockSecs);
    await f.send(await applyGovernanceIx(f.program, { network: f.network }), []);
    expect((await fetchNetwork(f.program, f.network)).oracleCount).to.equal(4);

    const before = await snapshot(f.env.connection, [f.network, op.key, key]);
    await expectAnchorError(() => approve(a), "AlreadyApproved");
    await expectUnchanged(f.env.connection, before);
    await approve(b);
    expect(slashStatusOf((await proposal()).status)).to.equal(SLASH_STATUS.pending, "a + b are two approvals, not three");
    expect((await fetchOperator(f.program, f.network, op.wallet.publicKey))!.openSlashes).to.equal(0);
    await approve(c);
    expect(slashStatusOf((await proposal()).status)).to.equal(SLASH_STATUS.approved);
  });

  it("an approval in the last second of the approval period forms a quorum; the slash then executes after its window [embedded-only: lands a transaction in one given second, which only a warped clock can promise]", async () => {
    f = await setup();
    op = await f.newOperator({ stake: 10_000 });
    for (const o of f.oracles) await f.env.airdrop(o.publicKey);
    const ref = { network: f.network, operator: op.key, evidenceHash: hash32(8) };
    await f.send(await proposeSlashIx(f.program, { payer: f.oracles[0].publicKey, oracle: f.oracles[0].publicKey, ...ref, amount: 1_000, reason: 1 }), [f.oracles[0]]);
    const proposal = async () => (await fetchSlashProposal(f.program, f.network, op.key, hash32(8)))!;
    const createdAt = (await proposal()).createdAt.toNumber();
    await f.env.waitSeconds(createdAt + SLASH_PROPOSAL_TTL_SECS - 1 - (await f.env.now()));
    expect(await f.env.now()).to.equal(createdAt + SLASH_PROPOSAL_TTL_SECS - 1);
    await f.send(await approveSlashIx(f.program, { oracle: f.oracles[1].publicKey, ...ref }), [f.oracles[1]]);
    expect(slashStatusOf((await proposal()).status)).to.equal(SLASH_STATUS.approved);
    // Past the approval period, the recorded quorum stands: a stranger's refresh cannot close it.
    await f.env.waitSeconds(1);
    const before = await snapshot(f.env.connection, [f.network, op.key, slashProposalPda(f.network, op.key, hash32(8)), f.oracles[0].publicKey]);
    await expectAnchorError(async () => f.send(await refreshSlashIx(f.program, { ...ref, payer: f.oracles[0].publicKey }), []), "SlashUnchanged");
    await expectUnchanged(f.env.connection, before);
    await f.env.waitSeconds(PARAMS.slashDisputeWindowSecs);
    await f.send(await executeSlashIx(f.program, { ...ref, mint: f.mint, treasury: f.treasury }), []);
    expect(slashStatusOf((await proposal()).status)).to.equal(SLASH_STATUS.executed);
  });
});
