import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ledgerContract, makeRecord } from './contract.testkit.js';
import { openLedger } from './open.js';
import { MIGRATIONS, migrate } from './sqlite-schema.js';
import { SqliteLedger } from './sqlite.js';

const dir = mkdtempSync(join(tmpdir(), 'switchyard-ledger-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const tmpFile = (): string => join(dir, `ledger-${++n}.db`);

ledgerContract('sqlite :memory:', () => openLedger(':memory:'));
ledgerContract('sqlite file', () => openLedger(`sqlite:${tmpFile()}`));

/** Reads a ledger file through a separate connection, as another process would. */
function countRows(path: string): number {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM ledger').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('sqlite ledger schema', () => {
  it('creates the schema once and reopening applies no migration again', async () => {
    const path = tmpFile();
    const first = openLedger(`sqlite:${path}`);
    first.append(makeRecord());
    await first.close();
    const second = openLedger(`sqlite:${path}`);
    expect((await second.report({})).requests).toBe(1);
    await second.close();

    const db = new Database(path);
    expect(migrate(db)).toEqual([]);
    const versions = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
    expect(versions).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
    db.close();
  });

  it('applies only the migrations a database is missing', () => {
    const db = new Database(':memory:');
    const extra = [...MIGRATIONS, { version: MIGRATIONS.length + 1, name: 'test-extra', sql: 'CREATE TABLE extra (x INTEGER)' }];
    expect(migrate(db)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(migrate(db, extra)).toEqual([MIGRATIONS.length + 1]);
    expect(migrate(db, extra)).toEqual([]);
    db.close();
  });

  it('upgrades a version-2 file in place: its rows read as not superseded', async () => {
    const path = tmpFile();
    const db = new Database(path);
    migrate(db, MIGRATIONS.filter((m) => m.version <= 2));
    const old = makeRecord({ request_id: 'old' });
    db.prepare(`INSERT INTO ledger (time, request_id, requested_model, attempts, input_tokens, cache_read_tokens, cache_write_tokens,
      output_tokens, reasoning_tokens, usage_estimated, cost_pico, baseline_cost_pico, latency_ms, status, http_status, stream)
      VALUES (?, 'old', 'auto', 1, 1, 0, 0, 1, 0, 0, 9, 9, 1.5, 'ok', 200, 0)`).run(old.time);
    db.close();
    const ledger = openLedger(`sqlite:${path}`);
    const rows = [];
    for await (const row of ledger.records({})) rows.push(row);
    expect(rows.map((r) => [r.request_id, r.superseded])).toEqual([['old', false]]);
    expect((await ledger.report({})).requests).toBe(1);
    await ledger.close();
  });

  it('refuses a database written by a newer schema', () => {
    const path = tmpFile();
    const db = new Database(path);
    migrate(db);
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, ?, 0)').run('future');
    db.close();
    expect(() => openLedger(`sqlite:${path}`)).toThrow(/schema version 999 is newer/);
  });

  it('uses WAL and synchronous=NORMAL on files', async () => {
    const path = tmpFile();
    const ledger = openLedger(`sqlite:${path}`);
    const db = new Database(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    await ledger.close();
  });
});

describe('sqlite ledger batching', () => {
  it('writes queued records on its timer, without flush or close', async () => {
    const path = tmpFile();
    const ledger = new SqliteLedger(path, { flushIntervalMs: 20 });
    for (let i = 0; i < 10; i++) ledger.append(makeRecord());
    expect(countRows(path)).toBe(0); // append only enqueues
    await vi.waitFor(() => expect(countRows(path)).toBe(10), { timeout: 2000, interval: 10 });
    await ledger.close();
  });

  it('writes as soon as a full batch is queued, long before the timer', async () => {
    const path = tmpFile();
    const ledger = new SqliteLedger(path, { flushIntervalMs: 60_000, maxBatch: 100 });
    for (let i = 0; i < 250; i++) ledger.append(makeRecord());
    await vi.waitFor(() => expect(countRows(path)).toBeGreaterThanOrEqual(200), { timeout: 2000, interval: 10 });
    await ledger.close();
    expect(countRows(path)).toBe(250);
  });

  it('loses no record on close, with batches smaller than the queue', async () => {
    const path = tmpFile();
    const ledger = new SqliteLedger(path, { flushIntervalMs: 60_000, maxBatch: 64 });
    for (let i = 0; i < 5000; i++) ledger.append(makeRecord({ time: i }));
    await ledger.close();
    expect(countRows(path)).toBe(5000);
  });

  it('keeps a batch queued while the database is locked and writes it once, after the lock is gone', async () => {
    const path = tmpFile();
    const ledger = new SqliteLedger(path, { flushIntervalMs: 60_000, busyTimeoutMs: 10 });
    const other = new Database(path);
    other.exec('BEGIN IMMEDIATE');
    for (let i = 0; i < 20; i++) ledger.append(makeRecord());
    await expect(ledger.flush()).rejects.toThrow(/locked|busy/i);
    other.exec('COMMIT');
    other.close();
    await ledger.flush();
    expect(countRows(path)).toBe(20);
    await ledger.close();
    expect(countRows(path)).toBe(20);
  });

  it('skips a record the database rejects without losing the rest of its batch', async () => {
    const ledger = new SqliteLedger(':memory:');
    ledger.append(makeRecord());
    ledger.append(makeRecord({ requested_model: null as unknown as string })); // NOT NULL violation
    ledger.append(makeRecord({ score: { bad: true } as unknown as number })); // cannot be bound
    ledger.append(makeRecord({ cost_pico: 1.5 })); // would turn exact integer sums into floats
    ledger.append(makeRecord());
    const report = await ledger.report({});
    expect(report.requests).toBe(2);
    expect(report.cost_usd_exact).toBe('0.000002');
    await ledger.close();
  });

  it('writes queued records when the process exits without closing the ledger', () => {
    const path = tmpFile();
    const script = join(dir, 'exit.mts');
    const openUrl = new URL('./open.ts', import.meta.url).href;
    writeFileSync(
      script,
      `import { openLedger } from ${JSON.stringify(openUrl)};
       const ledger = openLedger(${JSON.stringify(`sqlite:${path}`)}, { flushIntervalMs: 60000 });
       const base = ${JSON.stringify(makeRecord())};
       for (let i = 0; i < 300; i++) ledger.append({ ...base, request_id: 'r' + i });
       if (process.argv[2] === 'throw') throw new Error('crash'); else process.exit(0);`,
    );
    const root = fileURLToPath(new URL('../..', import.meta.url));
    execFileSync(process.execPath, ['--import', 'tsx', script, 'exit'], { cwd: root, stdio: 'pipe' });
    expect(countRows(path)).toBe(300);
    expect(() => execFileSync(process.execPath, ['--import', 'tsx', script, 'throw'], { cwd: root, stdio: 'pipe' })).toThrow();
    expect(countRows(path)).toBe(600);
  });
});

describe('sqlite ledger exactness at scale', () => {
  it('sums a million random records exactly, equal to the BigInt sum', async () => {
    const ledger = new SqliteLedger(':memory:', { flushIntervalMs: 60_000, maxBatch: 10_000, maxQueue: 2_000_000 });
    let seed = 42;
    const random = (): number => {
      // xorshift: deterministic, so a failure reproduces
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) / 2 ** 32;
    };
    let cost = 0n;
    let baseline = 0n;
    let output = 0;
    const base = makeRecord();
    for (let i = 0; i < 1_000_000; i++) {
      const c = Math.floor(random() * 2 ** 40); // up to ~$1.10 per request: the total passes 2^53
      const b = c + Math.floor(random() * 2 ** 30);
      const o = Math.floor(random() * 4000);
      cost += BigInt(c);
      baseline += BigInt(b);
      output += o;
      ledger.append({ ...base, cost_pico: c, baseline_cost_pico: b, output_tokens: o });
      if (i % 100_000 === 99_999) await ledger.flush();
    }
    const r = await ledger.report({});
    await ledger.close();
    expect(cost > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    expect(r.requests).toBe(1_000_000);
    expect(r.tokens.output).toBe(output);
    expect(r.cost_usd_exact).toBe(usd(cost));
    expect(r.baseline_cost_usd_exact).toBe(usd(baseline));
    expect(r.savings_usd_exact).toBe(usd(baseline - cost));
    expect(r.cost_usd).toBe(Number(usd(cost)));
  }, 120_000);
});

function usd(pico: bigint): string {
  const whole = pico / 10n ** 12n;
  const frac = (pico % 10n ** 12n).toString().padStart(12, '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : `${whole}`;
}
