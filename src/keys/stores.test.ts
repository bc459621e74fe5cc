import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeRecord } from '../ledger/contract.testkit.js';
import { openLedger } from '../ledger/open.js';
import { createPool } from '../ledger/postgres-pool.js';
import { dropSchemas, freshSchema, postgresAvailable, queryIn } from '../ledger/postgres.testkit.js';
import { keyStoreContract } from './contract.testkit.js';
import { MemoryKeyStore } from './memory.js';
import { openKeyStore } from './open.js';
import { migrateKeysPostgres, PG_KEY_MIGRATIONS } from './postgres-schema.js';
import { KEY_MIGRATIONS, migrateKeys } from './sqlite-schema.js';

const dir = mkdtempSync(join(tmpdir(), 'switchyard-keys-'));
let n = 0;
const tmpFile = (): string => join(dir, `keys-${++n}.db`);
const pg = await postgresAvailable();
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  if (pg) await dropSchemas();
});

function dumpSqlite(path: string): string {
  const db = new Database(path, { readonly: true });
  try {
    return JSON.stringify(db.prepare('SELECT * FROM virtual_keys').all());
  } finally {
    db.close();
  }
}

keyStoreContract('memory', async () => {
  const store = new MemoryKeyStore();
  return { open: () => store };
});

keyStoreContract('sqlite :memory:', async () => ({ open: () => openKeyStore(':memory:') }));

keyStoreContract(
  'sqlite file',
  async () => {
    const path = tmpFile();
    return { open: () => openKeyStore(`sqlite:${path}`), raw: async () => dumpSqlite(path) };
  },
  { shared: true },
);

if (pg) {
  keyStoreContract(
    'postgres',
    async () => {
      const { schema, url } = await freshSchema();
      return { open: () => openKeyStore(url), raw: async () => JSON.stringify(await queryIn(schema, 'SELECT * FROM virtual_keys')) };
    },
    { shared: true },
  );
}

describe('openKeyStore', () => {
  it('keeps keys in memory for ledger none', async () => {
    const store = openKeyStore('none');
    expect(store.kind).toBe('memory');
    await store.close();
  });

  it('rejects a URL that is not a ledger URL', () => {
    expect(() => openKeyStore('mysql://x')).toThrow(/unsupported ledger URL/);
  });

  it('shares the ledger file without touching the ledger schema, in either order', async () => {
    const first = tmpFile();
    const ledger = openLedger(`sqlite:${first}`);
    ledger.append(makeRecord());
    await ledger.close();
    const keys = openKeyStore(`sqlite:${first}`);
    const { secret } = await keys.create({ project: 'alpha' });
    await keys.close();
    const again = openLedger(`sqlite:${first}`);
    expect((await again.report({})).requests).toBe(1);
    await again.close();

    const second = join(dir, 'nested', 'dir', 'keys-first.db'); // parent directories are created
    const keysFirst = openKeyStore(`sqlite:${second}`);
    await keysFirst.close();
    const ledger2 = openLedger(`sqlite:${second}`);
    await ledger2.close();
    const reopened = openKeyStore(`sqlite:${first}`);
    expect(await reopened.verify(secret)).not.toBeNull();
    await reopened.close();
  });
});

describe('key store migrations', () => {
  it('sqlite: applies each migration once and refuses a newer schema', () => {
    const db = new Database(':memory:');
    expect(migrateKeys(db)).toEqual(KEY_MIGRATIONS.map((m) => m.version));
    expect(migrateKeys(db)).toEqual([]);
    db.prepare("INSERT INTO key_schema_migrations VALUES (99, 'future', 0)").run();
    expect(() => migrateKeys(db)).toThrow(/key store schema version 99 is newer/);
    db.close();
  });

  it('sqlite: a version-1 store keeps its keys and gains jurisdictions', async () => {
    const path = tmpFile();
    const db = new Database(path);
    migrateKeys(db, KEY_MIGRATIONS.filter((m) => m.version === 1));
    db.close();
    const v1 = openKeyStore(`sqlite:${path}`);
    // opening migrates; a key written before (no jurisdictions column value) reads back without one
    const old = await v1.create({ project: 'alpha' });
    await v1.close();
    const store = openKeyStore(`sqlite:${path}`);
    expect((await store.verify(old.secret))?.jurisdictions).toBeUndefined();
    expect((await store.update(old.key.id, { jurisdictions: { allow: ['EU'] } }))?.jurisdictions).toEqual({ allow: ['EU'] });
    await store.close();
  });

  it.skipIf(!pg)('postgres: applies each migration once, beside the ledger in one schema', async () => {
    const { schema, url } = await freshSchema();
    const ledger = openLedger(url);
    ledger.append(makeRecord());
    await ledger.flush();
    const pool = createPool(url);
    expect(await migrateKeysPostgres(pool)).toEqual(PG_KEY_MIGRATIONS.map((m) => m.version));
    expect(await migrateKeysPostgres(pool)).toEqual([]);
    await pool.end();
    expect((await ledger.report({})).requests).toBe(1);
    await ledger.close();
    expect(await queryIn(schema, 'SELECT version FROM key_schema_migrations')).toHaveLength(PG_KEY_MIGRATIONS.length);
  });
});
