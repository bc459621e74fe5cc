/**
 * The SQLite store (better-sqlite3, WAL): the default for one gateway instance, and durable across
 * restarts. Every operation is one BEGIN IMMEDIATE transaction, which takes the database's write lock
 * before reading, so steps never interleave: not within this process (better-sqlite3 is synchronous) and
 * not across processes sharing the file (SQLite's lock serialises them; busy_timeout makes them wait
 * rather than fail). That makes several processes on one file correct, but they queue on one lock; use
 * Redis for many instances. synchronous=NORMAL: a process crash loses nothing committed, an OS crash may
 * roll back the last few operations (a reservation lost that way frees its budget early).
 */
import Database from 'better-sqlite3';
import { LocalBudgetStore, type Atomic, type LocalStoreOptions } from './local-store.js';
import { migrateBudgets } from './sqlite-schema.js';
import { SqliteState } from './sqlite-state.js';
import type { BudgetState } from './state.js';
import type { BudgetStore } from './types.js';

export interface SqliteStoreOptions extends LocalStoreOptions {
  /** How long to wait for another connection's write lock. */
  busyTimeoutMs?: number;
}

export function createSqliteBudgetStore(path: string, options: SqliteStoreOptions = {}): BudgetStore {
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  const db = new Database(path, { timeout: busyTimeoutMs });
  let state: SqliteState;
  try {
    db.pragma('journal_mode = WAL'); // a no-op ("memory") for :memory: databases
    db.pragma('synchronous = NORMAL');
    db.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
    migrateBudgets(db);
    state = new SqliteState(db);
  } catch (error) {
    db.close();
    throw error;
  }
  const tx = db.transaction((step: (s: BudgetState) => unknown) => step(state));
  const atomic: Atomic = <T>(step: (s: BudgetState) => T): T => tx.immediate(step) as T;
  return new LocalBudgetStore('sqlite', atomic, () => db.close(), options);
}
