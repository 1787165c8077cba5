// Regression tests for the network findings of issue #13: each mounts the attack through the SDK,
// asserts the typed error and that every touched account is unchanged, then shows the legitimate
// flow still works.
//
// Unbonding, the dispute window, the approval period and the timelock are the fixture's (days
// warped on the embedded SVM, seconds waited on a cluster).
import { slashStatusOf } from "../../sdk/src/network/instructions";
import { expect } from "chai";
import { Keypair, PublicKey, Transaction } from "@solana/web3.js";
import { closeAccount, createAccount, createMint } from "@solana/spl-token";
import { expectAnchorError, snapshot, expectUnchanged } from "../support/assertions";
import { setup, Fixture, Operator, PARAMS, num, hash32 } from "./setup";
import {
  applyGovernanceIx, approveSlashIx, disputeSlashIx, executeSlashIx, proposeSlashIx, refreshSlashIx, registerDeviceIx, requestUnstakeIx,
  setOraclesIx, setTreasuryIx, SLASH_STATUS, stakeIx, transferDeviceIx, unjailOperatorIx,
  vetoSlashIx, withdrawUnstakedIx,
} from "../../sdk/src/network/instructions";
import { fetchNetwork, fetchOperator, fetchSlashProposal, slashState } from "../../sdk/src/network/accounts";
import { slashProposalPda } from "../../sdk/src/network/pda";
import { Groundwork } from "../../sdk/src/groundwork";
import { GroundworkAccountError, NetworkErrors } from "../../sdk/src/errors";
import { DAY, justBefore } from "../support/time";

describe("network: hardening (issue #13, items 1–7)", () => {
  let f: Fixture;
  let op: Operator;
  const WINDOW = PARAMS.slashDisputeWindowSecs;

  beforeEach(async () => {
    f = await setup();
    // active 3,000 + unbonding 7,000 (unlocks in 7 days).
    op = await f.newOperator({ stake: 10_000 });
    await f.send(await requestUnstakeIx(f.program, { network: f.network, authority: op.wallet.publicKey, amount: 7_000 }), [op.wallet]);
    for (const o of f.oracles) await f.env.airdrop(o.publicKey);
  });

  const ref = (evidence: number, operator = op) => ({ network: f.network, operator: operator.key, evidenceHash: hash32(evidence) });
  const proposalKey = (evidence: number, operator = op) => slashProposalPda(f.network, operator.key, hash32(evidence));
  const propose = async (oracle: Keypair, amount: number, evidence: number, operator = op) =>
    f.send(await proposeSlashIx(f.program, { payer: oracle.publicKey, oracle: oracle.publicKey, ...ref(evidence, operator), amount, reason: 1 }), [oracle]);
  const approve = async (oracle: Keypair, evidence: number) => f.send(await approveSlashIx(f.program, { oracle: oracle.publicKey, ...ref(evidence) }), [oracle]);
  const execute = async (evidence: number) => f.send(await executeSlashIx(f.program, { ...ref(evidence), mint: f.mint, treasury: f.treasury }), []);
  const veto = async (evidence: number) => f.send(await vetoSlashIx(f.program, { authority: f.authority.publicKey, ...ref(evidence) }), [f.authority]);
  const refresh = async (evidence: number, payer: PublicKey) => f.send(await refreshSlashIx(f.program, { ...ref(evidence), payer }), []);
  const withdraw = async (destination = op.tokens) => f.send(await withdrawUnstakedIx(f.program, { network: f.network, authority: op.wallet.publicKey, destination }), [op.wallet]);
  const proposal = (evidence: number) => fetchSlashProposal(f.program, f.network, op.key, hash32(evidence));
  const operatorState = async () => (await fetchOperator(f.program, f.network, op.wallet.publicKey))!;

  describe("1. a pending proposal never holds stake and expires", () => {
    it("one oracle's below-threshold proposal does not block the operator's withdrawal", async () => {
      await propose(f.oracles[0], 5_000, 1);
      expect(slashStatusOf((await proposal(1))!.status)).to.equal(SLASH_STATUS.pending);
      expect((await operatorState()).openSlashes).to.equal(0);
      await f.env.waitSeconds(PARAMS.unbondingSecs);
      await withdraw();
      expect(await f.balance(op.tokens)).to.equal(100_000n - 10_000n + 7_000n);
      expect(await f.balance(f.vault)).to.equal(3_000n);
    });

    it("an expired pending proposal takes no approval; anyone closes it, rent to its payer, and the evidence may be proposed again", async () => {
      await propose(f.oracles[0], 1_000, 2);
      const payer = f.oracles[0].publicKey;
      // Not expired yet: nothing to refresh.
      let before = await snapshot(f.env.connection, [f.network, op.key, proposalKey(2), payer]);
      await expectAnchorError(() => refresh(2, payer), "SlashUnchanged");
      await expectUnchanged(f.env.connection, before);

      await f.env.waitSeconds(f.approvalPeriodSecs);
      before = await snapshot(f.env.connection, [f.network, op.key, proposalKey(2), payer]);
      await expectAnchorError(() => approve(f.oracles[1], 2), "SlashExpired");
      // The rent goes to the recorded payer only.
      const stranger = Keypair.generate().publicKey;
      await expectAnchorError(() => refresh(2, stranger), "ConstraintAddress");
      await expectUnchanged(f.env.connection, before);

      const rent = (await f.env.connection.getAccountInfo(proposalKey(2)))!.lamports;
      const lamportsBefore = await f.env.connection.getBalance(payer);
      const sig = await refresh(2, payer);
      expect(await f.env.connection.getAccountInfo(proposalKey(2))).to.equal(null);
      expect(await f.env.connection.getBalance(payer)).to.equal(lamportsBefore + rent);
      expect((await f.events(sig)).map((e) => e.name)).to.include("slashClosed");
      console.log(`      CU refresh_slash (close expired): ${await f.cu(sig)}`);
      await propose(f.oracles[1], 1_000, 2);
      expect(slashStatusOf((await proposal(2))!.status)).to.equal(SLASH_STATUS.pending);
    });
  });

  describe("2. the dispute window runs from the current quorum; veto stays possible until execution can happen", () => {
    it("an approval that lost its quorum releases the stake on refresh, stays vetoable, and a new quorum cannot execute in the same transaction", async () => {
      await propose(f.oracles[0], 1_000, 3);
      const approveSig = await approve(f.oracles[1], 3);
      console.log(`      CU approve_slash (reaches threshold): ${await f.cu(approveSig)}`);
      expect((await operatorState()).openSlashes).to.equal(1);
      // Oracle 1 is removed (a strengthening change: applies at once); its approval stops counting.
      await f.send(await setOraclesIx(f.program, { authority: f.authority.publicKey, network: f.network, oracles: [f.oracles[0].publicKey, f.oracles[2].publicKey], threshold: 2 }), [f.authority]);
      await f.env.waitSeconds(WINDOW + 1);

      // After the old window: no execution, and the dispute and veto stay open.
      const touched = [f.network, op.key, proposalKey(3), f.vault, f.treasury];
      let before = await snapshot(f.env.connection, touched);
      await expectAnchorError(() => execute(3), "InsufficientApprovals");
      await expectAnchorError(() => withdraw(), "SlashPending");
      await expectUnchanged(f.env.connection, before);
      const n = await fetchNetwork(f.program, f.network);
      const live = slashState((await proposal(3))!, n, await f.env.now());
      expect(live.quorumAt).to.equal(null);
      expect(live.vetoable).to.equal(true);
      await f.send(await disputeSlashIx(f.program, { authority: op.wallet.publicKey, ...ref(3) }), [op.wallet]);

      // Anyone refreshes: the stale approval no longer holds the unbonding stake.
      const refreshSig = await refresh(3, f.oracles[0].publicKey);
      console.log(`      CU refresh_slash (release stale approval): ${await f.cu(refreshSig)}`);
      expect(slashStatusOf((await proposal(3))!.status)).to.equal(SLASH_STATUS.pending);
      expect((await operatorState()).openSlashes).to.equal(0);

      // A current oracle restores the quorum and tries to execute in the same transaction.
      before = await snapshot(f.env.connection, touched);
      const both = new Transaction().add(
        await approveSlashIx(f.program, { oracle: f.oracles[2].publicKey, ...ref(3) }),
        await executeSlashIx(f.program, { ...ref(3), mint: f.mint, treasury: f.treasury }),
      );
      await expectAnchorError(() => f.env.provider.sendAndConfirm(both, [f.oracles[2]]), "DisputeWindowOpen");
      await expectUnchanged(f.env.connection, before);

      // Approved again: a fresh window from now, vetoable within it.
      const reapprovedAt = await f.txTime(await approve(f.oracles[2], 3));
      const p = (await proposal(3))!;
      expect(num(p.approvedAt)).to.equal(reapprovedAt);
      await justBefore(f.env, reapprovedAt + WINDOW);
      await veto(3);
      expect(slashStatusOf((await proposal(3))!.status)).to.equal(SLASH_STATUS.vetoed);
      expect((await operatorState()).openSlashes).to.equal(0);
      await f.env.waitSeconds(PARAMS.unbondingSecs);
      await withdraw();
      expect(await f.balance(f.vault)).to.equal(3_000n);
    });

    it("a threshold lowered through the timelock starts the window when it applies, not at the old approvals", async () => {
      // A one-day unbonding period: the timelock (2 days) ends within the proposal's 7-day approval
      // period (on a cluster: 3 s + 24 s within 168 s).
      f = await setup({ unbondingSecs: DAY });
      op = await f.newOperator({ stake: 10_000 });
      for (const o of f.oracles) await f.env.airdrop(o.publicKey);
      await propose(f.oracles[0], 1_000, 4);
      await f.send(await setOraclesIx(f.program, { authority: f.authority.publicKey, network: f.network, oracles: f.oracles.map((o) => o.publicKey), threshold: 1 }), [f.authority]);
      await f.env.waitSeconds(f.timelockSecs);
      // Apply and execute in one transaction: the quorum only exists from now.
      const touched = [f.network, op.key, proposalKey(4), f.vault, f.treasury];
      const before = await snapshot(f.env.connection, touched);
      const both = new Transaction().add(
        await applyGovernanceIx(f.program, { network: f.network }),
        await executeSlashIx(f.program, { ...ref(4), mint: f.mint, treasury: f.treasury }),
      );
      await expectAnchorError(() => f.env.provider.sendAndConfirm(both, []), "DisputeWindowOpen");
      await expectUnchanged(f.env.connection, before);
      const appliedAt = await f.txTime(await f.send(await applyGovernanceIx(f.program, { network: f.network }), []));
      expect(slashState((await proposal(4))!, await fetchNetwork(f.program, f.network), appliedAt).executableAt).to.equal(appliedAt + WINDOW);
      // Refresh records the quorum and takes the hold; veto stays possible through the window.
      await refresh(4, f.oracles[0].publicKey);
      expect(slashStatusOf((await proposal(4))!.status)).to.equal(SLASH_STATUS.approved);
      expect((await operatorState()).openSlashes).to.equal(1);
      await justBefore(f.env, appliedAt + WINDOW);
      await veto(4);
      expect((await operatorState()).openSlashes).to.equal(0);
    });
  });

  describe("4. one piece of evidence is slashed at most once per operator", () => {
    it("a second proposal on the same evidence is refused while the first is open, after it executed, and is allowed after a veto is closed", async () => {
      await propose(f.oracles[0], 1_000, 5);
      const before = await snapshot(f.env.connection, [f.network, op.key, proposalKey(5)]);
      await expectAnchorError(() => propose(f.oracles[1], 2_000, 5), "AccountDiscriminatorAlreadySet");
      await expectUnchanged(f.env.connection, before);

      await approve(f.oracles[1], 5);
      await f.env.waitSeconds(WINDOW);
      await execute(5);
      const executed = await snapshot(f.env.connection, [f.network, op.key, proposalKey(5), f.vault, f.treasury]);
      await expectAnchorError(() => propose(f.oracles[2], 1_000, 5), "AccountDiscriminatorAlreadySet");
      // An executed proposal is never closed, so the evidence can never be re-proposed.
      await expectAnchorError(() => refresh(5, f.oracles[0].publicKey), "SlashNotPending");
      await expectUnchanged(f.env.connection, executed);
      expect(await f.balance(f.treasury)).to.equal(1_000n);

      // Another operator may be slashed on the same evidence hash: the key is (operator, evidence).
      const other = await f.newOperator({ stake: 1_000 });
      await propose(f.oracles[0], 100, 5, other);

      // A vetoed proposal may be closed; its evidence can then be proposed again.
      await propose(f.oracles[0], 100, 6);
      await veto(6);
      await refresh(6, f.oracles[0].publicKey);
      expect(await f.env.connection.getAccountInfo(proposalKey(6))).to.equal(null);
      await propose(f.oracles[1], 100, 6);
    });
  });

  describe("5. a jailed operator keeps no devices running elsewhere", () => {
    it("refuses transfers out of a jailed operator and unjails only once stake covers the devices", async () => {
      const device = Keypair.generate();
      await f.send(await registerDeviceIx(f.program, { payer: op.wallet.publicKey, authority: op.wallet.publicKey, network: f.network, deviceKey: device.publicKey, kind: 1, location: 1, metadataHash: hash32(0) }), [op.wallet, device]);
      await propose(f.oracles[0], 2_500, 7);
      await approve(f.oracles[1], 7);
      await f.env.waitSeconds(WINDOW);
      await execute(7);
      // 3,000 active − 2,500 = 500: below the 1,000 its device needs.
      expect(num((await operatorState()).activeStake)).to.equal(500);
      const accomplice = await f.newOperator({ stake: 5_000 });
      const touched = [f.network, op.key, accomplice.key, PublicKey.findProgramAddressSync([Buffer.from("device"), f.network.toBuffer(), device.publicKey.toBuffer()], f.program.programId)[0]];
      const before = await snapshot(f.env.connection, touched);
      await expectAnchorError(async () => f.send(await transferDeviceIx(f.program, { network: f.network, authority: op.wallet.publicKey, newAuthority: accomplice.wallet.publicKey, deviceKey: device.publicKey }), [op.wallet, accomplice.wallet]), "OperatorJailed");
      await expectAnchorError(async () => f.send(await unjailOperatorIx(f.program, { authority: f.authority.publicKey, network: f.network, operator: op.key }), [f.authority]), "UnderCollateralised");
      await expectUnchanged(f.env.connection, before);
      await f.send(await stakeIx(f.program, { network: f.network, authority: op.wallet.publicKey, source: op.tokens, amount: 500 }), [op.wallet]);
      await f.send(await unjailOperatorIx(f.program, { authority: f.authority.publicKey, network: f.network, operator: op.key }), [f.authority]);
      expect((await operatorState()).jailed).to.equal(0);
    });
  });

  describe("6. no token instruction moves tokens from an account into itself", () => {
    it("refuses to withdraw into the stake vault and to stake from it", async () => {
      await f.env.waitSeconds(PARAMS.unbondingSecs);
      const touched = [f.network, op.key, f.vault, op.tokens];
      const before = await snapshot(f.env.connection, touched);
      await expectAnchorError(() => withdraw(f.vault), "SameTokenAccount");
      await expectAnchorError(async () => f.send(await stakeIx(f.program, { network: f.network, authority: op.wallet.publicKey, source: f.vault, amount: 1 }), [op.wallet]), "SameTokenAccount");
      await expectUnchanged(f.env.connection, before);
      expect(await f.balance(f.vault)).to.equal(10_000n);
      await withdraw();
      expect(await f.balance(f.vault)).to.equal(3_000n);
    });
  });

  describe("7. the treasury changes only through the timelock", () => {
    it("queues a new treasury, refuses the vault, another mint and strangers, and slashes into the new one after it applies even if the old one was closed", async () => {
      const gw = Groundwork.connect(f.env.provider);
      const team = gw.team(f.authority);
      const next = await createAccount(f.env.connection, f.env.payer, f.mint, f.authority.publicKey, Keypair.generate());
      const otherMint = await createMint(f.env.connection, f.env.payer, f.authority.publicKey, null, 6);
      const foreign = await createAccount(f.env.connection, f.env.payer, otherMint, f.authority.publicKey, Keypair.generate());
      const stranger = Keypair.generate();
      const before = await snapshot(f.env.connection, [f.network]);
      expect(await team.setTreasury(f.network, f.vault).catch((e: Error) => e)).to.be.instanceOf(NetworkErrors.SameTokenAccount);
      const wrongMint = await team.setTreasury(f.network, foreign).catch((e: Error) => e);
      expect(wrongMint).to.be.instanceOf(GroundworkAccountError);
      expect((wrongMint as GroundworkAccountError).errorName).to.equal("ConstraintTokenMint");
      await expectAnchorError(async () => f.send(await setTreasuryIx(f.program, { authority: stranger.publicKey, network: f.network, treasury: next }), [stranger]), "Unauthorized");
      await expectUnchanged(f.env.connection, before);

      const queued = await team.setTreasury(f.network, next);
      console.log(`      CU set_treasury: ${queued.computeUnits}`);
      let n = await fetchNetwork(f.program, f.network);
      expect(n.treasury.toBase58()).to.equal(f.treasury.toBase58());
      expect(num(n.pendingTreasuryEta)).to.equal((await f.txTime(queued.signature)) + f.timelockSecs);
      // The old treasury is closed (it holds nothing): it must not block slashing once replaced.
      await closeAccount(f.env.connection, f.env.payer, f.treasury, f.authority.publicKey, f.authority);
      await f.env.waitSeconds(f.timelockSecs);
      const applied = await gw.applyGovernance(f.network);
      console.log(`      CU apply_governance (treasury): ${applied.computeUnits}`);
      n = await fetchNetwork(f.program, f.network);
      expect(n.treasury.toBase58()).to.equal(next.toBase58());
      expect(num(n.pendingTreasuryEta)).to.equal(0);

      const stakeMore = await f.newOperator({ stake: 2_000 });
      await propose(f.oracles[0], 1_000, 8, stakeMore);
      await f.send(await approveSlashIx(f.program, { oracle: f.oracles[1].publicKey, ...ref(8, stakeMore) }), [f.oracles[1]]);
      await f.env.waitSeconds(WINDOW);
      await gw.executeSlash(f.network, { operator: stakeMore.key, evidenceHash: hash32(8) });
      expect(await f.balance(next)).to.equal(1_000n);
    });
  });
});
