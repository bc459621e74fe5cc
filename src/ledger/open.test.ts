import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeRecord } from './contract.testkit.js';
import { openLedger, parseLedgerUrl } from './open.js';

const dir = mkdtempSync(join(tmpdir(), 'switchyard-open-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('parseLedgerUrl', () => {
  it.each([
    ['none', { kind: 'none' }],
    [':memory:', { kind: 'sqlite', path: ':memory:' }],
    ['sqlite::memory:', { kind: 'sqlite', path: ':memory:' }],
    ['sqlite:/var/lib/sy/ledger.db', { kind: 'sqlite', path: '/var/lib/sy/ledger.db' }],
    ['sqlite:///var/lib/sy/ledger.db', { kind: 'sqlite', path: '/var/lib/sy/ledger.db' }],
    ['sqlite:.switchyard/ledger.db', { kind: 'sqlite', path: resolve('.switchyard/ledger.db') }],
    ['postgres://u@h/db', { kind: 'postgres', url: 'postgres://u@h/db' }],
  ])('parses %s', (url, expected) => {
    expect(parseLedgerUrl(url)).toEqual(expected);
  });

  it.each(['', 'sqlite:', 'mysql://x', 'ledger.db'])('rejects %j naming the URL', (url) => {
    expect(() => parseLedgerUrl(url)).toThrow(url === 'sqlite:' ? /no file path/ : /unsupported ledger URL/);
  });
});

describe('openLedger', () => {
  it('creates missing parent directories for a sqlite file', async () => {
    const path = join(dir, 'a', 'b', 'ledger.db');
    const ledger = openLedger(`sqlite:${path}`);
    expect(existsSync(path)).toBe(true);
    await ledger.close();
  });

  it('with mustExist, fails on a missing file instead of creating it', () => {
    const path = join(dir, 'missing', 'ledger.db');
    expect(() => openLedger(`sqlite:${path}`, { mustExist: true })).toThrow(/cannot open ledger/);
    expect(existsSync(path)).toBe(false);
  });

  it('opens a postgres URL without connecting yet (the store connects in the background)', async () => {
    const ledger = openLedger('postgres://nobody@127.0.0.1:1/none?connect_timeout=1', { connectTimeoutMs: 200 });
    expect(ledger.kind).toBe('postgres');
    await ledger.close().catch(() => undefined); // nothing queued: closing does not need the server
  });
});

describe('the none ledger', () => {
  it('accepts records, stores nothing and reports zeros', async () => {
    const ledger = openLedger('none');
    expect(ledger.kind).toBe('none');
    ledger.append(makeRecord());
    await ledger.flush();
    const r = await ledger.report({ groupBy: 'key', since: 1 });
    expect(r).toMatchObject({ requests: 0, cost_usd: 0, by_model: [], groups: [], group_by: 'key', since: 1 });
    const all = [];
    for await (const rec of ledger.records({})) all.push(rec);
    expect(all).toEqual([]);
    await ledger.close();
  });
});
