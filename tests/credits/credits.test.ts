import { expect } from "chai";
import BN from "bn.js";
import { Keypair, PublicKey, SystemProgram } from "@solana/web3.js";
import { getAccount, TOKEN_2022_PROGRAM_ID, TOKEN_PROGRAM_ID, createTransferCheckedInstruction, createMint, createAccount, getMintLen, createInitializeMint2Instruction } from "@solana/spl-token";
import { networkProgram } from "../../sdk/src/network/program";
import { networkPda, stakeVaultPda } from "../../sdk/src/network/pda";
import { expectAnchorError, expectTransactionFailure, snapshot, expectUnchanged } from "../support/assertions";
import { Ctx, setup, send, burnIx, spendIx, programUnits, baseParams, EPOCH_SECS, epochOf, pinPrice, toNextEpoch, transactionLogs } from "./setup";
import { forgeAccount } from "../support/attacks";
import { PRICE_STATES, PRICES, PYTH_NOT_A_PRICE } from "../support/fixtures";
import { ON_CLUSTER } from "../support/time";
import { creditsConfigPda, delegationPda, tallyRingPda } from "../../sdk/src/credits/pda";
import { fetchCreditsConfig, fetchTally, fetchTallyRing, fetchDelegation } from "../../sdk/src/credits/accounts";
import {
  createDcAccountInstructions, createDcMintInstructions, initializeCreditsIx, dcAccountAddress, setDelegationIx, revokeDelegationIx, updateCreditsConfigIx, setCreditsPausedIx
} from "../../sdk/src/credits/instructions";
import { encodePriceUpdateV2 } from "../../sdk/src/pyth";
import { enumValue } from "../../sdk/src/enums";

const dcBalance = async (ctx: Ctx, account: PublicKey) => (await getAccount(ctx.env.connection, account, "confirmed", TOKEN_2022_PROGRAM_ID)).amount;
const tokenBalance = async (ctx: Ctx) => (await getAccount(ctx.env.connection, ctx.source)).amount;
const units: Record<string, number> = {};

async function guarded(ctx: Ctx, action: () => Promise<unknown>, code: string, extra: PublicKey[] = []) {
  const keys = [ctx.source, ctx.customerDc, creditsConfigPda(ctx.network), tallyRingPda(ctx.network), ctx.tokenMint, ctx.dcMint, ...extra];
  const before = await snapshot(ctx.env.connection, keys);
  await expectAnchorError(action, code);
  await expectUnchanged(ctx.env.connection, before);
}

// Epochs are the fixture's (an hour warped on the embedded SVM, seconds waited on a cluster).
describe("credits: fixed price", () => {
  let ctx: Ctx;
  beforeEach(async () => { ctx = await setup("fixed"); });

  it("burns tokens, mints credits, records the tally and emits CreditsBurned", async () => {
    const sig = await send(ctx.env, [await burnIx(ctx, 2_500_000, 250)], [ctx.customer]);
    units.burn_for_credits_fixed_first_of_epoch = await programUnits(ctx, sig);
    expect(await dcBalance(ctx, ctx.customerDc)).to.equal(250n);
    expect(await tokenBalance(ctx)).to.equal(1_000_000_000n - 2_500_000n);
    const tally = (await fetchTally(ctx.program, ctx.network, await epochOf(ctx, sig)))!;
    expect(tally.tokensBurned.toNumber()).to.equal(2_500_000);
    expect(tally.creditsMinted.toNumber()).to.equal(250);
    const cfg = await fetchCreditsConfig(ctx.program, ctx.network);
    expect(cfg.totalTokensBurned.toNumber()).to.equal(2_500_000);
    const sig2 = await send(ctx.env, [await burnIx(ctx, 1_000_000)], [ctx.customer]);
    units.burn_for_credits_fixed = await programUnits(ctx, sig2);
    const logs = await transactionLogs(ctx, sig2);
    const { EventParser } = await import("@coral-xyz/anchor");
    const events = [...new EventParser(ctx.program.programId, ctx.program.coder).parseLogs(logs)];
    expect(events.map((e) => e.name)).to.deep.equal(["creditsBurned"]);
    expect(events[0].data.credits.toNumber()).to.equal(100);
  });

  it("buys credits for another holder", async () => {
    const friend = Keypair.generate();
    await send(ctx.env, createDcAccountInstructions(ctx.env.payer.publicKey, friend.publicKey, ctx.dcMint, ctx.network), [friend]);
    const friendDc = dcAccountAddress(ctx.dcMint, friend.publicKey);
    await send(ctx.env, [await burnIx(ctx, 1_000_000, 0, { recipient: friendDc })], [ctx.customer]);
    expect(await dcBalance(ctx, friendDc)).to.equal(100n);
    expect(await dcBalance(ctx, ctx.customerDc)).to.equal(0n);
  });

  it("credits cannot be transferred between holders", async () => {
    await send(ctx.env, [await burnIx(ctx, 1_000_000)], [ctx.customer]);
    const friend = Keypair.generate();
    await send(ctx.env, createDcAccountInstructions(ctx.env.payer.publicKey, friend.publicKey, ctx.dcMint, ctx.network), [friend]);
    const ix = createTransferCheckedInstruction(ctx.customerDc, ctx.dcMint, dcAccountAddress(ctx.dcMint, friend.publicKey), ctx.customer.publicKey, 1n, 0, [], TOKEN_2022_PROGRAM_ID);
    await expectTransactionFailure(() => send(ctx.env, [ix], [ctx.customer]), /Transfer is disabled|custom program error: 0x25/);
  });

  it("slippage guard, zero, overflow and dust fail cleanly", async () => {
    await guarded(ctx, async () => send(ctx.env, [await burnIx(ctx, 1_000_000, 101)], [ctx.customer]), "SlippageExceeded");
    await guarded(ctx, async () => send(ctx.env, [await burnIx(ctx, 0)], [ctx.customer]), "ZeroAmount");
    await guarded(ctx, async () => send(ctx.env, [await burnIx(ctx, 9_999)], [ctx.customer]), "CreditsTooSmall");
    const huge = setup("fixed", { creditsPerToken: new BN("18446744073709551615") });
    const big = await huge;
    await guarded(big, async () => send(big.env, [await burnIx(big, new BN("18446744073709551615"))], [big.customer]), "MathOverflow");
  });

  it("spends credits with a usage reference; rejects zero and overspending", async () => {
    await send(ctx.env, [await burnIx(ctx, 10_000_000)], [ctx.customer]);
    const ref = Array.from(Buffer.alloc(32, 9));
    const sig = await send(ctx.env, [await spendIx(ctx, ctx.customer.publicKey, 400, { usageRef: ref })], [ctx.customer]);
    units.spend_credits_holder = await programUnits(ctx, sig);
    // Budget: ≤ 4,000 CU, of which the Token-2022 burn CPI is ~2,800.
    expect(units.spend_credits_holder).to.be.at.most(4_000);
    expect(await dcBalance(ctx, ctx.customerDc)).to.equal(600n);
    const { EventParser } = await import("@coral-xyz/anchor");
    const ev = [...new EventParser(ctx.program.programId, ctx.program.coder).parseLogs(await transactionLogs(ctx, sig))][0];
    expect(ev.name).to.equal("creditsSpent");
    expect(Array.from(ev.data.usageRef as number[])).to.deep.equal(ref);
    expect((await fetchTally(ctx.program, ctx.network, await epochOf(ctx, sig)))!.creditsSpent.toNumber()).to.equal(400);
    await guarded(ctx, async () => send(ctx.env, [await spendIx(ctx, ctx.customer.publicKey, 0)], [ctx.customer]), "ZeroAmount");
    await guarded(ctx, async () => send(ctx.env, [await spendIx(ctx, ctx.customer.publicKey, 601)], [ctx.customer]), "InsufficientCredits");
    const stranger = Keypair.generate();
    await ctx.env.airdrop(stranger.publicKey);
    await guarded(ctx, async () => send(ctx.env, [await spendIx(ctx, stranger.publicKey, 1)], [stranger]), "NotHolder");
  });

  it("delegation: a provider spends within its allowance, which the holder raises, lowers and revokes", async () => {
    await send(ctx.env, [await burnIx(ctx, 10_000_000)], [ctx.customer]);
    const provider = Keypair.generate();
    await ctx.env.airdrop(provider.publicKey);
    const acc = { holder: ctx.customer.publicKey, network: ctx.network, dcAccount: ctx.customerDc, delegate: provider.publicKey };
    await send(ctx.env, [await setDelegationIx(ctx.program, acc, new BN(300))], [ctx.customer]);
    const sig = await send(ctx.env, [await spendIx(ctx, provider.publicKey, 200, { delegated: true })], [provider]);
    units.spend_credits_delegate = await programUnits(ctx, sig);
    // Budget: ≤ 4,000 CU (delegation load + signed Token-2022 burn).
    expect(units.spend_credits_delegate).to.be.at.most(4_000);
    expect(await dcBalance(ctx, ctx.customerDc)).to.equal(800n);
    let d = (await fetchDelegation(ctx.program, ctx.customerDc, provider.publicKey))!;
    expect([d.allowance.toNumber(), d.spent.toNumber()]).to.deep.equal([100, 200]);
    const del = delegationPda(ctx.customerDc, provider.publicKey);
    await guarded(ctx, async () => send(ctx.env, [await spendIx(ctx, provider.publicKey, 101, { delegated: true })], [provider]), "AllowanceExceeded", [del]);
    await send(ctx.env, [await setDelegationIx(ctx.program, acc, new BN(500))], [ctx.customer]);
    await send(ctx.env, [await spendIx(ctx, provider.publicKey, 500, { delegated: true })], [provider]);
    await send(ctx.env, [await setDelegationIx(ctx.program, acc, new BN(10))], [ctx.customer]);
    d = (await fetchDelegation(ctx.program, ctx.customerDc, provider.publicKey))!;
    expect([d.allowance.toNumber(), d.spent.toNumber()]).to.deep.equal([10, 700]);
    await guarded(ctx, async () => send(ctx.env, [await spendIx(ctx, provider.publicKey, 11, { delegated: true })], [provider]), "AllowanceExceeded", [del]);
    // Another key cannot use this provider's delegation.
    const other = Keypair.generate();
    await ctx.env.airdrop(other.publicKey);
    const ix = await spendIx(ctx, other.publicKey, 1, { delegated: true });
    ix.keys[5].pubkey = del;
    await guarded(ctx, () => send(ctx.env, [ix], [other]), "NotDelegate", [del]);
    await send(ctx.env, [await revokeDelegationIx(ctx.program, acc)], [ctx.customer]);
    expect(await fetchDelegation(ctx.program, ctx.customerDc, provider.publicKey)).to.equal(null);
    await guarded(ctx, async () => send(ctx.env, [await spendIx(ctx, provider.publicKey, 1, { delegated: true })], [provider]), "AccountNotInitialized", [del]);
  });

  it("the first burn and spends of an epoch create nothing and stay within budget", async () => {
    await send(ctx.env, [await burnIx(ctx, 10_000_000)], [ctx.customer]);
    const provider = Keypair.generate();
    await ctx.env.airdrop(provider.publicKey);
    await send(ctx.env, [await setDelegationIx(ctx.program, { holder: ctx.customer.publicKey, network: ctx.network, dcAccount: ctx.customerDc, delegate: provider.publicKey }, new BN(300))], [ctx.customer]);
    await toNextEpoch(ctx);
    let sig = await send(ctx.env, [await spendIx(ctx, ctx.customer.publicKey, 100)], [ctx.customer]);
    units.spend_credits_holder_first_of_epoch = await programUnits(ctx, sig);
    expect(units.spend_credits_holder_first_of_epoch).to.be.at.most(4_000);
    await toNextEpoch(ctx);
    sig = await send(ctx.env, [await spendIx(ctx, provider.publicKey, 100, { delegated: true })], [provider]);
    units.spend_credits_delegate_first_of_epoch = await programUnits(ctx, sig);
    expect(units.spend_credits_delegate_first_of_epoch).to.be.at.most(4_000);
    // No account is created: the transaction's only CPI is the Token-2022 burn.
    const logs = await transactionLogs(ctx, sig);
    expect(logs.filter((l) => l.startsWith("Program 11111111111111111111111111111111 invoke"))).to.deep.equal([]);
    expect((await fetchTally(ctx.program, ctx.network, await epochOf(ctx, sig)))!.creditsSpent.toNumber()).to.equal(100);
  });

  it("epoch tally: burns and spends land in the epoch they happen in", async () => {
    // Each step starts at an epoch's first second, so its two transactions land in that epoch.
    const e0 = await toNextEpoch(ctx);
    await send(ctx.env, [await burnIx(ctx, 3_000_000)], [ctx.customer]);
    await send(ctx.env, [await spendIx(ctx, ctx.customer.publicKey, 50)], [ctx.customer]);
    const e1 = await toNextEpoch(ctx);
    expect(e1).to.equal(e0 + 1);
    await send(ctx.env, [await burnIx(ctx, 1_000_000)], [ctx.customer]);
    await send(ctx.env, [await spendIx(ctx, ctx.customer.publicKey, 70)], [ctx.customer]);
    const t0 = (await fetchTally(ctx.program, ctx.network, e0))!;
    const t1 = (await fetchTally(ctx.program, ctx.network, e1))!;
    expect([t0.epoch.toNumber(), t0.tokensBurned.toNumber(), t0.creditsMinted.toNumber(), t0.creditsSpent.toNumber()]).to.deep.equal([e0, 3_000_000, 300, 50]);
    expect([t1.epoch.toNumber(), t1.tokensBurned.toNumber(), t1.creditsMinted.toNumber(), t1.creditsSpent.toNumber()]).to.deep.equal([e1, 1_000_000, 100, 70]);
    const ring = (await fetchTallyRing(ctx.program, ctx.network))!;
    expect([ring.network.toBase58(), ring.slots.length]).to.deep.equal([ctx.network.toBase58(), 16]);
    // The ring keeps 16 epochs: e0 + 16 reuses e0's slot, starting from zero.
    const config = await fetchCreditsConfig(ctx.program, ctx.network);
    await ctx.env.waitUntil(config.genesisTs.toNumber() + (e0 + 16) * EPOCH_SECS);
    expect((await fetchTally(ctx.program, ctx.network, e0))!.tokensBurned.toNumber()).to.equal(3_000_000);
    const wrapped = await send(ctx.env, [await burnIx(ctx, 2_000_000)], [ctx.customer]);
    expect(await epochOf(ctx, wrapped)).to.equal(e0 + 16);
    expect(await fetchTally(ctx.program, ctx.network, e0)).to.equal(null);
    const t16 = (await fetchTally(ctx.program, ctx.network, e0 + 16))!;
    expect([t16.epoch.toNumber(), t16.tokensBurned.toNumber(), t16.creditsMinted.toNumber(), t16.creditsSpent.toNumber()]).to.deep.equal([e0 + 16, 2_000_000, 200, 0]);
    expect((await fetchTally(ctx.program, ctx.network, e1))!.tokensBurned.toNumber()).to.equal(1_000_000);
    expect(await fetchTally(ctx.program, ctx.network, e0 + 17)).to.equal(null);
  });

  it("circuit breaker: at most the cap in any window of time, the previous window counting too", async () => {
    // 1,000 s windows on the embedded SVM; 20 s on a cluster (the waits below are fractions of it).
    const window = ON_CLUSTER ? 20 : 1_000;
    await send(ctx.env, [await updateCreditsConfigIx(ctx.program, { authority: ctx.authority.publicKey, network: ctx.network }, { ...ctx.params, breakerWindowSecs: new BN(window), breakerMaxCredits: new BN(1_000) })], [ctx.authority]);
    await send(ctx.env, [await burnIx(ctx, 8_000_000)], [ctx.customer]); // 800
    await guarded(ctx, async () => send(ctx.env, [await burnIx(ctx, 3_000_000)], [ctx.customer]), "CircuitBreakerTripped"); // 800 + 300 > 1000
    await ctx.env.waitSeconds(window / 2); // same window: nothing decays
    await send(ctx.env, [await burnIx(ctx, 2_000_000)], [ctx.customer]); // 800 + 200 = 1000
    await guarded(ctx, async () => send(ctx.env, [await burnIx(ctx, 100_000)], [ctx.customer]), "CircuitBreakerTripped");
    await ctx.env.waitSeconds((window * 3) / 5); // the next window: the last window's worth of seconds already minted 1,000
    await guarded(ctx, async () => send(ctx.env, [await burnIx(ctx, 100_000)], [ctx.customer]), "CircuitBreakerTripped");
    await ctx.env.waitSeconds(window); // two windows on: the earlier mints are out of every window that holds this one
    await send(ctx.env, [await burnIx(ctx, 10_000_000)], [ctx.customer]); // 1000 fits
  });

  it("authority-only config and pause", async () => {
    const stranger = Keypair.generate();
    await guarded(ctx, async () => send(ctx.env, [await updateCreditsConfigIx(ctx.program, { authority: stranger.publicKey, network: ctx.network }, ctx.params)], [stranger]), "Unauthorized");
    await guarded(ctx, async () => send(ctx.env, [await setCreditsPausedIx(ctx.program, { authority: stranger.publicKey, network: ctx.network }, true)], [stranger]), "Unauthorized");
    await guarded(ctx, async () => send(ctx.env, [await updateCreditsConfigIx(ctx.program, { authority: ctx.authority.publicKey, network: ctx.network }, { ...ctx.params, creditsPerToken: new BN(0) })], [ctx.authority]), "InvalidFixedPrice");
    await send(ctx.env, [await burnIx(ctx, 1_000_000)], [ctx.customer]);
    await send(ctx.env, [await setCreditsPausedIx(ctx.program, { authority: ctx.authority.publicKey, network: ctx.network }, true)], [ctx.authority]);
    await guarded(ctx, async () => send(ctx.env, [await burnIx(ctx, 1_000_000)], [ctx.customer]), "Paused");
    await guarded(ctx, async () => send(ctx.env, [await spendIx(ctx, ctx.customer.publicKey, 1)], [ctx.customer]), "Paused");
    await send(ctx.env, [await setCreditsPausedIx(ctx.program, { authority: ctx.authority.publicKey, network: ctx.network }, false)], [ctx.authority]);
    await send(ctx.env, [await updateCreditsConfigIx(ctx.program, { authority: ctx.authority.publicKey, network: ctx.network }, { ...ctx.params, creditsPerToken: new BN(7) })], [ctx.authority]);
    await send(ctx.env, [await burnIx(ctx, 1_000_000)], [ctx.customer]);
    expect(await dcBalance(ctx, ctx.customerDc)).to.equal(107n);
  });
});

// Prices are the fixture accounts of tests/support/fixtures.ts (PRICES), loaded at the cluster's
// start; each test pins the state it needs.
describe("credits: oracle price", () => {
  let ctx: Ctx;
  beforeEach(async () => { ctx = await setup("oracle"); });

  it("mints at the conservative Pyth price (price − k·conf)", async () => {
    // 10 tokens at $0.499 = $4.99 = 499,000 credits of $0.00001.
    const sig = await send(ctx.env, [await burnIx(ctx, 10_000_000, 499_000)], [ctx.customer]);
    units.burn_for_credits_oracle_first_of_epoch = await programUnits(ctx, sig);
    // Budget: ≤ 8,000 CU for the first burn of an epoch too (the tally ring already exists).
    expect(units.burn_for_credits_oracle_first_of_epoch).to.be.at.most(8_000);
    expect(await dcBalance(ctx, ctx.customerDc)).to.equal(499_000n);
    const sig2 = await send(ctx.env, [await burnIx(ctx, 1_000_000)], [ctx.customer]);
    units.burn_for_credits_oracle = await programUnits(ctx, sig2);
    // Budget: a steady-state oracle burn ≤ 8,000 CU (two CPIs, the Token-2022 MintTo ~2,800).
    expect(units.burn_for_credits_oracle).to.be.at.most(8_000);
    await guarded(ctx, async () => send(ctx.env, [await burnIx(ctx, 1_000_000, 49_901)], [ctx.customer]), "SlippageExceeded");
  });

  it("rejects stale, wrong-feed, partially verified and low-confidence prices", async () => {
    // The pinned account in each state (a fixture file per state).
    await pinPrice(ctx, "stale");
    await guarded(ctx, async () => send(ctx.env, [await burnIx(ctx, 1_000_000)], [ctx.customer]), "PriceStale", [ctx.priceUpdate]);
    await pinPrice(ctx, "wrongFeed");
    await guarded(ctx, async () => send(ctx.env, [await burnIx(ctx, 1_000_000)], [ctx.customer]), "PriceFeedMismatch", [ctx.priceUpdate]);
    await pinPrice(ctx, "partial");
    await guarded(ctx, async () => send(ctx.env, [await burnIx(ctx, 1_000_000)], [ctx.customer]), "PriceNotFullyVerified", [ctx.priceUpdate]);
    await pinPrice(ctx, "wideConfidence"); // 3% > 2%
    await guarded(ctx, async () => send(ctx.env, [await burnIx(ctx, 1_000_000)], [ctx.customer]), "PriceConfidenceTooWide", [ctx.priceUpdate]);
    await pinPrice(ctx, "negative");
    await guarded(ctx, async () => send(ctx.env, [await burnIx(ctx, 1_000_000)], [ctx.customer]), "NonPositivePrice", [ctx.priceUpdate]);
    // Back to a good price: burns again, at the moved price twice the credits.
    await pinPrice(ctx, "moved");
    await send(ctx.env, [await burnIx(ctx, 1_000_000, 99_800)], [ctx.customer]);
  });

  it("rejects a look-alike price account owned by another program (an attacker's, made by real transactions), and an unpinned one", async () => {
    // The attacker's program writes a perfect PriceUpdateV2 ($50) into an account it owns.
    const fake = await forgeAccount(ctx.env, encodePriceUpdateV2({ ...PRICE_STATES.manipulated }));
    await pinPrice(ctx, fake);
    await guarded(ctx, async () => send(ctx.env, [await burnIx(ctx, 1_000_000)], [ctx.customer]), "AccountOwnedByWrongProgram", [fake]);
    // A real price account the config does not pin.
    await pinPrice(ctx, "fresh");
    await guarded(ctx, async () => send(ctx.env, [await burnIx(ctx, 1_000_000, 0, { priceUpdate: PRICES.manipulated })], [ctx.customer]), "ConstraintAddress", [PRICES.manipulated]);
  });

  it("rejects a Pyth-owned account whose discriminator is not PriceUpdateV2", async () => {
    // A receiver-owned account that is no price (a fixture account, on every cluster of the suites).
    await pinPrice(ctx, PYTH_NOT_A_PRICE);
    await guarded(ctx, async () => send(ctx.env, [await burnIx(ctx, 1_000_000)], [ctx.customer]), "AccountDiscriminatorMismatch", [PYTH_NOT_A_PRICE]);
  });

  it("the breaker caps a manipulated price", async () => {
    ctx.params = { ...ctx.params, breakerMaxCredits: new BN(1_000_000) };
    await pinPrice(ctx, "manipulated"); // token "worth" $50
    await guarded(ctx, async () => send(ctx.env, [await burnIx(ctx, 1_000_000)], [ctx.customer]), "CircuitBreakerTripped", [ctx.priceUpdate]);
  });

  it("initialize rejects a DC mint without NonTransferable, and a stranger as authority", async () => {
    const env = ctx.env;
    const tokenMint = await createMint(env.connection, env.payer, env.payer.publicKey, null, 6);
    const treasury = await createAccount(env.connection, env.payer, tokenMint, ctx.authority.publicKey, Keypair.generate());
    const network = networkPda(tokenMint, ctx.authority.publicKey);
    await networkProgram(env.provider).methods
      .initializeNetwork(new BN(EPOCH_SECS), new BN(1), new BN(0), new BN(3_600), new BN(600), 5_000, enumValue("treasury"), 0, [])
      .accountsPartial({ payer: env.payer.publicKey, authority: ctx.authority.publicKey, network, mint: tokenMint, stakeVault: stakeVaultPda(network), treasury, tokenProgram: TOKEN_PROGRAM_ID, systemProgram: SystemProgram.programId })
      .signers([ctx.authority]).rpc();
    const plain = Keypair.generate();
    const space = getMintLen([]);
    await send(env, [
      SystemProgram.createAccount({ fromPubkey: env.payer.publicKey, newAccountPubkey: plain.publicKey, space, lamports: await env.connection.getMinimumBalanceForRentExemption(space), programId: TOKEN_2022_PROGRAM_ID }),
      createInitializeMint2Instruction(plain.publicKey, 0, creditsConfigPda(network), null, TOKEN_2022_PROGRAM_ID),
    ], [plain]);
    const params = baseParams(PublicKey.default);
    const before = await snapshot(env.connection, [creditsConfigPda(network)]);
    await expectAnchorError(async () => send(env, [await initializeCreditsIx(ctx.program, { payer: env.payer.publicKey, authority: ctx.authority.publicKey, network, dcMint: plain.publicKey, tokenMint }, params)], [ctx.authority]), "DcMintNotNonTransferable");
    const good = Keypair.generate();
    const stranger = Keypair.generate();
    await send(env, await createDcMintInstructions(env.connection, env.payer.publicKey, good, network), [good]);
    await expectAnchorError(async () => send(env, [await initializeCreditsIx(ctx.program, { payer: env.payer.publicKey, authority: stranger.publicKey, network, dcMint: good.publicKey, tokenMint }, params)], [stranger]), "Unauthorized");
    await expectUnchanged(env.connection, before);
    await send(env, [await initializeCreditsIx(ctx.program, { payer: env.payer.publicKey, authority: ctx.authority.publicKey, network, dcMint: good.publicKey, tokenMint }, params)], [ctx.authority]);
    expect((await fetchCreditsConfig(ctx.program, network)).dcMint.toBase58()).to.equal(good.publicKey.toBase58());
    // The tally ring is created with the config, empty.
    const ring = (await fetchTallyRing(ctx.program, network))!;
    expect(ring.network.toBase58()).to.equal(network.toBase58());
    expect(ring.slots.every((t) => t.epoch.isZero() && t.tokensBurned.isZero() && t.creditsSpent.isZero())).to.equal(true);
    await expectAnchorError(async () => send(env, [await initializeCreditsIx(ctx.program, { payer: env.payer.publicKey, authority: ctx.authority.publicKey, network, dcMint: good.publicKey, tokenMint }, params)], [ctx.authority]), "AccountDiscriminatorAlreadySet");
  });

  after(() => {
    console.log("credits CU:", JSON.stringify(units));
  });
});
