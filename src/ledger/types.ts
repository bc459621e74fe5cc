/**
 * The usage ledger: one record per request that reached an upstream (answered, or failed after the
 * gateway chose a model), written off the request path. Field names are the storage column names, so a
 * record reads the same in SQLite, PostgreSQL and an export.
 */
import type { Report, ReportQuery } from './report.js';

export type LedgerStatus = 'ok' | 'error';

export interface LedgerRecord {
  /** When the request arrived, ms since the epoch. */
  time: number;
  /** The gateway's request id (also sent to the client). */
  request_id: string;
  /** The virtual key that made the request, null when auth is off. */
  key_id: string | null;
  /** Cost-attribution tags, from the key or the request headers. */
  project: string | null;
  session: string | null;
  /** The route that decided, null when the client named a model directly. */
  route: string | null;
  /** The router's decision reason (e.g. `rule:short-prompt`, `fallback:rate_limit`). */
  reason: string | null;
  /** The router's difficulty score, when a scorer ran. */
  score: number | null;
  /** What the client put in `model`. */
  requested_model: string;
  /** The model that produced the answer (or the last one tried, on failure); null if none was tried. */
  served_model: string | null;
  provider: string | null;
  /** Where the data was processed (ISO country code or `local`). */
  jurisdiction: string | null;
  /** Upstream attempts, retries and fallbacks included. */
  attempts: number;
  /** Input tokens billed at the normal rate (uncached). */
  input_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  /** All generated tokens, reasoning included. */
  output_tokens: number;
  /** The part of output_tokens spent on reasoning. */
  reasoning_tokens: number;
  /** True when the upstream reported no usage and the gateway estimated it. */
  usage_estimated: boolean;
  /** Exact cost in pico-USD (1e-12 USD). */
  cost_pico: number;
  /** The same tokens at the baseline model's prices, pico-USD. */
  baseline_cost_pico: number;
  /** From arrival to the last byte sent to the client, ms (fractional: sub-ms precision). */
  latency_ms: number;
  /** Time to the first streamed token, ms (fractional); null for non-streaming requests or when none came. */
  ttft_ms: number | null;
  status: LedgerStatus;
  /** The status the client received (200 for a stream that later failed in-band). */
  http_status: number;
  /** A coded error (`SY_ERR_...`) or the upstream error kind, when status is 'error'. */
  error_code: string | null;
  stream: boolean;
  /**
   * True when this attempt's answer never reached the client: a cascade's rejected cheap answer (replaced
   * by the premium one) or a failed escalation (the cheap answer was kept). Billed like any other row, but
   * not a request of its own: reports count `requests` and `errors` over the other rows. False in rows
   * written before ledger schema version 3.
   */
  superseded: boolean;
  /**
   * What routing read besides the prompt, as JSON (src/routing/routing-inputs.ts): the input estimate,
   * max_tokens, tool names, response_format, and the headers and metadata keys routing looks at. No
   * prompt text. Lets `switchyard export` traces replay with the decisions the gateway made. Null in rows
   * written before ledger schema version 2.
   */
  routing: string | null;
  /** The prompt text, only when prompt logging is enabled; otherwise null. */
  prompt: string | null;
}

/** Selects records for export: `since` inclusive, `until` exclusive, ms since the epoch. */
export interface RecordQuery {
  since?: number;
  until?: number;
  /** At most this many records, oldest first. */
  limit?: number;
}

/**
 * A ledger store. `append` only enqueues, so a request never waits for storage; batches are written on a
 * short timer. `report` and `records` flush first, so they see every record appended before the call.
 */
export interface Ledger {
  /** `sqlite`, `postgres` or `none`. */
  readonly kind: string;
  /** Enqueue a completed request. Never blocks and never throws into the request path. */
  append(record: LedgerRecord): void;
  /**
   * Enqueue and resolve once the record is stored (group commit with whatever else arrives in the same
   * event-loop turn). The gateway awaits it before completing a response, so even a SIGKILL cannot lose a
   * request whose client saw it complete. Rejects if the store fails (the record stays queued).
   */
  appendDurable?(record: LedgerRecord): Promise<void>;
  /** Write everything enqueued so far. Rejects if the store fails (the records stay queued). */
  flush(): Promise<void>;
  /** Flush, then release the store. Appends after close are logged and dropped. */
  close(): Promise<void>;
  report(query: ReportQuery): Promise<Report>;
  /** All matching records, oldest first, in pages (safe to consume slowly while the gateway writes). */
  records(query: RecordQuery): AsyncIterable<LedgerRecord>;
}
