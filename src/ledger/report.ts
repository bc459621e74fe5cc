/**
 * Ledger reports: the query, the report shape, and the aggregation SQL shared by every SQL store.
 *
 * Sums are taken in SQL over integer columns and finished in BigInt, so a report over millions of
 * requests is exact to the pico-dollar. Money columns are summed in two parts (whole micro-dollars and the
 * pico remainder) so that neither SQL sum can overflow a 64-bit integer below $9.2 trillion; a plain SUM
 * would overflow at $9.2 million in SQLite, which raises an error rather than wrapping.
 */
import { formatUsd, picoToUsd } from '../metering/money.js';

export const GROUP_BY = ['model', 'provider', 'key', 'project', 'session', 'route'] as const;
export type GroupBy = (typeof GROUP_BY)[number];

export function isGroupBy(value: string): value is GroupBy {
  return (GROUP_BY as readonly string[]).includes(value);
}

/** The column each group-by reads. Names are fixed here, never taken from input. */
const GROUP_COLUMN: Readonly<Record<GroupBy, string>> = {
  model: 'served_model',
  provider: 'provider',
  key: 'key_id',
  project: 'project',
  session: 'session',
  route: 'route',
};

export interface ReportQuery {
  /** Inclusive lower bound, ms since the epoch. */
  since?: number;
  /** Exclusive upper bound, ms since the epoch. */
  until?: number;
  /** Fills `groups` with one row per value of this dimension. */
  groupBy?: GroupBy;
  /** Only rows of this key (a session id is only unique per key). */
  keyId?: string;
  /** Only rows of this project. */
  project?: string;
}

export interface TokenTotals {
  /** Uncached input tokens. */
  input: number;
  cache_read: number;
  cache_write: number;
  /** Output tokens, reasoning included. */
  output: number;
  reasoning: number;
}

/** Totals of a set of requests. USD as JSON numbers (nearest double) and as exact decimal strings. */
export interface ReportTotals {
  /** Client requests recorded: answered, or failed upstream. A cascade that escalated counts once. */
  requests: number;
  /** Client requests that ended in an error. */
  errors: number;
  /**
   * Billed attempts whose answer the client never received: a cascade's rejected cheap answer, or its
   * failed escalation. Their tokens and cost are in the totals; they are not requests of their own.
   */
  superseded_attempts: number;
  /** Billed answers (superseded attempts included, as in the token totals) whose usage the gateway estimated. */
  usage_estimated: number;
  tokens: TokenTotals;
  cost_usd: number;
  baseline_cost_usd: number;
  savings_usd: number;
  /** savings / baseline * 100, two decimals; 0 when the baseline cost is 0. */
  savings_pct: number;
  cost_usd_exact: string;
  baseline_cost_usd_exact: string;
  savings_usd_exact: string;
}

export interface ModelTotals extends ReportTotals {
  served_model: string | null;
  provider: string | null;
}

export interface ProviderTotals extends ReportTotals {
  provider: string | null;
}

export interface GroupTotals extends ReportTotals {
  /** The group's value (null when the records had none, e.g. no key). */
  key: string | null;
}

export interface Report extends ReportTotals {
  since: number | null;
  until: number | null;
  group_by: GroupBy | null;
  /** Sorted by cost, then requests, descending. */
  by_model: ModelTotals[];
  by_provider: ProviderTotals[];
  /** One row per value of `group_by`; empty without it. */
  groups: GroupTotals[];
}

/** The one SELECT of a report and its parameters, in a store's own placeholder syntax. */
export interface ReportSql {
  sql: string;
  params: (number | string)[];
}

const SUMS = `COALESCE(SUM(1 - superseded), 0) AS requests,
  COALESCE(SUM(CASE WHEN status = 'error' AND superseded = 0 THEN 1 ELSE 0 END), 0) AS errors,
  COALESCE(SUM(superseded), 0) AS superseded,
  COALESCE(SUM(usage_estimated), 0) AS estimated,
  COALESCE(SUM(input_tokens), 0) AS input,
  COALESCE(SUM(cache_read_tokens), 0) AS cache_read,
  COALESCE(SUM(cache_write_tokens), 0) AS cache_write,
  COALESCE(SUM(output_tokens), 0) AS output,
  COALESCE(SUM(reasoning_tokens), 0) AS reasoning,
  COALESCE(SUM(cost_pico / 1000000), 0) AS cost_hi,
  COALESCE(SUM(cost_pico % 1000000), 0) AS cost_lo,
  COALESCE(SUM(baseline_cost_pico / 1000000), 0) AS baseline_hi,
  COALESCE(SUM(baseline_cost_pico % 1000000), 0) AS baseline_lo`;

/**
 * Builds the report's single aggregate query over a ledger table with the standard columns
 * (`usage_estimated` an integer 0/1, money and tokens integers): one scan grouped by served model,
 * provider and the chosen dimension, rolled up into totals, by_model, by_provider and groups in
 * `buildReport`. (One GROUP BY scan instead of four: measured 2x-4x faster on SQLite, which sorts to group.)
 * `placeholder(i)` renders the i-th parameter (1-based): `?` or `$i`.
 */
export function reportSql(query: ReportQuery, placeholder: (i: number) => string, table = 'ledger'): ReportSql {
  const params: (number | string)[] = [];
  const conditions: string[] = [];
  if (query.keyId !== undefined) {
    params.push(query.keyId);
    conditions.push(`key_id = ${placeholder(params.length)}`);
  }
  if (query.project !== undefined) {
    params.push(query.project);
    conditions.push(`project = ${placeholder(params.length)}`);
  }
  if (query.since !== undefined) {
    params.push(query.since);
    conditions.push(`time >= ${placeholder(params.length)}`);
  }
  if (query.until !== undefined) {
    params.push(query.until);
    conditions.push(`time < ${placeholder(params.length)}`);
  }
  const where = conditions.length ? ` WHERE ${conditions.join(' AND ')}` : '';
  const columns = ['served_model', 'provider'];
  const extra = query.groupBy ? GROUP_COLUMN[query.groupBy] : undefined;
  if (extra !== undefined && !columns.includes(extra)) columns.push(extra);
  const keys = columns.map((c, i) => `${c} AS k${i}`).join(', ');
  return { sql: `SELECT ${keys}, ${SUMS} FROM ${table}${where} GROUP BY ${columns.join(', ')}`, params };
}

/** One aggregate row, all integers. */
interface Aggregate {
  keys: (string | null)[];
  requests: bigint;
  errors: bigint;
  superseded: bigint;
  estimated: bigint;
  input: bigint;
  cacheRead: bigint;
  cacheWrite: bigint;
  output: bigint;
  reasoning: bigint;
  cost: bigint;
  baseline: bigint;
}

/** Drivers return integers as bigint (better-sqlite3 safeIntegers), number, or string (pg NUMERIC/BIGINT). */
function big(value: unknown, column: string): bigint {
  if (typeof value === 'bigint') return value;
  if (value === null || value === undefined) return 0n;
  if ((typeof value === 'number' && Number.isSafeInteger(value)) || (typeof value === 'string' && /^-?\d+$/.test(value))) {
    return BigInt(value);
  }
  throw new TypeError(`ledger aggregate column ${column} is not an integer: ${String(value)}`);
}

function key(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

function aggregate(row: Record<string, unknown>, keyCount: number): Aggregate {
  const keys: (string | null)[] = [];
  for (let i = 0; i < keyCount; i++) keys.push(key(row[`k${i}`]));
  return {
    keys,
    requests: big(row.requests, 'requests'),
    errors: big(row.errors, 'errors'),
    superseded: big(row.superseded, 'superseded'),
    estimated: big(row.estimated, 'estimated'),
    input: big(row.input, 'input'),
    cacheRead: big(row.cache_read, 'cache_read'),
    cacheWrite: big(row.cache_write, 'cache_write'),
    output: big(row.output, 'output'),
    reasoning: big(row.reasoning, 'reasoning'),
    cost: big(row.cost_hi, 'cost_hi') * 1_000_000n + big(row.cost_lo, 'cost_lo'),
    baseline: big(row.baseline_hi, 'baseline_hi') * 1_000_000n + big(row.baseline_lo, 'baseline_lo'),
  };
}

function totals(a: Aggregate): ReportTotals {
  const savings = a.baseline - a.cost;
  const baselineUsd = picoToUsd(a.baseline);
  return {
    requests: Number(a.requests),
    errors: Number(a.errors),
    superseded_attempts: Number(a.superseded),
    usage_estimated: Number(a.estimated),
    tokens: {
      input: Number(a.input),
      cache_read: Number(a.cacheRead),
      cache_write: Number(a.cacheWrite),
      output: Number(a.output),
      reasoning: Number(a.reasoning),
    },
    cost_usd: picoToUsd(a.cost),
    baseline_cost_usd: baselineUsd,
    savings_usd: picoToUsd(savings),
    savings_pct: a.baseline > 0n ? Math.round((picoToUsd(savings) / baselineUsd) * 10_000) / 100 : 0,
    cost_usd_exact: formatUsd(a.cost),
    baseline_cost_usd_exact: formatUsd(a.baseline),
    savings_usd_exact: formatUsd(savings),
  };
}

/** Dearest first; ties by request count, then by key, so output is stable. */
function byCost(a: Aggregate, b: Aggregate): number {
  if (a.cost !== b.cost) return a.cost > b.cost ? -1 : 1;
  if (a.requests !== b.requests) return a.requests > b.requests ? -1 : 1;
  const ka = a.keys.join('\u0000');
  const kb = b.keys.join('\u0000');
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

const KEY_INDEX: Readonly<Record<GroupBy, number>> = { model: 0, provider: 1, key: 2, project: 2, session: 2, route: 2 };

function zero(keys: (string | null)[]): Aggregate {
  return { keys, requests: 0n, errors: 0n, superseded: 0n, estimated: 0n, input: 0n, cacheRead: 0n, cacheWrite: 0n, output: 0n, reasoning: 0n, cost: 0n, baseline: 0n };
}

function add(into: Aggregate, a: Aggregate): void {
  into.requests += a.requests;
  into.errors += a.errors;
  into.superseded += a.superseded;
  into.estimated += a.estimated;
  into.input += a.input;
  into.cacheRead += a.cacheRead;
  into.cacheWrite += a.cacheWrite;
  into.output += a.output;
  into.reasoning += a.reasoning;
  into.cost += a.cost;
  into.baseline += a.baseline;
}

/** Sums the rows by the key columns at `indexes`, dearest group first. */
function rollUp(rows: Aggregate[], indexes: number[]): Aggregate[] {
  const groups = new Map<string, Aggregate>();
  for (const row of rows) {
    const keys = indexes.map((i) => row.keys[i] ?? null);
    const id = JSON.stringify(keys); // distinguishes null from the string "null"
    let group = groups.get(id);
    if (group === undefined) groups.set(id, (group = zero(keys)));
    add(group, row);
  }
  return [...groups.values()].sort(byCost);
}

/** Turns the rows of the `reportSql` query (any integer representation) into a report. */
export function buildReport(query: ReportQuery, raw: readonly Record<string, unknown>[]): Report {
  const groupIndex = query.groupBy ? KEY_INDEX[query.groupBy] : undefined;
  const rows = raw.map((r) => aggregate(r, groupIndex === 2 ? 3 : 2));
  const all = rollUp(rows, [])[0] ?? zero([]);
  return {
    since: query.since ?? null,
    until: query.until ?? null,
    group_by: query.groupBy ?? null,
    ...totals(all),
    by_model: rollUp(rows, [0, 1]).map((a) => ({ served_model: a.keys[0] ?? null, provider: a.keys[1] ?? null, ...totals(a) })),
    by_provider: rollUp(rows, [1]).map((a) => ({ provider: a.keys[0] ?? null, ...totals(a) })),
    groups: groupIndex === undefined ? [] : rollUp(rows, [groupIndex]).map((a) => ({ key: a.keys[0] ?? null, ...totals(a) })),
  };
}

/** The report of an empty ledger (used by the `none` store). */
export function emptyReport(query: ReportQuery): Report {
  return buildReport(query, []);
}
