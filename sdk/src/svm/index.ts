// The embedded SVM: an Anchor `AnchorProvider` whose connection is served by LiteSVM in-process.
// Programs built by `npm run build:programs` are loaded from target/deploy.
import * as path from "path";
import * as fs from "fs";
import { AnchorProvider, Wallet } from "@coral-xyz/anchor";
import { Keypair, LAMPORTS_PER_SOL, PublicKey } from "@solana/web3.js";
import { Address, Lamports } from "@solana/kit";
import { LiteSVM, FailedTransactionMetadata } from "litesvm";
import { SvmConnection } from "./connection";

export { SvmConnection } from "./connection";
export type { SvmTransactionRecord } from "./connection";

export interface SvmProgram {
  programId: PublicKey;
  /** Path of the SBPF `.so` to load. */
  so: string;
}

export interface EmbeddedSvm {
  svm: LiteSVM;
  connection: SvmConnection;
  provider: AnchorProvider;
  payer: Keypair;
}

/** Loads programs into a fresh LiteSVM and returns an Anchor provider on it. */
export function createEmbeddedSvm(programs: SvmProgram[], payer: Keypair = Keypair.generate()): EmbeddedSvm {
  // Blockhashes: each transaction gets a fresh one (see SvmConnection.send); the check is off because
  // web3.js caches a blockhash for 30 s, longer than one embedded "slot" lives.
  const svm = new LiteSVM().withTransactionHistory(BigInt(10_000)).withBlockhashCheck(false);
  for (const program of programs) {
    if (!fs.existsSync(program.so)) {
      throw new Error(`${program.so} is missing: run \`npm run build:programs\` first`);
    }
    svm.addProgramFromFile(program.programId.toBase58() as Address, program.so);
  }
  // Start at a realistic unix time rather than 0, so that time arithmetic is exercised as on mainnet.
  const connection = new SvmConnection(svm);
  connection.warp(1_767_225_600 - connection.unixTimestamp());
  const funded = svm.airdrop(payer.publicKey.toBase58() as Address, BigInt(10_000 * LAMPORTS_PER_SOL) as Lamports);
  if (!funded || funded instanceof FailedTransactionMetadata) throw new Error(`could not fund the payer: ${funded?.toString()}`);
  const provider = new AnchorProvider(connection, new Wallet(payer), {
    commitment: "confirmed",
    preflightCommitment: "confirmed",
  });
  return { svm, connection, provider, payer };
}

/** Where `npm run build:programs` writes a program's `.so`. */
export function deployPath(programName: string, root: string = process.cwd()): string {
  return path.join(root, "target", "deploy", `${programName}.so`);
}
