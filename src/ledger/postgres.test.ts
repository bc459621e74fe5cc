import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ledgerContract, makeRecord } from './contract.testkit.js';
import { openLedger } from './open.js';
import { createPool } from './postgres-pool.js';
import { migrateLedger, PG_MIGRATIONS } from './postgres-schema.js';
import { connectIn, dropSchemas, freshSchema, postgresAvailable, queryIn } from './postgres.testkit.js';
import { PostgresLedger } from './postgres.js';

const available = await postgresAvailable();
afterAll(async () => {
  if (available) await dropSchemas();
});

if (available) ledgerContract('postgres', async () => openLedger((await freshSchema()).url));

async function countRows(schema: string): Promise<number> {
  const [row] = await queryIn<{ n: string }>(schema, 'SELECT COUNT(*) AS n FROM ledger');
  return Number(row?.n);
}

describe.skipIf(!available)('postgres ledger schema', () => {
  it('creates the schema once and reopening applies no migration again', async () => {
    const { schema, url } = await freshSchema();
    const first = openLedger(url);
    first.append(makeRecord());
    await first.close();
    const second = openLedger(url);
    expect((await second.report({})).requests).toBe(1);
    await second.close();

    const pool = createPool(url);
    expect(await migrateLedger(pool)).toEqual([]);
    await pool.end();
    const versions = await queryIn(schema, 'SELECT version, name FROM schema_migrations ORDER BY version');
    expect(versions).toEqual(PG_MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
  });

  it('applies only the migrations a database is missing', async () => {
    const pool = createPool((await freshSchema()).url);
    const extra = [...PG_MIGRATIONS, { version: PG_MIGRATIONS.length + 1, name: 'test-extra', sql: 'CREATE TABLE extra (x INTEGER)' }];
    expect(await migrateLedger(pool)).toEqual(PG_MIGRATIONS.map((m) => m.version));
    expect(await migrateLedger(pool, {}, extra)).toEqual([PG_MIGRATIONS.length + 1]);
    expect(await migrateLedger(pool, {}, extra)).toEqual([]);
    await pool.end();
  });

  it('upgrades a version-2 ledger in place: old rows read as not superseded, the flag is checked on new rows', async () => {
    const { schema, url } = await freshSchema();
    const pool = createPool(url);
    await migrateLedger(pool, {}, PG_MIGRATIONS.filter((m) => m.version <= 2));
    await pool.end();
    await queryIn(schema, `INSERT INTO ledger (time, request_id, requested_model, attempts, input_tokens, cache_read_tokens, cache_write_tokens,
      output_tokens, reasoning_tokens, usage_estimated, cost_pico, baseline_cost_pico, latency_ms, status, http_status, stream)
      VALUES (1, 'old', 'auto', 1, 1, 0, 0, 1, 0, 0, 9, 9, 1.5, 'ok', 200, 0)`);
    const ledger = openLedger(url);
    expect((await ledger.report({})).requests).toBe(1);
    const rows = [];
    for await (const r of ledger.records({})) rows.push([r.request_id, r.superseded]);
    expect(rows).toEqual([['old', false]]);
    await ledger.close();
    await expect(queryIn(schema, `UPDATE ledger SET superseded = 2`)).rejects.toThrow(/ledger_superseded_flag/);
  });

  it('migrates once when many instances start at the same time', async () => {
    const { schema, url } = await freshSchema();
    const pools = Array.from({ length: 5 }, () => createPool(url));
    const applied = await Promise.all(pools.map((p) => migrateLedger(p)));
    await Promise.all(pools.map((p) => p.end()));
    expect(applied.filter((a) => a.length > 0)).toHaveLength(1);
    expect(await queryIn(schema, 'SELECT version FROM schema_migrations')).toHaveLength(PG_MIGRATIONS.length);
  });

  it('refuses a database written by a newer schema', async () => {
    const { schema, url } = await freshSchema();
    const pool = createPool(url);
    await migrateLedger(pool);
    await pool.end();
    await queryIn(schema, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 0)");
    const ledger = openLedger(url);
    await expect(ledger.report({})).rejects.toThrow(/schema version 999 is newer/);
    await ledger.close();
  });

  it('with mustExist, fails on a database without a ledger instead of creating one', async () => {
    const { schema, url } = await freshSchema();
    const ledger = openLedger(url, { mustExist: true });
    await expect(ledger.report({})).rejects.toThrow(/no Switchyard ledger in this database/);
    await ledger.close();
    expect(await queryIn(schema, "SELECT to_regclass('ledger') AS t")).toEqual([{ t: null }]);
  });
});

describe.skipIf(!available)('postgres ledger batching', () => {
  it('writes queued records on its timer, without flush or close', async () => {
    const { schema, url } = await freshSchema();
    const ledger = new PostgresLedger(url, { flushIntervalMs: 20 });
    for (let i = 0; i < 10; i++) ledger.append(makeRecord());
    await vi.waitFor(async () => expect(await countRows(schema)).toBe(10), { timeout: 5000, interval: 20 });
    await ledger.close();
  });

  it('writes as soon as a full batch is queued, long before the timer', async () => {
    const { schema, url } = await freshSchema();
    const ledger = new PostgresLedger(url, { flushIntervalMs: 60_000, maxBatch: 100 });
    for (let i = 0; i < 250; i++) ledger.append(makeRecord());
    await vi.waitFor(async () => expect(await countRows(schema)).toBeGreaterThanOrEqual(200), { timeout: 5000, interval: 20 });
    await ledger.close();
    expect(await countRows(schema)).toBe(250);
  });

  it('appendDurable resolves once the record is committed, grouping records of one event-loop turn', async () => {
    const { schema, url } = await freshSchema();
    const ledger = new PostgresLedger(url, { flushIntervalMs: 60_000 });
    await Promise.all(Array.from({ length: 25 }, () => ledger.appendDurable(makeRecord())));
    expect(await countRows(schema)).toBe(25);
    await ledger.close();
  });

  it('writes batches larger than a VALUES list could hold, in order', async () => {
    const { schema, url } = await freshSchema();
    const ledger = new PostgresLedger(url, { flushIntervalMs: 60_000, maxBatch: 5000 });
    for (let i = 0; i < 5000; i++) ledger.append(makeRecord({ time: i, prompt: i % 7 === 0 ? `p${i}` : null }));
    await ledger.flush();
    expect(await countRows(schema)).toBe(5000);
    const times: number[] = [];
    const prompts: (string | null)[] = [];
    for await (const r of ledger.records({})) {
      times.push(r.time);
      prompts.push(r.prompt);
    }
    expect(times).toEqual([...Array(5000).keys()]);
    expect(prompts.filter((p) => p !== null)).toHaveLength(715);
    expect(prompts[14]).toBe('p14');
    await ledger.close();
  });

  it('keeps a batch queued while the table is locked and writes it once, after the lock is gone', async () => {
    const { schema, url } = await freshSchema();
    const ledger = new PostgresLedger(`${url}${encodeURIComponent(' -c lock_timeout=100')}`, { flushIntervalMs: 60_000 });
    await ledger.flush(); // schema in place
    const other = await connectIn(schema);
    await other.query('BEGIN');
    await other.query('LOCK TABLE ledger IN ACCESS EXCLUSIVE MODE');
    for (let i = 0; i < 20; i++) ledger.append(makeRecord());
    await expect(ledger.flush()).rejects.toThrow(/lock timeout/i);
    await other.query('COMMIT');
    await other.end();
    await ledger.flush();
    expect(await countRows(schema)).toBe(20);
    await ledger.close();
    expect(await countRows(schema)).toBe(20);
  });

  it('queues records while PostgreSQL is unreachable and does not lose them to the failed attempts', async () => {
    const ledger = new PostgresLedger('postgres://postgres@127.0.0.1:1/test', { flushIntervalMs: 60_000, connectTimeoutMs: 500 });
    for (let i = 0; i < 5; i++) ledger.append(makeRecord());
    await expect(ledger.flush()).rejects.toThrow(/ECONNREFUSED|connect/i);
    await expect(ledger.flush()).rejects.toThrow();
    await expect(ledger.close()).rejects.toThrow();
  });

  it('skips records the database would reject without losing the rest of their batch', async () => {
    const ledger = new PostgresLedger((await freshSchema()).url, { flushIntervalMs: 60_000 });
    ledger.append(makeRecord());
    ledger.append(makeRecord({ requested_model: null as unknown as string })); // NOT NULL
    ledger.append(makeRecord({ score: { bad: true } as unknown as number })); // not a number
    ledger.append(makeRecord({ cost_pico: 1.5 })); // would spoil exact sums
    ledger.append(makeRecord({ http_status: 2 ** 40 })); // out of INTEGER range
    ledger.append(makeRecord({ status: 'maybe' as 'ok' })); // CHECK constraint
    ledger.append(makeRecord({ requested_model: 'a\u0000b', prompt: 'nul \u0000 inside' })); // text cannot hold NUL: replaced
    ledger.append(makeRecord());
    const report = await ledger.report({});
    expect(report.requests).toBe(3);
    expect(report.cost_usd_exact).toBe('0.000003');
    const models: string[] = [];
    for await (const r of ledger.records({})) models.push(r.requested_model);
    expect(models).toContain('a\uFFFDb');
    await ledger.close();
  });

  it('skips a record only the database rejects, writing the rest of the batch row by row', async () => {
    const { schema, url } = await freshSchema();
    const ledger = new PostgresLedger(url, { flushIntervalMs: 60_000 });
    await ledger.flush();
    await queryIn(schema, "ALTER TABLE ledger ADD CONSTRAINT no_bad_project CHECK (project IS DISTINCT FROM 'bad')");
    for (let i = 0; i < 10; i++) ledger.append(makeRecord({ project: i === 4 ? 'bad' : 'good', time: i }));
    await ledger.flush();
    const times: number[] = [];
    for await (const r of ledger.records({})) times.push(r.time);
    expect(times).toEqual([0, 1, 2, 3, 5, 6, 7, 8, 9]);
    await ledger.close();
  });
});

describe.skipIf(!available)('postgres ledger with several instances', () => {
  it('loses no row when two instances (two pools) append concurrently', async () => {
    const { schema, url } = await freshSchema();
    const a = new PostgresLedger(url, { flushIntervalMs: 1, maxBatch: 37 });
    const b = new PostgresLedger(url, { flushIntervalMs: 1, maxBatch: 53 });
    const perInstance = 3000;
    const writer = async (ledger: PostgresLedger, name: string): Promise<void> => {
      for (let i = 0; i < perInstance; i++) {
        ledger.append(makeRecord({ request_id: `${name}-${i}`, cost_pico: 7, prompt: i % 10 === 0 ? name : null }));
        if (i % 100 === 0) await new Promise((resolve) => setImmediate(resolve)); // interleave with b's writes
      }
    };
    await Promise.all([writer(a, 'a'), writer(b, 'b')]);
    await Promise.all([a.close(), b.close()]);

    const [stats] = await queryIn<{ n: string; distinct_ids: string; distinct_requests: string; prompts: string }>(
      schema,
      `SELECT COUNT(*) AS n, COUNT(DISTINCT id) AS distinct_ids, COUNT(DISTINCT request_id) AS distinct_requests,
        (SELECT COUNT(*) FROM ledger_prompts) AS prompts FROM ledger`,
    );
    expect(stats).toEqual({ n: '6000', distinct_ids: '6000', distinct_requests: '6000', prompts: '600' });
    const reader = openLedger(url);
    const r = await reader.report({ groupBy: 'key' });
    expect(r.requests).toBe(2 * perInstance);
    expect(r.cost_usd_exact).toBe('0.000000042');
    await reader.close();
  });
});

describe.skipIf(!available)('postgres ledger at process exit', () => {
  it('writes queued records when the event loop runs dry without a close', async () => {
    const { schema, url } = await freshSchema();
    const dir = mkdtempSync(join(tmpdir(), 'switchyard-pg-'));
    try {
      const script = join(dir, 'exit.mts');
      const openUrl = new URL('./open.ts', import.meta.url).href;
      writeFileSync(
        script,
        `import { openLedger } from ${JSON.stringify(openUrl)};
         const ledger = openLedger(${JSON.stringify(url)}, { flushIntervalMs: 60000 });
         const base = ${JSON.stringify(makeRecord())};
         for (let i = 0; i < 300; i++) ledger.append({ ...base, request_id: 'r' + i });`,
      );
      const root = fileURLToPath(new URL('../..', import.meta.url));
      execFileSync(process.execPath, ['--import', 'tsx', script], { cwd: root, stdio: 'pipe', timeout: 20_000 });
      expect(await countRows(schema)).toBe(300);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
