/**
 * The budget tables, as ordered migrations. They may share a file with the ledger, so they keep their own
 * version table (`budget_schema_migrations`): the ledger's `schema_migrations` refuses versions it does
 * not know. Never edit a shipped migration: add one.
 */
import type Database from 'better-sqlite3';

interface Migration {
  version: number;
  name: string;
  sql: string;
}

const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'budgets',
    sql: `
CREATE TABLE budget_counters (
  counter TEXT PRIMARY KEY,
  used INTEGER NOT NULL,
  reserved INTEGER NOT NULL,
  expires_at INTEGER
) WITHOUT ROWID;
CREATE INDEX budget_counters_expiry ON budget_counters (expires_at) WHERE expires_at IS NOT NULL;
CREATE TABLE budget_holds (
  counter TEXT NOT NULL,
  reservation_id TEXT NOT NULL,
  amount INTEGER NOT NULL,
  lease_until INTEGER NOT NULL,
  PRIMARY KEY (counter, reservation_id)
) WITHOUT ROWID;
CREATE INDEX budget_holds_lease ON budget_holds (counter, lease_until);
CREATE TABLE budget_reservations (
  reservation_id TEXT PRIMARY KEY,
  units INTEGER NOT NULL,
  lease_until INTEGER NOT NULL,
  -- 1 while sweep still has to look at the lease; the row itself stays until keep_until for late settles.
  listed INTEGER NOT NULL CHECK (listed IN (0, 1)),
  keep_until INTEGER NOT NULL,
  -- JSON: [{ "key": counter, "expiresAt": ms | null }], in the reservation's item order.
  counters TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX budget_reservations_lease ON budget_reservations (lease_until) WHERE listed = 1;
CREATE INDEX budget_reservations_keep ON budget_reservations (keep_until);
CREATE TABLE rate_limits (
  key TEXT PRIMARY KEY,
  tat REAL NOT NULL
) WITHOUT ROWID;
CREATE INDEX rate_limits_tat ON rate_limits (tat);
`,
  },
];

/** Applies the missing migrations in one IMMEDIATE transaction, so concurrent openers migrate once. */
export function migrateBudgets(db: Database.Database): void {
  db.exec(`CREATE TABLE IF NOT EXISTS budget_schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at INTEGER NOT NULL
)`);
  const latest = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);
  const run = db.transaction(() => {
    const row = db.prepare('SELECT MAX(version) AS version FROM budget_schema_migrations').get() as { version: number | null };
    const current = row.version ?? 0;
    if (current > latest) {
      throw new Error(`budget schema version ${current} is newer than this Switchyard understands (${latest}); upgrade Switchyard`);
    }
    const record = db.prepare('INSERT INTO budget_schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    for (const m of MIGRATIONS) {
      if (m.version <= current) continue;
      db.exec(m.sql);
      record.run(m.version, m.name, Date.now());
    }
  });
  run.immediate();
}
