// Where the suites run: the embedded SVM by default, or a real cluster when ANCHOR_PROVIDER_URL is
// set (the validator suite). Clock moves are only possible on the embedded SVM; on a cluster,
// `waitSeconds` waits for real time to pass.
import * as path from "path";
import { AnchorProvider, Wallet } from "@coral-xyz/anchor";
import { Connection, Keypair, LAMPORTS_PER_SOL, PublicKey } from "@solana/web3.js";
import * as fs from "fs";
import { createEmbeddedSvm, deployPath, SvmConnection } from "../../sdk/src/svm";
import { PROGRAMS } from "../../sdk/src/ids";

export interface TestEnv {
  provider: AnchorProvider;
  connection: Connection;
  payer: Keypair;
  /** The embedded SVM's connection, or undefined on a real cluster. */
  svm?: SvmConnection;
  /** Advances the chain clock by at least `seconds`. */
  waitSeconds(seconds: number): Promise<void>;
  now(): Promise<number>;
  airdrop(to: PublicKey, sol?: number): Promise<void>;
}

const root = path.join(__dirname, "..", "..");

export function testEnv(): TestEnv {
  const url = process.env.ANCHOR_PROVIDER_URL;
  if (url) {
    const walletPath = process.env.ANCHOR_WALLET ?? path.join(process.env.HOME ?? "", ".config/solana/id.json");
    const payer = Keypair.fromSecretKey(Uint8Array.from(JSON.parse(fs.readFileSync(walletPath, "utf8"))));
    const connection = new Connection(url, "confirmed");
    const provider = new AnchorProvider(connection, new Wallet(payer), { commitment: "confirmed", preflightCommitment: "confirmed" });
    const now = async () => {
      const slot = await connection.getSlot("confirmed");
      return (await connection.getBlockTime(slot)) ?? Math.floor(Date.now() / 1000);
    };
    return {
      provider, connection, payer,
      now,
      async waitSeconds(seconds) {
        const target = (await now()) + seconds;
        while ((await now()) < target) await new Promise((r) => setTimeout(r, 400));
      },
      async airdrop(to, sol = 10) {
        const sig = await connection.requestAirdrop(to, sol * LAMPORTS_PER_SOL);
        await connection.confirmTransaction(sig, "confirmed");
      },
    };
  }
  const env = createEmbeddedSvm(PROGRAMS.map((p) => ({ programId: p.programId, so: deployPath(p.name, root) })).filter((p) => fs.existsSync(p.so)));
  return {
    provider: env.provider,
    connection: env.connection,
    payer: env.payer,
    svm: env.connection,
    async now() { return env.connection.unixTimestamp(); },
    async waitSeconds(seconds) { env.connection.warp(seconds); },
    async airdrop(to, sol = 10) {
      await env.connection.requestAirdrop(to, sol * LAMPORTS_PER_SOL);
    },
  };
}
