// Sending one measured instruction per transaction on the embedded SVM and reading what it cost:
// the compute units of the outermost invocation of our program (its "consumed N of M" log line),
// the wire size, the CPIs it made (program, kind, and the CU each consumed), and its events.
import * as path from "path";
import { Ed25519Program, Keypair, PublicKey, Transaction, TransactionInstruction, VersionedTransaction } from "@solana/web3.js";
import { TOKEN_2022_PROGRAM_ID, TOKEN_PROGRAM_ID, ASSOCIATED_TOKEN_PROGRAM_ID } from "@solana/spl-token";
import { getTransactionDecoder } from "@solana/kit";
import { FailedTransactionMetadata } from "litesvm";
import { createEmbeddedSvm, deployPath, EmbeddedSvm } from "../sdk/src/svm";
import { PROGRAMS } from "../sdk/src/ids";

export const ROOT = path.join(__dirname, "..");
const SYSTEM = "11111111111111111111111111111111";
const decoder = getTransactionDecoder();

export interface Cpi {
  program: string;
  /** e.g. "Transfer", "MintTo", "CreateAccount". */
  kind: string;
  /** CU the invoked program consumed (from its depth-2 "consumed" line; builtins: none logged). */
  cu?: number;
}

export interface Sample {
  cu: number;
  txBytes: number;
  cpis: Cpi[];
  /** Per sol_log_data call of our program: the byte length of each field. */
  events: number[][];
  logs: string[];
}

export function programName(id: string): string {
  if (id === TOKEN_PROGRAM_ID.toBase58()) return "spl-token";
  if (id === TOKEN_2022_PROGRAM_ID.toBase58()) return "token-2022";
  if (id === SYSTEM) return "system";
  if (id === ASSOCIATED_TOKEN_PROGRAM_ID.toBase58()) return "associated-token";
  const ours = PROGRAMS.find((p) => p.programId.toBase58() === id);
  return ours ? ours.name.replace("groundwork_", "") : id;
}

const SYSTEM_KINDS: Record<number, string> = { 0: "CreateAccount", 1: "Assign", 2: "Transfer", 8: "Allocate" };
const TOKEN_KINDS: Record<number, string> = { 3: "Transfer", 7: "MintTo", 8: "Burn", 12: "TransferChecked", 14: "MintToChecked", 15: "BurnChecked", 18: "InitializeAccount3", 4: "Approve" };

function kindOf(program: string, data: Uint8Array): string {
  if (program === SYSTEM) return SYSTEM_KINDS[Buffer.from(data).readUInt32LE(0)] ?? `system#${data[0]}`;
  if (program === TOKEN_PROGRAM_ID.toBase58() || program === TOKEN_2022_PROGRAM_ID.toBase58()) return TOKEN_KINDS[data[0]] ?? `token#${data[0]}`;
  return `ix#${data[0]}`;
}

export class Bench {
  readonly env: EmbeddedSvm;
  constructor() {
    this.env = createEmbeddedSvm(PROGRAMS.map((p) => ({ programId: p.programId, so: deployPath(p.name, ROOT) })));
  }
  get provider() { return this.env.provider; }
  get connection() { return this.env.connection; }
  get payer() { return this.env.payer; }

  async airdrop(to: PublicKey, sol = 10): Promise<void> {
    await this.connection.requestAirdrop(to, sol * 1e9);
  }

  /** Sends without measuring (setup steps). */
  async send(ixs: TransactionInstruction[], signers: Keypair[] = []): Promise<string> {
    return this.provider.sendAndConfirm(new Transaction().add(...ixs), dedupe(signers));
  }

  /** Wire size `ixs` would have as one legacy transaction (even past the 1,232-byte limit). */
  wireSize(ixs: TransactionInstruction[], feePayer: PublicKey = this.payer.publicKey): number {
    const tx = new Transaction().add(...ixs);
    tx.feePayer = feePayer;
    tx.recentBlockhash = this.env.svm.latestBlockhash();
    const message = tx.serializeMessage();
    const sigs = message[0]; // header: number of required signatures (< 128, one shortvec byte below)
    return 1 + 64 * sigs + message.length;
  }

  /**
   * Sends `ixs` in one transaction and measures the instruction at `index` (our program's).
   * The transaction is simulated first (same state) to read its inner instructions, then sent.
   */
  async measure(ixs: TransactionInstruction[], signers: Keypair[] = [], index = ixs.length - 1, feePayer: Keypair = this.payer): Promise<Sample> {
    const programId = ixs[index].programId.toBase58();
    const tx = new Transaction().add(...ixs);
    tx.feePayer = feePayer.publicKey;
    tx.recentBlockhash = this.env.svm.latestBlockhash();
    const needed = new Set(ixs.flatMap((ix) => ix.keys.filter((k) => k.isSigner).map((k) => k.pubkey.toBase58())));
    tx.sign(feePayer, ...dedupe(signers).filter((s) => needed.has(s.publicKey.toBase58()) && !s.publicKey.equals(feePayer.publicKey)));
    const wire = tx.serialize();
    const keys = VersionedTransaction.deserialize(wire).message.staticAccountKeys.map((k) => k.toBase58());
    const sim = this.env.svm.simulateTransaction(decoder.decode(wire));
    if (sim instanceof FailedTransactionMetadata) {
      throw new Error(`simulation failed: ${sim.err()}\n${sim.meta().logs().join("\n")}`);
    }
    const inner = (sim.meta().innerInstructions()[index] ?? [])
      .filter((i) => i.stackHeight() === 2)
      .map((i) => {
        const c = i.instruction();
        const program = keys[c.programIdIndex()];
        return { program, kind: kindOf(program, c.data()) };
      });
    const sig = await this.connection.sendRawTransaction(wire);
    const record = this.connection.transactionRecord(sig);
    if (!record || record.err) throw new Error(`transaction failed: ${JSON.stringify(record?.err)}\n${record?.logs.join("\n")}`);
    // Precompiles (Ed25519SigVerify in an attested onboarding) log no invocation: count only the others.
    const logged = ixs.slice(0, index).filter((ix) => !ix.programId.equals(Ed25519Program.programId)).length;
    const parsed = parseLogs(record.logs, programId, logged);
    if (parsed.cpis.length !== inner.length) throw new Error(`CPI count mismatch (${parsed.cpis.length} in logs, ${inner.length} inner)`);
    const cpis = inner.map((c, i) => ({ program: programName(c.program), kind: c.kind, cu: parsed.cpis[i].cu }));
    return { cu: parsed.cu, txBytes: record.size, cpis, events: parsed.events, logs: record.logs };
  }
}

function dedupe(signers: Keypair[]): Keypair[] {
  return signers.filter((s, i) => signers.findIndex((o) => o.publicKey.equals(s.publicKey)) === i);
}

/**
 * Reads the logs of the `index`-th top-level instruction (which must be `programId`'s): its CU, the
 * depth-2 invocations it made with the CU each consumed, and its `Program data:` events.
 */
export function parseLogs(logs: string[], programId: string, index: number): { cu: number; cpis: { program: string; cu?: number }[]; events: number[][] } {
  let top = -1;
  let depth = 0;
  let cu: number | undefined;
  const cpis: { program: string; cu?: number }[] = [];
  const events: number[][] = [];
  const stack: string[] = [];
  for (const line of logs) {
    const inv = /^Program (\S+) invoke \[(\d+)\]$/.exec(line);
    if (inv) {
      depth = Number(inv[2]);
      stack[depth] = inv[1];
      if (depth === 1) top++;
      else if (depth === 2 && top === index) cpis.push({ program: inv[1] });
      continue;
    }
    if (top !== index) continue;
    const used = /^Program (\S+) consumed (\d+) of \d+ compute units$/.exec(line);
    if (used) {
      if (depth === 1 && used[1] === programId) cu = Number(used[2]);
      if (depth === 2) cpis[cpis.length - 1].cu = Number(used[2]);
      continue;
    }
    if (/^Program \S+ (success|failed)/.test(line)) {
      depth--;
      continue;
    }
    if (depth === 1 && line.startsWith("Program data: ")) {
      events.push(line.slice("Program data: ".length).split(" ").map((f) => Buffer.from(f, "base64").length));
    }
  }
  if (cu === undefined) throw new Error(`no "consumed" line for ${programId} in instruction ${index}`);
  return { cu, cpis, events };
}
