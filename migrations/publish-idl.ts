// Publishes each program's IDL on chain through the Program Metadata program
// (ProgM6JCCvbYkfKqJYHePx4xxSUSqJp7rh8Lyv7nk7S), where explorers and anchor-cli 1.x look for it:
// the canonical metadata account of seed "idl" (PDA [program id, "idl" padded to 16 bytes]),
// written by the program's upgrade authority. Idempotent: an IDL already published with the same
// content is left alone and nothing is sent. After writing, the account is fetched back and its
// content compared with the IDL file.
//
//   npm run publish-idl -- [--url <rpc|moniker|embedded:file>] [--keypair <upgrade authority>] [--dry-run] [--program network|credits|rewards]
//   (npm run deploy -- --publish-idl ... does the same before the network step)
//
// The instructions come from the Program Metadata program's own client
// (@solana-program/program-metadata): it chooses between writing the data in the initialize
// instruction and writing it into the account in chunks first. This file plans them into
// transactions with @solana/kit's planner and sends each through the Anchor provider.
import * as fs from "fs";
import * as path from "path";
import { AnchorProvider } from "@coral-xyz/anchor";
import { Connection, PublicKey, Transaction, TransactionInstruction } from "@solana/web3.js";
import {
  AccountRole, Address, Instruction, InstructionPlan, Lamports, MaybeAccount, Signature, SingleTransactionPlan, TransactionSigner, address, createNoopSigner,
  createTransactionMessage, createTransactionPlanExecutor, createTransactionPlanner, isSingleTransactionPlan, lamports, parseInstructionPlanInput, pipe,
  setTransactionMessageFeePayerSigner, setTransactionMessageLifetimeUsingBlockhash, Blockhash,
} from "@solana/kit";
import {
  Compression, Encoding, Format, DataSource, Metadata, PROGRAM_METADATA_PROGRAM_ADDRESS, getMetadataDecoder, getWriteMetadataInstructionPlan, packDirectData, unpackDirectData,
} from "@solana-program/program-metadata";

export const PROGRAM_METADATA_PROGRAM_ID = new PublicKey(PROGRAM_METADATA_PROGRAM_ADDRESS);
const UPGRADEABLE_LOADER_ID = new PublicKey("BPFLoaderUpgradeab1e11111111111111111111111");
/** The canonical IDL seed: what explorers and `anchor idl fetch` read. */
export const IDL_SEED = "idl";
/** A metadata account's header before the data (the program's layout: 96 bytes). */
export const METADATA_HEADER_LEN = 96;

export type IdlPublishErrorCode = "IDL_ADDRESS_MISMATCH" | "PROGRAM_NOT_FOUND" | "NOT_UPGRADEABLE" | "NOT_UPGRADE_AUTHORITY" | "PROGRAM_METADATA_MISSING" | "VERIFY_FAILED";

export class IdlPublishError extends Error {
  constructor(readonly code: IdlPublishErrorCode, message: string, readonly hint?: string) {
    super(message);
    this.name = "IdlPublishError";
  }
}

/** The canonical IDL metadata account of `programId`. */
export function idlMetadataAddress(programId: PublicKey): PublicKey {
  const seed = Buffer.alloc(16);
  seed.write(IDL_SEED, "utf8");
  return PublicKey.findProgramAddressSync([programId.toBuffer(), seed], PROGRAM_METADATA_PROGRAM_ID)[0];
}

/** A program's ProgramData account and upgrade authority (null: immutable), under the upgradeable loader. */
export async function upgradeAuthority(connection: Connection, programId: PublicKey): Promise<{ programData: PublicKey; authority: PublicKey | null }> {
  const program = await connection.getAccountInfo(programId);
  if (!program || !program.executable) throw new IdlPublishError("PROGRAM_NOT_FOUND", `no executable program at ${programId.toBase58()} on this cluster`, "deploy the program first (docs/build.md)");
  // UpgradeableLoaderState::Program { programdata_address } is tag 2, then the address.
  if (!program.owner.equals(UPGRADEABLE_LOADER_ID) || program.data.length < 36 || program.data.readUInt32LE(0) !== 2) {
    throw new IdlPublishError("NOT_UPGRADEABLE", `${programId.toBase58()} is not a program of the upgradeable loader: it has no upgrade authority to publish its IDL`);
  }
  const programData = new PublicKey(program.data.subarray(4, 36));
  const data = (await connection.getAccountInfo(programData))?.data;
  // UpgradeableLoaderState::ProgramData { slot, upgrade_authority_address: Option<Pubkey> }: tag 3, u64, 1-byte option, key.
  if (!data || data.length < 45 || data.readUInt32LE(0) !== 3) throw new IdlPublishError("NOT_UPGRADEABLE", `${programId.toBase58()}: its program data account ${programData.toBase58()} is missing or malformed`);
  return { programData, authority: data[12] === 1 ? new PublicKey(data.subarray(13, 45)) : null };
}

export interface PublishedIdl {
  metadata: PublicKey;
  /** The IDL text, or null when the account points elsewhere (a URL or another account) instead of holding it. */
  content: string | null;
  /** Bytes of (compressed) data the account holds. */
  dataLength: number;
  lamports: number;
  mutable: boolean;
}

function decodeMetadata(data: Uint8Array): Metadata {
  return getMetadataDecoder().decode(data);
}

/** Reads the published IDL of `programId` back from its metadata account, or null when none is published. */
export async function fetchPublishedIdl(connection: Connection, programId: PublicKey): Promise<PublishedIdl | null> {
  const metadata = idlMetadataAddress(programId);
  const account = await connection.getAccountInfo(metadata);
  if (!account) return null;
  if (!account.owner.equals(PROGRAM_METADATA_PROGRAM_ID)) throw new Error(`${metadata.toBase58()} is not a Program Metadata account`);
  const m = decodeMetadata(account.data);
  return {
    metadata,
    content: m.dataSource === DataSource.Direct ? unpackDirectData(m) : null,
    dataLength: m.dataLength,
    lamports: account.lamports,
    mutable: m.mutable,
  };
}

/** JSON with sorted keys and no whitespace: two IDL texts are the same IDL when these are equal. */
export function canonicalJson(text: string): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(sort) : v !== null && typeof v === "object" ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort((v as Record<string, unknown>)[k])])) : v;
  return JSON.stringify(sort(JSON.parse(text)));
}

/** The IDL as it is stored: zlib-compressed UTF-8 JSON; its length and the account's rent. */
export async function idlAccountCost(connection: Connection, idlText: string): Promise<{ dataLength: number; space: number; lamports: number }> {
  const dataLength = packDirectData({ content: idlText, compression: Compression.Zlib, encoding: Encoding.Utf8 }).data.length;
  const space = METADATA_HEADER_LEN + dataLength;
  return { dataLength, space, lamports: await connection.getMinimumBalanceForRentExemption(space) };
}

export interface IdlPublishResult {
  programId: PublicKey;
  metadata: PublicKey;
  /** `unchanged`: the same IDL was already published and nothing was sent. */
  action: "created" | "updated" | "unchanged";
  dryRun: boolean;
  dataLength: number;
  /** The metadata account's rent-exempt balance (after publishing; planned on a dry run). */
  lamports: number;
  /** The planned transactions, as sent (or, on a dry run, as they would be). */
  transactions: TransactionInstruction[][];
  signatures: string[];
}

/** A kit instruction (from the Program Metadata client) as web3.js sends it. */
export function toWeb3Instruction(ix: Instruction): TransactionInstruction {
  return new TransactionInstruction({
    programId: new PublicKey(ix.programAddress),
    keys: (ix.accounts ?? []).map((a) => ({
      pubkey: new PublicKey(a.address),
      isSigner: a.role === AccountRole.READONLY_SIGNER || a.role === AccountRole.WRITABLE_SIGNER,
      isWritable: a.role === AccountRole.WRITABLE || a.role === AccountRole.WRITABLE_SIGNER,
    })),
    data: Buffer.from(ix.data ?? new Uint8Array()),
  });
}

/** @solana/kit's transaction planner over the Anchor provider: sizes messages as web3.js will send them. */
function kitClient(connection: Connection, payer: TransactionSigner) {
  // The blockhash only sizes the message (32 bytes); each transaction gets a fresh one when sent.
  const planner = createTransactionPlanner({
    createTransactionMessage: () => pipe(
      createTransactionMessage({ version: "legacy" }),
      (m) => setTransactionMessageFeePayerSigner(payer, m),
      (m) => setTransactionMessageLifetimeUsingBlockhash({ blockhash: "11111111111111111111111111111111" as Blockhash, lastValidBlockHeight: 0n }, m),
    ),
  });
  return {
    planner,
    async getMinimumBalance(space: number, config?: { withoutHeader?: boolean }): Promise<Lamports> {
      // web3.js adds the 128-byte account header itself; `withoutHeader` asks for the data bytes alone.
      const withHeader = await connection.getMinimumBalanceForRentExemption(space);
      return lamports(BigInt(config?.withoutHeader ? withHeader - (await connection.getMinimumBalanceForRentExemption(0)) : withHeader));
    },
    async planTransaction(input: Parameters<typeof parseInstructionPlanInput>[0]) {
      const plan = await planner(parseInstructionPlanInput(input));
      if (!isSingleTransactionPlan(plan)) throw new Error("does not fit one transaction");
      return plan.message;
    },
    planTransactions: async (input: Parameters<typeof parseInstructionPlanInput>[0]) => planner(parseInstructionPlanInput(input)),
  };
}

function flattenPlan(plan: Awaited<ReturnType<ReturnType<typeof createTransactionPlanner>>>): SingleTransactionPlan[] {
  if (isSingleTransactionPlan(plan)) return [plan];
  return plan.plans.flatMap(flattenPlan);
}

/**
 * Publishes `idlText` (an IDL file's text) as the IDL of its program (the IDL's `address`), signed
 * by the provider's wallet, which must be the program's upgrade authority and pays the rent.
 */
export async function publishIdl(provider: AnchorProvider, idlText: string, options: { dryRun?: boolean } = {}): Promise<IdlPublishResult> {
  const connection = provider.connection;
  const idl = JSON.parse(idlText) as { address?: string; metadata?: { name?: string } };
  if (!idl.address) throw new IdlPublishError("IDL_ADDRESS_MISMATCH", `the IDL ${idl.metadata?.name ?? ""} has no address`);
  const programId = new PublicKey(idl.address);
  const wallet = provider.wallet.publicKey;
  const { programData, authority } = await upgradeAuthority(connection, programId);
  if (!authority) throw new IdlPublishError("NOT_UPGRADEABLE", `${programId.toBase58()} is immutable (no upgrade authority): nobody can publish its canonical IDL`);
  if (!authority.equals(wallet)) {
    throw new IdlPublishError("NOT_UPGRADE_AUTHORITY", `${wallet.toBase58()} is not the upgrade authority of ${programId.toBase58()} (${authority.toBase58()} is)`, "sign with the upgrade authority's keypair (--keypair)");
  }
  const metadata = idlMetadataAddress(programId);
  const existing = await fetchPublishedIdl(connection, programId);
  const cost = await idlAccountCost(connection, idlText);
  const base = { programId, metadata, dryRun: options.dryRun === true, signatures: [] as string[] };
  if (existing?.content != null && canonicalJson(existing.content) === canonicalJson(idlText)) {
    return { ...base, action: "unchanged", dataLength: existing.dataLength, lamports: existing.lamports, transactions: [] };
  }

  const signer = createNoopSigner(address(wallet.toBase58()));
  const client = kitClient(connection, signer);
  const packed = packDirectData({ content: idlText, compression: Compression.Zlib, encoding: Encoding.Utf8 });
  const account = existing ? await connection.getAccountInfo(metadata) : null;
  const maybe: MaybeAccount<Metadata> = account
    ? { exists: true, address: address(metadata.toBase58()), data: decodeMetadata(account.data), executable: account.executable, lamports: lamports(BigInt(account.lamports)), programAddress: address(account.owner.toBase58()), space: BigInt(account.data.length) }
    : { exists: false, address: address(metadata.toBase58()) };
  const plan: InstructionPlan = await getWriteMetadataInstructionPlan(client, {
    payer: signer,
    authority: signer,
    program: address(programId.toBase58()),
    programData: address(programData.toBase58()),
    seed: IDL_SEED,
    encoding: packed.encoding,
    compression: packed.compression,
    format: Format.Json,
    dataSource: packed.dataSource,
    data: packed.data,
    metadata: maybe,
  });
  const transactionPlan = await client.planner(plan);
  const transactions = flattenPlan(transactionPlan).map((t) => t.message.instructions.map(toWeb3Instruction));
  const action = existing ? "updated" : "created";
  if (options.dryRun) return { ...base, action, dataLength: cost.dataLength, lamports: cost.lamports, transactions };

  const pmp = await connection.getAccountInfo(PROGRAM_METADATA_PROGRAM_ID);
  if (!pmp?.executable) {
    throw new IdlPublishError("PROGRAM_METADATA_MISSING", `the Program Metadata program (${PROGRAM_METADATA_PROGRAM_ID.toBase58()}) is not deployed on this cluster`,
      "it is on mainnet-beta and devnet; a test validator needs it cloned: solana-test-validator --clone-upgradeable-program ProgM6JCCvbYkfKqJYHePx4xxSUSqJp7rh8Lyv7nk7S --url mainnet-beta");
  }
  const signatures: string[] = [];
  const execute = createTransactionPlanExecutor({
    executeTransactionMessage: async (_context, message) => {
      const signature = await provider.sendAndConfirm(new Transaction().add(...message.instructions.map(toWeb3Instruction)));
      signatures.push(signature);
      return { signature: signature as Signature };
    },
  });
  await execute(transactionPlan);
  const after = await fetchPublishedIdl(connection, programId);
  if (!after || after.content === null || canonicalJson(after.content) !== canonicalJson(idlText)) {
    throw new IdlPublishError("VERIFY_FAILED", `the IDL read back from ${metadata.toBase58()} is not the one published`);
  }
  return { ...base, action, dataLength: after.dataLength, lamports: after.lamports, transactions, signatures };
}

const ROOT = path.join(__dirname, "..");
export const PROGRAM_IDLS = ["network", "credits", "rewards"] as const;
/** The IDL file of a program, as the repository ships it (idl/groundwork_<name>.json). */
export const idlText = (program: (typeof PROGRAM_IDLS)[number]): string => fs.readFileSync(path.join(ROOT, "idl", `groundwork_${program}.json`), "utf8");

/** Publishes the IDLs of `programs` (all three by default), logging one line each. */
export async function publishIdls(provider: AnchorProvider, options: { dryRun?: boolean; programs?: readonly (typeof PROGRAM_IDLS)[number][]; log?: (line: string) => void } = {}): Promise<IdlPublishResult[]> {
  const out: IdlPublishResult[] = [];
  for (const program of options.programs ?? PROGRAM_IDLS) {
    const r = await publishIdl(provider, idlText(program), options);
    const sol = (r.lamports / 1e9).toFixed(6);
    const what = r.action === "unchanged" ? "unchanged, nothing sent" : `${r.dryRun ? "would be " : ""}${r.action} in ${r.transactions.length} transaction(s)`;
    options.log?.(`IDL of groundwork_${program} (${r.programId.toBase58()}): ${what}; metadata ${r.metadata.toBase58()}, ${r.dataLength} bytes zlib, rent ${sol} SOL`);
    out.push(r);
  }
  return out;
}

const USAGE = `usage: npm run publish-idl -- [--url <url|moniker|embedded:state-file>] [--keypair <file>] [--program network|credits|rewards]... [--dry-run]

Publishes idl/groundwork_<program>.json of each program (all three by default) to the Program
Metadata program, signed by the programs' upgrade authority (--keypair, else ANCHOR_WALLET, else
the Solana CLI config). An IDL already published unchanged is skipped.`;

async function main(argv: string[]): Promise<void> {
  const { openContext } = await import("../sdk/src/cli/context");
  const { CliError } = await import("../sdk/src/cli/errors");
  let url: string | undefined;
  let keypair: string | undefined;
  let dryRun = false;
  const programs: (typeof PROGRAM_IDLS)[number][] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new CliError("USAGE", `${a} needs a value`, USAGE);
      return v;
    };
    if (a === "--url" || a === "-u") url = value();
    else if (a === "--keypair" || a === "-k") keypair = value();
    else if (a === "--dry-run") dryRun = true;
    else if (a === "--program") {
      const p = value();
      if (!(PROGRAM_IDLS as readonly string[]).includes(p)) throw new CliError("USAGE", `--program must be network, credits or rewards (got ${p})`, USAGE);
      programs.push(p as (typeof PROGRAM_IDLS)[number]);
    } else if (a === "--help" || a === "-h") return void console.log(USAGE);
    else throw new CliError("USAGE", `unknown argument: ${a}`, USAGE);
  }
  const ctx = await openContext({ url: url ?? process.env.ANCHOR_PROVIDER_URL, keypair: keypair ?? process.env.ANCHOR_WALLET, dryRun });
  try {
    await publishIdls(ctx.provider, { dryRun, programs: programs.length ? programs : undefined, log: (l) => console.log(l) });
    ctx.save();
  } finally {
    ctx.close();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).catch(async (err: unknown) => {
    if (err instanceof IdlPublishError) {
      process.stderr.write(`error: ${err.message}\n${err.hint ? `hint: ${err.hint}\n` : ""}`);
      process.exit(1);
    }
    const { explain } = await import("../sdk/src/cli/errors");
    const e = await explain(err);
    process.stderr.write(`error: ${e.message}\n${e.hint ? `hint: ${e.hint}\n` : ""}`);
    process.exit(e.exitCode);
  });
}
