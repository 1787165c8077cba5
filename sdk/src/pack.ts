// Packs instructions into as few transactions as fit the 1,232-byte packet, in order, so
// multi-step actions (create a network with credits and rewards, batch claims) take the fewest
// round trips.
import { PublicKey, Signer, Transaction, TransactionInstruction } from "@solana/web3.js";

export const PACKET_DATA_SIZE = 1232;

/** One transaction's instructions and the signers among `signers` its instructions need. */
export interface PackedTransaction {
  instructions: TransactionInstruction[];
  signers: Signer[];
}

function size(feePayer: PublicKey, instructions: TransactionInstruction[], signerCount: number): number {
  const tx = new Transaction({ feePayer, blockhash: PublicKey.default.toBase58(), lastValidBlockHeight: 0 }).add(...instructions);
  // serializeMessage omits signatures: add 1 length byte + 64 bytes per required signature.
  return tx.serializeMessage().length + 1 + 64 * signerCount;
}

function requiredSigners(feePayer: PublicKey, instructions: TransactionInstruction[]): Set<string> {
  const keys = new Set<string>([feePayer.toBase58()]);
  for (const ix of instructions) for (const k of ix.keys) if (k.isSigner) keys.add(k.pubkey.toBase58());
  return keys;
}

/** Greedy in-order packing; an instruction that cannot fit alone is an error. */
export function pack(feePayer: PublicKey, instructions: TransactionInstruction[], signers: Signer[]): PackedTransaction[] {
  const out: PackedTransaction[] = [];
  let current: TransactionInstruction[] = [];
  const fits = (ixs: TransactionInstruction[]) => size(feePayer, ixs, requiredSigners(feePayer, ixs).size) <= PACKET_DATA_SIZE;
  for (const ix of instructions) {
    if (fits([...current, ix])) {
      current.push(ix);
      continue;
    }
    if (current.length === 0) throw new Error("an instruction does not fit in one transaction");
    out.push({ instructions: current, signers: [] });
    current = [ix];
    if (!fits(current)) throw new Error("an instruction does not fit in one transaction");
  }
  if (current.length) out.push({ instructions: current, signers: [] });
  for (const t of out) {
    const needed = requiredSigners(feePayer, t.instructions);
    t.signers = signers.filter((s) => needed.has(s.publicKey.toBase58()) && !s.publicKey.equals(feePayer));
  }
  return out;
}
