// Regression tests of the rewards hardening (issue 13, items 8–10 and the root activation delay):
// each mounts the reported attack through the SDK against the real program, asserts the typed
// error and that every balance and account it could touch is unchanged, then runs the legitimate
// flow that must keep working.
import { expect } from "chai";
import BN from "bn.js";
import { Keypair, PublicKey } from "@solana/web3.js";
import { burn, createAccount, createAssociatedTokenAccountIdempotentInstruction, getMint, mintTo, transfer } from "@solana/spl-token";
import { randomBytes } from "crypto";
import { expectAnchorError, expectUnchanged, snapshot } from "../support/assertions";
import { buildTree, EPOCH, fixture, Fixture, leaves } from "./setup";
import { ON_CLUSTER, ROOT_DELAY_SECS } from "../support/time";
import * as ix from "../../sdk/src/rewards/instructions";
import { claimStatusPda, rewardsConfigPda, rewardsVaultPda } from "../../sdk/src/rewards/pda";
import { claimableRoot, fetchRewardsConfig, paramsForEpoch, pendingRoot, reservedForOperators } from "../../sdk/src/rewards/accounts";
import { leafHash, RewardLeaf, rootOf } from "../../sdk/src/rewards/merkle";
import { toGroundworkError, RewardsErrors } from "../../sdk/src/errors";

const tokenOf = (f: Fixture, operator: PublicKey) => ix.operatorTokenAccount(f.mint, operator);
const config = (f: Fixture) => fetchRewardsConfig(f.program, f.network);
const n = (v: BN | number) => BigInt(v.toString());

/** Accounts a claim or a finalization can touch, for `expectUnchanged`. */
function watched(f: Fixture, operators: PublicKey[] = []): PublicKey[] {
  return [rewardsConfigPda(f.network), rewardsVaultPda(f.network), f.treasury, f.mint, ...operators.flatMap((o) => [tokenOf(f, o), claimStatusPda(f.network, o)])];
}

async function fundVault(f: Fixture, amount: number): Promise<void> {
  const team = await createAccount(f.env.connection, f.env.payer, f.mint, f.authority.publicKey, Keypair.generate());
  await mintTo(f.env.connection, f.env.payer, f.mint, team, f.authority, amount);
  await transfer(f.env.connection, f.env.payer, team, rewardsVaultPda(f.network), f.authority, amount);
}

/** The rewards epoch transaction `sig` landed in (from its block time; on a loaded cluster it can be later than the test waited for). */
const epochOf = async (f: Fixture, sig: string) => Math.floor(((await f.txTime(sig)) - f.genesis) / EPOCH);
const at = (ops: RewardLeaf[], amounts: bigint[]) => ops.map((o, i) => ({ ...o, amount: amounts[i] }));
const update = async (f: Fixture, p: Partial<ix.RewardsParams>, signer = f.authority) => {
  const c = await config(f);
  const schedule = Array.from({ length: c.scheduleLen }, (_, i) => ({ startTs: c.scheduleStartTs[i], emissionPerEpoch: c.scheduleEmission[i] }));
  return f.send([await ix.updateRewardsConfig(f.program, signer.publicKey, f.network, { supplyCap: c.supplyCap, operatorBps: c.operatorBps, netEmissionCap: c.netEmissionCap, schedule, ...p })], [signer]);
};

describe("rewards hardening: funding, frozen epochs, the cap and root activation", () => {
  it("item 8, vault mode: after a downward correction claims cannot pass total funded nor take unreserved vault tokens; finalization goes on", async () => {
    const f = await fixture();
    await f.init(ix.FundingMode.Vault, { operatorBps: 10_000 });
    await fundVault(f, 5_000_000); // 4M more than the first epoch needs: the team's unreserved tokens
    const ops = leaves(2, () => 0n);
    await f.toEpoch(1);
    const t0 = buildTree(f.network, at(ops, [600_000n, 400_000n]));
    await f.finalize(0, t0);
    await f.claim(f.env.payer, at(ops, [600_000n, 400_000n])[0], t0.proof(0)); // A takes 600k
    // The oracles correct A down to 100k; B's leaf grows to 1.9M: the root's total (2M) equals
    // everything funded, but A's 600k already left, so paying B would take 500k of the team's tokens.
    await f.toEpoch(2);
    const corrected = at(ops, [100_000n, 1_900_000n]);
    const t1 = buildTree(f.network, corrected);
    await f.finalize(1, t1);
    const before = await snapshot(f.env.connection, watched(f, [ops[1].operator]));
    await expectAnchorError(() => f.claim(f.env.payer, corrected[1], t1.proof(1)), "ClaimExceedsFunded");
    await expectUnchanged(f.env.connection, before);
    const err = await f.claim(f.env.payer, corrected[1], t1.proof(1)).then(() => null, (e: unknown) => toGroundworkError(e));
    expect(err).to.be.instanceOf(RewardsErrors.ClaimExceedsFunded);
    let c = await config(f);
    expect([n(c.totalFunded), n(c.totalClaimed), reservedForOperators(c)]).to.deep.equal([2_000_000n, 600_000n, 1_400_000n]);
    expect(await f.balance(rewardsVaultPda(f.network))).to.equal(4_400_000n);

    // Finalization stays possible (no underflow), and the next root that accounts for A's excess
    // (max(leaf, claimed) summed stays within the funding) pays B in full.
    await f.toEpoch(3);
    const fixed = at(ops, [100_000n, 2_400_000n]);
    const t2 = buildTree(f.network, fixed);
    await f.finalize(2, t2);
    await f.claim(f.env.payer, fixed[1], t2.proof(1));
    expect(await f.balance(tokenOf(f, ops[1].operator))).to.equal(2_400_000n);
    c = await config(f);
    expect([n(c.totalFunded), n(c.totalClaimed), reservedForOperators(c)]).to.deep.equal([3_000_000n, 3_000_000n, 0n]);
    // The vault keeps exactly the team's unreserved 2M (5M funded − 3M emitted).
    expect(await f.balance(rewardsVaultPda(f.network))).to.equal(2_000_000n);
    // A, over-paid, has nothing to claim until its leaf passes 600k again.
    await expectAnchorError(() => f.claim(f.env.payer, fixed[0], t2.proof(0)), "NothingToClaim");
  });

  it("item 8, mint mode: tokens sent into the vault are not paid out past the funding", async () => {
    const f = await fixture();
    // Tokens minted before rewards take the mint authority; one holder later sends them to the vault.
    const donor = await createAccount(f.env.connection, f.env.payer, f.mint, f.env.payer.publicKey, Keypair.generate());
    await mintTo(f.env.connection, f.env.payer, f.mint, donor, f.authority, 1_000_000);
    await f.init(ix.FundingMode.Mint, { operatorBps: 10_000 });
    const ops = leaves(2, () => 0n);
    await f.toEpoch(1);
    const t0 = buildTree(f.network, at(ops, [600_000n, 400_000n]));
    await f.finalize(0, t0);
    await f.claim(f.env.payer, at(ops, [600_000n, 400_000n])[0], t0.proof(0));
    await f.toEpoch(2);
    const corrected = [{ ...ops[1], amount: 2_000_000n }]; // A corrected to 0, B to 2M = funded
    const t1 = buildTree(f.network, corrected);
    await f.finalize(1, t1);
    await transfer(f.env.connection, f.env.payer, donor, rewardsVaultPda(f.network), f.env.payer, 1_000_000);
    // The vault holds 1.4M reserved + 1M donated ≥ 2M, but only 1.4M was funded and not claimed.
    const before = await snapshot(f.env.connection, [...watched(f, [ops[1].operator]), donor]);
    await expectAnchorError(() => f.claim(f.env.payer, corrected[0], t1.proof(0)), "ClaimExceedsFunded");
    await expectUnchanged(f.env.connection, before);
    await f.toEpoch(3);
    const t2 = buildTree(f.network, [{ ...ops[1], amount: 2_400_000n }]);
    await f.finalize(2, t2);
    await f.claim(f.env.payer, { ...ops[1], amount: 2_400_000n }, t2.proof(0));
    const c = await config(f);
    expect([n(c.totalFunded), n(c.totalClaimed)]).to.deep.equal([3_000_000n, 3_000_000n]);
    expect(await f.balance(rewardsVaultPda(f.network))).to.equal(1_000_000n); // the donation, untouched
  });

  it("item 9: an update cannot redirect an ended, unfinalized epoch's emission (split, net cap, supply cap, schedule)", async () => {
    const f = await fixture();
    await f.init(ix.FundingMode.Mint, { operatorBps: 8_000 });
    const ops = leaves(1, () => 800_000n);
    const t0 = buildTree(f.network, ops);
    await f.toEpoch(1); // epoch 0 ended, not finalized
    // The attack: everything to the treasury, the cap cut to what was emitted, net emissions off,
    // and the schedule rewritten back to genesis.
    await expectAnchorError(() => update(f, { schedule: [{ startTs: new BN(f.genesis), emissionPerEpoch: new BN(1) }] }), "RetroactiveSchedule");
    // The new set applies from the epoch after the one the update lands in (epoch 1 unless a
    // loaded cluster delays it): the earlier epochs keep the prior set.
    const applies = (await epochOf(f, await update(f, { operatorBps: 0, supplyCap: new BN(0), netEmissionCap: new BN(0) }))) + 1;
    if (!ON_CLUSTER) expect(applies).to.equal(2);
    let c = await config(f);
    expect(n(c.paramsEpoch)).to.equal(BigInt(applies)); // applies from the epoch after the running one
    for (let e = 0; e < applies; e++) expect(paramsForEpoch(c, e)).to.deep.equal({ supplyCap: 1_000_000_000n, netEmissionCap: 0n, operatorBps: 8_000 });
    expect(paramsForEpoch(c, applies)).to.deep.equal({ supplyCap: 0n, netEmissionCap: 0n, operatorBps: 0 });
    // Epoch 0 (ended) and the epochs up to the running one at the update are funded as they were promised.
    await f.finalize(0, t0);
    expect(await f.balance(rewardsVaultPda(f.network))).to.equal(800_000n);
    expect(await f.balance(f.treasury)).to.equal(200_000n);
    // A third parameter set while an epoch under the prior set is unfinalized and the first epoch
    // under the latest one has ended would need three: refused, nothing changed.
    await f.toEpoch(applies + 1);
    const before = await snapshot(f.env.connection, [rewardsConfigPda(f.network)]);
    await expectAnchorError(() => update(f, { operatorBps: 5_000 }), "ParamsChangePending");
    await expectUnchanged(f.env.connection, before);
    const cumulative = (e: number) => BigInt(e + 1) * 800_000n; // 1M emitted per epoch, 80% to the operator
    for (let e = 1; e < applies; e++) await f.finalize(e, buildTree(f.network, [{ ...ops[0], amount: cumulative(e) }]));
    expect(await f.balance(rewardsVaultPda(f.network))).to.equal(cumulative(applies - 1));
    // The first epoch under the new (cap 0) parameters: nothing emitted.
    await f.finalize(applies, buildTree(f.network, [{ ...ops[0], amount: cumulative(applies - 1) }]));
    c = await config(f);
    expect([n(c.totalEmitted), c.nextEpoch.toNumber()]).to.deep.equal([BigInt(applies) * 1_000_000n, applies + 1]);
    // Now the prior set is no longer needed: the authority can change again (from the epoch after
    // the one this update lands in).
    const again = (await epochOf(f, await update(f, { operatorBps: 5_000, supplyCap: new BN(1_000_000_000) }))) + 1;
    expect(again).to.be.greaterThan(applies);
    if (!ON_CLUSTER) expect(again).to.equal(4);
    c = await config(f);
    expect([n(c.paramsEpoch), c.priorOperatorBps, c.operatorBps]).to.deep.equal([BigInt(again), 0, 5_000]);
  });

  it("item 10, mint mode: after burns the emission stops at the cap (everything ever minted) and updates keep working", async () => {
    const f = await fixture();
    const holder = await createAccount(f.env.connection, f.env.payer, f.mint, f.env.payer.publicKey, Keypair.generate());
    await mintTo(f.env.connection, f.env.payer, f.mint, holder, f.authority, 500_000); // supply before rewards
    await f.init(ix.FundingMode.Mint, { operatorBps: 10_000, supplyCap: new BN(3_000_000) }); // room: 2.5M of emissions
    expect(n((await config(f)).initialSupply)).to.equal(500_000n);
    const op = leaves(1, () => 0n)[0];
    await f.toEpoch(4);
    await f.finalize(0, buildTree(f.network, [{ ...op, amount: 1_000_000n }]));
    // Holders burn: with a cap on supply, the room would grow back and emissions pass the cap.
    await burn(f.env.connection, f.env.payer, holder, f.mint, f.env.payer, 500_000);
    await f.claim(f.env.payer, { ...op, amount: 1_000_000n }, buildTree(f.network, [{ ...op, amount: 1_000_000n }]).proof(0));
    await f.finalize(1, buildTree(f.network, [{ ...op, amount: 2_000_000n }]));
    await f.finalize(2, buildTree(f.network, [{ ...op, amount: 2_500_000n }])); // clamped to 500k
    await f.finalize(3, buildTree(f.network, [{ ...op, amount: 2_500_000n }])); // nothing left
    const c = await config(f);
    expect(n(c.totalEmitted)).to.equal(2_500_000n);
    expect(n(c.initialSupply) + n(c.totalEmitted)).to.equal(3_000_000n);
    expect((await getMint(f.env.connection, f.mint)).supply).to.equal(2_500_000n); // 3M minted, 500k burned
    // Updates keep working with the cap unchanged; a lower cap than what is counted is refused.
    await update(f, { operatorBps: 9_000 });
    const before = await snapshot(f.env.connection, [rewardsConfigPda(f.network)]);
    await expectAnchorError(() => update(f, { supplyCap: new BN(2_999_999) }), "SupplyCapExceeded");
    await expectUnchanged(f.env.connection, before);
    await update(f, { supplyCap: new BN(3_100_000) });
  });

  it("root activation delay: a finalized root is claimable only after the delay, vetoable before; claims keep the previous root", async () => {
    const f = await fixture();
    await f.init(ix.FundingMode.Mint, { operatorBps: 10_000 });
    const DELAY = ROOT_DELAY_SECS;
    const stranger = Keypair.generate();
    await f.env.airdrop(stranger.publicKey, 1);
    const setDelay = async (secs: number, who = f.authority) => f.send([await ix.setRootActivationDelay(f.program, who.publicKey, f.network, secs)], [who]);
    const veto = async (who = f.authority) => f.send([await ix.vetoPendingRoot(f.program, who.publicKey, f.network)], [who]);
    const cfgBefore = await snapshot(f.env.connection, [rewardsConfigPda(f.network)]);
    await expectAnchorError(() => setDelay(DELAY, stranger), "Unauthorized");
    await expectAnchorError(() => setDelay(EPOCH + 1), "InvalidActivationDelay");
    await expectAnchorError(() => veto(), "NoPendingRoot");
    await expectUnchanged(f.env.connection, cfgBefore);
    await setDelay(DELAY);

    const ops = leaves(2, () => 0n);
    const e0 = at(ops, [300_000n, 700_000n]);
    const t0 = buildTree(f.network, e0);
    await f.toEpoch(1);
    const finalized0 = await f.finalize(0, t0);
    // Funded at finalization, not claimable yet: no earlier root to fall back on.
    let c = await config(f);
    const now0 = await f.txTime(finalized0);
    expect([n(c.totalFunded), c.hasRoot, c.hasPendingRoot, c.pendingActivatesAt.toNumber()]).to.deep.equal([1_000_000n, 0, 1, now0 + DELAY]);
    expect(claimableRoot(c, now0)).to.equal(null);
    expect(pendingRoot(c, now0)!.epoch).to.equal(0);
    let before = await snapshot(f.env.connection, watched(f, [ops[0].operator]));
    await expectAnchorError(() => f.claim(f.env.payer, e0[0], t0.proof(0)), "NoRoot");
    await expectUnchanged(f.env.connection, before);
    // After the delay the first claim activates it.
    await f.env.waitSeconds(DELAY);
    await expectAnchorError(() => veto(), "RootAlreadyActive");
    await f.claim(f.env.payer, e0[0], t0.proof(0));
    c = await config(f);
    expect([c.hasRoot, c.hasPendingRoot, c.currentRootEpoch.toNumber()]).to.deep.equal([1, 0, 0]);

    // Epoch 1: a bribed quorum publishes a root paying everything to operator 1.
    await f.toEpoch(2);
    const bad = at(ops, [300_000n, 1_700_000n]);
    const t1 = buildTree(f.network, bad);
    await f.finalize(1, t1);
    // During the delay: the bad root is not claimable, the epoch-0 root still is.
    // (Claims are checked against the active root: 1.7M is above its 1M total.)
    before = await snapshot(f.env.connection, watched(f, [ops[1].operator]));
    await expectAnchorError(() => f.claim(f.env.payer, bad[1], t1.proof(1)), "ClaimExceedsRootTotal");
    await expectUnchanged(f.env.connection, before);
    await f.claim(f.env.payer, e0[1], t0.proof(1));
    expect(await f.balance(tokenOf(f, ops[1].operator))).to.equal(700_000n);
    // Only the authority vetoes; the veto leaves the active root and the funding as they are.
    await expectAnchorError(() => veto(stranger), "Unauthorized");
    await veto();
    c = await config(f);
    expect([c.hasPendingRoot, c.currentRootEpoch.toNumber(), n(c.totalFunded), c.nextEpoch.toNumber()]).to.deep.equal([0, 0, 2_000_000n, 2]);
    await f.env.waitSeconds(DELAY);
    await expectAnchorError(() => f.claim(f.env.payer, bad[1], t1.proof(1)), "ClaimExceedsRootTotal"); // never activates
    expect(claimableRoot(await config(f), await f.env.now())!.epoch).to.equal(0);

    // Epoch 2's honest root (cumulative) pays the vetoed epoch's work too.
    await f.toEpoch(3);
    const good = at(ops, [1_300_000n, 1_700_000n]);
    const t2 = buildTree(f.network, good);
    await f.finalize(2, t2);
    await f.env.waitSeconds(DELAY);
    await f.claim(f.env.payer, good[0], t2.proof(0));
    await f.claim(f.env.payer, good[1], t2.proof(1));
    expect([await f.balance(tokenOf(f, ops[0].operator)), await f.balance(tokenOf(f, ops[1].operator))]).to.deep.equal([1_300_000n, 1_700_000n]);

    // A root still pending when the next epoch's root finalizes is superseded by it; one that
    // matured meanwhile becomes active first. Setting the delay to 0 restores immediate activation.
    await f.toEpoch(4);
    await f.finalize(3, buildTree(f.network, at(ops, [1_800_000n, 2_200_000n])));
    await f.toEpoch(5);
    await setDelay(0);
    const t4 = buildTree(f.network, at(ops, [2_300_000n, 2_700_000n]));
    await f.finalize(4, t4);
    c = await config(f);
    expect([c.hasPendingRoot, c.currentRootEpoch.toNumber()]).to.deep.equal([0, 4]);
    await f.claim(f.env.payer, at(ops, [2_300_000n, 2_700_000n])[0], t4.proof(0));
  });

  it("root activation delay: a depth-20 claim stays within 6,000 CU while a root is pending and when it activates the root", async () => {
    const f = await fixture();
    await f.init(ix.FundingMode.Mint, { operatorBps: 10_000 });
    const delay = ON_CLUSTER ? ROOT_DELAY_SECS : 600;
    await f.send([await ix.setRootActivationDelay(f.program, f.authority.publicKey, f.network, delay)], [f.authority]);
    const [x, y] = [Keypair.generate().publicKey, Keypair.generate().publicKey];
    // A depth-20 tree (2^20 operators) holding two real leaves side by side: x's sibling is y's
    // leaf and the other 19 levels random; both proofs fold to the same root.
    const depth20 = (ax: bigint, ay: bigint) => {
      const upper = Array.from({ length: 19 }, () => randomBytes(32));
      const px = [leafHash(f.network, y, ay), ...upper];
      const py = [leafHash(f.network, x, ax), ...upper];
      return { px, py, root: rootOf(f.network, { operator: x, amount: ax }, px), total: ax + ay, leafCount: 2 ** 20 };
    };
    const claimOnly = async (operator: PublicKey, amount: bigint, proof: Buffer[]) =>
      f.send([await ix.claim(f.program, { payer: f.env.payer.publicKey, operator, network: f.network, mint: f.mint, cumulativeAmount: amount, proof })]);
    for (const o of [x, y]) {
      await f.send([createAssociatedTokenAccountIdempotentInstruction(f.env.payer.publicKey, tokenOf(f, o), o, f.mint),
        await ix.initializeClaimStatus(f.program, { payer: f.env.payer.publicKey, operator: o, network: f.network })]);
    }
    const r0 = depth20(1_000n, 500n);
    expect(rootOf(f.network, { operator: y, amount: 500n }, r0.py).equals(r0.root)).to.equal(true);
    await f.toEpoch(1);
    await f.finalize(0, r0 as never);
    await f.env.waitSeconds(delay);
    const activating = await claimOnly(x, 1_000n, r0.px); // makes the epoch-0 root active, then pays
    await f.toEpoch(2);
    await f.finalize(1, depth20(2_000n, 900n) as never);
    const whilePending = await claimOnly(y, 500n, r0.py); // epoch-1 root pending: reads the clock, claims against epoch 0
    console.log(`      claim, depth 20, delay on: activating the root ${(await f.cu(activating))} CU, while a root is pending ${(await f.cu(whilePending))} CU`);
    for (const sig of [activating, whilePending]) expect((await f.cu(sig))).to.be.at.most(6_000);
    expect([await f.balance(tokenOf(f, x)), await f.balance(tokenOf(f, y))]).to.deep.equal([1_000n, 500n]);
  });
});
