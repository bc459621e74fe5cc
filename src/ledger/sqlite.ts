/**
 * The embedded ledger: one SQLite file (WAL), written in batches off the request path.
 *
 * Durability: records are queued in memory and written every `flushIntervalMs` (or as soon as a full batch
 * waits), one transaction per batch. `close()` writes everything, and an `exit` hook writes whatever is
 * still queued synchronously when the process exits without closing (process.exit, an uncaught exception),
 * which better-sqlite3's synchronous API makes possible. What can still lose the queued records (at most
 * one flush interval's worth) is a death that runs no JavaScript: SIGKILL, a fatal native error, power
 * loss, or a signal without a handler (`serve` handles SIGTERM and SIGINT by closing the ledger).
 * synchronous=NORMAL in WAL mode keeps every committed batch across a process crash; an OS crash may roll
 * back the last commits.
 */
import Database from 'better-sqlite3';
import { log } from '../util/log.js';
import { Batcher } from './batcher.js';
import { buildReport, reportSql, type Report, type ReportQuery } from './report.js';
import { migrate } from './sqlite-schema.js';
import type { Ledger, LedgerRecord, RecordQuery } from './types.js';

export interface SqliteLedgerOptions {
  /** How long a record may wait in memory before its batch is written. */
  flushIntervalMs?: number;
  /** Rows per transaction; also the queue length that triggers an immediate write. */
  maxBatch?: number;
  /** Records kept in memory while the store is failing; the oldest beyond this are dropped. */
  maxQueue?: number;
  /** Fail instead of creating a missing database file (for read-only tools such as `report`). */
  mustExist?: boolean;
  /** How long to wait for another process's lock. */
  busyTimeoutMs?: number;
}

const DEFAULTS = { flushIntervalMs: 50, maxBatch: 250, maxQueue: 100_000, busyTimeoutMs: 5000 };
const PAGE_SIZE = 1000;
const PAGE_CACHE_KIB = 2000;
const ERROR_LOG_INTERVAL_MS = 5000;

const INSERT = `INSERT INTO ledger (time, request_id, key_id, project, session, route, reason, score,
  requested_model, served_model, provider, jurisdiction, attempts, input_tokens, cache_read_tokens,
  cache_write_tokens, output_tokens, reasoning_tokens, usage_estimated, cost_pico, baseline_cost_pico,
  latency_ms, ttft_ms, status, http_status, error_code, stream, routing, superseded)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

type SqlValue = string | number | null;

function values(r: LedgerRecord): SqlValue[] {
  return [
    r.time, r.request_id, r.key_id, r.project, r.session, r.route, r.reason, r.score,
    r.requested_model, r.served_model, r.provider, r.jurisdiction, r.attempts, r.input_tokens, r.cache_read_tokens,
    r.cache_write_tokens, r.output_tokens, r.reasoning_tokens, r.usage_estimated ? 1 : 0, r.cost_pico, r.baseline_cost_pico,
    r.latency_ms, r.ttft_ms, r.status, r.http_status, r.error_code, r.stream ? 1 : 0, r.routing ?? null,
    r.superseded ? 1 : 0,
  ];
}

/** A stored row as SQLite returns it (booleans as 0/1, the prompt from its own table). */
type Row = Omit<LedgerRecord, 'usage_estimated' | 'stream' | 'superseded'> & { id: number; usage_estimated: number; stream: number; superseded: number };

function fromRow(row: Row): LedgerRecord {
  const { id: _id, ...rest } = row;
  return { ...rest, usage_estimated: row.usage_estimated === 1, stream: row.stream === 1, superseded: row.superseded === 1, routing: row.routing ?? null, prompt: row.prompt ?? null };
}

/**
 * A record the database rejects (a NULL in a NOT NULL column, a value that cannot be bound) would fail its
 * batch forever; such rows are skipped and logged. Anything else (locks, I/O) fails the batch for a retry.
 */
function isBadRecord(error: unknown): boolean {
  if (error instanceof TypeError || error instanceof RangeError) return true;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('SQLITE_CONSTRAINT') || code === 'SQLITE_MISMATCH');
}

/** Ledgers still open, written synchronously if the process exits without closing them. */
const openLedgers = new Set<SqliteLedger>();
let exitHookInstalled = false;

function flushOpenLedgersOnExit(): void {
  for (const ledger of openLedgers) ledger.closeSync();
}

export class SqliteLedger implements Ledger {
  readonly kind = 'sqlite';
  private readonly db: Database.Database;
  private readonly batcher: Batcher<LedgerRecord>;
  private readonly writeBatch: (batch: LedgerRecord[]) => void;
  private closed = false;
  private lastErrorLog = 0;
  private dropped = 0;
  private lastDropLog = 0;
  private droppedAfterClose = 0;

  constructor(path: string, options: SqliteLedgerOptions = {}) {
    const opts = { ...DEFAULTS, ...options };
    this.db = new Database(path, { fileMustExist: options.mustExist === true, timeout: opts.busyTimeoutMs });
    try {
      this.db.pragma('journal_mode = WAL'); // a no-op ("memory") for :memory: databases
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma(`busy_timeout = ${Math.trunc(opts.busyTimeoutMs)}`);
      // SQLite's stock 2 MB page cache instead of better-sqlite3's 16 MB: appends only touch the last pages
      // of the table and of the time index, and the bigger cache filled up with written pages (+16 MB RSS
      // after ~100k rows, the same write throughput, measured).
      this.db.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
      migrate(this.db);
    } catch (error) {
      this.db.close();
      throw error;
    }
    const insert = this.db.prepare<SqlValue[]>(INSERT);
    const insertPrompt = this.db.prepare<[number | bigint, string]>('INSERT INTO ledger_prompts (id, prompt) VALUES (?, ?)');
    this.writeBatch = this.db.transaction((batch: LedgerRecord[]) => {
      for (const record of batch) {
        try {
          const { lastInsertRowid } = insert.run(...values(record));
          if (record.prompt != null) insertPrompt.run(lastInsertRowid, record.prompt);
        } catch (error) {
          if (!isBadRecord(error)) throw error; // rolls the whole batch back; it is retried later
          log.error('ledger record rejected by the database, skipped', { request_id: record.request_id, error });
        }
      }
    });
    this.batcher = new Batcher<LedgerRecord>({
      write: this.writeBatch,
      intervalMs: opts.flushIntervalMs,
      maxBatch: opts.maxBatch,
      maxQueue: opts.maxQueue,
      onError: (error, queued) => this.logWriteError(error, queued),
      onDrop: (count) => this.logDrop(count),
    });
    openLedgers.add(this);
    if (!exitHookInstalled) {
      process.on('exit', flushOpenLedgersOnExit);
      exitHookInstalled = true;
    }
  }

  appendDurable(record: LedgerRecord): Promise<void> {
    if (this.closed) {
      this.append(record);
      return Promise.resolve();
    }
    return this.batcher.pushDurable(record);
  }

  append(record: LedgerRecord): void {
    if (this.closed) {
      // Dropping is wrong but throwing into a finished request is worse; the count shows the shutdown bug.
      this.droppedAfterClose += 1;
      log.error('ledger record appended after close, dropped', { request_id: record.request_id, dropped: this.droppedAfterClose });
      return;
    }
    this.batcher.push(record);
  }

  flush(): Promise<void> {
    return this.batcher.flush();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.batcher.flush();
    } finally {
      const left = this.batcher.size;
      this.release();
      if (left > 0) log.error('ledger closed with unwritten records', { lost: left });
    }
  }

  /** Synchronous close for the process exit hook: writes what is queued, then releases the file. */
  closeSync(): void {
    if (!this.db.open) return;
    this.closed = true;
    const left = this.batcher.drainSync();
    if (left > 0) log.error('ledger closed at exit with unwritten records', { lost: left });
    this.release();
  }

  async report(query: ReportQuery): Promise<Report> {
    await this.flush();
    const { sql, params } = reportSql(query, () => '?');
    // safeIntegers: sums come back as BigInt, exact beyond 2^53.
    const rows = this.db.prepare(sql).safeIntegers(true).all(...params) as Record<string, unknown>[];
    return buildReport(query, rows);
  }

  async *records(query: RecordQuery): AsyncIterable<LedgerRecord> {
    await this.flush();
    // Ordered by arrival time, then write order: the rows of one request (a cascade's two attempts share
    // the arrival time) come out next to each other even when other requests were written in between.
    const conditions = ['(l.time, l.id) > (?, ?)'];
    const params: number[] = [];
    if (query.until !== undefined) {
      conditions.push('l.time < ?');
      params.push(query.until);
    }
    const page = this.db.prepare<number[], Row>(
      `SELECT l.*, p.prompt FROM ledger l LEFT JOIN ledger_prompts p ON p.id = l.id
       WHERE ${conditions.join(' AND ')} ORDER BY l.time, l.id LIMIT ?`,
    );
    // Keyset pages rather than one open cursor: an open cursor would keep the connection busy, and the
    // batch writer needs it between pages. ledger_time (time, rowid) serves both the filter and the order.
    let remaining = query.limit ?? Number.POSITIVE_INFINITY;
    // the cursor starts at `since` (inclusive: no row has id 0)
    let afterTime = query.since ?? Number.MIN_SAFE_INTEGER;
    let afterId = 0;
    while (remaining > 0) {
      const rows = page.all(afterTime, afterId, ...params, Math.min(PAGE_SIZE, remaining));
      for (const row of rows) yield fromRow(row);
      const last = rows[rows.length - 1];
      if (last === undefined || rows.length < PAGE_SIZE) return;
      afterTime = last.time;
      afterId = last.id;
      remaining -= rows.length;
    }
  }

  private release(): void {
    this.batcher.stop();
    openLedgers.delete(this);
    if (this.db.open) this.db.close();
  }

  private logDrop(count: number): void {
    this.dropped += count;
    const now = Date.now();
    if (now - this.lastDropLog < ERROR_LOG_INTERVAL_MS) return; // one line per interval, with the running total
    this.lastDropLog = now;
    log.error('ledger queue full (store failing or too slow), oldest records dropped', { dropped_total: this.dropped });
  }

  private logWriteError(error: unknown, queued: number): void {
    const now = Date.now();
    if (now - this.lastErrorLog < ERROR_LOG_INTERVAL_MS) return; // retries run every interval: log sparingly
    this.lastErrorLog = now;
    log.error('ledger write failed, will retry', { queued, error });
  }
}
