// Oracles must agree on the report set before they can agree on a root: before closing an epoch a
// node pulls every peer's accepted reports (GET /v1/epochs/:epoch/reports, paged by id) and
// ingests them as its own, re-verifying each (signature, device, operator, epoch window) — a peer
// is trusted for nothing but availability.
import { WireReport } from "../../reports/format";
import { Ingest } from "../ingest/ingest";

export interface PeerPull {
  peer: string;
  /** Reports the peer served. */
  fetched: number;
  /** Of those, newly stored here. */
  stored: number;
  /** Of those, rejected by this node's checks (not duplicates). */
  rejected: number;
  error?: string;
}

const PAGE = 1000;
const TIMEOUT_MS = 30_000;

export async function pullPeer(peer: string, epoch: number, ingest: Ingest): Promise<PeerPull> {
  const out: PeerPull = { peer, fetched: 0, stored: 0, rejected: 0 };
  let after: string | null = null;
  try {
    for (;;) {
      const url = `${peer}/v1/epochs/${epoch}/reports?limit=${PAGE}${after ? `&after=${after}` : ""}`;
      const res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
      if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
      const page = (await res.json()) as { reports?: unknown; next?: unknown };
      if (!Array.isArray(page.reports)) throw new Error(`${url}: not a page of reports`);
      out.fetched += page.reports.length;
      const outcomes = await ingest.ingest(page.reports as WireReport[], "peer");
      for (const o of outcomes) {
        if (o.accepted) out.stored++;
        else if (o.code !== "duplicate") out.rejected++;
      }
      if (typeof page.next !== "string" || !/^[0-9a-f]{64}$/.test(page.next) || page.next === after) break;
      after = page.next;
    }
  } catch (e) {
    out.error = (e as Error).message;
  }
  return out;
}

/** Pulls every peer's reports of `epoch` (in parallel) into this node. */
export function pullPeers(peers: string[], epoch: number, ingest: Ingest): Promise<PeerPull[]> {
  return Promise.all(peers.map((p) => pullPeer(p, epoch, ingest)));
}
