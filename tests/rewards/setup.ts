// Shared fixture of the rewards suites: a network (network program) with three oracles
// (threshold 2), its treasury, and helpers to configure rewards, publish roots and claim.
import BN from "bn.js";
import { randomBytes } from "crypto";
import { Keypair, PublicKey, SystemProgram, Transaction, TransactionInstruction } from "@solana/web3.js";
import { createMint, createAccount, getAccount, mintTo, TOKEN_PROGRAM_ID } from "@solana/spl-token";
import { confirmedTransaction, TestEnv, testEnv } from "../support/env";
import { networkProgram } from "../../sdk/src/network/program";
import { networkPda, stakeVaultPda } from "../../sdk/src/network/pda";
import { rewardsProgram, RewardsProgram } from "../../sdk/src/rewards/program";
import * as ix from "../../sdk/src/rewards/instructions";
import { buildTree, RewardLeaf, RewardTree } from "../../sdk/src/rewards/merkle";
import { REWARDS_EPOCH_SECS } from "../support/time";
import { enumValue } from "../../sdk/src/enums";
import { creditsProgram } from "../../sdk/src/credits/program";
import { burnForCreditsIx, createDcAccountInstructions, createDcMintInstructions, dcAccountAddress, initializeCreditsIx } from "../../sdk/src/credits/instructions";
import { epochAt, fetchCreditsConfig } from "../../sdk/src/credits/accounts";
import { baseParams } from "../credits/setup";
import { PRICES } from "../support/fixtures";

/** The rewards suites' epoch: a day on the embedded SVM, seconds on a cluster (tests/support/time.ts). */
export const EPOCH = REWARDS_EPOCH_SECS;

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
  /** Compute units of a processed transaction. */
  cu(sig: string): Promise<number>;
  /** Size in bytes of a processed transaction on the wire. */
  txSize(sig: string): Promise<number>;
  /** The chain clock when a transaction executed (its block time). */
  txTime(sig: string): Promise<number>;
  balance(account: PublicKey): Promise<bigint>;
  /** Moves the clock to the start of `epoch` (+1 s): warps the embedded SVM, waits on a cluster. */
  toEpoch(epoch: number): Promise<void>;
  /** The epoch the chain clock is in now. */
  epochNow(): Promise<number>;
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
  const created = await networkProgram(env.provider)
    .methods.initializeNetwork(new BN(EPOCH), new BN(1_000), new BN(0), new BN(86_400), new BN(3_600), 5_000, enumValue("treasury"), 2, oracles.map((o) => o.publicKey))
    .accountsPartial({
      payer: env.payer.publicKey, authority: authority.publicKey, network, mint, stakeVault: stakeVaultPda(network), treasury,
      tokenProgram: TOKEN_PROGRAM_ID, systemProgram: SystemProgram.programId,
    })
    .signers([authority])
    .rpc();
  const txOf = (sig: string) => confirmedTransaction(env.connection, sig);
  const genesis = (await txOf(created))!.blockTime!;

  const send = async (ixs: TransactionInstruction[], signers: Keypair[] = []) =>
    env.provider.sendAndConfirm(new Transaction().add(...ixs), signers);
  const f: Fixture = {
    env, program, authority, oracles, mint, network, treasury, genesis, send,
    cu: async (sig) => (await txOf(sig))!.meta!.computeUnitsConsumed!,
    async txSize(sig) {
      // Signatures (compact-u16 count + 64 bytes each) and the message, as sent.
      const tx = (await txOf(sig))!;
      const signatures = tx.transaction.signatures.length;
      return (signatures < 128 ? 1 : 2) + 64 * signatures + tx.transaction.message.serialize().length;
    },
    txTime: async (sig) => (await txOf(sig))!.blockTime!,
    balance: async (account) => (await getAccount(env.connection, account)).amount,
    async toEpoch(epoch) {
      await env.waitUntil(genesis + epoch * EPOCH + 1);
    },
    async epochNow() {
      return Math.max(0, Math.floor(((await env.now()) - genesis) / EPOCH));
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

/**
 * A customer holding `tokens` network tokens, minted now (so call it before rewards take the mint),
 * and credits on the fixture's network (fixed price), set up now or later (`setUpCredits`: until
 * then the network has no tally ring). `burn` burns tokens for credits through the credits
 * program, which records them in the network's tally ring, the account net emissions read; it
 * returns the epoch the burn ran in (its block time: the credits program's epochs are the
 * network's, as are the rewards program's).
 */
export async function creditsCustomer(f: Fixture, tokens: bigint, opts: { setUpCredits?: boolean } = {}): Promise<{ setUpCredits(): Promise<void>; burn(amount: bigint): Promise<number> }> {
  const program = creditsProgram(f.env.provider);
  const customer = Keypair.generate();
  await f.env.airdrop(customer.publicKey, 1);
  const source = await createAccount(f.env.connection, f.env.payer, f.mint, customer.publicKey, Keypair.generate());
  await mintTo(f.env.connection, f.env.payer, f.mint, source, f.authority, tokens);
  let dcMint: PublicKey | null = null;
  const setUpCredits = async () => {
    const mint = Keypair.generate();
    await f.send([
      ...(await createDcMintInstructions(f.env.connection, f.env.payer.publicKey, mint, f.network)),
      await initializeCreditsIx(program, { payer: f.env.payer.publicKey, authority: f.authority.publicKey, network: f.network, dcMint: mint.publicKey, tokenMint: f.mint }, baseParams(PRICES.fresh)),
      ...createDcAccountInstructions(f.env.payer.publicKey, customer.publicKey, mint.publicKey, f.network),
    ], [mint, f.authority, customer]);
    dcMint = mint.publicKey;
  };
  if (opts.setUpCredits ?? true) await setUpCredits();
  return {
    setUpCredits,
    async burn(amount) {
      if (!dcMint) throw new Error("credits are not set up on the network yet");
      const signature = await f.send([await burnForCreditsIx(program, {
        owner: customer.publicKey, network: f.network, tokenMint: f.mint, source, dcMint,
        recipient: dcAccountAddress(dcMint, customer.publicKey), priceUpdate: PRICES.fresh, tokenProgram: TOKEN_PROGRAM_ID,
      }, new BN(amount.toString()), new BN(0))], [customer]);
      return epochAt(await fetchCreditsConfig(program, f.network), await f.txTime(signature));
    },
  };
}
