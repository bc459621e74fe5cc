/**
 * Opens the budget and rate-limit store a URL names (config `state`): `memory`, `sqlite:PATH` (also
 * `sqlite://PATH` and `sqlite::memory:`; parent directories are created), or `redis://HOST:PORT[/DB]`
 * (also `rediss://` for TLS, with credentials as ioredis accepts them).
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createMemoryBudgetStore } from './memory.js';
import { RedisBudgetStore, type RedisStoreOptions } from './redis.js';
import { createSqliteBudgetStore, type SqliteStoreOptions } from './sqlite.js';
import type { BudgetStore } from './types.js';

export type BudgetStoreLocation = { kind: 'memory' } | { kind: 'sqlite'; path: string } | { kind: 'redis'; url: string };

export type OpenBudgetStoreOptions = SqliteStoreOptions & RedisStoreOptions;

const MEMORY_DB = ':memory:';

/** Parses a store URL; throws an Error naming the URL when it is not one. */
export function parseBudgetStoreUrl(url: string): BudgetStoreLocation {
  const value = url.trim();
  if (value === 'memory') return { kind: 'memory' };
  if (value.startsWith('sqlite:')) {
    let path = value.slice('sqlite:'.length);
    if (path.startsWith('//')) path = path.slice(2);
    if (path === '') throw new Error(`budget store URL "${url}" has no file path (expected sqlite:PATH)`);
    return { kind: 'sqlite', path: path === MEMORY_DB ? MEMORY_DB : resolve(path) };
  }
  if (/^rediss?:\/\//.test(value)) return { kind: 'redis', url: value };
  throw new Error(`unsupported budget store URL "${url}" (expected memory, sqlite:PATH or redis://HOST:PORT[/DB])`);
}

export async function openBudgetStore(url: string, options: OpenBudgetStoreOptions = {}): Promise<BudgetStore> {
  const location = parseBudgetStoreUrl(url);
  switch (location.kind) {
    case 'memory':
      return createMemoryBudgetStore(options);
    case 'sqlite':
      if (location.path !== MEMORY_DB) mkdirSync(dirname(location.path), { recursive: true });
      try {
        return createSqliteBudgetStore(location.path, options);
      } catch (error) {
        throw new Error(`cannot open budget store ${location.path}: ${(error as Error).message}`, { cause: error });
      }
    case 'redis':
      return RedisBudgetStore.open(location.url, options);
  }
}
