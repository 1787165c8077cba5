// A web3.js `Connection` whose JSON-RPC requests are answered by an in-process LiteSVM instead of
// an HTTP endpoint. We intercept at the JSON-RPC layer (not at the Connection methods) so that
// web3.js parses, validates and raises exactly what it would for a real Agave node: a failed
// preflight becomes a `SendTransactionError` carrying the program logs, and Anchor translates it
// into an `AnchorError` the same way on both.
import {
  Commitment,
  Connection,
  PublicKey,
  SignatureResult,
  TransactionConfirmationStrategy,
  RpcResponseAndContext,
  TransactionSignature,
  VersionedTransaction,
} from "@solana/web3.js";
import { getTransactionDecoder, Address, Lamports } from "@solana/kit";
import {
  LiteSVM,
  FailedTransactionMetadata,
  TransactionMetadata,
  Clock,
} from "litesvm";
import { utils } from "@coral-xyz/anchor";
import { translateTransactionError, RpcTransactionError } from "./transactionError";

/** What the SVM remembers about a processed transaction (what `getTransaction` returns). */
export interface SvmTransactionRecord {
  signature: string;
  slot: number;
  /** The chain clock's unix time when the transaction was processed. */
  blockTime: number;
  err: RpcTransactionError | null;
  logs: string[];
  computeUnitsConsumed: number;
  /** Serialized size of the transaction on the wire, in bytes. */
  size: number;
  /** The transaction as it was sent. */
  wire: Buffer;
}

type JsonRpcResponse = { jsonrpc: "2.0"; id: string; result?: unknown; error?: { code: number; message: string; data?: unknown } };
type RpcRequest = (method: string, args: unknown[]) => Promise<JsonRpcResponse>;
interface ConnectionInternals {
  _rpcRequest: RpcRequest;
  _rpcBatchRequest: (requests: { methodName: string; args: unknown[] }[]) => Promise<JsonRpcResponse[]>;
}

interface AccountFilter {
  memcmp?: { offset: number; bytes: string; encoding?: "base58" | "base64" };
  dataSize?: number;
}

const decoder = getTransactionDecoder();
const bs58 = utils.bytes.bs58;

function toAddress(key: string | PublicKey): Address {
  return (typeof key === "string" ? key : key.toBase58()) as Address;
}

export class SvmConnection extends Connection {
  readonly svm: LiteSVM;
  private readonly records = new Map<string, SvmTransactionRecord>();
  private readonly signaturesByAddress = new Map<string, string[]>();
  private readonly logListeners = new Map<number, { filter: string; callback: (logs: { signature: string; err: RpcTransactionError | null; logs: string[] }) => void }>();
  private nextListenerId = 1;

  constructor(svm: LiteSVM, commitment: Commitment = "confirmed") {
    // The endpoint is never contacted: every request is answered below.
    super("http://127.0.0.1:1", { commitment, disableRetryOnRateLimit: true });
    this.svm = svm;
    const internals = this as unknown as ConnectionInternals;
    internals._rpcRequest = async (method, args) => this.answer(method, args);
    internals._rpcBatchRequest = async (requests) =>
      Promise.all(requests.map((r) => this.answer(r.methodName, r.args)));
  }

  /** The record of a processed transaction, with its logs and compute units. */
  transactionRecord(signature: string): SvmTransactionRecord | undefined {
    return this.records.get(signature);
  }

  // --- Clock -------------------------------------------------------------------------------

  /** The SVM's current unix time (seconds). */
  unixTimestamp(): number {
    return Number(this.svm.getClock().unixTimestamp);
  }

  /** Moves the clock forward by `seconds` (and the slot by the matching number of 400 ms slots). */
  warp(seconds: number): void {
    const clock = this.svm.getClock();
    const slots = BigInt(Math.max(1, Math.ceil((seconds * 1000) / 400)));
    const slot = clock.slot + slots;
    this.svm.warpToSlot(slot);
    const after = this.svm.getClock();
    this.svm.setClock(
      new Clock(after.slot, after.epochStartTimestamp, after.epoch, after.leaderScheduleEpoch, clock.unixTimestamp + BigInt(seconds)),
    );
    this.svm.expireBlockhash();
  }

  /** Sets the clock to an absolute unix time (never backwards). */
  warpTo(unixTimestamp: number): void {
    const now = this.unixTimestamp();
    if (unixTimestamp > now) this.warp(unixTimestamp - now);
  }

  // --- Overrides where the RPC path would need a websocket -----------------------------------

  override async confirmTransaction(
    strategy: TransactionConfirmationStrategy | TransactionSignature,
    _commitment?: Commitment,
  ): Promise<RpcResponseAndContext<SignatureResult>> {
    const signature = typeof strategy === "string" ? strategy : strategy.signature;
    const record = this.records.get(signature);
    if (!record) throw new Error(`transaction ${signature} is unknown to the embedded SVM`);
    return { context: { slot: record.slot }, value: { err: record.err } };
  }

  override onLogs(
    filter: PublicKey | "all" | "allWithVotes",
    callback: (logs: { signature: string; err: RpcTransactionError | null; logs: string[] }, ctx: { slot: number }) => void,
  ): number {
    const id = this.nextListenerId++;
    const key = filter instanceof PublicKey ? filter.toBase58() : "all";
    this.logListeners.set(id, { filter: key, callback: (l) => callback(l, { slot: Number(this.svm.getClock().slot) }) });
    return id;
  }

  override async removeOnLogsListener(id: number): Promise<void> {
    this.logListeners.delete(id);
  }

  // --- JSON-RPC ----------------------------------------------------------------------------

  private slot(): number {
    return Number(this.svm.getClock().slot);
  }

  private ok(result: unknown): JsonRpcResponse {
    return { jsonrpc: "2.0", id: "svm", result };
  }

  private withContext(value: unknown): JsonRpcResponse {
    return this.ok({ context: { slot: this.slot() }, value });
  }

  private encodeAccount(address: Address): Record<string, unknown> | null {
    const account = this.svm.getAccount(address);
    if (!account.exists) return null;
    return {
      data: [Buffer.from(account.data).toString("base64"), "base64"],
      executable: account.executable,
      lamports: Number(account.lamports),
      owner: account.programAddress,
      rentEpoch: 0,
      space: account.data.length,
    };
  }

  private async answer(method: string, args: unknown[]): Promise<JsonRpcResponse> {
    switch (method) {
      case "getAccountInfo": {
        const [key, config] = args as [string, { encoding?: string } | undefined];
        this.requireBase64(config?.encoding);
        return this.withContext(this.encodeAccount(toAddress(key)));
      }
      case "getMultipleAccounts": {
        const [keys, config] = args as [string[], { encoding?: string } | undefined];
        this.requireBase64(config?.encoding);
        return this.withContext(keys.map((k) => this.encodeAccount(toAddress(k))));
      }
      case "getProgramAccounts": {
        const [program, config] = args as [string, { encoding?: string; filters?: AccountFilter[]; withContext?: boolean } | undefined];
        this.requireBase64(config?.encoding);
        const filters = config?.filters ?? [];
        const matches = this.svm
          .getProgramAccounts(toAddress(program))
          .filter((a) => filters.every((f) => matchesFilter(a.data, f)))
          .map((a) => ({ pubkey: a.address, account: this.encodeAccount(a.address) }));
        return config?.withContext ? this.withContext(matches) : this.ok(matches);
      }
      case "getBalance": {
        const [key] = args as [string];
        return this.withContext(Number(this.svm.getBalance(toAddress(key)) ?? 0n));
      }
      case "getMinimumBalanceForRentExemption": {
        const [len] = args as [number];
        return this.ok(Number(this.svm.minimumBalanceForRentExemption(BigInt(len))));
      }
      case "getLatestBlockhash":
        return this.withContext({ blockhash: this.svm.latestBlockhash(), lastValidBlockHeight: this.slot() + 150 });
      case "getRecentBlockhash":
        return this.withContext({ blockhash: this.svm.latestBlockhash(), feeCalculator: { lamportsPerSignature: 5000 } });
      case "isBlockhashValid":
        return this.withContext(true);
      case "getSlot":
      case "getBlockHeight":
        return this.ok(this.slot());
      case "getBlockTime":
        return this.ok(this.unixTimestamp());
      case "getEpochInfo": {
        const c = this.svm.getClock();
        return this.ok({ absoluteSlot: Number(c.slot), blockHeight: Number(c.slot), epoch: Number(c.epoch), slotIndex: 0, slotsInEpoch: 432000, transactionCount: this.records.size });
      }
      case "getGenesisHash":
        return this.ok("GroundworkEmbeddedSvm1111111111111111111111");
      case "getVersion":
        return this.ok({ "solana-core": "litesvm-embedded", "feature-set": 0 });
      case "getFeeForMessage":
        return this.withContext(5000);
      case "requestAirdrop": {
        const [key, lamports] = args as [string, number];
        const result = this.svm.airdrop(toAddress(key), BigInt(lamports) as Lamports);
        if (!result || result instanceof FailedTransactionMetadata) {
          return { jsonrpc: "2.0", id: "svm", error: { code: -32600, message: `airdrop failed: ${result?.toString() ?? "unknown"}` } };
        }
        const signature = bs58.encode(result.signature());
        this.remember(signature, null, result.logs(), Number(result.computeUnitsConsumed()), Buffer.alloc(0));
        return this.ok(signature);
      }
      case "getSignatureStatuses": {
        const [signatures] = args as [string[]];
        return this.withContext(
          signatures.map((s) => {
            const r = this.records.get(s);
            return r ? { slot: r.slot, confirmations: null, err: r.err, status: r.err ? { Err: r.err } : { Ok: null }, confirmationStatus: "finalized" } : null;
          }),
        );
      }
      case "getTokenAccountBalance": {
        const [key] = args as [string];
        const account = this.svm.getAccount(toAddress(key));
        if (!account.exists || account.data.length < 72) {
          return { jsonrpc: "2.0", id: "svm", error: { code: -32602, message: "Invalid param: could not find account" } };
        }
        const amount = Buffer.from(account.data).readBigUInt64LE(64);
        const mint = this.svm.getAccount(toAddress(bs58.encode(Buffer.from(account.data.slice(0, 32)))));
        const decimals = mint.exists ? mint.data[44] : 0;
        return this.withContext({ amount: amount.toString(), decimals, uiAmount: Number(amount) / 10 ** decimals, uiAmountString: (Number(amount) / 10 ** decimals).toString() });
      }
      case "getTransaction":
        return this.transactionResponse(args[0] as string);
      case "getSignaturesForAddress":
        return this.signaturesFor(args[0] as string, (args[1] ?? {}) as { limit?: number; before?: string; until?: string });
      case "sendTransaction":
        return this.send(args[0] as string, (args[1] ?? {}) as { skipPreflight?: boolean });
      case "simulateTransaction":
        return this.simulate(args[0] as string, (args[1] ?? {}) as { accounts?: { addresses: string[] } });
      default:
        return { jsonrpc: "2.0", id: "svm", error: { code: -32601, message: `the embedded SVM does not serve the RPC method ${method}` } };
    }
  }

  private requireBase64(encoding: string | undefined): void {
    if (encoding && encoding !== "base64") {
      throw new Error(`the embedded SVM serves account data as base64 only (asked for ${encoding})`);
    }
  }

  private remember(signature: string, err: RpcTransactionError | null, logs: string[], computeUnitsConsumed: number, wire: Buffer): SvmTransactionRecord {
    const record = { signature, slot: this.slot(), blockTime: this.unixTimestamp(), err, logs, computeUnitsConsumed, size: wire.length, wire };
    this.records.set(signature, record);
    return record;
  }

  /** Indexes a processed transaction under every account it names (getSignaturesForAddress). */
  private index(signature: string, accountKeys: string[]): void {
    for (const k of accountKeys) {
      let list = this.signaturesByAddress.get(k);
      if (!list) this.signaturesByAddress.set(k, (list = []));
      list.push(signature);
    }
  }

  /** Newest first, as an RPC node answers: `before` and `until` exclusive, `limit` ≤ 1000. */
  private signaturesFor(address: string, config: { limit?: number; before?: string; until?: string }): JsonRpcResponse {
    const list = this.signaturesByAddress.get(address) ?? [];
    const limit = Math.min(Math.max(config.limit ?? 1000, 1), 1000);
    let i = list.length - 1;
    if (config.before) {
      const at = list.lastIndexOf(config.before);
      i = at < 0 ? -1 : at - 1;
    }
    const out: unknown[] = [];
    for (; i >= 0 && out.length < limit; i--) {
      if (list[i] === config.until) break;
      const r = this.records.get(list[i]);
      if (!r) continue;
      out.push({ signature: r.signature, slot: r.slot, err: r.err, memo: null, blockTime: r.blockTime, confirmationStatus: "confirmed" });
    }
    return this.ok(out);
  }

  private notify(record: SvmTransactionRecord, accountKeys: string[]): void {
    for (const { filter, callback } of this.logListeners.values()) {
      if (filter === "all" || accountKeys.includes(filter)) {
        callback({ signature: record.signature, err: record.err, logs: record.logs });
      }
    }
  }

  private send(encoded: string, config: { skipPreflight?: boolean }): JsonRpcResponse {
    const wire = Buffer.from(encoded, "base64");
    const tx = decoder.decode(wire);
    const signature = bs58.encode(VersionedTransaction.deserialize(wire).signatures[0]);
    const keys = VersionedTransaction.deserialize(wire).message.staticAccountKeys.map((k) => k.toBase58());
    // Preflight, as an RPC node does unless told to skip it: a transaction that would fail is
    // rejected without landing, so it charges no fee and changes nothing.
    if (!config.skipPreflight) {
      const preflight = this.svm.simulateTransaction(tx);
      if (preflight instanceof FailedTransactionMetadata) {
        const failure = translateTransactionError(preflight.err());
        const meta = preflight.meta();
        return {
          jsonrpc: "2.0",
          id: "svm",
          error: {
            code: -32002,
            message: `Transaction simulation failed: ${failure.text}`,
            data: { err: failure.json, logs: meta.logs(), accounts: null, unitsConsumed: Number(meta.computeUnitsConsumed()), returnData: null },
          },
        };
      }
    }
    const outcome = this.svm.sendTransaction(tx);
    // A fresh blockhash per transaction: two identical instructions sent one after the other are
    // two distinct transactions, as they would be on a cluster a slot apart.
    this.svm.expireBlockhash();
    if (outcome instanceof FailedTransactionMetadata) {
      const meta = outcome.meta();
      const failure = translateTransactionError(outcome.err());
      const logs = meta.logs();
      const units = Number(meta.computeUnitsConsumed());
      const alreadyProcessed = failure.json === "AlreadyProcessed";
      if (!alreadyProcessed) {
        const record = this.remember(signature, failure.json, logs, units, wire);
        this.index(signature, keys);
        this.notify(record, keys);
      }
      if (config.skipPreflight && !alreadyProcessed) return this.ok(signature);
      return {
        jsonrpc: "2.0",
        id: "svm",
        error: {
          code: -32002,
          message: `Transaction simulation failed: ${failure.text}`,
          data: { err: failure.json, logs, accounts: null, unitsConsumed: units, returnData: null },
        },
      };
    }
    const meta = outcome as TransactionMetadata;
    const record = this.remember(signature, null, meta.logs(), Number(meta.computeUnitsConsumed()), wire);
    this.index(signature, keys);
    this.notify(record, keys);
    return this.ok(signature);
  }

  private simulate(encoded: string, config: { accounts?: { addresses: string[] } }): JsonRpcResponse {
    const wire = Buffer.from(encoded, "base64");
    const tx = decoder.decode(wire);
    const outcome = this.svm.simulateTransaction(tx);
    if (outcome instanceof FailedTransactionMetadata) {
      const meta = outcome.meta();
      const failure = translateTransactionError(outcome.err());
      return this.withContext({ err: failure.json, logs: meta.logs(), accounts: null, unitsConsumed: Number(meta.computeUnitsConsumed()), returnData: null });
    }
    const meta = outcome.meta();
    const returned = meta.returnData();
    const data = returned.data();
    const post = new Map(outcome.postAccounts().map((a) => [a.address as string, a]));
    const accounts = config.accounts?.addresses.map((address) => {
      const a = post.get(address);
      return a
        ? { data: [Buffer.from(a.data as Uint8Array).toString("base64"), "base64"], executable: a.executable, lamports: Number(a.lamports), owner: a.programAddress, rentEpoch: 0, space: a.data.length }
        : this.encodeAccount(address as Address);
    });
    return this.withContext({
      err: null,
      logs: meta.logs(),
      accounts: accounts ?? null,
      unitsConsumed: Number(meta.computeUnitsConsumed()),
      returnData: data.length > 0 ? { programId: bs58.encode(returned.programId()), data: [Buffer.from(data).toString("base64"), "base64"] } : null,
    });
  }

  private transactionResponse(signature: string): JsonRpcResponse {
    const record = this.records.get(signature);
    if (!record || record.wire.length === 0) return this.ok(null);
    const tx = VersionedTransaction.deserialize(record.wire);
    const message = tx.message;
    return this.ok({
      slot: record.slot,
      blockTime: record.blockTime,
      version: message.version === "legacy" ? "legacy" : message.version,
      transaction: {
        signatures: tx.signatures.map((s) => bs58.encode(s)),
        message: {
          accountKeys: message.staticAccountKeys.map((k) => k.toBase58()),
          header: message.header,
          instructions: message.compiledInstructions.map((ix) => ({
            programIdIndex: ix.programIdIndex,
            accounts: ix.accountKeyIndexes,
            data: bs58.encode(ix.data),
          })),
          recentBlockhash: message.recentBlockhash,
          addressTableLookups: message.version === "legacy" ? undefined : message.addressTableLookups,
        },
      },
      meta: {
        err: record.err,
        fee: 5000 * message.header.numRequiredSignatures,
        preBalances: [],
        postBalances: [],
        innerInstructions: [],
        logMessages: record.logs,
        computeUnitsConsumed: record.computeUnitsConsumed,
        status: record.err ? { Err: record.err } : { Ok: null },
      },
    });
  }

}

function matchesFilter(data: ArrayLike<number>, filter: AccountFilter): boolean {
  if (filter.dataSize !== undefined && data.length !== filter.dataSize) return false;
  if (filter.memcmp) {
    const bytes = filter.memcmp.encoding === "base64" ? Buffer.from(filter.memcmp.bytes, "base64") : Buffer.from(bs58.decode(filter.memcmp.bytes));
    const { offset } = filter.memcmp;
    if (offset + bytes.length > data.length) return false;
    for (let i = 0; i < bytes.length; i++) if (data[offset + i] !== bytes[i]) return false;
  }
  return true;
}
