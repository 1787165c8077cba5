// Where the suites run: the embedded SVM by default, or a real cluster when ANCHOR_PROVIDER_URL is
// set (the validator suite). Clock moves are only possible on the embedded SVM; on a cluster,
// `waitSeconds` waits until the cluster's own clock (the Clock sysvar) has moved on, polling it —
// no fixed sleeps. Fixtures pick durations that suit each (tests/support/time.ts).
import * as path from "path";
import { AnchorProvider, Wallet } from "@coral-xyz/anchor";
import { BlockhashWithExpiryBlockHeight, Commitment, Connection, GetLatestBlockhashConfig, Keypair, LAMPORTS_PER_SOL, PublicKey } from "@solana/web3.js";
import * as fs from "fs";
import { createEmbeddedSvm, deployPath, SvmConnection } from "../../sdk/src/svm";
import { confirmedTransaction } from "../../sdk/src/tx";

export { confirmedTransaction };
import { PROGRAMS } from "../../sdk/src/ids";
import { chainUnixTime } from "../../sdk/src/rewards/accounts";
import { loadFixtureAccounts } from "./fixtures";
import { ATTACKER_PROGRAM_ID, ATTACKER_PROGRAM_NAME } from "./attacks";

export interface TestEnv {
  provider: AnchorProvider;
  connection: Connection;
  payer: Keypair;
  /** The embedded SVM's connection, or undefined on a real cluster. */
  svm?: SvmConnection;
  /** Advances the chain clock by at least `seconds` (warps the embedded SVM; waits on a cluster). */
  waitSeconds(seconds: number): Promise<void>;
  /** Until the chain clock reads at least `unixTimestamp` (no-op when it already does). */
  waitUntil(unixTimestamp: number): Promise<void>;
  /** The chain clock (the Clock sysvar's unix_timestamp). */
  now(): Promise<number>;
  airdrop(to: PublicKey, sol?: number): Promise<void>;
}

const root = path.join(__dirname, "..", "..");

/**
 * A cluster connection that never hands out the same blockhash twice in a row. Anchor's provider
 * fetches a blockhash for every transaction and signs it itself, so two identical transactions
 * sent within one slot (a replay test, an idempotent call, the same pause twice) would carry the
 * same signature, and the cluster would refuse the second as already processed instead of running
 * it. Waiting for the next slot's blockhash (~0.4 s) makes every transaction distinct, as each is
 * on the embedded SVM.
 */
class DistinctBlockhashConnection extends Connection {
  /** Shared by every connection of the run: fixtures may open several. */
  private static lastBlockhash?: string;

  override async getLatestBlockhash(commitmentOrConfig?: Commitment | GetLatestBlockhashConfig): Promise<BlockhashWithExpiryBlockHeight> {
    for (let attempt = 0; ; attempt++) {
      const latest = await super.getLatestBlockhash(commitmentOrConfig);
      // A stalled cluster would hand out one blockhash forever: give up after ~10 s.
      if (latest.blockhash !== DistinctBlockhashConnection.lastBlockhash || attempt >= 100) {
        DistinctBlockhashConnection.lastBlockhash = latest.blockhash;
        return latest;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

export function testEnv(): TestEnv {
  const url = process.env.ANCHOR_PROVIDER_URL;
  if (url) {
    const walletPath = process.env.ANCHOR_WALLET ?? path.join(process.env.HOME ?? "", ".config/solana/id.json");
    const payer = Keypair.fromSecretKey(Uint8Array.from(JSON.parse(fs.readFileSync(walletPath, "utf8"))));
    const connection = new DistinctBlockhashConnection(url, "confirmed");
    const provider = new AnchorProvider(connection, new Wallet(payer), { commitment: "confirmed", preflightCommitment: "confirmed" });
    const now = () => chainUnixTime(connection);
    const waitUntil = async (target: number) => {
      // A slot is ~0.4 s; the clock moves in whole seconds. Give up long after the target (a
      // stalled validator), rather than hang the suite.
      const deadline = Date.now() + (Math.max(0, target - (await now())) + 60) * 2_000;
      while ((await now()) < target) {
        if (Date.now() > deadline) throw new Error(`the cluster clock did not reach ${target} (now ${await now()})`);
        await new Promise((r) => setTimeout(r, 250));
      }
    };
    return {
      provider, connection, payer,
      now,
      waitUntil,
      async waitSeconds(seconds) {
        await waitUntil((await now()) + seconds);
      },
      async airdrop(to, sol = 10) {
        const sig = await connection.requestAirdrop(to, sol * LAMPORTS_PER_SOL);
        await connection.confirmTransaction(sig, "confirmed");
      },
    };
  }
  // Our programs, the test-only attacker program, and the fixture accounts: what
  // scripts/test-validator.sh gives the validator.
  const programs = [...PROGRAMS, { name: ATTACKER_PROGRAM_NAME, programId: ATTACKER_PROGRAM_ID }];
  const env = createEmbeddedSvm(programs.map((p) => ({ programId: p.programId, so: deployPath(p.name, root) })).filter((p) => fs.existsSync(p.so)));
  loadFixtureAccounts(env.svm);
  return {
    provider: env.provider,
    connection: env.connection,
    payer: env.payer,
    svm: env.connection,
    async now() { return env.connection.unixTimestamp(); },
    async waitSeconds(seconds) { env.connection.warp(seconds); },
    async waitUntil(unixTimestamp) { env.connection.warpTo(unixTimestamp); },
    async airdrop(to, sol = 10) {
      await env.connection.requestAirdrop(to, sol * LAMPORTS_PER_SOL);
    },
  };
}

/** The chain clock when a transaction executed (its block time: the Clock sysvar of its slot). */
export async function txTime(env: TestEnv, signature: string): Promise<number> {
  const tx = await confirmedTransaction(env.connection, signature);
  if (tx.blockTime === null || tx.blockTime === undefined) throw new Error(`no block time for ${signature}`);
  return tx.blockTime;
}
