// Anchor events of all three programs: parsed from a transaction's logs, or streamed as they land.
import { AnchorProvider, BorshCoder, Idl } from "@coral-xyz/anchor";
import { PublicKey, TransactionSignature } from "@solana/web3.js";
import { confirmedTransaction } from "./tx";

export interface GroundworkEvent {
  program: string;
  /** Event name as in the IDL, e.g. `Staked`. */
  name: string;
  data: Record<string, unknown>;
}

const INVOKE = /^Program ([1-9A-HJ-NP-Za-km-z]+) invoke \[\d+\]$/;
const DONE = /^Program ([1-9A-HJ-NP-Za-km-z]+) (success|failed)/;
const DATA = "Program data: ";

export class EventDecoder {
  private readonly parsers: { program: string; programId: PublicKey; coder: BorshCoder }[] = [];

  /** `idls`: program name → IDL (as shipped in idl/*.json). */
  constructor(idls: { name: string; idl: Idl }[]) {
    for (const { name, idl } of idls) {
      const programId = new PublicKey(idl.address);
      const coder = new BorshCoder(idl);
      this.parsers.push({ program: name, programId, coder });
    }
  }

  /**
   * Every event in `logs`, in the order emitted, including events a program emits when another
   * calls it (a fee the network program burns through the credits program): the invoke stack
   * says which program wrote each `Program data:` line.
   */
  decode(logs: string[]): GroundworkEvent[] {
    const out: GroundworkEvent[] = [];
    const stack: string[] = [];
    for (const log of logs) {
      const invoke = INVOKE.exec(log);
      if (invoke) {
        stack.push(invoke[1]);
        continue;
      }
      if (DONE.test(log)) {
        stack.pop();
        continue;
      }
      if (!log.startsWith(DATA) || stack.length === 0) continue;
      const running = stack[stack.length - 1];
      const p = this.parsers.find((x) => x.programId.toBase58() === running);
      const e = p?.coder.events.decode(log.slice(DATA.length));
      if (p && e) out.push({ program: p.program, name: e.name, data: e.data as Record<string, unknown> });
    }
    return out;
  }

  /** Events of a confirmed transaction. */
  async fromTransaction(provider: AnchorProvider, signature: TransactionSignature): Promise<GroundworkEvent[]> {
    const tx = await confirmedTransaction(provider.connection, signature);
    return this.decode(tx.meta?.logMessages ?? []);
  }

  /** Calls `listener` for every event of every program as transactions land; returns an unsubscribe. */
  subscribe(provider: AnchorProvider, listener: (event: GroundworkEvent, signature: string) => void): () => Promise<void> {
    const ids = this.parsers.map(({ programId }) =>
      provider.connection.onLogs(programId, (l) => {
        if (l.err) return;
        for (const e of this.decode(l.logs)) listener(e, l.signature);
      }, "confirmed"),
    );
    return async () => {
      for (const id of ids) await provider.connection.removeOnLogsListener(id);
    };
  }
}
