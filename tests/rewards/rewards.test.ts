import { expect } from "chai";
import BN from "bn.js";
import { Keypair, PublicKey } from "@solana/web3.js";
import { getMint, mintTo, transfer, createAccount, createAssociatedTokenAccountIdempotentInstruction } from "@solana/spl-token";
import { expectAnchorError, snapshot, expectUnchanged } from "../support/assertions";
import { fixture, Fixture, leaves, buildTree, EPOCH, creditsCustomer } from "./setup";
import * as ix from "../../sdk/src/rewards/instructions";
import { claimStatusPda, epochVotesPda, rewardsConfigPda, rewardsVaultPda, creditsTallyRingPda } from "../../sdk/src/rewards/pda";
import { fetchClaimed, fetchRewardsConfig } from "../../sdk/src/rewards/accounts";
import { operatorTokenAccount } from "../../sdk/src/rewards/instructions";
import { randomBytes } from "crypto";
import { Idl } from "@coral-xyz/anchor";
import { EventDecoder } from "../../sdk/src/events";
import { GroundworkRewardsIdl } from "../../sdk/src/idl/groundwork_rewards";
import { rootOf } from "../../sdk/src/rewards/merkle";

const tokenOf = (f: Fixture, operator: PublicKey) => operatorTokenAccount(f.mint, operator);
const createAtaIdempotent = (f: Fixture, payer: PublicKey, operator: PublicKey) => createAssociatedTokenAccountIdempotentInstruction(payer, tokenOf(f, operator), operator, f.mint);

// Epochs are the fixture's (a day warped on the embedded SVM, seconds waited on a cluster).
describe("rewards: emissions, epoch roots and claims", () => {
  it("mint mode: schedule with a halving, 80/20 split, cumulative claims that skip epochs, crank claims", async () => {
    const f = await fixture();
    await f.init(ix.FundingMode.Mint, {
      schedule: [{ startTs: new BN(f.genesis), emissionPerEpoch: new BN(1_000_000) }, { startTs: new BN(f.genesis + 2 * EPOCH), emissionPerEpoch: new BN(500_000) }],
    });
    const ops = leaves(3, () => 0n);
    const operator = Keypair.generate();
    await f.env.airdrop(operator.publicKey, 1);
    ops[0].operator = operator.publicKey;
    const amounts = [[300_000n, 200_000n, 100_000n], [500_000n, 400_000n, 300_000n], [700_000n, 500_000n, 400_000n]];
    const trees = amounts.map((a) => buildTree(f.network, ops.map((o, i) => ({ ...o, amount: a[i] }))));
    const vault = rewardsVaultPda(f.network);

    // Epoch 0 cannot be voted while it runs.
    await expectAnchorError(() => f.vote(f.oracles[0], 0, trees[0]), "EpochNotEnded");
    await f.toEpoch(1);
    const sig = await f.finalize(0, trees[0]);
    console.log(`      finalize (mint mode, 2 mint_to) CU: ${(await f.cu(sig))}`);
    // Budget: the finalizing vote ≤ 6,000 CU, two MintTo CPIs (~1,120 each) included.
    expect((await f.cu(sig))).to.be.at.most(6_000);
    expect(await f.balance(vault)).to.equal(800_000n);
    expect(await f.balance(f.treasury)).to.equal(200_000n);
    // The operator claims epoch 0 itself.
    const p0 = ops.map((o, i) => ({ ...o, amount: amounts[0][i] }));
    const c0 = await f.claim(operator, p0[0], trees[0].proof(0));
    console.log(`      first claim (creates claim status, depth ${trees[0].depth}) CU: ${(await f.cu(c0))}`);
    expect(await f.balance(tokenOf(f, operator.publicKey))).to.equal(300_000n);

    await f.toEpoch(3);
    await f.finalize(1, trees[1]);
    await f.finalize(2, trees[2]); // epoch 2 starts at the halving
    expect(await f.balance(f.treasury)).to.equal(200_000n + 200_000n + 100_000n);
    const cfg = await fetchRewardsConfig(f.program, f.network);
    expect(cfg.totalEmitted.toString()).to.equal("2500000");
    expect(cfg.nextEpoch.toNumber()).to.equal(3);

    // Skipped epoch 1: one claim against the epoch-2 root pays 700k − 300k.
    const p2 = ops.map((o, i) => ({ ...o, amount: amounts[2][i] }));
    const crank = Keypair.generate();
    await f.env.airdrop(crank.publicKey, 1);
    const c2 = await f.claim(crank, p2[0], trees[2].proof(0)); // a crank pays, the operator gets it
    console.log(`      repeat claim (depth ${trees[2].depth}) CU: ${(await f.cu(c2))}`);
    expect(await f.balance(tokenOf(f, operator.publicKey))).to.equal(700_000n);
    expect(await fetchClaimed(f.program, f.network, operator.publicKey)).to.equal(700_000n);
    // Operator 1 never claimed: gets all 500k at once, claimed by a crank.
    await f.claim(crank, p2[1], trees[2].proof(1));
    expect(await f.balance(tokenOf(f, p2[1].operator))).to.equal(500_000n);

    // Bad claims change nothing.
    const watched = [vault, tokenOf(f, operator.publicKey), claimStatusPda(f.network, operator.publicKey), rewardsConfigPda(f.network)];
    const before = await snapshot(f.env.connection, watched);
    await expectAnchorError(() => f.claim(crank, p2[0], trees[2].proof(0)), "NothingToClaim"); // replay
    await expectAnchorError(() => f.claim(crank, p0[0], trees[0].proof(0)), "NothingToClaim"); // old root, would pay twice
    await expectAnchorError(() => f.claim(crank, { ...p2[0], amount: 800_000n }, trees[2].proof(0)), "InvalidProof"); // above the leaf
    await expectAnchorError(() => f.claim(crank, { ...p2[0], amount: 10_000_000n }, trees[2].proof(0)), "ClaimExceedsRootTotal");
    await expectAnchorError(() => f.claim(crank, p2[2], trees[2].proof(0)), "InvalidProof"); // wrong proof
    await expectUnchanged(f.env.connection, before);
  });

  it("quorum: non-oracle, double vote, disagreement left open, cleared by the authority, out-of-order and final epochs", async () => {
    const f = await fixture();
    await f.init(ix.FundingMode.Mint, {});
    const ops = leaves(4, (i) => BigInt(50_000 * (i + 1)));
    const good = buildTree(f.network, ops);
    const bad = buildTree(f.network, ops.map((o) => ({ ...o, amount: o.amount + 1n })));
    await f.toEpoch(2);
    const votes = epochVotesPda(f.network, 0);
    const stranger = Keypair.generate();
    await f.env.airdrop(stranger.publicKey, 1);
    await expectAnchorError(() => f.vote(stranger, 0, good), "NotOracle");
    await expectAnchorError(() => f.vote(f.oracles[0], 1, good), "EpochOutOfOrder");
    await f.vote(f.oracles[0], 0, good);
    const before = await snapshot(f.env.connection, [votes, rewardsConfigPda(f.network)]);
    await expectAnchorError(() => f.vote(f.oracles[0], 0, good), "AlreadyVoted");
    await expectUnchanged(f.env.connection, before);
    await f.vote(f.oracles[1], 0, bad); // disagrees: 1 vs 1, threshold 2
    let cfg = await fetchRewardsConfig(f.program, f.network);
    expect(cfg.hasRoot).to.equal(0);
    // Non-authority cannot clear.
    await expectAnchorError(async () => f.send([await ix.clearEpochVotes(f.program, stranger.publicKey, f.network, 0)], [stranger]), "Unauthorized");
    await f.send([await ix.clearEpochVotes(f.program, f.authority.publicKey, f.network, 0)], [f.authority]);
    expect((await f.program.account.epochVotes.fetch(votes)).count).to.equal(0);
    await f.vote(f.oracles[1], 0, good);
    const sig = await f.vote(f.oracles[2], 0, good);
    console.log(`      finalize CU: ${(await f.cu(sig))}`);
    cfg = await fetchRewardsConfig(f.program, f.network);
    expect(Buffer.from(cfg.currentRoot).equals(good.root)).to.equal(true);
    expect(cfg.currentRootTotal.toString()).to.equal(good.total.toString());
    await expectAnchorError(() => f.vote(f.oracles[0], 0, good), "EpochAlreadyFinalized");
    await expectAnchorError(async () => f.send([await ix.clearEpochVotes(f.program, f.authority.publicKey, f.network, 0)], [f.authority]), "EpochAlreadyFinalized");
  });

  it("supply cap: the emission is clamped, then stops; a root above everything funded is rejected", async () => {
    const f = await fixture();
    await f.init(ix.FundingMode.Mint, { supplyCap: new BN(2_500_000) });
    await f.toEpoch(4);
    const ops = leaves(2, () => 100_000n);
    const t0 = buildTree(f.network, ops);
    await f.finalize(0, t0);
    await f.finalize(1, t0);
    await f.finalize(2, t0); // only 500k room left
    const supply = (await getMint(f.env.connection, f.mint)).supply;
    expect(supply).to.equal(2_500_000n);
    const cfg = await fetchRewardsConfig(f.program, f.network);
    expect(cfg.totalFunded.toString()).to.equal("2000000");
    // Cap reached: a root promising more than was ever funded cannot finalize.
    const greedy = buildTree(f.network, ops.map((o) => ({ ...o, amount: 1_000_001n })));
    await f.vote(f.oracles[0], 3, greedy);
    const before = await snapshot(f.env.connection, [rewardsConfigPda(f.network), rewardsVaultPda(f.network), f.mint]);
    await expectAnchorError(() => f.vote(f.oracles[1], 3, greedy), "RootExceedsFunded");
    await expectUnchanged(f.env.connection, before);
    // A root within funding finalizes with zero emission.
    await f.vote(f.oracles[1], 3, t0);
    await f.vote(f.oracles[2], 3, t0);
    expect((await getMint(f.env.connection, f.mint)).supply).to.equal(2_500_000n);
    // The cap cannot be lowered below what was emitted.
    const params = { supplyCap: new BN(1), operatorBps: 8_000, netEmissionCap: new BN(0), schedule: [{ startTs: new BN(f.genesis), emissionPerEpoch: new BN(1_000_000) }] };
    await expectAnchorError(async () => f.send([await ix.updateRewardsConfig(f.program, f.authority.publicKey, f.network, params)], [f.authority]), "SupplyCapExceeded");
  });

  it("vault mode: epochs finalize from team funding and stop when the vault runs dry", async () => {
    const f = await fixture();
    await f.init(ix.FundingMode.Vault, { operatorBps: 10_000 });
    const vault = rewardsVaultPda(f.network);
    const team = await createAccount(f.env.connection, f.env.payer, f.mint, f.authority.publicKey, Keypair.generate());
    await mintTo(f.env.connection, f.env.payer, f.mint, team, f.authority, 1_500_000);
    await transfer(f.env.connection, f.env.payer, team, vault, f.authority, 1_500_000);
    await f.toEpoch(3);
    const ops = leaves(2, () => 400_000n);
    const t = buildTree(f.network, ops);
    const sig = await f.finalize(0, t);
    console.log(`      finalize (vault mode, no treasury share) CU: ${(await f.cu(sig))}`);
    expect((await f.cu(sig))).to.be.at.most(6_000);
    await f.claim(f.env.payer, ops[0], t.proof(0));
    // 1.5M funded, 1M reserved, 400k of it claimed: 500k free < 1M emission.
    await f.vote(f.oracles[0], 1, t);
    const before = await snapshot(f.env.connection, [vault, rewardsConfigPda(f.network)]);
    await expectAnchorError(() => f.vote(f.oracles[1], 1, t), "VaultInsufficient");
    await expectUnchanged(f.env.connection, before);
    await mintTo(f.env.connection, f.env.payer, f.mint, team, f.authority, 500_000);
    await transfer(f.env.connection, f.env.payer, team, vault, f.authority, 500_000);
    await f.vote(f.oracles[1], 1, t);
    const cfg = await fetchRewardsConfig(f.program, f.network);
    expect(cfg.totalFunded.toString()).to.equal("2000000");
    expect(await f.balance(vault)).to.equal(1_600_000n);
  });

  it("net emissions: re-mints the previous epoch's credit burns (real burns through the credits program) from its tally ring, up to the cap; an epoch the ring no longer holds reads as 0", async () => {
    const f = await fixture();
    const customer = await creditsCustomer(f, 2_000_000n, { setUpCredits: false }); // tokens minted before rewards take the mint
    await f.init(ix.FundingMode.Mint, { netEmissionCap: new BN(300_000), operatorBps: 10_000 });
    // Rewards start at the epoch they are set up in (0 on the embedded SVM; later on a cluster).
    const first = (await fetchRewardsConfig(f.program, f.network)).nextEpoch.toNumber();
    const t = buildTree(f.network, leaves(1, () => 100_000n));
    const minted = async (epoch: number) => {
      const before = (await getMint(f.env.connection, f.mint)).supply;
      const sig = await f.finalize(epoch, t);
      // Budget: ≤ 6,000 CU in every case (the absent ring is an address compare, not a PDA search).
      expect(await f.cu(sig), `epoch ${epoch} CU`).to.be.at.most(6_000);
      return (await getMint(f.env.connection, f.mint)).supply - before;
    };
    await f.toEpoch(first + 2);
    expect(await minted(first)).to.equal(1_000_000n);
    // Credits never set up: the ring does not exist, nothing was burned.
    expect(await minted(first + 1)).to.equal(1_000_000n);

    // Credits set up; the customer burns in three consecutive epochs b, b + 1, b + 2 (a whole
    // epoch each: every burn waits for its epoch to begin).
    await customer.setUpCredits();
    const b = (await f.epochNow()) + 1;
    for (const [i, amount] of [120_000n, 900_000n, 50_000n].entries()) {
      await f.toEpoch(b + i);
      expect(await customer.burn(amount), `burn ${i}'s epoch`).to.equal(b + i);
    }
    await f.toEpoch(b + 3);
    for (let epoch = first + 2; epoch <= b; epoch++) expect(await minted(epoch), `epoch ${epoch}`).to.equal(1_000_000n); // nothing burned in epoch − 1
    expect(await minted(b + 1)).to.equal(1_120_000n);
    expect(await minted(b + 2)).to.equal(1_300_000n); // 900k burned, above the net cap: 300k re-minted
    // Sixteen epochs later a burn takes epoch b + 2's slot of the ring: the 50k burned then reads as 0.
    await f.toEpoch(b + 18);
    expect(await customer.burn(10_000n), "the wrapping burn's epoch").to.equal(b + 18);
    expect(await minted(b + 3)).to.equal(1_000_000n);
    const cfg = await fetchRewardsConfig(f.program, f.network);
    expect(cfg.totalNetEmitted.toString()).to.equal("420000");
    expect(cfg.tallyRing.toBase58()).to.equal(creditsTallyRingPda(f.network).toBase58());
  });

  it("config: authority only, schedule not retroactive, pause stops votes and claims", async () => {
    const f = await fixture();
    await f.init(ix.FundingMode.Mint, {});
    const stranger = Keypair.generate();
    await f.env.airdrop(stranger.publicKey, 1);
    await f.toEpoch(2);
    const base = { supplyCap: new BN(1_000_000_000), operatorBps: 8_000, netEmissionCap: new BN(0) };
    const past = [{ startTs: new BN(f.genesis), emissionPerEpoch: new BN(2_000_000) }];
    await expectAnchorError(async () => f.send([await ix.updateRewardsConfig(f.program, f.authority.publicKey, f.network, { ...base, schedule: past })], [f.authority]), "RetroactiveSchedule");
    const halving = [{ startTs: new BN(f.genesis), emissionPerEpoch: new BN(1_000_000) }, { startTs: new BN(f.genesis + 5 * EPOCH), emissionPerEpoch: new BN(500_000) }];
    await expectAnchorError(async () => f.send([await ix.updateRewardsConfig(f.program, stranger.publicKey, f.network, { ...base, schedule: halving })], [stranger]), "Unauthorized");
    await expectAnchorError(async () => f.send([await ix.updateRewardsConfig(f.program, f.authority.publicKey, f.network, { ...base, operatorBps: 10_001, schedule: halving })], [f.authority]), "InvalidBasisPoints");
    await f.send([await ix.updateRewardsConfig(f.program, f.authority.publicKey, f.network, { ...base, schedule: halving })], [f.authority]);
    expect((await fetchRewardsConfig(f.program, f.network)).scheduleLen).to.equal(2);

    const ops = leaves(1, () => 1_000n);
    const t = buildTree(f.network, ops);
    await f.send([await ix.setPaused(f.program, f.authority.publicKey, f.network, true)], [f.authority]);
    await expectAnchorError(() => f.vote(f.oracles[0], 0, t), "Paused");
    await f.send([await ix.setPaused(f.program, f.authority.publicKey, f.network, false)], [f.authority]);
    await f.finalize(0, t);
    await f.send([await ix.setPaused(f.program, f.authority.publicKey, f.network, true)], [f.authority]);
    await expectAnchorError(() => f.claim(f.env.payer, ops[0], t.proof(0)), "Paused");
  });
  it("claim status: created once by anyone (idempotent), required by claim; depth-20 claims within 6,000 CU", async () => {
    const f = await fixture();
    await f.init(ix.FundingMode.Mint, {});
    const crank = Keypair.generate();
    await f.env.airdrop(crank.publicKey, 1);
    const operators = [Keypair.generate(), Keypair.generate(), Keypair.generate()];
    const status = (o: Keypair) => claimStatusPda(f.network, o.publicKey);
    const initStatus = async (o: Keypair) => f.send([await ix.initializeClaimStatus(f.program, { payer: crank.publicKey, operator: o.publicKey, network: f.network })], [crank]);
    // No account of a claim signs: the transaction's fee payer (here the provider wallet) submits it.
    const claimOnly = async (leaf: { operator: PublicKey; amount: bigint }, proof: Buffer[]) =>
      f.send([await ix.claim(f.program, { payer: f.env.payer.publicKey, operator: leaf.operator, network: f.network, mint: f.mint, cumulativeAmount: leaf.amount, proof })]);
    // A depth-20 proof (a 2^20-operator tree) of one real leaf: random siblings, the root folded from them.
    const depth20 = (operator: PublicKey, amount: bigint) => {
      const proof = Array.from({ length: 20 }, () => randomBytes(32));
      return { proof, root: rootOf(f.network, { operator, amount }, proof) };
    };
    const a = operators[0].publicKey;
    const first = depth20(a, 1_000n);
    await f.toEpoch(1);
    await f.finalize(0, { root: first.root, total: 1_000n, leafCount: 2 ** 20 } as never);
    await f.send([createAtaIdempotent(f, crank.publicKey, a)], [crank]);

    // Without a claim status the claim fails and changes nothing.
    const watched = [rewardsVaultPda(f.network), tokenOf(f, a), status(operators[0]), rewardsConfigPda(f.network), f.env.payer.publicKey];
    const before = await snapshot(f.env.connection, watched);
    await expectAnchorError(() => claimOnly({ operator: a, amount: 1_000n }, first.proof), "AccountNotInitialized");
    await expectUnchanged(f.env.connection, before);

    // A crank creates it: canonical PDA, nothing claimed yet, rent paid by the crank, event emitted.
    const crankLamports = await f.env.connection.getBalance(crank.publicKey);
    const created = await initStatus(operators[0]);
    const account = await f.program.account.claimStatus.fetch(status(operators[0]));
    expect(account.claimed.toString()).to.equal("0");
    expect(account.bump).to.equal(PublicKey.findProgramAddressSync([Buffer.from("claim"), f.network.toBuffer(), a.toBuffer()], f.program.programId)[1]);
    expect(await f.env.connection.getBalance(crank.publicKey)).to.be.lessThan(crankLamports - 1_000_000); // rent (~1.06M lamports) + fee
    const events = new EventDecoder([{ name: "rewards", idl: GroundworkRewardsIdl as unknown as Idl }]).decode((await f.env.connection.getTransaction(created, { commitment: "confirmed", maxSupportedTransactionVersion: 0 }))!.meta!.logMessages!);
    expect(events.map((e) => e.name)).to.deep.equal(["ClaimStatusInitialized"]);
    expect((events[0].data.operator as PublicKey).toBase58()).to.equal(a.toBase58());
    console.log(`      initialize_claim_status CU: ${(await f.cu(created))}`);

    // Idempotent: a second call (another crank racing) succeeds and changes nothing.
    const once = await snapshot(f.env.connection, [status(operators[0])]);
    await initStatus(operators[0]);
    await expectUnchanged(f.env.connection, once);

    // The claim instruction alone, depth 20: the first claim of this operator, then a later one.
    const c1 = await claimOnly({ operator: a, amount: 1_000n }, first.proof);
    expect(await f.balance(tokenOf(f, a))).to.equal(1_000n);
    const later = depth20(a, 2_500n);
    await f.toEpoch(2);
    await f.finalize(1, { root: later.root, total: 2_500n, leafCount: 2 ** 20 } as never);
    const c2 = await claimOnly({ operator: a, amount: 2_500n }, later.proof);
    expect(await f.balance(tokenOf(f, a))).to.equal(2_500n);
    console.log(`      claim, depth 20 (transaction of the claim alone) CU: first ${(await f.cu(c1))}, later ${(await f.cu(c2))}`);
    // Budget (issue #5): claim with a depth-20 proof ≤ 6,000 CU.
    expect((await f.cu(c1))).to.be.at.most(6_000);
    expect((await f.cu(c2))).to.be.at.most(6_000);

    // The SDK's claimWithAccount adds the status (and token account) only when missing.
    const b = operators[1].publicKey;
    const withSetup = await ix.claimWithAccount(f.program, { payer: crank.publicKey, operator: b, network: f.network, mint: f.mint, cumulativeAmount: 1n, proof: [] });
    expect(withSetup.map((i) => ix.isClaimInstruction(f.program, i))).to.deep.equal([false, false, true]);
    const known = await ix.claimWithAccount(f.program, { payer: crank.publicKey, operator: a, network: f.network, mint: f.mint, cumulativeAmount: 1n, proof: [] });
    expect(known.map((i) => ix.isClaimInstruction(f.program, i))).to.deep.equal([false, true]);
    expect(await ix.claimStatusesExist(f.env.connection, f.network, operators.map((o) => o.publicKey))).to.deep.equal([true, false, false]);
  });
});
