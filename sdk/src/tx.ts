// Sending instructions: compute-budget and priority-fee options, typed errors, and the compute
// units a transaction used (from the embedded SVM's record, or getTransaction on a cluster).
import { AnchorProvider } from "@coral-xyz/anchor";
import { ComputeBudgetProgram, Signer, Transaction, TransactionInstruction, TransactionSignature } from "@solana/web3.js";
import { toGroundworkError } from "./errors";
import { SvmConnection } from "./svm/connection";

export interface SendOptions {
  /** Compute-unit limit for the transaction (a SetComputeUnitLimit instruction is prepended). */
  computeUnitLimit?: number;
  /** Priority fee in micro-lamports per compute unit (a SetComputeUnitPrice instruction). */
  priorityFeeMicroLamports?: number;
  /** Skip the RPC's preflight simulation. */
  skipPreflight?: boolean;
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
  let signature: TransactionSignature;
  try {
    signature = await provider.sendAndConfirm(tx, required, { commitment: "confirmed", skipPreflight: options.skipPreflight });
  } catch (err) {
    throw toGroundworkError(err);
  }
  return { signature, ...(await transactionCost(provider, signature)) };
}

/** Compute units and logs of a confirmed transaction. */
export async function transactionCost(provider: AnchorProvider, signature: TransactionSignature): Promise<{ computeUnits: number; logs: string[] }> {
  if (provider.connection instanceof SvmConnection) {
    const record = provider.connection.transactionRecord(signature);
    return { computeUnits: record?.computeUnitsConsumed ?? 0, logs: record?.logs ?? [] };
  }
  const tx = await provider.connection.getTransaction(signature, { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
  return { computeUnits: tx?.meta?.computeUnitsConsumed ?? 0, logs: tx?.meta?.logMessages ?? [] };
}
