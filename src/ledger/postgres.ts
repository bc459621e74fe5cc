/**
 * The scale-out ledger: PostgreSQL, shared by any number of gateway instances, written in batches off
 * the request path with the same batching as the SQLite store (a short timer, a maximum batch, a failed
 * batch kept at the head of the queue and retried, everything written on close).
 *
 * Construction is synchronous (as `openLedger` is): the schema is migrated in the background and every
 * write and read first awaits it. If PostgreSQL is unreachable at start, records queue in memory and the
 * migration is retried with the next batch.
 *
 * Durability: `appendDurable` (the gateway's `ledger_commit: before_response`) resolves only once the
 * record's batch is committed, so no request a client saw complete can be lost. Records sent with plain
 * `append` rely on flush on shutdown: `close()` writes everything queued (`serve` closes the ledger on
 * SIGTERM and SIGINT), and a `beforeExit` hook writes what is still queued when the event loop runs dry
 * without a close. Unlike SQLite there is no synchronous write at `process.exit()`: a process that calls
 * `process.exit()`, dies on an uncaught exception or is killed loses what was queued: normally one flush
 * interval (50 ms by default) of records, more while the store was failing. Committed batches are durable.
 *
 * Multi-instance: each batch takes its ids from the table's sequence and commits in its own transaction,
 * so concurrent writers never collide. Exports page by (arrival time, id); a row another instance
 * commits during an export, behind the page already read, is not in that export.
 */
import type { Pool, PoolClient } from 'pg';
import { log } from '../util/log.js';
import { Batcher } from './batcher.js';
import { createPool, inTransaction, isDataError, type PgPoolOptions } from './postgres-pool.js';
import { fromPgRow, INSERT_LEDGER, INSERT_PROMPTS, ledgerParams, NEXT_IDS, promptParams, recordProblem, SELECT_RECORDS, type PgRecordRow } from './postgres-rows.js';
import { migrateLedger } from './postgres-schema.js';
import { buildReport, reportSql, type Report, type ReportQuery } from './report.js';
import type { Ledger, LedgerRecord, RecordQuery } from './types.js';

export interface PostgresLedgerOptions extends PgPoolOptions {
  /** How long a record may wait in memory before its batch is written. */
  flushIntervalMs?: number;
  /** Rows per transaction; also the queue length that triggers an immediate write. */
  maxBatch?: number;
  /** Records kept in memory while the store is failing; the oldest beyond this are dropped. */
  maxQueue?: number;
  /** Fail instead of creating the schema in a database that has none (read-only tools such as `report`). */
  mustExist?: boolean;
}

const DEFAULTS = { flushIntervalMs: 50, maxBatch: 500, maxQueue: 100_000 };
const PAGE_SIZE = 1000;
const ERROR_LOG_INTERVAL_MS = 5000;

/** Ledgers still open, flushed when the event loop runs dry without a close. */
const openLedgers = new Set<PostgresLedger>();
let exitHookInstalled = false;

function flushOpenLedgersBeforeExit(): void {
  for (const ledger of openLedgers) ledger.flushBeforeExit();
}

export class PostgresLedger implements Ledger {
  readonly kind = 'postgres';
  private readonly pool: Pool;
  private readonly batcher: Batcher<LedgerRecord>;
  private readonly mustExist: boolean;
  private schemaReady: Promise<void> | undefined;
  private closed = false;
  private exitFlushFailed = false;
  private lastErrorLog = 0;
  private dropped = 0;
  private lastDropLog = 0;
  private droppedAfterClose = 0;

  constructor(url: string, options: PostgresLedgerOptions = {}) {
    const opts = { ...DEFAULTS, ...options };
    this.pool = createPool(url, options);
    this.mustExist = options.mustExist === true;
    this.batcher = new Batcher<LedgerRecord>({
      write: (batch) => this.writeBatch(batch),
      intervalMs: opts.flushIntervalMs,
      maxBatch: opts.maxBatch,
      maxQueue: opts.maxQueue,
      onError: (error, queued) => this.logWriteError(error, queued),
      onDrop: (count) => this.logDrop(count),
    });
    // Start migrating now, so the first batch does not wait for it. A failure surfaces (and is retried)
    // at the next write or read.
    this.ready().catch(() => undefined);
    openLedgers.add(this);
    if (!exitHookInstalled) {
      process.on('beforeExit', flushOpenLedgersBeforeExit);
      exitHookInstalled = true;
    }
  }

  /** Enqueues and resolves once the record's batch is committed (group commit, as on SQLite). */
  appendDurable(record: LedgerRecord): Promise<void> {
    if (this.closed) {
      this.append(record); // logged and dropped, as a plain append after close
      return Promise.resolve();
    }
    return this.batcher.pushDurable(record);
  }

  append(record: LedgerRecord): void {
    if (this.closed) {
      this.droppedAfterClose += 1;
      log.error('ledger record appended after close, dropped', { request_id: record.request_id, dropped: this.droppedAfterClose });
      return;
    }
    this.batcher.push(record);
  }

  /** Also waits for the schema, so a resolved flush means the store is usable, even with nothing queued. */
  async flush(): Promise<void> {
    await this.ready();
    await this.batcher.flush();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.batcher.flush();
    } finally {
      const left = this.batcher.size;
      this.batcher.stop();
      openLedgers.delete(this);
      await this.pool.end().catch((error: unknown) => log.warn('postgres pool did not close cleanly', { error }));
      if (left > 0) log.error('ledger closed with unwritten records', { lost: left });
    }
  }

  async report(query: ReportQuery): Promise<Report> {
    await this.flush();
    const { sql, params } = reportSql(query, (i) => `$${i}`);
    // COUNT and SUM come back as strings (BIGINT, NUMERIC): exact, and buildReport reads them as BigInt.
    const result = await this.pool.query<Record<string, unknown>>(sql, params);
    return buildReport(query, result.rows);
  }

  async *records(query: RecordQuery): AsyncIterable<LedgerRecord> {
    await this.flush();
    // Arrival time, then write order (see the SQLite store). The keyset cursor starts at `since`, and the
    // plain `time >= $1` lets ledger_time bound the scan (an incremental sort orders ties by id).
    const conditions = ['l.time >= $1', '(l.time, l.id) > ($1, $2)'];
    const params: (number | string)[] = [query.since ?? Number.MIN_SAFE_INTEGER, '0'];
    if (query.until !== undefined) {
      params.push(query.until);
      conditions.push(`l.time < $${params.length}`);
    }
    const sql = `${SELECT_RECORDS} WHERE ${conditions.join(' AND ')} ORDER BY l.time, l.id LIMIT $${params.length + 1}`;
    // Keyset pages, each its own query: no connection or snapshot is held while the consumer is slow.
    let remaining = query.limit ?? Number.POSITIVE_INFINITY;
    while (remaining > 0) {
      const { rows } = await this.pool.query<PgRecordRow>(sql, [...params, Math.min(PAGE_SIZE, remaining)]);
      for (const row of rows) yield fromPgRow(row);
      const last = rows[rows.length - 1];
      if (last === undefined || rows.length < PAGE_SIZE) return;
      params[0] = String(last.time);
      params[1] = last.id;
      remaining -= rows.length;
    }
  }

  /**
   * For the `beforeExit` hook: writes what is queued, which keeps the process alive until it is written.
   * After a failure it gives up, so a process with an unreachable store still exits.
   */
  flushBeforeExit(): void {
    if (this.closed || this.batcher.size === 0 || this.exitFlushFailed) return;
    const queued = this.batcher.size;
    this.flush().catch((error: unknown) => {
      this.exitFlushFailed = true;
      log.error('ledger could not write queued records before exit', { lost: queued, error });
    });
  }

  private ready(): Promise<void> {
    this.schemaReady ??= migrateLedger(this.pool, { mustExist: this.mustExist }).then(
      () => undefined,
      (error: unknown) => {
        this.schemaReady = undefined; // try again on next use
        throw error;
      },
    );
    return this.schemaReady;
  }

  private async writeBatch(batch: LedgerRecord[]): Promise<void> {
    await this.ready();
    const rows: LedgerRecord[] = [];
    for (const record of batch) {
      const problem = recordProblem(record);
      if (problem === null) rows.push(record);
      else log.error('ledger record rejected, skipped', { request_id: record.request_id, problem });
    }
    if (rows.length === 0) return;
    try {
      await inTransaction(this.pool, async (client) => insertRows(client, rows, await nextIds(client, rows.length)));
    } catch (error) {
      if (!isDataError(error)) throw error; // transient: the batch stays queued and is retried
      // A row the checks above let through but the database refuses would fail its batch forever:
      // write the batch row by row instead, skipping only the rows the database rejects.
      await inTransaction(this.pool, (client) => insertEach(client, rows));
    }
  }

  private logDrop(count: number): void {
    this.dropped += count;
    const now = Date.now();
    if (now - this.lastDropLog < ERROR_LOG_INTERVAL_MS) return;
    this.lastDropLog = now;
    log.error('ledger queue full (store failing or too slow), oldest records dropped', { dropped_total: this.dropped });
  }

  private logWriteError(error: unknown, queued: number): void {
    const now = Date.now();
    if (now - this.lastErrorLog < ERROR_LOG_INTERVAL_MS) return;
    this.lastErrorLog = now;
    log.error('ledger write failed, will retry', { queued, error });
  }
}

/** `count` new ids from the ledger's sequence, ascending, so a batch keeps its order in exports. */
async function nextIds(client: PoolClient, count: number): Promise<string[]> {
  const { rows } = await client.query<{ id: string }>(NEXT_IDS, [count]);
  return rows.map((r) => BigInt(r.id)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map(String);
}

async function insertRows(client: PoolClient, rows: readonly LedgerRecord[], ids: readonly string[]): Promise<void> {
  await client.query(INSERT_LEDGER, ledgerParams(rows, ids));
  const prompts = promptParams(rows, ids);
  if (prompts !== null) await client.query(INSERT_PROMPTS, prompts);
}

async function insertEach(client: PoolClient, rows: readonly LedgerRecord[]): Promise<void> {
  const ids = await nextIds(client, rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as LedgerRecord;
    await client.query('SAVEPOINT ledger_row');
    try {
      await insertRows(client, [row], [ids[i] as string]);
      await client.query('RELEASE SAVEPOINT ledger_row');
    } catch (error) {
      if (!isDataError(error)) throw error;
      await client.query('ROLLBACK TO SAVEPOINT ledger_row');
      log.error('ledger record rejected by the database, skipped', { request_id: row.request_id, error });
    }
  }
}
