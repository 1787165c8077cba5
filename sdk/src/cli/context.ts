// Where a CLI command runs: the Solana CLI config for URL and keypair by default
// (~/.config/solana/cli/config.yml), `--url`/`--keypair` overrides, and `--url embedded:<file>`
// for the embedded SVM with its state kept in a file between commands (scripts, tests, demos).
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { AnchorProvider, Wallet } from "@coral-xyz/anchor";
import { Connection, Keypair } from "@solana/web3.js";
import { Address } from "@solana/kit";
import { LiteSVM } from "litesvm";
import { createEmbeddedSvm, deployPath, SvmConnection } from "../svm";
import { PROGRAMS } from "../ids";

export interface GlobalOptions {
  url?: string;
  keypair?: string;
  json?: boolean;
  config?: string;
}

export interface CliContext {
  provider: AnchorProvider;
  wallet: Keypair;
  json: boolean;
  /** Persists embedded-SVM state; a no-op on a cluster. */
  save(): void;
}

const MONIKERS: Record<string, string> = {
  localhost: "http://127.0.0.1:8899",
  l: "http://127.0.0.1:8899",
  devnet: "https://api.devnet.solana.com",
  d: "https://api.devnet.solana.com",
  testnet: "https://api.testnet.solana.com",
  t: "https://api.testnet.solana.com",
  "mainnet-beta": "https://api.mainnet-beta.solana.com",
  m: "https://api.mainnet-beta.solana.com",
};

/** Reads `json_rpc_url` and `keypair_path` from the Solana CLI's YAML config (flat keys only). */
export function readSolanaConfig(file = path.join(os.homedir(), ".config", "solana", "cli", "config.yml")): { url?: string; keypair?: string } {
  if (!fs.existsSync(file)) return {};
  const out: { url?: string; keypair?: string } = {};
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    const m = /^(\w+):\s*['"]?([^'"]*)['"]?\s*$/.exec(line);
    if (!m) continue;
    if (m[1] === "json_rpc_url") out.url = m[2];
    if (m[1] === "keypair_path") out.keypair = m[2];
  }
  return out;
}

export function loadKeypair(file: string): Keypair {
  const resolved = file.startsWith("~") ? path.join(os.homedir(), file.slice(1)) : file;
  if (!fs.existsSync(resolved)) throw new Error(`keypair file not found: ${resolved}`);
  return Keypair.fromSecretKey(Uint8Array.from(JSON.parse(fs.readFileSync(resolved, "utf8"))));
}

function repoRoot(): string {
  return path.join(__dirname, "..", "..", "..");
}

export function createContext(options: GlobalOptions): CliContext {
  const config = readSolanaConfig(options.config);
  const url = options.url ?? config.url ?? "http://127.0.0.1:8899";
  const keypairPath = options.keypair ?? config.keypair ?? path.join(os.homedir(), ".config", "solana", "id.json");
  const json = Boolean(options.json);

  if (url.startsWith("embedded:")) {
    const stateFile = url.slice("embedded:".length);
    const wallet = fs.existsSync(keypairPath.replace(/^~/, os.homedir())) ? loadKeypair(keypairPath) : Keypair.generate();
    if (fs.existsSync(stateFile)) {
      const svm = LiteSVM.loadFromFile(stateFile).withBlockhashCheck(false).withTransactionHistory(BigInt(10_000));
      // The program cache is not part of the saved state: load the programs again.
      for (const p of PROGRAMS) {
        const so = deployPath(p.name, repoRoot());
        if (fs.existsSync(so)) svm.addProgramFromFile(p.programId.toBase58() as Address, so);
      }
      const connection = new SvmConnection(svm);
      const provider = new AnchorProvider(connection, new Wallet(wallet), { commitment: "confirmed" });
      return { provider, wallet, json, save: () => svm.saveToFile(stateFile) };
    }
    const programs = PROGRAMS.map((p) => ({ programId: p.programId, so: deployPath(p.name, repoRoot()) })).filter((p) => fs.existsSync(p.so));
    const env = createEmbeddedSvm(programs, wallet);
    return { provider: env.provider, wallet, json, save: () => env.svm.saveToFile(stateFile) };
  }

  const wallet = loadKeypair(keypairPath);
  const connection = new Connection(MONIKERS[url] ?? url, "confirmed");
  const provider = new AnchorProvider(connection, new Wallet(wallet), { commitment: "confirmed", preflightCommitment: "confirmed" });
  return { provider, wallet, json, save: () => undefined };
}
