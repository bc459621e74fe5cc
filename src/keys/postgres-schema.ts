/**
 * The PostgreSQL key table: the same columns as SQLite's, with BIGINT times and JSONB lists. Its own
 * version table (`key_schema_migrations`) keeps it independent of the ledger's migrations in a shared schema.
 */
import type { Pool } from 'pg';
import { migratePostgres, type PgMigration } from '../ledger/postgres-migrate.js';

export const PG_KEY_MIGRATIONS: readonly PgMigration[] = [
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
  created_at BIGINT NOT NULL,
  revoked_at BIGINT,
  allowed_models JSONB, -- NULL: any model
  budgets JSONB NOT NULL DEFAULT '[]',
  rate_limits JSONB,
  metadata JSONB,
  seq BIGINT GENERATED ALWAYS AS IDENTITY -- creation order (created_at ties within a millisecond)
);
CREATE INDEX virtual_keys_project ON virtual_keys (project);
`,
  },
  {
    version: 2,
    name: 'key_jurisdictions',
    sql: `ALTER TABLE virtual_keys ADD COLUMN jurisdictions JSONB; -- {allow?, deny?}, NULL: anywhere`,
  },
];

export function migrateKeysPostgres(pool: Pool, migrations: readonly PgMigration[] = PG_KEY_MIGRATIONS): Promise<number[]> {
  return migratePostgres(pool, migrations, { table: 'key_schema_migrations', what: 'key store' });
}
