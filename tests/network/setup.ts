// Shared fixture for the network suites: a fresh SVM (or the cluster) with an initialised network,
// funded operator wallets, and a `send` that returns the signature (and compute units on the
// embedded SVM). Durations come from tests/support/time.ts: days on the embedded SVM (a network
// with the recommended floors), seconds on a cluster (a network created with one-second floors,
// then raised to PARAMS at once, so its timelock grace and approval period are seconds too).
import { transactionCost } from "../../sdk/src/tx";
import { expect } from "chai";
import BN from "bn.js";
import { Keypair, PublicKey, Transaction, TransactionInstruction } from "@solana/web3.js";
import { createAccount, createMint, getAccount, mintTo } from "@solana/spl-token";
import { EventParser } from "@coral-xyz/anchor";
import { confirmedTransaction, testEnv, TestEnv, txTime } from "../support/env";
import { networkProgram, NetworkProgram } from "../../sdk/src/network/program";
import { networkPda, operatorPda, stakeVaultPda } from "../../sdk/src/network/pda";
import {
  floorsAtCreation, initializeNetworkIx, registerOperatorIx, slashApprovalPeriodSecs, SlashDestination, stakeIx, timelockGraceSecs, updateParamsIx,
} from "../../sdk/src/network/instructions";
import { CLUSTER_DISPUTE_WINDOW_FLOOR_SECS, CLUSTER_UNBONDING_FLOOR_SECS, NETWORK_TIME, ON_CLUSTER } from "../support/time";

export const PARAMS = {
  epochLengthSecs: NETWORK_TIME.epochLengthSecs,
  stakePerDevice: 1_000,
  minOperatorStake: 500,
  unbondingSecs: NETWORK_TIME.unbondingSecs,
  slashDisputeWindowSecs: NETWORK_TIME.slashDisputeWindowSecs,
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
  /** The floors the network was created with (what governance can never go below). */
  floors: { unbondingSecs: number; disputeWindowSecs: number };
  /** The timelock's grace beyond the unbonding period (24 × the unbonding floor, at most a day). */
  graceSecs: number;
  /** How long a queued change waits with the fixture's unbonding period: PARAMS' unbonding + grace. */
  timelockSecs: number;
  /** How long a slash proposal may collect approvals (168 × the unbonding floor, at most 7 days). */
  approvalPeriodSecs: number;
  send(ixs: TransactionInstruction | TransactionInstruction[], signers?: Keypair[]): Promise<string>;
  /** Compute units the transaction consumed (embedded SVM record, or getTransaction on a cluster). */
  cu(signature: string): Promise<number>;
  /** The chain clock when the transaction executed (its block time). */
  txTime(signature: string): Promise<number>;
  events(signature: string): Promise<{ name: string; data: Record<string, unknown> }[]>;
  balance(tokenAccount: PublicKey): Promise<bigint>;
  newOperator(opts?: { tokens?: number; stake?: number }): Promise<Operator>;
}

/**
 * A network with PARAMS (and `overrides`). On a cluster it is created with one-second floors and
 * raised to those durations in the same transaction, unless `exactFloors`: then it is created
 * with them (its floors are then the lower of the recommended ones and those).
 */
export async function setup(overrides: Partial<typeof PARAMS> & { oracleCount?: number; threshold?: number; exactFloors?: boolean } = {}): Promise<Fixture> {
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
  const { exactFloors, oracleCount: _count, threshold: _threshold, ...params } = p;
  const created = ON_CLUSTER && !exactFloors
    ? { ...params, unbondingSecs: Math.min(CLUSTER_UNBONDING_FLOOR_SECS, params.unbondingSecs), slashDisputeWindowSecs: Math.min(CLUSTER_DISPUTE_WINDOW_FLOOR_SECS, params.slashDisputeWindowSecs) }
    : params;
  const init = await initializeNetworkIx(program, {
    payer: env.payer.publicKey, authority: authority.publicKey, mint, treasury, ...created,
    oracleThreshold: overrides.threshold ?? 2, oracles: oracles.map((o) => o.publicKey),
  });
  // Longer durations than the creation's apply at once (they strengthen operators' protection).
  const raise = created === params ? [] : [await updateParamsIx(program, { authority: authority.publicKey, network, ...params })];
  await send([init, ...raise], [authority]);
  const floors = floorsAtCreation(created.unbondingSecs, created.slashDisputeWindowSecs);

  const fixture: Fixture = {
    env, program, authority, mint, treasury, network, vault, oracles, send,
    floors: { unbondingSecs: floors.unbondingFloorSecs, disputeWindowSecs: floors.disputeWindowFloorSecs },
    graceSecs: timelockGraceSecs(floors.unbondingFloorSecs),
    timelockSecs: params.unbondingSecs + timelockGraceSecs(floors.unbondingFloorSecs),
    approvalPeriodSecs: slashApprovalPeriodSecs(floors.unbondingFloorSecs),
    async cu(signature) {
      return (await transactionCost(env.provider, signature)).computeUnits;
    },
    async txTime(signature) {
      return txTime(env, signature);
    },
    async events(signature) {
      const tx = await confirmedTransaction(env.connection, signature);
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

export { txTime };

/** A deterministic 32-byte hash for tests. */
export const hash32 = (seed: number): number[] => Array.from({ length: 32 }, (_, i) => (seed + i) & 0xff);

export const num = (v: BN | number | bigint): number => Number(v.toString());

export function expectEvent(events: { name: string }[], name: string): void {
  expect(events.map((e) => e.name)).to.include(name);
}
