// Shared fixture for the network suites: a fresh SVM with an initialised network, funded operator
// wallets, and a `send` that returns the signature (and compute units on the embedded SVM).
import { transactionCost } from "../../sdk/src/tx";
import { expect } from "chai";
import BN from "bn.js";
import { Keypair, PublicKey, Transaction, TransactionInstruction } from "@solana/web3.js";
import { createAccount, createMint, getAccount, mintTo } from "@solana/spl-token";
import { EventParser } from "@coral-xyz/anchor";
import { testEnv, TestEnv } from "../support/env";
import { networkProgram, NetworkProgram } from "../../sdk/src/network/program";
import { networkPda, operatorPda, stakeVaultPda } from "../../sdk/src/network/pda";
import { initializeNetworkIx, registerOperatorIx, stakeIx, SlashDestination } from "../../sdk/src/network/instructions";

export const PARAMS = {
  epochLengthSecs: 86_400,
  stakePerDevice: 1_000,
  minOperatorStake: 500,
  unbondingSecs: 7 * 86_400,
  slashDisputeWindowSecs: 2 * 86_400,
  maxSlashBps: 5_000,
  slashDestination: "treasury" as SlashDestination,
};

export interface Operator {
  wallet: Keypair;
  /** The operator account (PDA). */
  key: PublicKey;
  /** The wallet's token account of the network mint. */
  tokens: PublicKey;
}

export interface Fixture {
  env: TestEnv;
  program: NetworkProgram;
  authority: Keypair;
  mint: PublicKey;
  treasury: PublicKey;
  network: PublicKey;
  vault: PublicKey;
  oracles: Keypair[];
  send(ixs: TransactionInstruction | TransactionInstruction[], signers?: Keypair[]): Promise<string>;
  /** Compute units the transaction consumed (embedded SVM record, or getTransaction on a cluster). */
  cu(signature: string): Promise<number>;
  events(signature: string): Promise<{ name: string; data: Record<string, unknown> }[]>;
  balance(tokenAccount: PublicKey): Promise<bigint>;
  newOperator(opts?: { tokens?: number; stake?: number }): Promise<Operator>;
}

export async function setup(overrides: Partial<typeof PARAMS> & { oracleCount?: number; threshold?: number } = {}): Promise<Fixture> {
  const env = testEnv();
  const program = networkProgram(env.provider);
  const authority = Keypair.generate();
  await env.airdrop(authority.publicKey);
  const mint = await createMint(env.connection, env.payer, authority.publicKey, null, 6);
  const treasury = await createAccount(env.connection, env.payer, mint, authority.publicKey, Keypair.generate());
  const oracles = Array.from({ length: overrides.oracleCount ?? 3 }, () => Keypair.generate());
  const network = networkPda(mint, authority.publicKey);
  const vault = stakeVaultPda(network);
  const p = { ...PARAMS, ...overrides };

  const send = async (ixs: TransactionInstruction | TransactionInstruction[], signers: Keypair[] = []) => {
    const tx = new Transaction().add(...(Array.isArray(ixs) ? ixs : [ixs]));
    return env.provider.sendAndConfirm(tx, signers);
  };
  await send(
    await initializeNetworkIx(program, {
      payer: env.payer.publicKey, authority: authority.publicKey, mint, treasury, ...p,
      oracleThreshold: overrides.threshold ?? 2, oracles: oracles.map((o) => o.publicKey),
    }),
    [authority],
  );

  const fixture: Fixture = {
    env, program, authority, mint, treasury, network, vault, oracles, send,
    async cu(signature) {
      return (await transactionCost(env.provider, signature)).computeUnits;
    },
    async events(signature) {
      const tx = await env.connection.getTransaction(signature, { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
      return [...new EventParser(program.programId, program.coder).parseLogs(tx!.meta!.logMessages!)];
    },
    async balance(tokenAccount) {
      return (await getAccount(env.connection, tokenAccount)).amount;
    },
    async newOperator(opts = {}) {
      const wallet = Keypair.generate();
      await env.airdrop(wallet.publicKey);
      const tokens = await createAccount(env.connection, env.payer, mint, wallet.publicKey, Keypair.generate());
      await mintTo(env.connection, env.payer, mint, tokens, authority, opts.tokens ?? 100_000);
      await send(await registerOperatorIx(program, { payer: env.payer.publicKey, authority: wallet.publicKey, network }), [wallet]);
      if (opts.stake) {
        await send(await stakeIx(program, { network, authority: wallet.publicKey, source: tokens, amount: opts.stake }), [wallet]);
      }
      return { wallet, key: operatorPda(network, wallet.publicKey), tokens };
    },
  };
  return fixture;
}

/** A deterministic 32-byte hash for tests. */
export const hash32 = (seed: number): number[] => Array.from({ length: 32 }, (_, i) => (seed + i) & 0xff);

export const num = (v: BN | number | bigint): number => Number(v.toString());

export function expectEvent(events: { name: string }[], name: string): void {
  expect(events.map((e) => e.name)).to.include(name);
}
