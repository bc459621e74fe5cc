/**
 * Opens the key store that goes with a ledger URL: keys live where the ledger lives, so every instance
 * sharing a ledger shares its keys. `sqlite:PATH` -> the same file (parent directories are created),
 * `:memory:` -> a private in-memory SQLite database, `postgres://...` -> the same database and schema,
 * `none` -> process memory (nothing persists).
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseLedgerUrl } from '../ledger/open.js';
import { redactUrl, type PgPoolOptions } from '../ledger/postgres-pool.js';
import { MemoryKeyStore } from './memory.js';
import { PostgresKeyStore } from './postgres.js';
import { SqliteKeyStore, type SqliteKeyStoreOptions } from './sqlite.js';
import type { KeyStore } from './types.js';

export type OpenKeyStoreOptions = SqliteKeyStoreOptions & PgPoolOptions;

/** Throws an Error naming the URL when it is not a ledger URL or the SQLite file cannot be opened. */
export function openKeyStore(ledgerUrl: string, options: OpenKeyStoreOptions = {}): KeyStore {
  const location = parseLedgerUrl(ledgerUrl);
  switch (location.kind) {
    case 'none':
      return new MemoryKeyStore();
    case 'sqlite':
      try {
        if (location.path !== ':memory:') mkdirSync(dirname(location.path), { recursive: true });
        return new SqliteKeyStore(location.path, options);
      } catch (error) {
        throw new Error(`cannot open key store ${location.path}: ${(error as Error).message}`, { cause: error });
      }
    case 'postgres':
      try {
        return new PostgresKeyStore(location.url, options);
      } catch (error) {
        throw new Error(`cannot open key store ${redactUrl(location.url)}: ${(error as Error).message}`, { cause: error });
      }
  }
}
