/**
 * The SQLite key table, as ordered migrations. It usually shares the ledger's file, so it keeps its own
 * version table (`key_schema_migrations`): the ledger's `schema_migrations` refuses versions it does not
 * know. Missing migrations are applied in one IMMEDIATE transaction, so concurrent openers migrate once.
 */
import type Database from 'better-sqlite3';

export interface KeyMigration {
  version: number;
  name: string;
  sql: string;
}

export const KEY_MIGRATIONS: readonly KeyMigration[] = [
  {
    version: 1,
    name: 'virtual_keys',
    sql: `
CREATE TABLE virtual_keys (
  id TEXT PRIMARY KEY,
  key_hash TEXT NOT NULL UNIQUE, -- SHA-256 hex of the secret; the secret itself is never stored
  prefix TEXT NOT NULL,
  project TEXT NOT NULL,
  name TEXT,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER,
  allowed_models TEXT, -- JSON array, NULL: any model
  budgets TEXT NOT NULL DEFAULT '[]', -- JSON array
  rate_limits TEXT, -- JSON object
  metadata TEXT -- JSON object
) STRICT;
CREATE INDEX virtual_keys_project ON virtual_keys (project);
`,
  },
  {
    version: 2,
    name: 'key_jurisdictions',
    sql: `ALTER TABLE virtual_keys ADD COLUMN jurisdictions TEXT; -- JSON object {allow?, deny?}, NULL: anywhere`,
  },
];

/** Applies the missing migrations; returns the versions applied (empty when up to date). */
export function migrateKeys(db: Database.Database, migrations: readonly KeyMigration[] = KEY_MIGRATIONS): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS key_schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at INTEGER NOT NULL
)`);
  const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  const run = db.transaction((): number[] => {
    const row = db.prepare('SELECT MAX(version) AS version FROM key_schema_migrations').get() as { version: number | null };
    const current = row.version ?? 0;
    if (current > latest) {
      throw new Error(`key store schema version ${current} is newer than this Switchyard understands (${latest}); upgrade Switchyard`);
    }
    const applied: number[] = [];
    const record = db.prepare('INSERT INTO key_schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (m.version <= current) continue;
      db.exec(m.sql);
      record.run(m.version, m.name, Date.now());
      applied.push(m.version);
    }
    return applied;
  });
  return run.immediate();
}
