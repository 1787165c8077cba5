// Shared fixture of the rewards suites: a network (network program) with three oracles
// (threshold 2), its treasury, and helpers to configure rewards, publish roots and claim.
import BN from "bn.js";
import { randomBytes } from "crypto";
import { Keypair, PublicKey, SystemProgram, Transaction, TransactionInstruction } from "@solana/web3.js";
import { createMint, createAccount, getAccount, TOKEN_PROGRAM_ID } from "@solana/spl-token";
import { TestEnv, testEnv } from "../support/env";
import { networkProgram } from "../../sdk/src/network/program";
import { networkPda, stakeVaultPda } from "../../sdk/src/network/pda";
import { rewardsProgram, RewardsProgram } from "../../sdk/src/rewards/program";
import * as ix from "../../sdk/src/rewards/instructions";
import { buildTree, RewardLeaf, RewardTree } from "../../sdk/src/rewards/merkle";
import { enumValue } from "../../sdk/src/enums";

export const EPOCH = 86_400;

export interface Fixture {
  env: TestEnv;
  program: RewardsProgram;
  authority: Keypair;
  oracles: Keypair[];
  mint: PublicKey;
  network: PublicKey;
  treasury: PublicKey;
  genesis: number;
  send(ixs: TransactionInstruction[], signers?: Keypair[]): Promise<string>;
  /** Compute units of a processed transaction (embedded SVM). */
  cu(sig: string): number;
  txSize(sig: string): number;
  balance(account: PublicKey): Promise<bigint>;
  /** Moves the clock to the start of `epoch` (+1 s). */
  toEpoch(epoch: number): Promise<void>;
  init(mode: ix.FundingModeValue, params: Partial<ix.RewardsParams>): Promise<void>;
  vote(oracle: Keypair, epoch: number, tree: { root: Buffer; total: bigint; leafCount: number }): Promise<string>;
  /** Two oracles agree: the epoch finalizes; returns the finalizing signature. */
  finalize(epoch: number, tree: RewardTree): Promise<string>;
  claim(payer: Keypair, leaf: RewardLeaf, proof: Buffer[]): Promise<string>;
}

export async function fixture(): Promise<Fixture> {
  const env = testEnv();
  const program = rewardsProgram(env.provider);
  const authority = Keypair.generate();
  const oracles = [Keypair.generate(), Keypair.generate(), Keypair.generate()];
  for (const o of oracles) await env.airdrop(o.publicKey, 5);
  await env.airdrop(authority.publicKey, 5);
  const mint = await createMint(env.connection, env.payer, authority.publicKey, null, 6);
  const treasury = await createAccount(env.connection, env.payer, mint, authority.publicKey, Keypair.generate());
  const network = networkPda(mint, authority.publicKey);
  await networkProgram(env.provider)
    .methods.initializeNetwork(new BN(EPOCH), new BN(1_000), new BN(0), new BN(86_400), new BN(3_600), 5_000, enumValue("treasury"), 2, oracles.map((o) => o.publicKey))
    .accountsPartial({
      payer: env.payer.publicKey, authority: authority.publicKey, network, mint, stakeVault: stakeVaultPda(network), treasury,
      tokenProgram: TOKEN_PROGRAM_ID, systemProgram: SystemProgram.programId,
    })
    .signers([authority])
    .rpc();
  const genesis = await env.now();

  const send = async (ixs: TransactionInstruction[], signers: Keypair[] = []) =>
    env.provider.sendAndConfirm(new Transaction().add(...ixs), signers);
  const f: Fixture = {
    env, program, authority, oracles, mint, network, treasury, genesis, send,
    cu: (sig) => env.svm!.transactionRecord(sig)!.computeUnitsConsumed,
    txSize: (sig) => env.svm!.transactionRecord(sig)!.size,
    balance: async (account) => (await getAccount(env.connection, account)).amount,
    async toEpoch(epoch) {
      env.svm!.warpTo(genesis + epoch * EPOCH + 1);
    },
    async init(mode, params) {
      const p: ix.RewardsParams = {
        supplyCap: new BN(1_000_000_000), operatorBps: 8_000, netEmissionCap: new BN(0),
        schedule: [{ startTs: new BN(genesis), emissionPerEpoch: new BN(1_000_000) }],
        ...params,
      };
      const ixs = mode === ix.FundingMode.Mint ? [ix.handOverMintAuthority(mint, authority.publicKey, network)] : [];
      ixs.push(await ix.initializeRewards(program, { ...p, payer: env.payer.publicKey, authority: authority.publicKey, network, mint, fundingMode: mode }));
      await send(ixs, [authority]);
    },
    async vote(oracle, epoch, t) {
      const i = await ix.submitEpochRoot(program, { oracle: oracle.publicKey, network, mint, treasury, epoch, root: t.root, total: t.total, leafCount: t.leafCount });
      return send([i], [oracle]);
    },
    async finalize(epoch, tree) {
      await f.vote(oracles[0], epoch, tree);
      return f.vote(oracles[1], epoch, tree);
    },
    async claim(payer, leaf, proof) {
      const ixs = await ix.claimWithAccount(program, { payer: payer.publicKey, operator: leaf.operator, network, mint, cumulativeAmount: leaf.amount, proof });
      return send(ixs, [payer]);
    },
  };
  return f;
}

export function leaves(n: number, amount: (i: number) => bigint): RewardLeaf[] {
  // Random 32-byte keys: ed25519 keypair generation would dominate a 100k-leaf build.
  return Array.from({ length: n }, (_, i) => ({ operator: new PublicKey(randomBytes(32)), amount: amount(i) }));
}

export { buildTree };
