// One SQL interface over the two databases the node runs on: PostgreSQL (`pg`, production) and
// the embedded PGlite (Postgres compiled to WASM, persisted to a directory; no server). Both speak
// the same SQL, so the schema, the migrations and every query are written once (store.ts).
import * as fs from "fs";
import { Pool, PoolClient } from "pg";
import { PGlite, Transaction } from "@electric-sql/pglite";

/** Runs one statement with positional parameters ($1, $2, …). */
export interface Queryable {
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface SqlDriver extends Queryable {
  readonly kind: "postgres" | "embedded";
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

class PostgresDriver implements SqlDriver {
  readonly kind = "postgres" as const;
  constructor(private readonly pool: Pool) {}

  async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.pool.query(sql, params)).rows as T[];
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const client: PoolClient = await this.pool.connect();
    try {
      await client.query("BEGIN");
      const out = await fn({ query: async <R>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows as R[] });
      await client.query("COMMIT");
      return out;
    } catch (e) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

class EmbeddedDriver implements SqlDriver {
  readonly kind = "embedded" as const;
  constructor(private readonly db: PGlite) {}

  async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.db.query<T>(sql, params)).rows;
  }

  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.db.transaction((tx: Transaction) => fn({ query: async <R>(sql: string, params: unknown[] = []) => (await tx.query<R>(sql, params)).rows }));
  }

  close(): Promise<void> {
    return this.db.close();
  }
}

export async function openPostgres(url: string, poolSize = 8): Promise<SqlDriver> {
  const pool = new Pool({ connectionString: url, max: poolSize });
  // Fail at start-up, with the server's own message, rather than on the first report.
  const client = await pool.connect().catch(async (e: Error) => {
    await pool.end().catch(() => undefined);
    throw new Error(`cannot connect to PostgreSQL at ${url.replace(/\/\/[^@]*@/, "//…@")}: ${e.message}`);
  });
  client.release();
  return new PostgresDriver(pool);
}

export async function openEmbedded(dir: string): Promise<SqlDriver> {
  fs.mkdirSync(dir, { recursive: true });
  return new EmbeddedDriver(await PGlite.create(dir));
}
