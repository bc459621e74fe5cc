import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openBudgetStore, parseBudgetStoreUrl } from './open.js';

describe('parseBudgetStoreUrl', () => {
  it('knows memory, sqlite and redis URLs', () => {
    expect(parseBudgetStoreUrl('memory')).toEqual({ kind: 'memory' });
    expect(parseBudgetStoreUrl('sqlite:data/state.db')).toEqual({ kind: 'sqlite', path: resolve('data/state.db') });
    expect(parseBudgetStoreUrl('sqlite:///tmp/x.db')).toEqual({ kind: 'sqlite', path: '/tmp/x.db' });
    expect(parseBudgetStoreUrl('sqlite::memory:')).toEqual({ kind: 'sqlite', path: ':memory:' });
    expect(parseBudgetStoreUrl('redis://127.0.0.1:6379/2')).toEqual({ kind: 'redis', url: 'redis://127.0.0.1:6379/2' });
    expect(parseBudgetStoreUrl('rediss://h:6380')).toEqual({ kind: 'redis', url: 'rediss://h:6380' });
  });

  it('names the URL it cannot use', () => {
    expect(() => parseBudgetStoreUrl('postgres://x')).toThrow(/unsupported budget store URL "postgres:\/\/x"/);
    expect(() => parseBudgetStoreUrl('sqlite:')).toThrow(/no file path/);
  });
});

describe('openBudgetStore', () => {
  it('creates the SQLite file and its directory, and keeps state across reopening', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-budgets-'));
    try {
      const url = `sqlite:${join(dir, 'nested', 'state.db')}`;
      const limit = { id: 'd', scope: 'key', scopeId: 'k', unit: 'usd', window: 'total', limit: 10, mode: 'hard' } as const;
      const a = await openBudgetStore(url, { sweepIntervalMs: 0 });
      expect(a.kind).toBe('sqlite');
      await a.reserve({ reservationId: 'r', items: [{ limit, amount: 4 }], leaseMs: 60_000 });
      await a.close();
      const b = await openBudgetStore(url, { sweepIntervalMs: 0 });
      expect(await b.settle({ reservationId: 'r', amounts: [3] })).toBe('settled');
      expect((await b.usage([limit]))[0]).toMatchObject({ used: 3, reserved: 0 });
      await b.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('opens the memory store', async () => {
    const store = await openBudgetStore('memory');
    expect(store.kind).toBe('memory');
    await store.close();
  });
});
