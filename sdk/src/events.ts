// Anchor events of all three programs: parsed from a transaction's logs, or streamed as they land.
import { AnchorProvider, BorshCoder, EventParser, Idl } from "@coral-xyz/anchor";
import { PublicKey, TransactionSignature } from "@solana/web3.js";

export interface GroundworkEvent {
  program: string;
  /** Event name as in the IDL, e.g. `Staked`. */
  name: string;
  data: Record<string, unknown>;
}

export class EventDecoder {
  private readonly parsers: { program: string; programId: PublicKey; parser: EventParser }[] = [];

  /** `idls`: program name → IDL (as shipped in idl/*.json). */
  constructor(idls: { name: string; idl: Idl }[]) {
    for (const { name, idl } of idls) {
      const programId = new PublicKey(idl.address);
      this.parsers.push({ program: name, programId, parser: new EventParser(programId, new BorshCoder(idl)) });
    }
  }

  /** Every event in `logs`, in order. */
  decode(logs: string[]): GroundworkEvent[] {
    const out: GroundworkEvent[] = [];
    for (const { program, parser } of this.parsers) {
      for (const e of parser.parseLogs(logs)) out.push({ program, name: e.name, data: e.data as Record<string, unknown> });
    }
    return out;
  }

  /** Events of a confirmed transaction. */
  async fromTransaction(provider: AnchorProvider, signature: TransactionSignature): Promise<GroundworkEvent[]> {
    const tx = await provider.connection.getTransaction(signature, { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
    return this.decode(tx?.meta?.logMessages ?? []);
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
