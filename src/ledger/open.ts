/**
 * Opens the ledger a URL names: `sqlite:PATH` (also `sqlite://PATH`; parent directories are created),
 * `:memory:` or `sqlite::memory:` (tests), `postgres://...` (also `postgresql://`; a libpq connection
 * string: pick a schema with `?options=-c%20search_path%3DNAME`), `none`.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { NoneLedger } from './none.js';
import { PostgresLedger, type PostgresLedgerOptions } from './postgres.js';
import { redactUrl } from './postgres-pool.js';
import { SqliteLedger, type SqliteLedgerOptions } from './sqlite.js';
import type { Ledger } from './types.js';

export type LedgerLocation =
  | { kind: 'none' }
  | { kind: 'sqlite'; path: string }
  | { kind: 'postgres'; url: string };

const MEMORY = ':memory:';

/** Parses a ledger URL; throws an Error naming the URL when it is not one. */
export function parseLedgerUrl(url: string): LedgerLocation {
  const value = url.trim();
  if (value === 'none') return { kind: 'none' };
  if (value === MEMORY) return { kind: 'sqlite', path: MEMORY };
  if (value.startsWith('sqlite:')) {
    let path = value.slice('sqlite:'.length);
    if (path.startsWith('//')) path = path.slice(2); // sqlite:///abs/path and sqlite://rel/path
    if (path === '') throw new Error(`ledger URL "${url}" has no file path (expected sqlite:PATH)`);
    return { kind: 'sqlite', path: path === MEMORY ? MEMORY : resolve(path) };
  }
  if (/^postgres(ql)?:\/\//.test(value)) return { kind: 'postgres', url: value };
  throw new Error(`unsupported ledger URL "${url}" (expected sqlite:PATH, postgres://..., or none)`);
}

export type OpenLedgerOptions = SqliteLedgerOptions & PostgresLedgerOptions;

export function openLedger(url: string, options: OpenLedgerOptions = {}): Ledger {
  const location = parseLedgerUrl(url);
  switch (location.kind) {
    case 'none':
      return new NoneLedger();
    case 'sqlite':
      if (location.path !== MEMORY && options.mustExist !== true) mkdirSync(dirname(location.path), { recursive: true });
      try {
        return new SqliteLedger(location.path, options);
      } catch (error) {
        throw new Error(`cannot open ledger ${location.path}: ${(error as Error).message}`, { cause: error });
      }
    case 'postgres':
      // Synchronous like the others: the store connects and migrates in the background, and its writes
      // and reads wait for that. Only a malformed URL fails here.
      try {
        return new PostgresLedger(location.url, options);
      } catch (error) {
        throw new Error(`cannot open ledger ${redactUrl(location.url)}: ${(error as Error).message}`, { cause: error });
      }
  }
}
