// Governance timelock (issue #13, item 3): a change that weakens operators' protection waits at
// least the unbonding period (plus a day) so an operator who disagrees can leave first; a change
// that strengthens it applies at once. Proposals keep the dispute window and cap they were made under.
//
// The timelock is the fixture's (8 days warped on the embedded SVM, about 30 s waited on a cluster).
import { expect } from "chai";
import { withRawEnumByte } from "../support/enums";
import { Keypair, Transaction } from "@solana/web3.js";
import { expectAnchorError, snapshot, expectUnchanged } from "../support/assertions";
import { setup, Fixture, Operator, PARAMS, num, hash32 } from "./setup";
import {
  applyGovernanceIx, approveSlashIx, cancelGovernanceIx, executeSlashIx, GOVERNANCE_KIND, GovernanceKind, MIN_DISPUTE_WINDOW_SECS, MIN_UNBONDING_SECS,
  proposeSlashIx, requestUnstakeIx, setOraclesIx, setTreasuryIx, TIMELOCK_GRACE_SECS, timelockGraceSecs, slashApprovalPeriodSecs, updateParamsIx, withdrawUnstakedIx,
} from "../../sdk/src/network/instructions";
import { fetchNetwork, fetchPendingGovernance, fetchSlashProposal } from "../../sdk/src/network/accounts";
import { createAccount } from "@solana/spl-token";
import { slashProposalPda } from "../../sdk/src/network/pda";
import { DAY, HOUR } from "../support/time";

describe("network: governance timelock", () => {
  let f: Fixture;
  let op: Operator;
  /** Everything weakened to the network's floors: the shortest unbonding and window, the whole stake per slash. */
  const weakest = () => ({ ...PARAMS, unbondingSecs: f.floors.unbondingSecs, slashDisputeWindowSecs: f.floors.disputeWindowSecs, maxSlashBps: 10_000 });

  beforeEach(async () => {
    f = await setup();
    op = await f.newOperator({ stake: 10_000 });
    await f.env.airdrop(f.authority.publicKey);
  });

  const gov = { get authority() { return f.authority.publicKey; }, get network() { return f.network; } };
  const update = async (p: typeof PARAMS) => updateParamsIx(f.program, { authority: f.authority.publicKey, network: f.network, ...p });
  const apply = async () => f.send(await applyGovernanceIx(f.program, { network: f.network }), []);

  it("the authority cannot make itself the oracle quorum, drop the window and cap and slash everything in one transaction", async () => {
    const touched = [f.network, op.key, f.vault, f.treasury];
    const before = await snapshot(f.env.connection, touched);
    const attack = new Transaction().add(
      await update(weakest()),
      await setOraclesIx(f.program, { ...gov, oracles: [f.authority.publicKey], threshold: 1 }),
      await proposeSlashIx(f.program, { payer: f.authority.publicKey, oracle: f.authority.publicKey, network: f.network, operator: op.key, amount: 10_000, reason: 1, evidenceHash: hash32(1) }),
    );
    // Both changes only queue: the authority is not an oracle yet.
    await expectAnchorError(() => f.env.provider.sendAndConfirm(attack, [f.authority]), "NotOracle");
    await expectUnchanged(f.env.connection, before);
    expect(await f.balance(f.vault)).to.equal(10_000n);
  });

  it("queues weakening changes, shows when they apply, lets a disagreeing operator leave first, then anyone applies them", async () => {
    const sig = await f.env.provider.sendAndConfirm(
      new Transaction().add(await update(weakest()), await setOraclesIx(f.program, { ...gov, oracles: [f.authority.publicKey], threshold: 1 })),
      [f.authority],
    );
    const queuedAt = await f.txTime(sig);
    const names = (await f.events(sig)).map((e) => e.name);
    expect(names.filter((n) => n === "governanceChangeQueued").length).to.equal(2);
    expect(names).to.not.include("paramsUpdated");
    let n = await fetchNetwork(f.program, f.network);
    expect(num(n.unbondingSecs)).to.equal(PARAMS.unbondingSecs);
    expect(num(n.slashDisputeWindowSecs)).to.equal(PARAMS.slashDisputeWindowSecs);
    expect(n.maxSlashBps).to.equal(PARAMS.maxSlashBps);
    expect(n.oracleCount).to.equal(3);
    const pending = await fetchPendingGovernance(f.program, f.network);
    expect(pending.params!.eta).to.equal(queuedAt + f.timelockSecs);
    expect(pending.params!.due).to.equal(false);
    expect(pending.params!.value.maxSlashBps).to.equal(10_000);
    expect(pending.oracles!.eta).to.equal(queuedAt + f.timelockSecs);
    expect(pending.oracles!.value.oracles.map((k) => k.toBase58())).to.deep.equal([f.authority.publicKey.toBase58()]);
    expect(pending.treasury).to.equal(null);

    // The operator disagrees and leaves: it unbonds everything and withdraws before the change applies.
    await f.send(await requestUnstakeIx(f.program, { network: f.network, authority: op.wallet.publicKey, amount: 10_000 }), [op.wallet]);
    await f.env.waitSeconds(PARAMS.unbondingSecs);
    const early = await snapshot(f.env.connection, [f.network]);
    await expectAnchorError(apply, "NoGovernanceChangeDue");
    await expectUnchanged(f.env.connection, early);
    await f.send(await withdrawUnstakedIx(f.program, { network: f.network, authority: op.wallet.publicKey, destination: op.tokens }), [op.wallet]);
    expect(await f.balance(f.vault)).to.equal(0n);

    await f.env.waitUntil(queuedAt + f.timelockSecs);
    expect((await fetchPendingGovernance(f.program, f.network)).params!.due).to.equal(true);
    const applied = await apply();
    console.log(`      CU apply_governance (params + oracles): ${await f.cu(applied)}`);
    const appliedNames = (await f.events(applied)).map((e) => e.name);
    expect(appliedNames).to.include.members(["paramsUpdated", "oraclesSet", "governanceChangeApplied"]);
    n = await fetchNetwork(f.program, f.network);
    expect(num(n.unbondingSecs)).to.equal(f.floors.unbondingSecs);
    expect(n.maxSlashBps).to.equal(10_000);
    expect(n.oracles[0].toBase58()).to.equal(f.authority.publicKey.toBase58());
    expect(n.oracleThreshold).to.equal(1);
    expect(num(n.pendingParamsEta)).to.equal(0);
    expect(num(n.pendingOraclesEta)).to.equal(0);
    await expectAnchorError(apply, "NoGovernanceChangeDue");
  });

  it("strengthening applies at once and replaces a queued change; the authority cancels queued changes", async () => {
    const queued = await f.send(await update(weakest()), [f.authority]);
    console.log(`      CU update_params (queued): ${await f.cu(queued)}`);
    const stronger = { ...PARAMS, unbondingSecs: 10 * DAY, slashDisputeWindowSecs: 3 * DAY, maxSlashBps: 1_000 };
    const sig = await f.send(await update(stronger), [f.authority]);
    console.log(`      CU update_params (applied at once): ${await f.cu(sig)}`);
    let n = await fetchNetwork(f.program, f.network);
    expect(num(n.unbondingSecs)).to.equal(10 * DAY);
    expect(n.maxSlashBps).to.equal(1_000);
    expect(num(n.pendingParamsEta)).to.equal(0);

    // Removing an oracle applies at once; adding one queues.
    await f.send(await setOraclesIx(f.program, { ...gov, oracles: [f.oracles[0].publicKey, f.oracles[1].publicKey], threshold: 2 }), [f.authority]);
    expect((await fetchNetwork(f.program, f.network)).oracleCount).to.equal(2);
    const newcomer = Keypair.generate().publicKey;
    const addSig = await f.send(await setOraclesIx(f.program, { ...gov, oracles: [f.oracles[0].publicKey, newcomer], threshold: 2 }), [f.authority]);
    console.log(`      CU set_oracles (queued): ${await f.cu(addSig)}`);
    n = await fetchNetwork(f.program, f.network);
    expect(n.oracleCount).to.equal(2);
    expect(n.oracles[1].toBase58()).to.equal(f.oracles[1].publicKey.toBase58());
    expect(num(n.pendingOraclesEta)).to.be.greaterThan(0);

    const stranger = Keypair.generate();
    const cancelIx = (kind: GovernanceKind, authority = f.authority) => cancelGovernanceIx(f.program, { authority: authority.publicKey, network: f.network, kind });
    const cancel = async (kind: GovernanceKind, authority = f.authority) => f.send(await cancelIx(kind, authority), [authority]);
    const before = await snapshot(f.env.connection, [f.network]);
    await expectAnchorError(() => cancel(GOVERNANCE_KIND.oracles, stranger), "Unauthorized");
    // A kind byte no variant has (3), as a client other than Anchor's could send.
    await expectAnchorError(async () => f.send(await withRawEnumByte((k: GovernanceKind) => cancelIx(k), ["params", "oracles"], 3), [f.authority]), "InvalidChangeKind");
    await expectAnchorError(() => cancel(GOVERNANCE_KIND.treasury), "NoPendingChange");
    await expectUnchanged(f.env.connection, before);
    const cancelled = await cancel(GOVERNANCE_KIND.oracles);
    console.log(`      CU cancel_governance: ${await f.cu(cancelled)}`);
    expect((await f.events(cancelled))[0].name).to.equal("governanceChangeCancelled");
    expect(num((await fetchNetwork(f.program, f.network)).pendingOraclesEta)).to.equal(0);
    await f.env.waitSeconds(11 * DAY + f.graceSecs);
    await expectAnchorError(apply, "NoGovernanceChangeDue");
  });

  it("a longer unbonding period pushes queued changes back so the new exit still fits before them", async () => {
    const treasury = await createAccount(f.env.connection, f.env.payer, f.mint, f.authority.publicKey, Keypair.generate());
    const t0 = await f.txTime(await f.send(await setTreasuryIx(f.program, { ...gov, treasury }), [f.authority]));
    expect(num((await fetchNetwork(f.program, f.network)).pendingTreasuryEta)).to.equal(t0 + f.timelockSecs);
    await f.env.waitSeconds(HOUR);
    // Longer than the old unbonding period (12 days against 7).
    const longer = 12 * DAY;
    const raisedAt = await f.txTime(await f.send(await update({ ...PARAMS, unbondingSecs: longer }), [f.authority]));
    expect(num((await fetchNetwork(f.program, f.network)).pendingTreasuryEta)).to.equal(raisedAt + longer + f.graceSecs);
    await f.env.waitUntil(raisedAt + f.timelockSecs);
    const before = await snapshot(f.env.connection, [f.network]);
    await expectAnchorError(apply, "NoGovernanceChangeDue");
    await expectUnchanged(f.env.connection, before);
    await f.env.waitUntil(raisedAt + longer + f.graceSecs);
    await apply();
    expect((await fetchNetwork(f.program, f.network)).treasury.toBase58()).to.equal(treasury.toBase58());
  });

  it("a network keeps the floors it was created with: governance goes back down to them, never below", async () => {
    // The recommended floors, for a network created with them or longer durations.
    f = await setup({ exactFloors: true, unbondingSecs: 7 * 86_400, slashDisputeWindowSecs: MIN_DISPUTE_WINDOW_SECS });
    const created = await fetchNetwork(f.program, f.network);
    expect([created.unbondingFloorSecs, created.disputeWindowFloorSecs]).to.deep.equal([MIN_UNBONDING_SECS, MIN_DISPUTE_WINDOW_SECS]);
    const refused = await snapshot(f.env.connection, [f.network]);
    await expectAnchorError(async () => f.send(await update({ ...PARAMS, unbondingSecs: MIN_UNBONDING_SECS - 1 }), [f.authority]), "InvalidDuration");
    await expectAnchorError(async () => f.send(await update({ ...PARAMS, unbondingSecs: 7 * 86_400, slashDisputeWindowSecs: MIN_DISPUTE_WINDOW_SECS - 1 }), [f.authority]), "InvalidDuration");
    await expectUnchanged(f.env.connection, refused);

    // A network created with seconds: its floors are those seconds, and its timelock grace is
    // 24 × its unbonding floor (a day for a one-hour floor).
    f = await setup({ unbondingSecs: 2, slashDisputeWindowSecs: 2, exactFloors: true });
    let n = await fetchNetwork(f.program, f.network);
    expect([n.unbondingFloorSecs, n.disputeWindowFloorSecs]).to.deep.equal([2, 2]);
    expect(timelockGraceSecs(2)).to.equal(48);
    expect(timelockGraceSecs(MIN_UNBONDING_SECS)).to.equal(TIMELOCK_GRACE_SECS);
    await f.send(await update({ ...PARAMS, unbondingSecs: 10, slashDisputeWindowSecs: 5 }), [f.authority]);
    const before = await snapshot(f.env.connection, [f.network]);
    await expectAnchorError(async () => f.send(await update({ ...PARAMS, unbondingSecs: 1, slashDisputeWindowSecs: 5 }), [f.authority]), "InvalidDuration");
    await expectAnchorError(async () => f.send(await update({ ...PARAMS, unbondingSecs: 10, slashDisputeWindowSecs: 1 }), [f.authority]), "InvalidDuration");
    await expectUnchanged(f.env.connection, before);
    const queuedAt = await f.txTime(await f.send(await update({ ...PARAMS, unbondingSecs: 2, slashDisputeWindowSecs: 2 }), [f.authority]));
    expect((await fetchPendingGovernance(f.program, f.network)).params!.eta).to.equal(queuedAt + 10 + 48);
    await f.env.waitUntil(queuedAt + 10 + 48);
    await apply();
    n = await fetchNetwork(f.program, f.network);
    expect([num(n.unbondingSecs), num(n.slashDisputeWindowSecs), n.unbondingFloorSecs, n.disputeWindowFloorSecs]).to.deep.equal([2, 2, 2, 2]);
  });

  it("a network created with a one-second unbonding floor lets slash proposals collect approvals for 168 s (7 days at a one-hour floor)", async () => {
    f = await setup({ unbondingSecs: 1, slashDisputeWindowSecs: 1, exactFloors: true });
    expect(f.approvalPeriodSecs).to.equal(168);
    expect(slashApprovalPeriodSecs(MIN_UNBONDING_SECS)).to.equal(7 * 86_400);
    const target = await f.newOperator({ stake: 5_000 });
    for (const o of f.oracles) await f.env.airdrop(o.publicKey);
    const ref = { network: f.network, operator: target.key, evidenceHash: hash32(4) };
    const createdAt = await f.txTime(await f.send(await proposeSlashIx(f.program, { payer: f.oracles[0].publicKey, oracle: f.oracles[0].publicKey, ...ref, amount: 100, reason: 1 }), [f.oracles[0]]));
    await f.env.waitUntil(createdAt + 168);
    const late = await snapshot(f.env.connection, [f.network, target.key, slashProposalPda(f.network, target.key, hash32(4))]);
    await expectAnchorError(async () => f.send(await approveSlashIx(f.program, { oracle: f.oracles[1].publicKey, ...ref }), [f.oracles[1]]), "SlashExpired");
    await expectUnchanged(f.env.connection, late);
  });

  it("a proposal keeps the dispute window and slash cap it was created under", async () => {
    // One-day unbonding: the timelock (2 days) ends within the proposal's 7-day approval period.
    f = await setup({ unbondingSecs: DAY });
    op = await f.newOperator({ stake: 10_000 });
    for (const o of f.oracles) await f.env.airdrop(o.publicKey);
    await f.send(await requestUnstakeIx(f.program, { network: f.network, authority: op.wallet.publicKey, amount: 7_000 }), [op.wallet]);
    const ref = { network: f.network, operator: op.key, evidenceHash: hash32(9) };
    // 5,000 = the 50% cap of 10,000 at proposal time.
    await f.send(await proposeSlashIx(f.program, { payer: f.oracles[0].publicKey, oracle: f.oracles[0].publicKey, ...ref, amount: 5_000, reason: 1 }), [f.oracles[0]]);
    await f.send(await update({ ...weakest(), unbondingSecs: DAY }), [f.authority]);
    // The pending proposal holds nothing: the unbonded 7,000 leaves after a day.
    await f.env.waitSeconds(DAY);
    await f.send(await withdrawUnstakedIx(f.program, { network: f.network, authority: op.wallet.publicKey, destination: op.tokens }), [op.wallet]);
    await f.env.waitSeconds(f.graceSecs);
    await apply();
    const n = await fetchNetwork(f.program, f.network);
    expect(num(n.slashDisputeWindowSecs)).to.equal(f.floors.disputeWindowSecs);
    expect(n.maxSlashBps).to.equal(10_000);
    const p = (await fetchSlashProposal(f.program, f.network, op.key, hash32(9)))!;
    expect(num(p.disputeWindowSecs)).to.equal(PARAMS.slashDisputeWindowSecs);
    expect(p.maxSlashBps).to.equal(PARAMS.maxSlashBps);

    const approvedAt = await f.txTime(await f.send(await approveSlashIx(f.program, { oracle: f.oracles[1].publicKey, ...ref }), [f.oracles[1]]));
    // The network's window is now its floor; the proposal's own (longer) one still applies.
    await f.env.waitUntil(approvedAt + f.floors.disputeWindowSecs);
    const execute = async () => f.send(await executeSlashIx(f.program, { ...ref, mint: f.mint, treasury: f.treasury }), []);
    const before = await snapshot(f.env.connection, [f.network, op.key, f.vault, f.treasury]);
    await expectAnchorError(execute, "DisputeWindowOpen");
    await expectUnchanged(f.env.connection, before);
    await f.env.waitUntil(approvedAt + PARAMS.slashDisputeWindowSecs);
    await execute();
    // 50% (the recorded cap) of the 3,000 left, not 100% (the network's cap now).
    expect(await f.balance(f.treasury)).to.equal(1_500n);
  });
});
