/**
 * The SQLite ledger schema as an ordered list of migrations. A database records the versions it has in
 * `schema_migrations`; opening applies the missing ones in one transaction, so reopening is a no-op and
 * two processes opening the same file at once cannot both migrate. Never edit a shipped migration: add one.
 */
import type Database from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'ledger',
    sql: `
CREATE TABLE ledger (
  id INTEGER PRIMARY KEY,
  time INTEGER NOT NULL,
  request_id TEXT NOT NULL,
  key_id TEXT,
  project TEXT,
  session TEXT,
  route TEXT,
  reason TEXT,
  score REAL,
  requested_model TEXT NOT NULL,
  served_model TEXT,
  provider TEXT,
  jurisdiction TEXT,
  attempts INTEGER NOT NULL,
  input_tokens INTEGER NOT NULL,
  cache_read_tokens INTEGER NOT NULL,
  cache_write_tokens INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL,
  reasoning_tokens INTEGER NOT NULL,
  usage_estimated INTEGER NOT NULL CHECK (usage_estimated IN (0, 1)),
  cost_pico INTEGER NOT NULL,
  baseline_cost_pico INTEGER NOT NULL,
  latency_ms REAL NOT NULL,
  ttft_ms REAL,
  status TEXT NOT NULL CHECK (status IN ('ok', 'error')),
  http_status INTEGER NOT NULL,
  error_code TEXT,
  stream INTEGER NOT NULL CHECK (stream IN (0, 1))
) STRICT; -- STRICT: a non-integer cost or token count is rejected, never stored as REAL to spoil exact sums
-- Prompts live apart so report scans over the ledger never page through prompt text.
CREATE TABLE ledger_prompts (
  id INTEGER PRIMARY KEY REFERENCES ledger (id),
  prompt TEXT NOT NULL
) STRICT;
-- Only time is indexed, on measurement (200k-row file, 500-row batches): adding (column, time) indexes for
-- the six group-by columns and request_id took a batch from 3.5 ms to 50 ms (each index scatters writes
-- over many pages), while making the report's GROUP BY scans slower, not faster (SQLite then walks the index
-- and looks up every row). A GROUP BY over a time range is a range scan of ledger_time plus one sort.
CREATE INDEX ledger_time ON ledger (time);
`,
  },
  {
    version: 2,
    name: 'ledger_routing_inputs',
    sql: `ALTER TABLE ledger ADD COLUMN routing TEXT; -- JSON: what routing read besides the prompt`,
  },
  {
    version: 3,
    name: 'ledger_superseded',
    // an attempt whose answer never reached the client (a cascade's escalated or failed attempt)
    sql: `ALTER TABLE ledger ADD COLUMN superseded INTEGER NOT NULL DEFAULT 0 CHECK (superseded IN (0, 1));`,
  },
];

/** Applies the missing migrations; returns the versions applied (empty when up to date). */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at INTEGER NOT NULL
)`);
  const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  const run = db.transaction((): number[] => {
    const row = db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as { version: number | null };
    const current = row.version ?? 0;
    if (current > latest) {
      throw new Error(`ledger schema version ${current} is newer than this Switchyard understands (${latest}); upgrade Switchyard`);
    }
    const applied: number[] = [];
    const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (m.version <= current) continue;
      db.exec(m.sql);
      record.run(m.version, m.name, Date.now());
      applied.push(m.version);
    }
    return applied;
  });
  // IMMEDIATE takes the write lock before reading the version, so concurrent openers migrate one at a time.
  return run.immediate();
}
