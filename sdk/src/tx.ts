// Sending instructions: compute-budget and priority-fee options, typed errors, and the compute
// units a transaction used (from the embedded SVM's record, or getTransaction on a cluster).
import { AnchorProvider } from "@coral-xyz/anchor";
import { Commitment, ComputeBudgetProgram, Connection, Signer, Transaction, TransactionInstruction, TransactionSignature, VersionedTransaction, VersionedTransactionResponse } from "@solana/web3.js";
import { toGroundworkError } from "./errors";
import { SvmConnection } from "./svm/connection";

export interface SendOptions {
  /** Compute-unit limit for the transaction (a SetComputeUnitLimit instruction is prepended). */
  computeUnitLimit?: number;
  /** Priority fee in micro-lamports per compute unit (a SetComputeUnitPrice instruction). */
  priorityFeeMicroLamports?: number;
  /** Skip the RPC's preflight simulation. */
  skipPreflight?: boolean;
  /** Commitment to confirm at (default "confirmed"). */
  commitment?: Commitment;
  /** Simulate instead of sending: nothing lands; the result has an empty signature and the
   * simulation's compute units and logs. A failing simulation throws the typed error. Each
   * transaction is simulated against the current state, so a later one that depends on an
   * earlier one's effects can fail in a dry run that would succeed for real. */
  simulate?: boolean;
}

export interface SentTransaction {
  signature: TransactionSignature;
  /** Compute units consumed by the whole transaction. */
  computeUnits: number;
  logs: string[];
}

/** The compute-budget instructions for `options`, to put first in a transaction. */
export function computeBudgetInstructions(options: SendOptions = {}): TransactionInstruction[] {
  const ixs: TransactionInstruction[] = [];
  if (options.computeUnitLimit !== undefined) ixs.push(ComputeBudgetProgram.setComputeUnitLimit({ units: options.computeUnitLimit }));
  if (options.priorityFeeMicroLamports !== undefined) ixs.push(ComputeBudgetProgram.setComputeUnitPrice({ microLamports: options.priorityFeeMicroLamports }));
  return ixs;
}

/** Sends `instructions` in one transaction signed by the provider's wallet and `signers`. */
export async function send(
  provider: AnchorProvider,
  instructions: TransactionInstruction[],
  signers: Signer[] = [],
  options: SendOptions = {},
): Promise<SentTransaction> {
  const tx = new Transaction().add(...computeBudgetInstructions(options), ...instructions);
  // Only the signers the instructions ask for (a persona may sign some actions and not others).
  const needed = new Set(instructions.flatMap((ix) => ix.keys.filter((k) => k.isSigner).map((k) => k.pubkey.toBase58())));
  const required = signers.filter((s, i) => needed.has(s.publicKey.toBase58()) && signers.findIndex((o) => o.publicKey.equals(s.publicKey)) === i);
  if (options.simulate) return simulate(provider, tx, required, options.commitment);
  let signature: TransactionSignature;
  const commitment = options.commitment ?? "confirmed";
  try {
    signature = await provider.sendAndConfirm(tx, required, { commitment, preflightCommitment: commitment, skipPreflight: options.skipPreflight });
  } catch (err) {
    throw toGroundworkError(err);
  }
  return { signature, ...(await transactionCost(provider, signature, commitment === "finalized" ? "finalized" : "confirmed")) };
}

async function simulate(provider: AnchorProvider, tx: Transaction, signers: Signer[], commitment: Commitment = "confirmed"): Promise<SentTransaction> {
  tx.feePayer = provider.wallet.publicKey;
  tx.recentBlockhash = (await provider.connection.getLatestBlockhash(commitment)).blockhash;
  if (signers.length) tx.partialSign(...signers);
  const signed = await provider.wallet.signTransaction(tx);
  // As a versioned transaction, so that web3.js keeps the blockhash it was signed with (its legacy
  // path swaps in a cached one, which invalidates the signatures).
  const wire = VersionedTransaction.deserialize(signed.serialize());
  const result = await provider.connection.simulateTransaction(wire, { commitment, sigVerify: false });
  const logs = result.value.logs ?? [];
  if (result.value.err) throw toGroundworkError(Object.assign(new Error(`simulation failed: ${JSON.stringify(result.value.err)}`), { logs }));
  return { signature: "", computeUnits: result.value.unitsConsumed ?? 0, logs };
}

/**
 * A confirmed transaction as getTransaction returns it. A validator records a transaction's
 * details (logs, compute units, block time) apart from confirming it, so right after a
 * confirmation getTransaction can still answer null: this asks again for up to `timeoutMs`.
 */
export async function confirmedTransaction(connection: Connection, signature: TransactionSignature, commitment: "confirmed" | "finalized" = "confirmed", timeoutMs = 30_000): Promise<VersionedTransactionResponse> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const tx = await connection.getTransaction(signature, { commitment, maxSupportedTransactionVersion: 0 });
    if (tx) return tx;
    if (Date.now() > deadline) throw new Error(`transaction ${signature} not found (${commitment}) after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Compute units and logs of a confirmed transaction. */
export async function transactionCost(provider: AnchorProvider, signature: TransactionSignature, commitment: "confirmed" | "finalized" = "confirmed"): Promise<{ computeUnits: number; logs: string[] }> {
  if (provider.connection instanceof SvmConnection) {
    const record = provider.connection.transactionRecord(signature);
    return { computeUnits: record?.computeUnitsConsumed ?? 0, logs: record?.logs ?? [] };
  }
  const tx = await confirmedTransaction(provider.connection, signature, commitment);
  return { computeUnits: tx.meta?.computeUnitsConsumed ?? 0, logs: tx.meta?.logMessages ?? [] };
}
