/**
 * PostgreSQL connections for the stores (ledger, keys): a `pg` Pool that never crashes the process on a
 * dropped idle connection and never keeps it alive when idle, plus a transaction helper.
 *
 * The URL is a libpq-style connection string; a schema other than `public` is chosen the libpq way, e.g.
 * `postgres://user@host/db?options=-c%20search_path%3Dswitchyard`. The URL may hold a password: it is
 * never logged or put into an error message (`redactUrl`).
 */
import { createRequire } from 'node:module';
import type pgModule from 'pg';
import type { Pool, PoolClient } from 'pg';
import { log } from '../util/log.js';

const require = createRequire(import.meta.url);

/** `pg` is loaded on first use: a gateway on SQLite never loads it (a few MB of RSS at start-up). */
function pg(): typeof pgModule {
  return require('pg') as typeof pgModule;
}

export interface PgPoolOptions {
  /** Connections at most (default 4: the writers are batched, readers are CLI reports and key lookups). */
  max?: number;
  /** How long to wait for a connection (default 10 s). */
  connectTimeoutMs?: number;
}

export function createPool(url: string, options: PgPoolOptions = {}): Pool {
  const pool = new (pg().Pool)({
    connectionString: url, // its parameters win over the defaults below
    application_name: 'switchyard',
    max: options.max ?? 4,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    idleTimeoutMillis: 30_000,
    // Idle connections do not hold the event loop open: a CLI exits when done, and the ledger's
    // `beforeExit` hook can still write what is queued.
    allowExitOnIdle: true,
  });
  // Without a listener, an idle connection dropped by the server (restart, failover) is an uncaught
  // 'error' event that kills the process. The pool replaces the connection on next use.
  pool.on('error', (error) => log.warn('postgres idle connection failed; it will be replaced', { error }));
  return pool;
}

/** Runs `fn` in one transaction on one connection: COMMIT when it resolves, ROLLBACK when it throws. */
export async function inTransaction<T>(pool: Pool, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let discard = false;
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    try {
      await client.query('ROLLBACK');
    } catch {
      discard = true; // a connection that cannot roll back is broken: do not return it to the pool
    }
    throw error;
  } finally {
    client.release(discard);
  }
}

/** The PostgreSQL SQLSTATE of an error, when it came from the server. */
export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/**
 * True for errors a row's data causes (class 22 data exception, class 23 integrity constraint): retrying
 * the same row fails the same way. Everything else (connection, lock timeout, disk full) is transient.
 */
export function isDataError(error: unknown): boolean {
  const state = sqlState(error);
  return state !== undefined && (state.startsWith('22') || state.startsWith('23'));
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:/@]*):[^@/]*@/, '$1:***@');
}
