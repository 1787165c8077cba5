// Where a CLI command runs: the Solana CLI config for URL, keypair and commitment by default
// (~/.config/solana/cli/config.yml), `--url`/`--keypair`/`--commitment` overrides, `--fee-payer`
// for a separate fee payer, and `--url embedded:<file>` for the embedded SVM with its state kept in
// a file between commands (scripts, tests, demos). A command on a state file holds its lock from
// loading to saving (./lock.ts), so concurrent commands on one file queue instead of losing writes.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { AnchorProvider, Wallet } from "@coral-xyz/anchor";
import { Commitment, Connection, Keypair, LAMPORTS_PER_SOL } from "@solana/web3.js";
import { Address, Lamports } from "@solana/kit";
import { LiteSVM } from "litesvm";
import { groundworkPrograms, openEmbeddedState, SvmProgram } from "../svm";
import { SendOptions } from "../tx";
import { CliError } from "./errors";
import { lockStateFile, StateLock } from "./lock";

export interface GlobalOptions {
  url?: string;
  keypair?: string;
  config?: string;
  /** `--json`: an alias of `--output json`. */
  json?: boolean;
  output?: string;
  feePayer?: string;
  commitment?: string;
  dryRun?: boolean;
  yes?: boolean;
  create?: boolean;
  baseUnits?: boolean;
}

export interface CliContext {
  /** The provider: its wallet is the fee payer. */
  provider: AnchorProvider;
  /** The signer (`--keypair`): the persona acting (authority, operator, customer, oracle). */
  wallet: Keypair;
  /** Who pays fees and rent (`--fee-payer`, default the signer). */
  feePayer: Keypair;
  json: boolean;
  /** The RPC URL, or `embedded:<file>`. */
  url: string;
  /** The embedded SVM, when the command runs on one. */
  svm?: LiteSVM;
  commitment: Commitment;
  /** `--dry-run`: simulate; nothing is saved or sent. */
  dryRun: boolean;
  /** How the SDK sends for this command (commitment, simulation). */
  sendOptions: SendOptions;
  /** An explorer link for a transaction on a real cluster, else undefined. */
  explorer(signature: string): string | undefined;
  /** Persists embedded-SVM state (not in a dry run); a no-op on a cluster. */
  save(): void;
  /** Releases the state file's lock (also released at exit). */
  close(): void;
}

export const MONIKERS: Record<string, string> = {
  localhost: "http://127.0.0.1:8899",
  l: "http://127.0.0.1:8899",
  devnet: "https://api.devnet.solana.com",
  d: "https://api.devnet.solana.com",
  testnet: "https://api.testnet.solana.com",
  t: "https://api.testnet.solana.com",
  "mainnet-beta": "https://api.mainnet-beta.solana.com",
  m: "https://api.mainnet-beta.solana.com",
};

const COMMITMENTS: readonly Commitment[] = ["processed", "confirmed", "finalized"];
const DEFAULT_CONFIG = () => path.join(os.homedir(), ".config", "solana", "cli", "config.yml");

/** Reads `json_rpc_url`, `keypair_path` and `commitment` from the Solana CLI's YAML config (flat keys only). */
export function readSolanaConfig(file = DEFAULT_CONFIG()): { url?: string; keypair?: string; commitment?: string } {
  if (!fs.existsSync(file)) return {};
  const out: { url?: string; keypair?: string; commitment?: string } = {};
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    const m = /^(\w+):\s*['"]?([^'"]*)['"]?\s*$/.exec(line);
    if (!m) continue;
    if (m[1] === "json_rpc_url") out.url = m[2];
    if (m[1] === "keypair_path") out.keypair = m[2];
    if (m[1] === "commitment") out.commitment = m[2];
  }
  return out;
}

const expandHome = (file: string) => (file.startsWith("~") ? path.join(os.homedir(), file.slice(1)) : file);

/** A keypair file (a JSON array of 64 bytes, as solana-keygen writes it). Never invents one. */
export function loadKeypair(file: string, what = "keypair"): Keypair {
  const resolved = expandHome(file);
  if (!fs.existsSync(resolved)) {
    throw new CliError("KEYPAIR_NOT_FOUND", `${what} file not found: ${resolved}`, `create one with \`groundwork wallet new --outfile ${file}\` (or solana-keygen new), or pass another with ${what === "keypair" ? "-k/--keypair" : `the ${what} option`}`);
  }
  let bytes: unknown;
  try {
    bytes = JSON.parse(fs.readFileSync(resolved, "utf8"));
  } catch {
    throw new CliError("INVALID_KEYPAIR", `${what} file ${resolved} is not JSON`, "a keypair file is a JSON array of 64 numbers, as solana-keygen and `groundwork wallet new` write it");
  }
  if (!Array.isArray(bytes) || bytes.length !== 64 || !bytes.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)) {
    throw new CliError("INVALID_KEYPAIR", `${what} file ${resolved} is not a keypair (a JSON array of 64 bytes)`);
  }
  try {
    return Keypair.fromSecretKey(Uint8Array.from(bytes as number[]));
  } catch {
    throw new CliError("INVALID_KEYPAIR", `${what} file ${resolved} holds 64 bytes that are not a valid ed25519 keypair`);
  }
}

function parseCommitment(value: string | undefined): Commitment {
  const c = (value ?? "confirmed") as Commitment;
  if (!COMMITMENTS.includes(c)) throw new CliError("INVALID_ARGUMENT", `--commitment must be one of ${COMMITMENTS.join(", ")}: ${value}`);
  return c;
}

/** Explorer link of a transaction: the cluster monikers, any other RPC as a custom cluster. */
export function explorerLink(url: string, signature: string): string | undefined {
  if (url.startsWith("embedded:") || !signature) return undefined;
  const base = `https://explorer.solana.com/tx/${signature}`;
  if (url === MONIKERS["mainnet-beta"]) return base;
  if (url === MONIKERS.devnet) return `${base}?cluster=devnet`;
  if (url === MONIKERS.testnet) return `${base}?cluster=testnet`;
  return `${base}?cluster=custom&customUrl=${encodeURIComponent(url)}`;
}

/** The URL the options name: `--url`, else the Solana CLI config, else localhost. */
export function resolveUrl(options: GlobalOptions): string {
  const config = readSolanaConfig(options.config);
  const url = options.url ?? config.url ?? "http://127.0.0.1:8899";
  return MONIKERS[url] ?? url;
}

/**
 * The context of a command, without the state-file lock (for reading a state file no command is
 * writing, e.g. in tests). Commands use `openContext`.
 */
export function createContext(options: GlobalOptions): CliContext {
  const config = readSolanaConfig(options.config);
  const url = resolveUrl(options);
  const keypairPath = options.keypair ?? config.keypair ?? path.join(os.homedir(), ".config", "solana", "id.json");
  const json = Boolean(options.json) || options.output === "json" || options.output === "json-compact";
  const commitment = parseCommitment(options.commitment ?? config.commitment);
  const dryRun = Boolean(options.dryRun);
  const wallet = loadKeypair(keypairPath);
  const feePayer = options.feePayer ? loadKeypair(options.feePayer, "--fee-payer keypair") : wallet;
  const base = { wallet, feePayer, json, url, commitment, dryRun, close: () => undefined, explorer: (s: string) => explorerLink(url, s) };

  if (url.startsWith("embedded:")) {
    const stateFile = url.slice("embedded:".length);
    if (!stateFile) throw new CliError("INVALID_ARGUMENT", "--url embedded: needs a state file path, e.g. --url embedded:/tmp/gw.bin");
    // On the embedded SVM a dry run runs for real in memory and is not saved: an exact simulation.
    const sendOptions: SendOptions = { commitment };
    if (!fs.existsSync(stateFile) && !options.create) {
      throw new CliError("STATE_FILE_NOT_FOUND", `embedded state file not found: ${stateFile}`, `check the path; to start a new embedded chain there, add --create`, { stateFile });
    }
    let programs: SvmProgram[];
    try {
      programs = groundworkPrograms();
    } catch (e) {
      throw new CliError("FILE_NOT_FOUND", (e as Error).message, "build them with `npm run build:programs`");
    }
    const missing = programs.filter((p) => !fs.existsSync(p.so));
    if (missing.length) throw new CliError("FILE_NOT_FOUND", `the compiled programs are missing (${missing.map((p) => p.so).join(", ")})`, "build them with `npm run build:programs`");
    const env = openEmbeddedState(stateFile, { payer: feePayer, programs, create: options.create, commitment });
    if (env.created && !wallet.publicKey.equals(feePayer.publicKey)) env.svm.airdrop(wallet.publicKey.toBase58() as Address, BigInt(10 * LAMPORTS_PER_SOL) as Lamports);
    return { ...base, provider: env.provider, svm: env.svm, sendOptions, save: () => (dryRun ? undefined : env.save()) };
  }

  const connection = new Connection(url, commitment);
  const provider = new AnchorProvider(connection, new Wallet(feePayer), { commitment, preflightCommitment: commitment });
  return { ...base, provider, sendOptions: { commitment, simulate: dryRun }, save: () => undefined };
}

/** The context of a command: on an embedded state file, taken under the file's lock. */
export async function openContext(options: GlobalOptions): Promise<CliContext> {
  const url = resolveUrl(options);
  let lock: StateLock | undefined;
  if (url.startsWith("embedded:") && url.length > "embedded:".length) lock = await lockStateFile(url.slice("embedded:".length));
  try {
    const ctx = createContext(options);
    return { ...ctx, close: () => lock?.release() };
  } catch (e) {
    lock?.release();
    throw e;
  }
}
