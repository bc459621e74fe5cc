import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { describeBudgetStore } from './store-contract.testkit.js';
import { createSqliteBudgetStore } from './sqlite.js';

describeBudgetStore({
  name: 'sqlite',
  async fresh() {
    const dir = mkdtempSync(join(tmpdir(), 'sy-budgets-'));
    const path = join(dir, 'state.db');
    return {
      // Each open is its own connection, so concurrency tests cross connections as processes would.
      open: async () => createSqliteBudgetStore(path, { sweepIntervalMs: 0 }),
      shared: { url: `sqlite:${path}` },
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    };
  },
});

describe('SQLite budget schema', () => {
  it('shares a file with the ledger without touching its schema_migrations', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-budgets-'));
    try {
      const path = join(dir, 'shared.db');
      const db = new Database(path);
      db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
      db.prepare('INSERT INTO schema_migrations VALUES (1, ?, 0)').run('ledger');
      const store = createSqliteBudgetStore(path, { sweepIntervalMs: 0 });
      await store.close();
      await createSqliteBudgetStore(path, { sweepIntervalMs: 0 }).close(); // reopening is a no-op
      expect(db.prepare('SELECT version FROM schema_migrations').all()).toEqual([{ version: 1 }]);
      expect(db.prepare('SELECT version FROM budget_schema_migrations').all()).toEqual([{ version: 1 }]);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
