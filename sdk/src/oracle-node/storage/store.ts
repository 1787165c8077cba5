// The node's database: one schema, versioned migrations and every query, for PostgreSQL and the
// embedded database alike (driver.ts). What it keeps:
//   reports            every accepted report, as signed (message + signature), id = sha256(message)
//   epoch_archives     one row per closed epoch: root, totals, policy params hash, report-set digest
//   epoch_leaves       every leaf of every archived tree, with its proof (served without rebuilding)
//   cumulative_totals  each operator's lifetime reward through the last archived epoch
//   root_votes         the epochs this node voted for (a node never votes twice)
// Every write that answers a client commits before the answer (a kill -9 loses nothing answered).
import { Queryable, SqlDriver, openEmbedded, openPostgres } from "./driver";

export interface StoredReport {
  /** sha256 of `message`. */
  id: Buffer;
  epoch: number;
  device: string;
  /** The device's operator wallet when accepted. */
  operator: string;
  kind: number;
  timestamp: number;
  message: Buffer;
  signature: Buffer;
}

export interface EpochArchive {
  epoch: number;
  root: Buffer;
  /** Sum of the tree's (cumulative) leaves. */
  total: bigint;
  leafCount: number;
  /** Operators' emission of this epoch that the policy distributed. */
  epochEmission: bigint;
  /** What this epoch added to the operators' totals (≤ epochEmission + carried in). */
  epochRewarded: bigint;
  /** Funded and in no leaf yet: carried into the next epoch. */
  unallocated: bigint;
  policy: string;
  policyParamsHash: Buffer;
  /** sha256 over the sorted ids of the reports the close read. */
  reportSetDigest: Buffer;
  reportCount: number;
  closedAt: number;
  /** The close's archive record (JSON, without the leaves, which are rows of epoch_leaves). */
  record: string;
}

export interface ArchivedLeaf {
  index: number;
  operator: string;
  /** Cumulative amount (what the leaf commits to). */
  amount: bigint;
  /** This epoch's reward. */
  epochReward: bigint;
  proof: Buffer[];
}

export interface RootVote {
  epoch: number;
  root: Buffer;
  signature: string;
}

interface Migration {
  version: number;
  description: string;
  statements: string[];
}

/** Applied in order, each once; never edit one that has shipped — add the next. */
export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    description: "reports, epoch archives and leaves, cumulative totals, root votes",
    statements: [
      `CREATE TABLE reports (
         id bytea PRIMARY KEY CHECK (octet_length(id) = 32),
         epoch bigint NOT NULL CHECK (epoch >= 0),
         device text NOT NULL,
         operator text NOT NULL,
         kind smallint NOT NULL,
         ts bigint NOT NULL,
         message bytea NOT NULL,
         signature bytea NOT NULL CHECK (octet_length(signature) = 64),
         received_at bigint NOT NULL
       )`,
      `CREATE INDEX reports_by_epoch ON reports (epoch, id)`,
      `CREATE TABLE epoch_archives (
         epoch bigint PRIMARY KEY,
         root bytea NOT NULL,
         total numeric(20, 0) NOT NULL,
         leaf_count integer NOT NULL,
         epoch_emission numeric(20, 0) NOT NULL,
         epoch_rewarded numeric(20, 0) NOT NULL,
         unallocated numeric(20, 0) NOT NULL,
         policy text NOT NULL,
         policy_params_hash bytea NOT NULL,
         report_set_digest bytea NOT NULL,
         report_count integer NOT NULL,
         closed_at bigint NOT NULL,
         record text NOT NULL
       )`,
      `CREATE INDEX epoch_archives_by_root ON epoch_archives (root)`,
      `CREATE TABLE epoch_leaves (
         epoch bigint NOT NULL REFERENCES epoch_archives (epoch),
         idx integer NOT NULL,
         operator text NOT NULL,
         amount numeric(20, 0) NOT NULL,
         epoch_reward numeric(20, 0) NOT NULL,
         proof bytea NOT NULL,
         PRIMARY KEY (epoch, idx)
       )`,
      `CREATE UNIQUE INDEX epoch_leaves_by_operator ON epoch_leaves (epoch, operator)`,
      `CREATE TABLE cumulative_totals (
         operator text PRIMARY KEY,
         amount numeric(20, 0) NOT NULL,
         through_epoch bigint NOT NULL
       )`,
      `CREATE TABLE root_votes (
         epoch bigint PRIMARY KEY,
         root bytea NOT NULL,
         signature text NOT NULL,
         voted_at bigint NOT NULL
       )`,
    ],
  },
];

/** Brings the schema to the newest migration (safe with several nodes on one server). */
export async function migrate(db: SqlDriver): Promise<number> {
  await db.query(`CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, description text NOT NULL, applied_at bigint NOT NULL)`);
  for (const m of MIGRATIONS) {
    await db.transaction(async (tx) => {
      // Two ingest nodes starting together against one server: the second waits, then skips.
      if (db.kind === "postgres") await tx.query(`SELECT pg_advisory_xact_lock(7240917)`);
      const done = await tx.query(`SELECT 1 FROM schema_migrations WHERE version = $1`, [m.version]);
      if (done.length > 0) return;
      for (const s of m.statements) await tx.query(s);
      await tx.query(`INSERT INTO schema_migrations (version, description, applied_at) VALUES ($1, $2, $3)`, [m.version, m.description, Math.floor(Date.now() / 1000)]);
    });
  }
  const [row] = await db.query<{ v: number | null }>(`SELECT max(version) AS v FROM schema_migrations`);
  return Number(row.v ?? 0);
}

const buf = (b: Uint8Array): Buffer => Buffer.from(b.buffer, b.byteOffset, b.byteLength);
const PROOF_NODE = 32;
const INSERT_CHUNK = 1000;

interface ReportRow { id: Uint8Array; epoch: string; device: string; operator: string; kind: number; ts: string; message: Uint8Array; signature: Uint8Array }
interface ArchiveRow {
  epoch: string; root: Uint8Array; total: string; leaf_count: number; epoch_emission: string; epoch_rewarded: string; unallocated: string; policy: string;
  policy_params_hash: Uint8Array; report_set_digest: Uint8Array; report_count: number; closed_at: string; record: string;
}
interface LeafRow { idx: number; operator: string; amount: string; epoch_reward: string; proof: Uint8Array }

const toReport = (r: ReportRow): StoredReport => ({
  id: buf(r.id), epoch: Number(r.epoch), device: r.device, operator: r.operator, kind: Number(r.kind), timestamp: Number(r.ts), message: buf(r.message), signature: buf(r.signature),
});
const toArchive = (r: ArchiveRow): EpochArchive => ({
  epoch: Number(r.epoch), root: buf(r.root), total: BigInt(r.total), leafCount: Number(r.leaf_count), epochEmission: BigInt(r.epoch_emission), epochRewarded: BigInt(r.epoch_rewarded), unallocated: BigInt(r.unallocated),
  policy: r.policy, policyParamsHash: buf(r.policy_params_hash), reportSetDigest: buf(r.report_set_digest), reportCount: Number(r.report_count), closedAt: Number(r.closed_at), record: r.record,
});
const toLeaf = (r: LeafRow): ArchivedLeaf => {
  const p = buf(r.proof);
  const proof: Buffer[] = [];
  for (let o = 0; o < p.length; o += PROOF_NODE) proof.push(p.subarray(o, o + PROOF_NODE));
  return { index: Number(r.idx), operator: r.operator, amount: BigInt(r.amount), epochReward: BigInt(r.epoch_reward), proof };
};

/** `($1, $2, …), ($k+1, …)` for `rows` rows of `cols` parameters. */
function placeholders(rows: number, cols: number): string {
  const out: string[] = [];
  for (let r = 0; r < rows; r++) out.push(`(${Array.from({ length: cols }, (_, c) => `$${r * cols + c + 1}`).join(", ")})`);
  return out.join(", ");
}

export class OracleStore {
  private constructor(readonly db: SqlDriver) {}

  /** Opens PostgreSQL (`postgres://…`) or the embedded database in a directory, and migrates it. */
  static async open(target: { url: string } | { embedded: string }): Promise<OracleStore> {
    const db = "url" in target ? await openPostgres(target.url) : await openEmbedded(target.embedded);
    try {
      await migrate(db);
    } catch (e) {
      await db.close().catch(() => undefined);
      throw e;
    }
    return new OracleStore(db);
  }

  get kind(): SqlDriver["kind"] {
    return this.db.kind;
  }

  close(): Promise<void> {
    return this.db.close();
  }

  /**
   * Stores reports; returns the ids newly stored (a replay — an id already present — is not).
   * One statement: committed before it returns.
   */
  async insertReports(reports: StoredReport[], receivedAt = Math.floor(Date.now() / 1000)): Promise<Set<string>> {
    const stored = new Set<string>();
    for (let i = 0; i < reports.length; i += INSERT_CHUNK) {
      const chunk = reports.slice(i, i + INSERT_CHUNK);
      const params: unknown[] = [];
      for (const r of chunk) params.push(r.id, r.epoch, r.device, r.operator, r.kind, r.timestamp, r.message, r.signature, receivedAt);
      const rows = await this.db.query<{ id: Uint8Array }>(
        `INSERT INTO reports (id, epoch, device, operator, kind, ts, message, signature, received_at) VALUES ${placeholders(chunk.length, 9)}
         ON CONFLICT (id) DO NOTHING RETURNING id`,
        params,
      );
      for (const r of rows) stored.add(buf(r.id).toString("hex"));
    }
    return stored;
  }

  async hasReport(id: Buffer): Promise<boolean> {
    return (await this.db.query(`SELECT 1 FROM reports WHERE id = $1`, [id])).length > 0;
  }

  async countReports(epoch?: number): Promise<number> {
    const [r] = epoch === undefined
      ? await this.db.query<{ n: string }>(`SELECT count(*) AS n FROM reports`)
      : await this.db.query<{ n: string }>(`SELECT count(*) AS n FROM reports WHERE epoch = $1`, [epoch]);
    return Number(r.n);
  }

  /** An epoch's reports in id order, `limit` after `afterId` (paging for peers). */
  async listReports(epoch: number, afterId: Buffer | null, limit: number): Promise<StoredReport[]> {
    const rows = await this.db.query<ReportRow>(
      `SELECT id, epoch, device, operator, kind, ts, message, signature FROM reports WHERE epoch = $1 AND id > $2 ORDER BY id LIMIT $3`,
      [epoch, afterId ?? Buffer.alloc(0), limit],
    );
    return rows.map(toReport);
  }

  async epochReports(epoch: number): Promise<StoredReport[]> {
    return (await this.db.query<ReportRow>(`SELECT id, epoch, device, operator, kind, ts, message, signature FROM reports WHERE epoch = $1 ORDER BY id`, [epoch])).map(toReport);
  }

  // --- archives ---------------------------------------------------------------------------------

  /** Cumulative totals through the newest archived epoch (operator wallet → amount). */
  async cumulativeTotals(): Promise<Map<string, bigint>> {
    const rows = await this.db.query<{ operator: string; amount: string }>(`SELECT operator, amount FROM cumulative_totals`);
    return new Map(rows.map((r) => [r.operator, BigInt(r.amount)]));
  }

  /**
   * Archives a closed epoch: the record, every leaf with its proof, and the new cumulative totals,
   * in one transaction (a close interrupted before commit leaves nothing and is redone).
   */
  async saveArchive(a: EpochArchive, leaves: ArchivedLeaf[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO epoch_archives (epoch, root, total, leaf_count, epoch_emission, epoch_rewarded, unallocated, policy, policy_params_hash, report_set_digest, report_count, closed_at, record)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
        [a.epoch, a.root, a.total.toString(), a.leafCount, a.epochEmission.toString(), a.epochRewarded.toString(), a.unallocated.toString(), a.policy, a.policyParamsHash, a.reportSetDigest, a.reportCount, a.closedAt, a.record],
      );
      for (let i = 0; i < leaves.length; i += INSERT_CHUNK) {
        const chunk = leaves.slice(i, i + INSERT_CHUNK);
        const params: unknown[] = [];
        for (const l of chunk) params.push(a.epoch, l.index, l.operator, l.amount.toString(), l.epochReward.toString(), Buffer.concat(l.proof));
        await tx.query(`INSERT INTO epoch_leaves (epoch, idx, operator, amount, epoch_reward, proof) VALUES ${placeholders(chunk.length, 6)}`, params);
        // A zero leaf (the placeholder of an epoch nobody has earned in yet) is no one's total.
        const earned = chunk.filter((l) => l.amount > 0n);
        if (earned.length === 0) continue;
        const totals: unknown[] = [];
        for (const l of earned) totals.push(l.operator, l.amount.toString(), a.epoch);
        await tx.query(
          `INSERT INTO cumulative_totals (operator, amount, through_epoch) VALUES ${placeholders(earned.length, 3)}
           ON CONFLICT (operator) DO UPDATE SET amount = excluded.amount, through_epoch = excluded.through_epoch`,
          totals,
        );
      }
    });
  }

  async archive(epoch: number): Promise<EpochArchive | null> {
    const [r] = await this.db.query<ArchiveRow>(`SELECT * FROM epoch_archives WHERE epoch = $1`, [epoch]);
    return r ? toArchive(r) : null;
  }

  async archiveByRoot(root: Buffer): Promise<EpochArchive | null> {
    const [r] = await this.db.query<ArchiveRow>(`SELECT * FROM epoch_archives WHERE root = $1 ORDER BY epoch DESC LIMIT 1`, [root]);
    return r ? toArchive(r) : null;
  }

  async latestArchive(): Promise<EpochArchive | null> {
    const [r] = await this.db.query<ArchiveRow>(`SELECT * FROM epoch_archives ORDER BY epoch DESC LIMIT 1`);
    return r ? toArchive(r) : null;
  }

  async leafOf(epoch: number, operator: string): Promise<ArchivedLeaf | null> {
    const [r] = await this.db.query<LeafRow>(`SELECT idx, operator, amount, epoch_reward, proof FROM epoch_leaves WHERE epoch = $1 AND operator = $2`, [epoch, operator]);
    return r ? toLeaf(r) : null;
  }

  /** Leaves of an archived epoch in index order, `limit` from `fromIndex`. */
  async leaves(epoch: number, fromIndex: number, limit: number): Promise<ArchivedLeaf[]> {
    return (await this.db.query<LeafRow>(
      `SELECT idx, operator, amount, epoch_reward, proof FROM epoch_leaves WHERE epoch = $1 AND idx >= $2 ORDER BY idx LIMIT $3`, [epoch, fromIndex, limit],
    )).map(toLeaf);
  }

  // --- votes ------------------------------------------------------------------------------------

  async vote(epoch: number): Promise<RootVote | null> {
    const [r] = await this.db.query<{ epoch: string; root: Uint8Array; signature: string }>(`SELECT epoch, root, signature FROM root_votes WHERE epoch = $1`, [epoch]);
    return r ? { epoch: Number(r.epoch), root: buf(r.root), signature: r.signature } : null;
  }

  /** Records this node's vote; a second record for the epoch is refused by the primary key. */
  async recordVote(v: RootVote): Promise<void> {
    await this.db.query(`INSERT INTO root_votes (epoch, root, signature, voted_at) VALUES ($1, $2, $3, $4) ON CONFLICT (epoch) DO NOTHING`, [v.epoch, v.root, v.signature, Math.floor(Date.now() / 1000)]);
  }
}

export type { Queryable };
