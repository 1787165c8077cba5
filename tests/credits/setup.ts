// A network with credits set up, a funded customer, and helpers shared by the credits suites.
// Oracle mode pins the fixture price account PRICES.fresh (tests/support/fixtures.ts: a file the
// validator loads at start and the embedded SVM loads too); a test needing another price state
// pins that state's account (`pinPrice`), a real governance transaction on any cluster.
import BN from "bn.js";
import { Keypair, PublicKey, SystemProgram, Transaction, TransactionInstruction } from "@solana/web3.js";
import { createAccount, createMint, mintTo, TOKEN_PROGRAM_ID } from "@solana/spl-token";
import { confirmedTransaction, testEnv, TestEnv } from "../support/env";
import { networkProgram } from "../../sdk/src/network/program";
import { networkPda, stakeVaultPda } from "../../sdk/src/network/pda";
import { creditsProgram, CreditsProgram } from "../../sdk/src/credits/program";
import {
  CreditsParams, createDcAccountInstructions, createDcMintInstructions, dcAccountAddress, initializeCreditsIx,
  PRICE_MODE_FIXED, PRICE_MODE_ORACLE, DEFAULT_USD_PER_CREDIT_E8, burnForCreditsIx, spendCreditsIx,
} from "../../sdk/src/credits/instructions";
import { fetchCreditsConfig, epochAt } from "../../sdk/src/credits/accounts";
import { updateCreditsConfigIx } from "../../sdk/src/credits/instructions";
import { CREDITS_PROGRAM_ID } from "../../sdk/src/ids";
import { enumValue } from "../../sdk/src/enums";
import { CREDITS_EPOCH_SECS } from "../support/time";
import { FIXTURE_FEED_ID, PRICES, PriceState } from "../support/fixtures";

/** The credits suites' epoch: an hour on the embedded SVM, seconds on a cluster (tests/support/time.ts). */
export const EPOCH_SECS = CREDITS_EPOCH_SECS;
export const FEED_ID = FIXTURE_FEED_ID;

export interface Ctx {
  env: TestEnv;
  program: CreditsProgram;
  authority: Keypair;
  network: PublicKey;
  tokenMint: PublicKey;
  dcMint: PublicKey;
  customer: Keypair;
  source: PublicKey;
  customerDc: PublicKey;
  priceUpdate: PublicKey;
  params: CreditsParams;
}

export function baseParams(priceUpdate: PublicKey, over: Partial<CreditsParams> = {}): CreditsParams {
  return {
    priceMode: PRICE_MODE_FIXED, creditsPerToken: new BN(100), usdPerCreditE8: DEFAULT_USD_PER_CREDIT_E8, priceUpdate, feedId: FEED_ID,
    maxPriceAgeSecs: new BN(60), maxConfBps: 200, confKBps: 10_000, breakerWindowSecs: new BN(86_400), breakerMaxCredits: new BN(1_000_000_000), ...over,
  };
}

export async function send(env: TestEnv, ixs: TransactionInstruction[], signers: Keypair[] = []): Promise<string> {
  return env.provider.sendAndConfirm(new Transaction().add(...ixs), signers);
}

export async function setup(mode: "fixed" | "oracle", over: Partial<CreditsParams> = {}): Promise<Ctx> {
  const env = testEnv();
  const program = creditsProgram(env.provider);
  const authority = Keypair.generate();
  const tokenMint = await createMint(env.connection, env.payer, env.payer.publicKey, null, 6);
  const treasury = await createAccount(env.connection, env.payer, tokenMint, authority.publicKey, Keypair.generate());
  const network = networkPda(tokenMint, authority.publicKey);
  await networkProgram(env.provider).methods
    .initializeNetwork(new BN(EPOCH_SECS), new BN(1_000_000), new BN(0), new BN(86_400), new BN(3_600), 5_000, enumValue("treasury"), 0, [])
    .accountsPartial({ payer: env.payer.publicKey, authority: authority.publicKey, network, mint: tokenMint, stakeVault: stakeVaultPda(network), treasury, tokenProgram: TOKEN_PROGRAM_ID, systemProgram: SystemProgram.programId })
    .signers([authority]).rpc();
  const dcMint = Keypair.generate();
  const priceUpdate = PRICES.fresh;
  const params = baseParams(priceUpdate, { priceMode: mode === "fixed" ? PRICE_MODE_FIXED : PRICE_MODE_ORACLE, ...over });
  await send(env, [
    ...(await createDcMintInstructions(env.connection, env.payer.publicKey, dcMint, network)),
    await initializeCreditsIx(program, { payer: env.payer.publicKey, authority: authority.publicKey, network, dcMint: dcMint.publicKey, tokenMint }, params),
  ], [dcMint, authority]);
  const customer = Keypair.generate();
  await env.airdrop(customer.publicKey);
  const source = await createAccount(env.connection, env.payer, tokenMint, customer.publicKey, Keypair.generate());
  await mintTo(env.connection, env.payer, tokenMint, source, env.payer, 1_000_000_000n);
  await send(env, createDcAccountInstructions(env.payer.publicKey, customer.publicKey, dcMint.publicKey, network), [customer]);
  return { env, program, authority, network, tokenMint, dcMint: dcMint.publicKey, customer, source, customerDc: dcAccountAddress(dcMint.publicKey, customer.publicKey), priceUpdate, params };
}

/** Pins another price account (a fixture state, or any address): the authority's config update. */
export async function pinPrice(ctx: Ctx, price: PriceState | PublicKey): Promise<void> {
  const priceUpdate = price instanceof PublicKey ? price : PRICES[price];
  ctx.params = { ...ctx.params, priceUpdate };
  ctx.priceUpdate = priceUpdate;
  await send(ctx.env, [await updateCreditsConfigIx(ctx.program, { authority: ctx.authority.publicKey, network: ctx.network }, ctx.params)], [ctx.authority]);
}

/**
 * Waits for the next epoch to begin (warps to its first second on the embedded SVM) and returns
 * its index: a test then has a whole epoch for the transactions it wants in one epoch.
 */
export async function toNextEpoch(ctx: Ctx): Promise<number> {
  const config = await fetchCreditsConfig(ctx.program, ctx.network);
  const next = epochAt(config, await ctx.env.now()) + 1;
  await ctx.env.waitUntil(config.genesisTs.toNumber() + next * config.epochLengthSecs.toNumber());
  return next;
}

/** The epoch a transaction executed in. */
export async function epochOf(ctx: Ctx, signature: string): Promise<number> {
  const tx = await confirmedTransaction(ctx.env.connection, signature);
  return epochAt(await fetchCreditsConfig(ctx.program, ctx.network), tx!.blockTime!);
}

export async function currentEpoch(ctx: Ctx): Promise<number> {
  return epochAt(await fetchCreditsConfig(ctx.program, ctx.network), await ctx.env.now());
}

export async function burnIx(ctx: Ctx, amount: number | BN, minOut: number | BN = 0, over: { owner?: PublicKey; source?: PublicKey; recipient?: PublicKey; priceUpdate?: PublicKey } = {}) {
  return burnForCreditsIx(ctx.program, {
    owner: over.owner ?? ctx.customer.publicKey, network: ctx.network, tokenMint: ctx.tokenMint, source: over.source ?? ctx.source, dcMint: ctx.dcMint,
    recipient: over.recipient ?? ctx.customerDc, priceUpdate: over.priceUpdate ?? ctx.priceUpdate, tokenProgram: TOKEN_PROGRAM_ID,
  }, new BN(amount.toString()), new BN(minOut.toString()));
}

export async function spendIx(ctx: Ctx, spender: PublicKey, amount: number, opts: { dcAccount?: PublicKey; delegated?: boolean; usageRef?: number[] } = {}) {
  return spendCreditsIx(ctx.program, { spender, network: ctx.network, dcMint: ctx.dcMint, dcAccount: opts.dcAccount ?? ctx.customerDc, delegated: opts.delegated },
    new BN(amount), opts.usageRef ?? Array.from(Buffer.alloc(32, 1)));
}

/** A transaction's log lines (the embedded SVM's record, or getTransaction on a cluster). */
export async function transactionLogs(ctx: Ctx, signature: string): Promise<string[]> {
  const tx = await confirmedTransaction(ctx.env.connection, signature);
  return tx!.meta!.logMessages!;
}

/** Compute units the credits program itself consumed in a transaction (CPIs included). */
export async function programUnits(ctx: Ctx, signature: string): Promise<number> {
  const logs = await transactionLogs(ctx, signature);
  const line = logs.find((l) => l.startsWith(`Program ${CREDITS_PROGRAM_ID.toBase58()} consumed`))!;
  return Number(/consumed (\d+) of/.exec(line)![1]);
}
