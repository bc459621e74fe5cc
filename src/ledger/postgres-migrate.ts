/**
 * Versioned migrations on PostgreSQL, as on SQLite: a database records the versions it has in a
 * migrations table; opening applies the missing ones in one transaction. A transaction-scoped advisory
 * lock (per schema and table) makes concurrent openers, e.g. several gateway instances starting at once,
 * migrate one at a time: the second waits, then finds nothing to do. Never edit a shipped migration: add one.
 */
import type { Pool } from 'pg';
import { inTransaction } from './postgres-pool.js';

export interface PgMigration {
  version: number;
  name: string;
  sql: string;
}

export interface PgMigrateOptions {
  /** The table recording applied versions (a fixed identifier, never user input). */
  table: string;
  /** What the schema belongs to, for messages: `ledger`, `key store`. */
  what: string;
  /** Fail instead of creating the schema in a database that has none (read-only tools). */
  mustExist?: boolean;
}

/** Applies the missing migrations; returns the versions applied (empty when up to date). */
export async function migratePostgres(pool: Pool, migrations: readonly PgMigration[], options: PgMigrateOptions): Promise<number[]> {
  const { table, what } = options;
  if (!/^[a-z_][a-z0-9_]*$/.test(table)) throw new Error(`invalid migrations table name "${table}"`);
  const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  return inTransaction(pool, async (client) => {
    await client.query("SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.' || $1::text))", [table]);
    if (options.mustExist === true) {
      const found = await client.query<{ t: string | null }>('SELECT to_regclass($1::text)::text AS t', [table]);
      if (found.rows[0]?.t == null) throw new Error(`no Switchyard ${what} in this database (table ${table} is missing)`);
    }
    await client.query(`CREATE TABLE IF NOT EXISTS ${table} (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at BIGINT NOT NULL
)`);
    const result = await client.query<{ version: number | null }>(`SELECT MAX(version) AS version FROM ${table}`);
    const current = result.rows[0]?.version ?? 0;
    if (current > latest) {
      throw new Error(`${what} schema version ${current} is newer than this Switchyard understands (${latest}); upgrade Switchyard`);
    }
    const applied: number[] = [];
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (m.version <= current) continue;
      await client.query(m.sql);
      await client.query(`INSERT INTO ${table} (version, name, applied_at) VALUES ($1, $2, $3)`, [m.version, m.name, Date.now()]);
      applied.push(m.version);
    }
    return applied;
  });
}
