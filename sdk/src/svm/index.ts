// The embedded SVM: an Anchor `AnchorProvider` whose connection is served by LiteSVM in-process.
// Programs built by `npm run build:programs` are loaded from target/deploy.
import * as path from "path";
import * as fs from "fs";
import { AnchorProvider, Wallet } from "@coral-xyz/anchor";
import { Commitment, Keypair, LAMPORTS_PER_SOL, PublicKey } from "@solana/web3.js";
import { Address, Lamports } from "@solana/kit";
import { LiteSVM, FailedTransactionMetadata } from "litesvm";
import { SvmConnection } from "./connection";
import { PROGRAMS } from "../ids";

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

/**
 * Where the compiled programs are: `GROUNDWORK_PROGRAMS_DIR`, else the installed package's
 * `programs/` directory, else a checkout's `target/deploy` (the first found walking up from here).
 */
export function programsDir(): string {
  if (process.env.GROUNDWORK_PROGRAMS_DIR) return process.env.GROUNDWORK_PROGRAMS_DIR;
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    for (const candidate of [path.join(dir, "programs"), path.join(dir, "target", "deploy")]) {
      if (fs.existsSync(path.join(candidate, "groundwork_network.so"))) return candidate;
    }
  }
  throw new Error("the compiled Groundwork programs were not found: run `npm run build:programs` in a checkout, or set GROUNDWORK_PROGRAMS_DIR");
}

/** The three Groundwork programs with their ids and compiled `.so` files (from `dir`, default `programsDir()`). */
export function groundworkPrograms(dir: string = programsDir()): SvmProgram[] {
  return PROGRAMS.map((p) => ({ programId: p.programId, so: path.join(dir, `${p.name}.so`) }));
}

/** An embedded SVM kept in a state file between runs. */
export interface EmbeddedState extends EmbeddedSvm {
  /** True when the file did not exist and a new chain was started. */
  created: boolean;
  /** Writes the state back to the file (atomically: a temporary file renamed over it). */
  save(): void;
}

/**
 * Opens an embedded SVM saved in `stateFile` (the CLI's `--url embedded:<file>`), loading the
 * programs into it (the program cache is not part of the saved state). A missing file is an error
 * unless `create` is set, which starts a new chain there funding `payer`. Not safe for two
 * writers at once: the CLI holds a lock file around it.
 */
export function openEmbeddedState(stateFile: string, options: { payer: Keypair; programs?: SvmProgram[]; create?: boolean; commitment?: Commitment }): EmbeddedState {
  const programs = options.programs ?? groundworkPrograms();
  const commitment = options.commitment ?? "confirmed";
  const save = (svm: LiteSVM) => () => {
    const tmp = `${stateFile}.${process.pid}.tmp`;
    svm.saveToFile(tmp);
    fs.renameSync(tmp, stateFile);
  };
  if (fs.existsSync(stateFile)) {
    const svm = LiteSVM.loadFromFile(stateFile).withBlockhashCheck(false).withTransactionHistory(BigInt(10_000));
    for (const p of programs) {
      if (!fs.existsSync(p.so)) throw new Error(`${p.so} is missing: run \`npm run build:programs\` first`);
      svm.addProgramFromFile(p.programId.toBase58() as Address, p.so);
    }
    const connection = new SvmConnection(svm, commitment);
    const provider = new AnchorProvider(connection, new Wallet(options.payer), { commitment, preflightCommitment: commitment });
    return { svm, connection, provider, payer: options.payer, created: false, save: save(svm) };
  }
  if (!options.create) throw new Error(`embedded state file not found: ${stateFile} (pass create to start a new chain there)`);
  const env = createEmbeddedSvm(programs, options.payer);
  return { ...env, created: true, save: save(env.svm) };
}
