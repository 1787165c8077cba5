// What customers paid each operator in an epoch, read from the credits program's `CreditsSpent`
// events — the cap of the `work` policy (an operator paying itself earns back at most what it
// burned). Convention (docs/oracle.md "Paid credits"): a customer paying an operator for work spends
// credits with `usage_ref` = the operator's wallet (32 bytes).
//
// Read from the chain's history at close time, not from a live subscription, so every node
// computes the same map from the same ledger, whatever it missed while down: the network's tally
// ring is written by every spend, so its signatures list every spend; pages go back until the
// transactions are older than the epoch's start.
import BN from "bn.js";
import { EventParser } from "@coral-xyz/anchor";
import { PublicKey } from "@solana/web3.js";
import { GroundworkContext } from "../../clients/context";
import { tallyRingPda } from "../../credits/pda";

const PAGE = 1000;

export async function readPaidCredits(ctx: GroundworkContext, network: PublicKey, epoch: number, epochStart: number): Promise<Map<string, bigint>> {
  const connection = ctx.provider.connection;
  const ring = tallyRingPda(network);
  const parser = new EventParser(ctx.credits.programId, ctx.credits.coder);
  const paid = new Map<string, bigint>();
  let before: string | undefined;
  for (;;) {
    const page = await connection.getSignaturesForAddress(ring, { before, limit: PAGE }, "confirmed");
    if (page.length === 0) break;
    for (const s of page) {
      if (s.err) continue;
      const tx = await connection.getTransaction(s.signature, { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
      for (const ev of parser.parseLogs(tx?.meta?.logMessages ?? [])) {
        if (ev.name !== "creditsSpent") continue;
        const d = ev.data as { network: PublicKey; amount: BN; usageRef: number[]; epoch: BN };
        if (!d.network.equals(network) || d.epoch.toNumber() !== epoch) continue;
        const operator = new PublicKey(Uint8Array.from(d.usageRef)).toBase58();
        paid.set(operator, (paid.get(operator) ?? 0n) + BigInt(d.amount.toString()));
      }
    }
    const oldest = page[page.length - 1];
    // Spends of this epoch happen at or after its start: an older page holds none.
    if (page.length < PAGE || (oldest.blockTime !== null && oldest.blockTime !== undefined && oldest.blockTime < epochStart)) break;
    before = oldest.signature;
  }
  return paid;
}
