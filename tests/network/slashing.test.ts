import { slashStatusOf } from "../../sdk/src/network/instructions";
import { expect } from "chai";
import { Keypair, PublicKey } from "@solana/web3.js";
import { getMint } from "@solana/spl-token";
import { expectAnchorError, snapshot, expectUnchanged } from "../support/assertions";
import { setup, Fixture, Operator, PARAMS, num, hash32 } from "./setup";
import {
  approveSlashIx, disputeSlashIx, executeSlashIx, PAUSE, proposeSlashIx, registerDeviceIx, requestUnstakeIx, stakeIx,
  setOraclesIx, setPausedIx, SLASH_STATUS, unjailOperatorIx, updateParamsIx, vetoSlashIx, withdrawUnstakedIx,
  applyGovernanceIx,
} from "../../sdk/src/network/instructions";
import { justBefore } from "../support/time";
import { fetchNetwork, fetchOperator, fetchSlashProposal, listSlashProposals } from "../../sdk/src/network/accounts";
import { slashProposalPda } from "../../sdk/src/network/pda";

// The dispute window and unbonding are the fixture's (days warped on the embedded SVM, seconds
// waited on a cluster).
describe("network: slashing", () => {
  let f: Fixture;
  let op: Operator;
  const WINDOW = PARAMS.slashDisputeWindowSecs;

  beforeEach(async () => {
    f = await setup();
    // active 3,000 + unbonding 7,000: the cap (50%) is 5,000.
    op = await f.newOperator({ stake: 10_000 });
    await f.send(await requestUnstakeIx(f.program, { network: f.network, authority: op.wallet.publicKey, amount: 7_000 }), [op.wallet]);
    // Oracles pay for their proposals.
    for (const o of f.oracles) await f.env.airdrop(o.publicKey);
  });

  // Each proposal here carries its own evidence, hash32(id), with id the network's sequence number.
  async function propose(oracle: Keypair, amount: number, reason = 3): Promise<{ id: number; sig: string }> {
    const id = num((await fetchNetwork(f.program, f.network)).slashProposalCount);
    const sig = await f.send(await proposeSlashIx(f.program, { payer: oracle.publicKey, oracle: oracle.publicKey, network: f.network, operator: op.key, amount, reason, evidenceHash: hash32(id) }), [oracle]);
    return { id, sig };
  }
  const ref = (id: number) => ({ network: f.network, operator: op.key, evidenceHash: hash32(id) });
  const fetchProposal = (id: number) => fetchSlashProposal(f.program, f.network, op.key, hash32(id));
  const approve = async (oracle: Keypair, id: number) => f.send(await approveSlashIx(f.program, { oracle: oracle.publicKey, ...ref(id) }), [oracle]);
  const execute = async (id: number) => f.send(await executeSlashIx(f.program, { ...ref(id), mint: f.mint, treasury: f.treasury }), []);
  const touched = (id: number) => [f.network, op.key, slashProposalPda(f.network, op.key, hash32(id)), f.vault, f.treasury, f.mint];


  it("proposes, approves at the threshold, waits out the window, executes active-first into the treasury and jails", async () => {
    const { id, sig: proposeSig } = await propose(f.oracles[0], 5_000);
    let p = (await fetchProposal(id))!;
    expect(slashStatusOf(p.status)).to.equal(SLASH_STATUS.pending);
    expect(p.evidenceHash).to.deep.equal(hash32(id));
    expect((await f.events(proposeSig))[0].name).to.equal("slashProposed");

    const approveSig = await approve(f.oracles[1], id);
    p = (await fetchProposal(id))!;
    expect(slashStatusOf(p.status)).to.equal(SLASH_STATUS.approved);
    const approvedAt = await f.txTime(approveSig);
    expect(num(p.approvedAt)).to.equal(approvedAt);
    const [approved] = await f.events(approveSig);
    expect(approved.name).to.equal("slashApproved");
    expect(approved.data.approved).to.equal(true);

    await justBefore(f.env, approvedAt + WINDOW);
    const before = await snapshot(f.env.connection, touched(id));
    await expectAnchorError(() => execute(id), "DisputeWindowOpen");
    await expectUnchanged(f.env.connection, before);

    await f.env.waitUntil(approvedAt + WINDOW);
    const executeSig = await execute(id);
    expect(await f.balance(f.treasury)).to.equal(5_000n);
    expect(await f.balance(f.vault)).to.equal(5_000n);
    const o = (await fetchOperator(f.program, f.network, op.wallet.publicKey))!;
    expect(num(o.activeStake)).to.equal(0);
    expect(num(o.unbondingStake)).to.equal(5_000);
    expect(num(o.totalSlashed)).to.equal(5_000);
    expect(o.jailed).to.equal(1);
    expect(o.openSlashes).to.equal(0);
    const n = await fetchNetwork(f.program, f.network);
    expect(num(n.totalSlashed)).to.equal(5_000);
    expect(num(n.totalActiveStake)).to.equal(0);
    expect(num(n.totalUnbondingStake)).to.equal(5_000);
    const [executed] = await f.events(executeSig);
    expect(executed.name).to.equal("slashExecuted");
    expect(num(executed.data.fromActive as number)).to.equal(3_000);
    expect(num(executed.data.fromUnbonding as number)).to.equal(2_000);
    p = (await fetchProposal(id))!;
    expect(slashStatusOf(p.status)).to.equal(SLASH_STATUS.executed);
    expect(num(p.executedAmount)).to.equal(5_000);
    console.log(`      CU propose_slash: ${await f.cu(proposeSig)}, approve_slash: ${await f.cu(approveSig)}, execute_slash: ${await f.cu(executeSig)}`);

    // Executed once only.
    const done = await snapshot(f.env.connection, touched(id));
    await expectAnchorError(() => execute(id), "SlashNotPending");
    await expectAnchorError(() => approve(f.oracles[2], id), "SlashNotPending");
    await expectUnchanged(f.env.connection, done);
    expect((await listSlashProposals(f.program, f.network, op.key)).length).to.equal(1);
  });

  it("a jailed operator cannot register devices until the authority unjails it", async () => {
    await f.send(await stakeIx(f.program, { network: f.network, authority: op.wallet.publicKey, source: op.tokens, amount: 20_000 }), [op.wallet]);
    const { id } = await propose(f.oracles[0], 100);
    await approve(f.oracles[1], id);
    await f.env.waitSeconds(WINDOW);
    await execute(id);
    const device = Keypair.generate();
    const register = () => registerDeviceIx(f.program, { payer: op.wallet.publicKey, authority: op.wallet.publicKey, network: f.network, deviceKey: device.publicKey, kind: 1, location: 1, metadataHash: hash32(0) });
    const before = await snapshot(f.env.connection, [f.network, op.key]);
    await expectAnchorError(async () => f.send(await register(), [op.wallet, device]), "OperatorJailed");
    const stranger = Keypair.generate();
    await expectAnchorError(async () => f.send(await unjailOperatorIx(f.program, { authority: stranger.publicKey, network: f.network, operator: op.key }), [stranger]), "Unauthorized");
    await expectUnchanged(f.env.connection, before);

    const sig = await f.send(await unjailOperatorIx(f.program, { authority: f.authority.publicKey, network: f.network, operator: op.key }), [f.authority]);
    expect((await f.events(sig))[0].name).to.equal("operatorUnjailed");
    console.log(`      CU unjail_operator: ${await f.cu(sig)}`);
    await f.send(await register(), [op.wallet, device]);
    const after = await snapshot(f.env.connection, [op.key]);
    await expectAnchorError(async () => f.send(await unjailOperatorIx(f.program, { authority: f.authority.publicKey, network: f.network, operator: op.key }), [f.authority]), "NotJailed");
    await expectUnchanged(f.env.connection, after);
  });

  it("rejects proposals from non-oracles, above the cap, with reason 0 or amount 0, and while slashing is paused", async () => {
    const stranger = Keypair.generate();
    await f.env.airdrop(stranger.publicKey);
    const id = 0;
    const before = await snapshot(f.env.connection, touched(id));
    const ix = (signer: Keypair, amount: number, reason: number) =>
      proposeSlashIx(f.program, { payer: signer.publicKey, oracle: signer.publicKey, network: f.network, operator: op.key, amount, reason, evidenceHash: hash32(id) });
    await expectAnchorError(async () => f.send(await ix(stranger, 100, 1), [stranger]), "NotOracle");
    await expectAnchorError(async () => f.send(await ix(f.oracles[0], 5_001, 1), [f.oracles[0]]), "SlashExceedsCap");
    await expectAnchorError(async () => f.send(await ix(f.oracles[0], 100, 0), [f.oracles[0]]), "InvalidReason");
    await expectAnchorError(async () => f.send(await ix(f.oracles[0], 0, 1), [f.oracles[0]]), "ZeroAmount");
    // The proposal's address must be the one its evidence derives.
    const wrongAddress = await ix(f.oracles[0], 100, 1);
    wrongAddress.keys[4].pubkey = slashProposalPda(f.network, op.key, hash32(id + 1));
    await expectAnchorError(() => f.send(wrongAddress, [f.oracles[0]]), "ConstraintSeeds");
    await expectUnchanged(f.env.connection, before);
    await f.send(await setPausedIx(f.program, { authority: f.authority.publicKey, network: f.network, paused: PAUSE.slashing }), [f.authority]);
    const paused = await snapshot(f.env.connection, [op.key, slashProposalPda(f.network, op.key, hash32(id))]);
    await expectAnchorError(async () => f.send(await ix(f.oracles[1], 100, 1), [f.oracles[1]]), "SlashingPaused");
    await expectUnchanged(f.env.connection, paused);
  });

  it("rejects approvals from non-oracles and double approvals; a pending slash cannot execute", async () => {
    const { id } = await propose(f.oracles[0], 1_000);
    const stranger = Keypair.generate();
    await f.env.airdrop(stranger.publicKey);
    const before = await snapshot(f.env.connection, touched(id));
    await expectAnchorError(() => approve(stranger, id), "NotOracle");
    await expectAnchorError(() => approve(f.oracles[0], id), "AlreadyApproved");
    await expectAnchorError(() => execute(id), "SlashNotApproved");
    await expectUnchanged(f.env.connection, before);
    await approve(f.oracles[1], id);
    const approved = await snapshot(f.env.connection, touched(id));
    await expectAnchorError(() => approve(f.oracles[1], id), "AlreadyApproved");
    await expectUnchanged(f.env.connection, approved);
  });

  it("the authority vetoes within the window, not after; a vetoed slash never executes", async () => {
    // Both proposals first, so on a cluster the authority's veto follows the first approval
    // directly (nothing else has to land inside the first proposal's window).
    const first = await propose(f.oracles[0], 1_000);
    const second = await propose(f.oracles[0], 1_000);
    const firstApprovedAt = await f.txTime(await approve(f.oracles[1], first.id));
    await justBefore(f.env, firstApprovedAt + WINDOW);
    const veto = (id: number, authority: Keypair) => vetoSlashIx(f.program, { authority: authority.publicKey, ...ref(id) }).then((ix) => f.send(ix, [authority]));
    const sig = await veto(first.id, f.authority);
    expect(slashStatusOf((await fetchProposal(first.id))!.status)).to.equal(SLASH_STATUS.vetoed);
    expect((await f.events(sig))[0].name).to.equal("slashVetoed");
    console.log(`      CU veto_slash: ${await f.cu(sig)}`);

    const secondApprovedAt = await f.txTime(await approve(f.oracles[2], second.id));
    const stranger = Keypair.generate();
    let before = await snapshot(f.env.connection, touched(second.id));
    await expectAnchorError(() => veto(second.id, stranger), "Unauthorized");
    await expectUnchanged(f.env.connection, before);
    await f.env.waitUntil(secondApprovedAt + WINDOW);
    before = await snapshot(f.env.connection, [...touched(first.id), slashProposalPda(f.network, op.key, hash32(second.id))]);
    await expectAnchorError(() => execute(first.id), "SlashNotPending");
    await expectAnchorError(() => veto(second.id, f.authority), "DisputeWindowClosed");
    await expectUnchanged(f.env.connection, before);
    await execute(second.id);
    expect(await f.balance(f.treasury)).to.equal(1_000n);
  });

  it("the operator records a dispute within the window, not after, and only for its own operator", async () => {
    const other = await f.newOperator({ tokens: 0 });
    const { id } = await propose(f.oracles[0], 1_000);
    await approve(f.oracles[1], id);
    const dispute = (wallet: Keypair) => disputeSlashIx(f.program, { authority: wallet.publicKey, ...ref(id) }).then((ix) => f.send(ix, [wallet]));
    let before = await snapshot(f.env.connection, touched(id));
    await expectAnchorError(() => dispute(other.wallet), "NotOperatorAuthority");
    await expectUnchanged(f.env.connection, before);
    const sig = await dispute(op.wallet);
    expect((await fetchProposal(id))!.disputed).to.equal(1);
    const [event] = await f.events(sig);
    expect(event.name).to.equal("slashDisputed");
    expect((event.data.operator as PublicKey).toBase58()).to.equal(op.key.toBase58());
    console.log(`      CU dispute_slash: ${await f.cu(sig)}`);
    await f.env.waitSeconds(WINDOW);
    before = await snapshot(f.env.connection, touched(id));
    await expectAnchorError(() => dispute(op.wallet), "DisputeWindowClosed");
    await expectUnchanged(f.env.connection, before);
  });

  it("approvals of a removed oracle stop counting; a current oracle's approval restores the threshold and restarts the window", async () => {
    const { id } = await propose(f.oracles[0], 1_000);
    await approve(f.oracles[1], id);
    // Removing an oracle strengthens the quorum rule, so it applies at once.
    await f.send(await setOraclesIx(f.program, { authority: f.authority.publicKey, network: f.network, oracles: [f.oracles[0].publicKey, f.oracles[2].publicKey], threshold: 2 }), [f.authority]);
    await f.env.waitSeconds(WINDOW);
    const before = await snapshot(f.env.connection, touched(id));
    await expectAnchorError(() => execute(id), "InsufficientApprovals");
    await expectAnchorError(() => approve(f.oracles[1], id), "NotOracle");
    await expectUnchanged(f.env.connection, before);
    await approve(f.oracles[2], id);
    // The window runs from the approval that restored the quorum, not the stale one.
    await expectAnchorError(() => execute(id), "DisputeWindowOpen");
    await f.env.waitSeconds(WINDOW);
    await execute(id);
    expect(await f.balance(f.treasury)).to.equal(1_000n);
  });

  it("burns the slash when the network says so", async () => {
    await f.send(await updateParamsIx(f.program, { authority: f.authority.publicKey, network: f.network, ...PARAMS, slashDestination: "burn" }), [f.authority]);
    const supply = (await getMint(f.env.connection, f.mint)).supply;
    const { id } = await propose(f.oracles[0], 2_000);
    await approve(f.oracles[1], id);
    await f.env.waitSeconds(WINDOW);
    const sig = await execute(id);
    expect((await getMint(f.env.connection, f.mint)).supply).to.equal(supply - 2_000n);
    expect(await f.balance(f.treasury)).to.equal(0n);
    expect(await f.balance(f.vault)).to.equal(8_000n);
    expect((await f.events(sig))[0].data.burned).to.equal(true);
    console.log(`      CU execute_slash (burn): ${await f.cu(sig)}`);
  });

  it("unbonding stake cannot be withdrawn while an approved slash is open, and is slashed when it executes", async () => {
    const { id } = await propose(f.oracles[0], 5_000);
    await approve(f.oracles[2], id);
    await f.env.waitSeconds(PARAMS.unbondingSecs);
    const withdraw = () => withdrawUnstakedIx(f.program, { network: f.network, authority: op.wallet.publicKey, destination: op.tokens }).then((ix) => f.send(ix, [op.wallet]));
    const before = await snapshot(f.env.connection, [f.network, op.key, f.vault, op.tokens]);
    await expectAnchorError(withdraw, "SlashPending");
    await expectUnchanged(f.env.connection, before);
    await execute(id);
    await withdraw();
    // 3,000 active and 2,000 of the 7,000 unbonding were slashed; 5,000 came back.
    expect(await f.balance(op.tokens)).to.equal(100_000n - 10_000n + 5_000n);
    expect(await f.balance(f.vault)).to.equal(0n);
  });

  it("with a 1-of-n threshold the proposal is approved at once (the lower threshold applied through the timelock)", async () => {
    await f.send(await setOraclesIx(f.program, { authority: f.authority.publicKey, network: f.network, oracles: f.oracles.map((o) => o.publicKey), threshold: 1 }), [f.authority]);
    expect((await fetchNetwork(f.program, f.network)).oracleThreshold).to.equal(2);
    await f.env.waitSeconds(f.timelockSecs);
    await f.send(await applyGovernanceIx(f.program, { network: f.network }), []);
    expect((await fetchNetwork(f.program, f.network)).oracleThreshold).to.equal(1);
    const { id } = await propose(f.oracles[2], 10);
    const p = (await fetchProposal(id))!;
    expect(slashStatusOf(p.status)).to.equal(SLASH_STATUS.approved);
    expect(p.approvalCount).to.equal(1);
  });
});
