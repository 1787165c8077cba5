// Which operators were jailed at any time during an epoch [start, end), read from the network
// program's history: `SlashExecuted` jails an operator, `OperatorUnjailed` frees it. The chain's
// operator accounts only say who is jailed now (at close time, after the grace period), which
// would pay an operator slashed mid-epoch and unjailed before the close, and withhold from one
// slashed only after the epoch.
//
// An operator was jailed during [start, end) when
//   - a slash executed against it, or it was unjailed, at a block time in [start, end); or
//   - it was jailed at `end`: its state now, walked back over its events at or after `end`
//     (before an unjail it was jailed; before a slash its state is whatever it was before);
//   - when that walk ends on a slash (state before it unknown) and nothing happened in the epoch,
//     its state at `start`: the newest jail event before `start` in its operator account's history
//     (none: never jailed).
// Both slash execution and unjail name the network account, so its signature list holds every
// jail event; pages go back until the transactions are older than `start`. Every node computes
// the same set from the same ledger, whenever it closes.
import { EventParser } from "@coral-xyz/anchor";
import { ConfirmedSignatureInfo, PublicKey } from "@solana/web3.js";
import { GroundworkContext } from "../../clients/context";

const PAGE = 1000;

interface JailEvent {
  /** Base58 operator account (PDA). */
  operator: string;
  jails: boolean;
  blockTime: number;
}

/** Jail events in the transactions of `address` with block time ≥ `from`, newest first. */
async function jailEventsSince(ctx: GroundworkContext, address: PublicKey, from: number): Promise<JailEvent[]> {
  const connection = ctx.provider.connection;
  const parser = new EventParser(ctx.network.programId, ctx.network.coder);
  const out: JailEvent[] = [];
  let before: string | undefined;
  for (;;) {
    const page: ConfirmedSignatureInfo[] = await connection.getSignaturesForAddress(address, { before, limit: PAGE }, "confirmed");
    if (page.length === 0) break;
    for (const s of page) {
      if (s.err || s.blockTime === null || s.blockTime === undefined || s.blockTime < from) continue;
      const tx = await connection.getTransaction(s.signature, { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
      // Events of one transaction in log order; the list is newest first, so reverse them.
      const inTx: JailEvent[] = [];
      for (const ev of parser.parseLogs(tx?.meta?.logMessages ?? [])) {
        if (ev.name !== "slashExecuted" && ev.name !== "operatorUnjailed") continue;
        const d = ev.data as { operator: PublicKey };
        inTx.push({ operator: d.operator.toBase58(), jails: ev.name === "slashExecuted", blockTime: s.blockTime });
      }
      out.push(...inTx.reverse());
    }
    const oldest = page[page.length - 1];
    if (page.length < PAGE || (oldest.blockTime !== null && oldest.blockTime !== undefined && oldest.blockTime < from)) break;
    before = oldest.signature;
  }
  return out;
}

/** Whether the operator account was jailed just before `start` (its newest jail event before then). */
async function jailedBefore(ctx: GroundworkContext, operator: PublicKey, start: number): Promise<boolean> {
  const connection = ctx.provider.connection;
  const parser = new EventParser(ctx.network.programId, ctx.network.coder);
  const key = operator.toBase58();
  let before: string | undefined;
  for (;;) {
    const page = await connection.getSignaturesForAddress(operator, { before, limit: PAGE }, "confirmed");
    if (page.length === 0) return false;
    for (const s of page) {
      if (s.err || s.blockTime === null || s.blockTime === undefined || s.blockTime >= start) continue;
      const tx = await connection.getTransaction(s.signature, { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
      const events = parser.parseLogs(tx?.meta?.logMessages ?? []);
      let last: boolean | undefined;
      for (const ev of events) {
        if (ev.name !== "slashExecuted" && ev.name !== "operatorUnjailed") continue;
        if ((ev.data as { operator: PublicKey }).operator.toBase58() === key) last = ev.name === "slashExecuted";
      }
      if (last !== undefined) return last;
    }
    if (page.length < PAGE) return false;
    before = page[page.length - 1].signature;
  }
}

/**
 * Operator accounts (PDAs, base58) jailed at any time in [start, end). `jailedNow`: the operator
 * accounts jailed at the time of the call (the chain's operator accounts).
 */
export async function readJailedDuringEpoch(ctx: GroundworkContext, network: PublicKey, start: number, end: number, jailedNow: ReadonlySet<string>): Promise<Set<string>> {
  const events = await jailEventsSince(ctx, network, start); // newest first
  const out = new Set<string>();
  const byOperator = new Map<string, JailEvent[]>();
  for (const e of events) {
    if (e.blockTime < end) out.add(e.operator);
    let list = byOperator.get(e.operator);
    if (!list) byOperator.set(e.operator, (list = []));
    list.push(e);
  }
  for (const op of jailedNow) if (!byOperator.has(op)) out.add(op); // unchanged since before `start`
  for (const [op, list] of byOperator) {
    if (out.has(op)) continue;
    // Every event of `op` is at or after `end`: walk back from now to `end`.
    let state: boolean | undefined = jailedNow.has(op);
    for (const e of list) state = e.jails ? undefined : true;
    if (state === undefined) state = await jailedBefore(ctx, new PublicKey(op), start);
    if (state) out.add(op);
  }
  return out;
}
