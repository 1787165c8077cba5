// Independent review of the rewards hardening (issue 13, items 8–10 and the root activation
// delay): attacks mounted through the SDK against the real program in the embedded SVM, each
// asserting the typed error, that nothing changed, and the accounting invariants afterwards.
import { expect } from "chai";
import BN from "bn.js";
import { Keypair, PublicKey, TransactionInstruction } from "@solana/web3.js";
import { createAccount, mintTo, transfer } from "@solana/spl-token";
import { expectAnchorError, expectUnchanged, snapshot } from "../support/assertions";
import { buildTree, EPOCH, fixture, Fixture, leaves } from "./setup";
import * as ix from "../../sdk/src/rewards/instructions";
import { claimStatusPda, epochVotesPda, rewardsConfigPda, rewardsVaultPda } from "../../sdk/src/rewards/pda";
import { claimableRoot, fetchRewardsConfig, paramsForEpoch, pendingRoot, RewardsConfigAccount } from "../../sdk/src/rewards/accounts";
import { RewardLeaf } from "../../sdk/src/rewards/merkle";
import { ON_CLUSTER, ROOT_DELAY_SECS } from "../support/time";

const n = (v: BN | number) => BigInt(v.toString());
const config = (f: Fixture) => fetchRewardsConfig(f.program, f.network);
const tokenOf = (f: Fixture, operator: PublicKey) => ix.operatorTokenAccount(f.mint, operator);
const at = (ops: RewardLeaf[], amounts: bigint[]) => ops.map((o, i) => ({ ...o, amount: amounts[i] }));
/** Start of `epoch` on the fixture's network. */
const start = (f: Fixture, epoch: number) => f.genesis + epoch * EPOCH;
/** The rewards epoch transaction `sig` landed in (from its block time; on a loaded cluster it can be later than the test waited for). */
const epochOf = async (f: Fixture, sig: string) => Math.floor(((await f.txTime(sig)) - f.genesis) / EPOCH);
/** Until the chain clock reads `t`: warps the embedded SVM, waits on a cluster. */
const warpTo = (f: Fixture, t: number) => f.env.waitUntil(t);

function watched(f: Fixture, operators: PublicKey[] = []): PublicKey[] {
  return [rewardsConfigPda(f.network), rewardsVaultPda(f.network), f.treasury, f.mint, ...operators.flatMap((o) => [tokenOf(f, o), claimStatusPda(f.network, o)])];
}

/** The team sends `amount` new tokens into the vault (vault mode funding or a top-up). */
async function fundVault(f: Fixture, amount: number): Promise<void> {
  const team = await createAccount(f.env.connection, f.env.payer, f.mint, f.authority.publicKey, Keypair.generate());
  await mintTo(f.env.connection, f.env.payer, f.mint, team, f.authority, amount);
  await transfer(f.env.connection, f.env.payer, team, rewardsVaultPda(f.network), f.authority, amount);
}

async function update(f: Fixture, p: Partial<ix.RewardsParams>): Promise<string> {
  const c = await config(f);
  const schedule = Array.from({ length: c.scheduleLen }, (_, i) => ({ startTs: c.scheduleStartTs[i], emissionPerEpoch: c.scheduleEmission[i] }));
  const params = { supplyCap: c.supplyCap, operatorBps: c.operatorBps, netEmissionCap: c.netEmissionCap, schedule, ...p };
  return f.send([await ix.updateRewardsConfig(f.program, f.authority.publicKey, f.network, params)], [f.authority]);
}

const setDelay = async (f: Fixture, secs: number, who?: Keypair) => {
  const signer = who ?? f.authority;
  return f.send([await ix.setRootActivationDelay(f.program, signer.publicKey, f.network, secs)], [signer]);
};
const veto = async (f: Fixture, who?: Keypair) => {
  const signer = who ?? f.authority;
  return f.send([await ix.vetoPendingRoot(f.program, signer.publicKey, f.network)], [signer]);
};

/**
 * The accounting every path must keep: claims within funding, the vault holding at least what is
 * reserved for operators, and in vault mode the vault's unreserved part equal to what the team
 * deposited minus everything emitted (claims never touch the team's tokens).
 */
async function expectBooksBalance(f: Fixture, deposited?: bigint): Promise<RewardsConfigAccount> {
  const c = await config(f);
  const [funded, claimed, emitted] = [n(c.totalFunded), n(c.totalClaimed), n(c.totalEmitted)];
  const vault = await f.balance(rewardsVaultPda(f.network));
  expect(claimed <= funded, `claimed ${claimed} > funded ${funded}`).to.equal(true);
  expect(vault >= funded - claimed, `vault ${vault} < reserved ${funded - claimed}`).to.equal(true);
  if (deposited !== undefined) expect(vault - (funded - claimed), "unreserved vault tokens").to.equal(deposited - emitted);
  return c;
}

async function claimFails(f: Fixture, leaf: RewardLeaf, proof: Buffer[], code: string): Promise<void> {
  const before = await snapshot(f.env.connection, watched(f, [leaf.operator]));
  await expectAnchorError(() => f.claim(f.env.payer, leaf, proof), code);
  await expectUnchanged(f.env.connection, before);
}

// Epochs and the root delay are the fixtures' (a day and an hour warped on the embedded SVM,
// seconds waited on a cluster); tests that place transactions at exact seconds say so in their titles.
describe("rewards review: attacks on the hardening", () => {
  it("item 8, vault mode, three operators: corrections lowering claimed leaves in either order never take the team's tokens; top-up and repair pay everyone", async () => {
    const f = await fixture();
    await f.init(ix.FundingMode.Vault, { operatorBps: 10_000 });
    let deposited = 1_500_000n;
    await fundVault(f, 1_500_000);
    const ops = leaves(3, () => 0n);
    const [A, B, C] = [0, 1, 2];

    await f.toEpoch(1);
    const e0 = at(ops, [500_000n, 300_000n, 200_000n]);
    const t0 = buildTree(f.network, e0);
    await f.finalize(0, t0);
    await f.claim(f.env.payer, e0[A], t0.proof(A));
    await f.claim(f.env.payer, e0[B], t0.proof(B));
    await expectBooksBalance(f, deposited);

    // Epoch 1: 700k in the vault, 200k reserved for C: 500k free < 1M. The finalizing vote fails
    // and changes nothing; a top-up unblocks it (the reserve is computed, not stuck).
    await f.toEpoch(2);
    const e1 = at(ops, [100_000n, 100_000n, 1_800_000n]); // A and B lowered below what they took
    const t1 = buildTree(f.network, e1);
    await f.vote(f.oracles[0], 1, t1);
    const beforeFinal = await snapshot(f.env.connection, [...watched(f), epochVotesPda(f.network, 1)]);
    await expectAnchorError(() => f.vote(f.oracles[1], 1, t1), "VaultInsufficient");
    await expectUnchanged(f.env.connection, beforeFinal);
    await fundVault(f, 500_000);
    deposited += 500_000n;
    await f.vote(f.oracles[1], 1, t1);
    let c = await expectBooksBalance(f, deposited);
    expect([n(c.totalFunded), n(c.totalClaimed)]).to.deep.equal([2_000_000n, 800_000n]);

    // C's 1.8M would take claims to 2.6M of 2M funded: refused whole, nothing moves.
    await claimFails(f, e1[C], t1.proof(C), "ClaimExceedsFunded");
    // A and B, over-paid, have nothing to claim.
    await claimFails(f, e1[A], t1.proof(A), "NothingToClaim");
    await claimFails(f, e1[B], t1.proof(B), "NothingToClaim");

    // Epoch 2: a root that accounts for A's and B's over-payment (Σ max(leaf, claimed) = funded)
    // pays C in full: the 1.2M still reserved plus this epoch's 1M.
    await f.toEpoch(3);
    await fundVault(f, 1_000_000);
    deposited += 1_000_000n;
    const e2 = at(ops, [500_000n, 300_000n, 2_200_000n]); // Σ max(leaf, claimed) = 3M = funded
    const t2 = buildTree(f.network, e2);
    await f.finalize(2, t2);
    await f.claim(f.env.payer, e2[C], t2.proof(C));
    c = await expectBooksBalance(f, deposited);
    expect([n(c.totalFunded), n(c.totalClaimed)]).to.deep.equal([3_000_000n, 3_000_000n]);
    expect(await f.balance(tokenOf(f, ops[C].operator))).to.equal(2_200_000n);
    // The vault now holds exactly the team's unreserved tokens: 3M deposited, 3M emitted.
    expect(await f.balance(rewardsVaultPda(f.network))).to.equal(0n);
  });

  it("item 8 with a root delay: an operator racing a pending downward correction with the old root is paid once; the others cannot pass the funding; finalization goes on", async () => {
    const f = await fixture();
    await f.init(ix.FundingMode.Mint, { operatorBps: 10_000 });
    await setDelay(f, ROOT_DELAY_SECS);
    const ops = leaves(2, () => 0n);
    await f.toEpoch(1);
    const e0 = at(ops, [600_000n, 400_000n]);
    const t0 = buildTree(f.network, e0);
    await f.finalize(0, t0);
    await f.env.waitSeconds(ROOT_DELAY_SECS);
    await f.claim(f.env.payer, e0[1], t0.proof(1)); // activates the epoch-0 root

    await f.toEpoch(2);
    const e1 = at(ops, [100_000n, 1_900_000n]); // A lowered before it claimed anything
    const t1 = buildTree(f.network, e1);
    await f.finalize(1, t1);
    // A sees the pending correction and claims the old amount first: allowed, the old root is active.
    await f.claim(f.env.payer, e0[0], t0.proof(0));
    // The pending root's amount for A is below what A has now: nothing more, before or after.
    await claimFails(f, e1[0], t1.proof(0), "NothingToClaim");
    await f.env.waitSeconds(ROOT_DELAY_SECS);
    // B's 1.9M: 600k + 400k + 1.5M = 2.5M > 2M funded.
    await claimFails(f, e1[1], t1.proof(1), "ClaimExceedsFunded");
    // The failed claim did not activate the root either (the whole instruction rolled back).
    let c = await expectBooksBalance(f);
    expect([c.hasPendingRoot, c.currentRootEpoch.toNumber()]).to.deep.equal([1, 0]);
    expect(claimableRoot(c, await f.env.now())!.epoch).to.equal(1);

    await f.toEpoch(3);
    const e2 = at(ops, [600_000n, 2_400_000n]);
    const t2 = buildTree(f.network, e2);
    await f.finalize(2, t2); // activates epoch 1's matured root, then pends epoch 2's
    c = await config(f);
    expect([c.currentRootEpoch.toNumber(), c.pendingRootEpoch.toNumber(), c.hasPendingRoot]).to.deep.equal([1, 2, 1]);
    await f.env.waitSeconds(ROOT_DELAY_SECS);
    await f.claim(f.env.payer, e2[1], t2.proof(1));
    c = await expectBooksBalance(f);
    expect([n(c.totalFunded), n(c.totalClaimed)]).to.deep.equal([3_000_000n, 3_000_000n]);
    expect(await f.balance(rewardsVaultPda(f.network))).to.equal(0n);
  });

  it("item 8: a leaf naming the config PDA cannot claim into the vault itself (a self-transfer would turn operators' reserve into the team's free tokens)", async () => {
    const f = await fixture();
    await f.init(ix.FundingMode.Vault, { operatorBps: 10_000 });
    await fundVault(f, 1_000_000);
    const vault = rewardsVaultPda(f.network);
    const configKey = rewardsConfigPda(f.network);
    const e0 = [{ operator: configKey, amount: 600_000n }, ...leaves(1, () => 400_000n)];
    await f.toEpoch(1);
    const t0 = buildTree(f.network, e0);
    await f.finalize(0, t0);
    await f.send([await ix.initializeClaimStatus(f.program, { payer: f.env.payer.publicKey, operator: configKey, network: f.network })]);
    const selfPay = await ix.claim(f.program, { payer: f.env.payer.publicKey, operator: configKey, network: f.network, mint: f.mint, cumulativeAmount: 600_000n, proof: t0.proof(0), operatorToken: vault });
    const before = await snapshot(f.env.connection, [...watched(f), claimStatusPda(f.network, configKey)]);
    await expectAnchorError(() => f.send([selfPay]), "RequireKeysNeqViolated");
    await expectUnchanged(f.env.connection, before);
    const c = await expectBooksBalance(f, 1_000_000n);
    expect([n(c.totalClaimed), n(c.totalFunded)]).to.deep.equal([0n, 1_000_000n]);
    // The other operator is paid as usual.
    await f.claim(f.env.payer, e0[1], t0.proof(1));
    expect(await f.balance(vault)).to.equal(600_000n);
  });

  it("finalization: a read-only vault, mint or treasury is refused with AccountNotMutable (not a privilege escalation inside the token program), nothing changed", async () => {
    const f = await fixture();
    await f.init(ix.FundingMode.Mint, { operatorBps: 8_000 });
    await f.toEpoch(1);
    const t0 = buildTree(f.network, leaves(1, () => 1n));
    await f.vote(f.oracles[0], 0, t0);
    const finalizing = await ix.submitEpochRoot(f.program, { oracle: f.oracles[1].publicKey, network: f.network, mint: f.mint, treasury: f.treasury, epoch: 0, root: t0.root, total: t0.total, leafCount: t0.leafCount });
    const before = await snapshot(f.env.connection, [...watched(f), epochVotesPda(f.network, 0)]);
    for (const readOnly of [rewardsVaultPda(f.network), f.mint, f.treasury]) {
      const keys = finalizing.keys.map((k) => (k.pubkey.equals(readOnly) ? { ...k, isWritable: false } : k));
      await expectAnchorError(() => f.send([new TransactionInstruction({ ...finalizing, keys })], [f.oracles[1]]), "AccountNotMutable");
    }
    await expectUnchanged(f.env.connection, before);
    await f.send([finalizing], [f.oracles[1]]);
    expect(n((await config(f)).totalEmitted)).to.equal(1_000_000n);
  });

  it("item 9: an update in the last second of an epoch, one at the first second of the next, and two in one epoch never reach an ended epoch [embedded-only: lands updates in the last and first second of an epoch, which only a warped clock can promise]", async () => {
    const f = await fixture();
    await f.init(ix.FundingMode.Mint, { operatorBps: 8_000 });
    const op = leaves(1, () => 0n)[0];
    const vault = rewardsVaultPda(f.network);

    // Last second of epoch 0: the change governs epoch 1 on, epoch 0 keeps 80%.
    await warpTo(f, start(f, 1) - 1);
    await update(f, { operatorBps: 0 });
    expect(n((await config(f)).paramsEpoch)).to.equal(1n);

    // First second of epoch 2 (epochs 0 and 1 ended, unfinalized; 0 under the prior set, 1 under
    // the latest): a third set is refused, nothing changed.
    await warpTo(f, start(f, 2));
    const before = await snapshot(f.env.connection, [rewardsConfigPda(f.network)]);
    await expectAnchorError(() => update(f, { operatorBps: 5_000 }), "ParamsChangePending");
    await expectAnchorError(() => update(f, { supplyCap: new BN(2_000_000_000) }), "ParamsChangePending");
    await expectUnchanged(f.env.connection, before);

    await f.finalize(0, buildTree(f.network, [{ ...op, amount: 800_000n }]));
    expect(await f.balance(vault)).to.equal(800_000n);
    // Epoch 0 finalized: the change made now (epoch 2 running) governs epoch 3 on; epochs 1 and 2
    // keep the 0% they had when they started.
    await update(f, { operatorBps: 5_000 });
    // A second update in the same epoch replaces it.
    await update(f, { operatorBps: 6_000 });
    let c = await config(f);
    expect([n(c.paramsEpoch), c.priorOperatorBps, c.operatorBps]).to.deep.equal([3n, 0, 6_000]);
    // Going back to the prior values is also just a replacement.
    await update(f, { operatorBps: 0 });
    await update(f, { operatorBps: 6_000 });
    await f.finalize(1, buildTree(f.network, [{ ...op, amount: 800_000n }]));
    expect(await f.balance(vault)).to.equal(800_000n); // epoch 1: everything to the treasury

    // The schedule: an entry at the next epoch's start is the future, one a second earlier is not.
    const s = (await config(f)).scheduleStartTs[0];
    const first = { startTs: s, emissionPerEpoch: new BN(1_000_000) };
    await expectAnchorError(() => update(f, { schedule: [first, { startTs: new BN(start(f, 3) - 1), emissionPerEpoch: new BN(7) }] }), "RetroactiveSchedule");
    await update(f, { schedule: [first, { startTs: new BN(start(f, 3)), emissionPerEpoch: new BN(2_000_000) }] });

    await warpTo(f, start(f, 4));
    await f.finalize(2, buildTree(f.network, [{ ...op, amount: 800_000n }]));
    expect(await f.balance(vault)).to.equal(800_000n); // epoch 2: 0% (and 1M scheduled)
    await f.finalize(3, buildTree(f.network, [{ ...op, amount: 2_000_000n }]));
    expect(await f.balance(vault)).to.equal(2_000_000n); // epoch 3: 60% of the new 2M
    c = await config(f);
    expect(n(c.totalEmitted)).to.equal(5_000_000n);
    expect(await f.balance(f.treasury)).to.equal(200_000n + 1_000_000n + 1_000_000n + 800_000n);
    expect(paramsForEpoch(c, 2).operatorBps).to.equal(0);
    expect(paramsForEpoch(c, 3).operatorBps).to.equal(6_000);
  });

  it("schedule: with all 8 entries in the past a new entry fits once history no unfinalized epoch uses is dropped; entries an unfinalized epoch uses stay", async () => {
    const f = await fixture();
    const full = Array.from({ length: 8 }, (_, k) => ({ startTs: new BN(start(f, k)), emissionPerEpoch: new BN((k + 1) * 10_000) }));
    await f.init(ix.FundingMode.Mint, { operatorBps: 10_000, schedule: full });
    const op = leaves(1, () => 1n)[0];
    const root = buildTree(f.network, [op]);
    const emitted = async () => n((await config(f)).totalEmitted);
    await warpTo(f, start(f, 9));
    for (let e = 0; e < 5; e++) await f.finalize(e, root);
    expect(await emitted()).to.equal(150_000n); // 10k + 20k + ... + 50k
    const later = { startTs: new BN(start(f, 10)), emissionPerEpoch: new BN(1) };
    const before = await snapshot(f.env.connection, [rewardsConfigPda(f.network)]);
    // Nine entries do not fit; epoch 5 (unfinalized) still uses entry 5, so it cannot go.
    await expectAnchorError(() => update(f, { schedule: [...full, later] }), "InvalidSchedule");
    await expectAnchorError(() => update(f, { schedule: [...full.slice(6), later] }), "RetroactiveSchedule");
    // Nor can history be rewritten while dropping it.
    await expectAnchorError(() => update(f, { schedule: [{ ...full[5], emissionPerEpoch: new BN(7) }, ...full.slice(6), later] }), "RetroactiveSchedule");
    await expectUnchanged(f.env.connection, before);
    await update(f, { schedule: [...full.slice(5), later] }); // entries 0..4: epochs 0..4 are finalized
    let c = await config(f);
    expect([c.scheduleLen, n(c.scheduleStartTs[0])]).to.deep.equal([4, BigInt(start(f, 5))]);
    for (let e = 5; e < 9; e++) await f.finalize(e, root);
    expect(await emitted()).to.equal(150_000n + 60_000n + 70_000n + 80_000n + 80_000n);
    await warpTo(f, start(f, 11));
    await f.finalize(9, root);
    await f.finalize(10, root);
    expect(await emitted()).to.equal(440_000n + 80_000n + 1n);
    // Everything before epoch 10's entry is history now.
    await update(f, { schedule: [later] });
    c = await config(f);
    expect(c.scheduleLen).to.equal(1);
  });

  it("item 10, vault mode: emission stops exactly at the cap, a cap lowered to what is counted holds, a lower one is refused, a raised one applies from the next epoch", async () => {
    const f = await fixture();
    await f.init(ix.FundingMode.Vault, { operatorBps: 10_000, supplyCap: new BN(2_500_000) });
    const deposited = 10_000_000n;
    await fundVault(f, 10_000_000);
    const op = leaves(1, () => 0n)[0];
    await f.toEpoch(4);
    for (const [epoch, cumulative] of [[0, 1_000_000n], [1, 2_000_000n], [2, 2_500_000n], [3, 2_500_000n]] as const) {
      await f.finalize(epoch, buildTree(f.network, [{ ...op, amount: cumulative }]));
    }
    let c = await expectBooksBalance(f, deposited);
    expect([n(c.totalEmitted), n(c.totalFunded)]).to.deep.equal([2_500_000n, 2_500_000n]);
    // A root promising one token more than the cap allowed is refused.
    await f.toEpoch(5);
    const over = buildTree(f.network, [{ ...op, amount: 2_500_001n }]);
    await f.vote(f.oracles[0], 4, over);
    await expectAnchorError(() => f.vote(f.oracles[1], 4, over), "RootExceedsFunded");

    const before = await snapshot(f.env.connection, [rewardsConfigPda(f.network)]);
    await expectAnchorError(() => update(f, { supplyCap: new BN(2_499_999) }), "SupplyCapExceeded");
    await expectUnchanged(f.env.connection, before);
    await update(f, { supplyCap: new BN(2_500_000) }); // unchanged: accepted, nothing to do
    // Epoch 5 runs (unless a loaded cluster lands the update later): the raise applies from the next epoch.
    const raised = (await epochOf(f, await update(f, { supplyCap: new BN(3_000_000) }))) + 1;
    if (!ON_CLUSTER) expect(raised).to.equal(6);
    expect(n((await config(f)).paramsEpoch)).to.equal(BigInt(raised));
    // Epoch 4 (cap 2.5M): oracles 2 and 1 agree on the honest root; nothing is emitted.
    await f.vote(f.oracles[2], 4, buildTree(f.network, [{ ...op, amount: 2_500_000n }]));
    await f.vote(f.oracles[1], 4, buildTree(f.network, [{ ...op, amount: 2_500_000n }]));
    await f.toEpoch(raised + 1);
    for (let e = 5; e < raised; e++) await f.finalize(e, buildTree(f.network, [{ ...op, amount: 2_500_000n }])); // old cap, nothing
    await f.finalize(raised, buildTree(f.network, [{ ...op, amount: 3_000_000n }])); // 500k up to the new cap
    c = await expectBooksBalance(f, deposited);
    expect(n(c.totalEmitted)).to.equal(3_000_000n);
  });

  it("item 10: a cap lowered while older epochs still run under the prior cap never blocks updates, and emission resumes only when raised", async () => {
    const f = await fixture();
    await f.init(ix.FundingMode.Mint, { operatorBps: 10_000, supplyCap: new BN(10_000_000) });
    const op = leaves(1, () => 0n)[0];
    await f.toEpoch(2); // epochs 0 and 1 ended, unfinalized (prior cap 10M)
    // ≥ 0 counted now; governs the epoch after the one the update lands in (epoch 3 unless a
    // loaded cluster lands it later), the earlier ones keep the 10M cap and emit 1M each.
    const lowered = (await epochOf(f, await update(f, { supplyCap: new BN(1_000_000) }))) + 1;
    if (!ON_CLUSTER) expect(lowered).to.equal(3);
    await f.toEpoch(lowered + 1);
    for (let e = 0; e < lowered; e++) await f.finalize(e, buildTree(f.network, [{ ...op, amount: BigInt(e + 1) * 1_000_000n }]));
    const counted = BigInt(lowered) * 1_000_000n; // 3M on the embedded SVM
    // Counted above the 1M cap from the lowered epoch on: nothing more, and the root cannot promise more either.
    await f.finalize(lowered, buildTree(f.network, [{ ...op, amount: counted }]));
    let c = await config(f);
    expect(n(c.totalEmitted)).to.equal(counted);
    // The latest cap is below what is counted: resending it works, any other value below the count does not.
    await update(f, { operatorBps: 9_000 });
    await expectAnchorError(() => update(f, { supplyCap: new BN((counted - 1_000_000n).toString()) }), "SupplyCapExceeded");
    const cap = counted + 500_000n;
    // Replaces the 9,000 (same epoch on the embedded SVM); applies from the epoch after it lands in.
    const raised = (await epochOf(f, await update(f, { operatorBps: 10_000, supplyCap: new BN(cap.toString()) }))) + 1;
    if (!ON_CLUSTER) expect(raised).to.equal(5);
    c = await config(f);
    expect([n(c.paramsEpoch), n(c.supplyCap), c.operatorBps]).to.deep.equal([BigInt(raised), cap, 10_000]);
    await f.toEpoch(raised + 1);
    for (let e = lowered + 1; e < raised; e++) await f.finalize(e, buildTree(f.network, [{ ...op, amount: counted }])); // still the 1M cap
    await f.finalize(raised, buildTree(f.network, [{ ...op, amount: cap }]));
    c = await expectBooksBalance(f);
    expect(n(c.totalEmitted)).to.equal(cap);
  });

  it("root delay: a pending root keeps its activation time when the delay is raised or lowered, is vetoable up to the second before it, and only by the authority, even while paused [embedded-only: acts one second before and at a root's activation time, which only a warped clock can promise]", async () => {
    const f = await fixture();
    await f.init(ix.FundingMode.Mint, { operatorBps: 10_000 });
    await setDelay(f, 1_000);
    const ops = leaves(2, () => 0n);
    await f.toEpoch(1);
    const e0 = at(ops, [300_000n, 700_000n]);
    const t0 = buildTree(f.network, e0);
    await f.finalize(0, t0);
    const activatesAt = (await config(f)).pendingActivatesAt.toNumber();
    expect(activatesAt).to.equal((await f.env.now()) + 1_000);
    await setDelay(f, EPOCH); // raised
    expect((await config(f)).pendingActivatesAt.toNumber()).to.equal(activatesAt);
    await setDelay(f, 0); // lowered to nothing: the pending root still waits
    const c = await config(f);
    expect([c.pendingActivatesAt.toNumber(), c.hasPendingRoot, c.hasRoot]).to.deep.equal([activatesAt, 1, 0]);
    await warpTo(f, activatesAt - 1);
    await claimFails(f, e0[0], t0.proof(0), "NoRoot");
    // An oracle (part of the quorum that finalized it) and a stranger cannot veto.
    const stranger = Keypair.generate();
    await f.env.airdrop(stranger.publicKey, 1);
    for (const who of [f.oracles[0], stranger]) {
      const before = await snapshot(f.env.connection, [rewardsConfigPda(f.network)]);
      await expectAnchorError(() => veto(f, who), "Unauthorized");
      await expectUnchanged(f.env.connection, before);
    }
    // Paused, at the last second: the authority's veto still works.
    await f.send([await ix.setPaused(f.program, f.authority.publicKey, f.network, true)], [f.authority]);
    await veto(f);
    await f.send([await ix.setPaused(f.program, f.authority.publicKey, f.network, false)], [f.authority]);
    await warpTo(f, activatesAt);
    await claimFails(f, e0[0], t0.proof(0), "NoRoot");
    await expectAnchorError(() => veto(f), "NoPendingRoot");

    // Epoch 1 with the delay back on: a veto at exactly the activation time is refused, the claim activates it.
    await setDelay(f, 500);
    await f.toEpoch(2);
    const e1 = at(ops, [600_000n, 1_400_000n]);
    const t1 = buildTree(f.network, e1);
    await f.finalize(1, t1);
    const at1 = (await config(f)).pendingActivatesAt.toNumber();
    await warpTo(f, at1);
    const before = await snapshot(f.env.connection, [rewardsConfigPda(f.network)]);
    await expectAnchorError(() => veto(f), "RootAlreadyActive");
    await expectUnchanged(f.env.connection, before);
    await f.claim(f.env.payer, e1[0], t1.proof(0));
    expect(await f.balance(tokenOf(f, ops[0].operator))).to.equal(600_000n);
  });

  it("root delay instructions: truncated or trailing argument bytes are refused with a typed error, nothing changed", async () => {
    const f = await fixture();
    await f.init(ix.FundingMode.Mint, { operatorBps: 10_000 });
    await setDelay(f, ROOT_DELAY_SECS);
    await f.toEpoch(1);
    await f.finalize(0, buildTree(f.network, leaves(1, () => 1n)));
    const setIx = await ix.setRootActivationDelay(f.program, f.authority.publicKey, f.network, 5);
    const vetoIx = await ix.vetoPendingRoot(f.program, f.authority.publicKey, f.network);
    const malformed = [
      new TransactionInstruction({ ...setIx, data: setIx.data.subarray(0, setIx.data.length - 4) }), // u64 cut to 4 bytes
      new TransactionInstruction({ ...setIx, data: Buffer.concat([setIx.data, Buffer.from([0])]) }),
      new TransactionInstruction({ ...vetoIx, data: Buffer.concat([vetoIx.data, Buffer.from([1])]) }),
    ];
    const before = await snapshot(f.env.connection, [rewardsConfigPda(f.network)]);
    for (const bad of malformed) await expectAnchorError(() => f.send([bad], [f.authority]), "InstructionDidNotDeserialize");
    await expectUnchanged(f.env.connection, before);
    const c = await config(f);
    expect([n(c.rootActivationDelaySecs), c.hasPendingRoot]).to.deep.equal([BigInt(ROOT_DELAY_SECS), 1]);
  });

  it("root delay: a root finalized late is superseded by the next one before it matures; its proofs never pay; epochs cannot be skipped [embedded-only: finalizes 100 s before an epoch ends and at its first second, which only a warped clock can promise]", async () => {
    const f = await fixture();
    await f.init(ix.FundingMode.Mint, { operatorBps: 10_000 });
    const ops = leaves(2, () => 0n);
    await f.toEpoch(1);
    const e0 = at(ops, [500_000n, 500_000n]);
    const t0 = buildTree(f.network, e0);
    await f.finalize(0, t0); // delay 0: active at once
    await setDelay(f, EPOCH);

    // Epoch 1 finalized 100 s before epoch 2 ends: pending until a day later.
    await warpTo(f, start(f, 3) - 100);
    const e1 = at(ops, [1_200_000n, 800_000n]);
    const t1 = buildTree(f.network, e1);
    await f.finalize(1, t1);
    await warpTo(f, start(f, 3));
    const e2 = at(ops, [1_500_000n, 1_500_000n]);
    const t2 = buildTree(f.network, e2);
    await f.finalize(2, t2); // epoch 1's root has 86,300 s to go: replaced, never active
    const c = await config(f);
    expect([c.currentRootEpoch.toNumber(), c.pendingRootEpoch.toNumber(), c.pendingActivatesAt.toNumber()]).to.deep.equal([0, 2, start(f, 3) + EPOCH]);
    expect(pendingRoot(c, await f.env.now())!.epoch).to.equal(2);
    // A proof from the replaced root: its amount is above the active root's total.
    await claimFails(f, e1[0], t1.proof(0), "ClaimExceedsRootTotal");
    // A pending-root proof of an amount the active root's total allows: not this root's leaf.
    const e2low = at(ops, [700_000n, 700_000n]);
    const t2low = buildTree(f.network, e2low);
    await claimFails(f, e2low[0], t2low.proof(0), "InvalidProof");
    await f.claim(f.env.payer, e0[0], t0.proof(0));
    await warpTo(f, start(f, 3) + EPOCH);
    await claimFails(f, e1[1], t1.proof(1), "InvalidProof");
    await f.claim(f.env.payer, e2[1], t2.proof(1));
    expect(await f.balance(tokenOf(f, ops[1].operator))).to.equal(1_500_000n);
    await expectBooksBalance(f);
    // Epochs 3 and 4 ended: epoch 4 cannot be finalized before 3 (no skipping past a root).
    await warpTo(f, start(f, 5));
    const before = await snapshot(f.env.connection, [rewardsConfigPda(f.network), epochVotesPda(f.network, 4)]);
    await expectAnchorError(() => f.vote(f.oracles[0], 4, buildTree(f.network, at(ops, [1n, 1n]))), "EpochOutOfOrder");
    await expectUnchanged(f.env.connection, before);
  });
});
