/**
 * `switchyard report`: spend, savings and tokens from the ledger, as a table or (`--json`) as exactly one
 * JSON object on stdout, whose fields `requests`, `cost_usd`, `baseline_cost_usd`, `savings_usd`,
 * `tokens.{input,cache_read,cache_write,output,reasoning}` and `by_model[]` are a contract for scripts.
 */
import { existsSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { GROUP_BY, type GroupBy, type Report, type ReportQuery, type ReportTotals } from '../ledger/report.js';
import { openLedger, parseLedgerUrl, type LedgerLocation } from '../ledger/open.js';
import type { Ledger } from '../ledger/types.js';
import { parseTimeBound } from '../ledger/since.js';
import { formatUsdFixed, parseUsd } from '../metering/money.js';
import { CliError } from './fail.js';

interface ReportOptions {
  config?: string;
  ledger?: string;
  since?: string;
  until?: string;
  by?: GroupBy;
  json?: boolean;
}

/** Table money precision: a millionth of a dollar shows even a single cheap request. */
const USD_DECIMALS = 6;

export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description('Summarise spend, savings and tokens recorded in the ledger')
    .option('--config <file>', 'config file (default: the same resolution as `serve`)')
    .option('--ledger <url>', 'ledger URL, e.g. sqlite:.switchyard/ledger.db (default: the config\'s `ledger`)')
    .option('--since <when>', 'start: a duration back from now (30m, 24h, 7d) or an ISO date (default: all time)')
    .option('--until <when>', 'end (exclusive): a duration back from now or an ISO date (default: now)')
    .addOption(new Option('--by <dimension>', 'also group by this dimension').choices(GROUP_BY))
    .option('--json', 'print one JSON object instead of a table')
    .action(async (options: ReportOptions) => {
      const url = options.ledger ?? (await ledgerFromConfig(options.config));
      const report = await readReport(url, buildQuery(options));
      process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : renderReport(report, url));
    });
}

async function ledgerFromConfig(path: string | undefined): Promise<string> {
  // Loaded only when needed, so `--ledger` works even where the config does not load.
  const { loadConfig } = await import('../config/load.js');
  return loadConfig(path).ledger;
}

function buildQuery(options: ReportOptions): ReportQuery {
  const now = Date.now();
  const bound = (flag: string, value: string | undefined): number | undefined => {
    if (value === undefined) return undefined;
    try {
      return parseTimeBound(value, now);
    } catch (error) {
      throw new CliError(`${flag}: ${(error as Error).message}`);
    }
  };
  const query: ReportQuery = {};
  const since = bound('--since', options.since);
  const until = bound('--until', options.until);
  if (since !== undefined) query.since = since;
  if (until !== undefined) query.until = until;
  if (options.by !== undefined) query.groupBy = options.by;
  return query;
}

/** Runs `fn`, turning any failure into a one-line CliError. */
function orFail<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw error instanceof CliError ? error : new CliError((error as Error).message);
  }
}

async function readReport(url: string, query: ReportQuery): Promise<Report> {
  const location: LedgerLocation = orFail(() => parseLedgerUrl(url));
  if (location.kind === 'none') throw new CliError('the ledger is disabled (ledger: none): nothing was recorded');
  if (location.kind === 'sqlite' && location.path !== ':memory:' && !existsSync(location.path)) {
    throw new CliError(`no ledger at ${location.path} (has the gateway served a request with this config?)`);
  }
  const ledger: Ledger = orFail(() => openLedger(url, { mustExist: true }));
  try {
    return await ledger.report(query);
  } finally {
    await ledger.close();
  }
}

// ---- table rendering ----

const int = (n: number): string => n.toLocaleString('en-US');
const pct = (n: number): string => `${n.toFixed(2)}%`;

/** Rounds the report's exact decimal strings (never its float USD numbers) for display. */
function money(exact: string): string {
  return `$${formatUsdFixed(parseUsd(exact), USD_DECIMALS)}`;
}

function when(ms: number | null, fallback: string): string {
  return ms === null ? fallback : new Date(ms).toISOString();
}

const COLUMNS = ['REQUESTS', 'ERRORS', 'INPUT', 'CACHE READ', 'CACHE WRITE', 'OUTPUT', 'REASONING', 'COST', 'BASELINE', 'SAVINGS', 'SAVED'];
/** Shown after ERRORS only when a cascade escalated, so a model's cost without requests is explained. */
const SUPERSEDED_COLUMN = 'SUPERSEDED';

function cells(t: ReportTotals, superseded: boolean): string[] {
  return [
    int(t.requests), int(t.errors), ...(superseded ? [int(t.superseded_attempts)] : []), int(t.tokens.input),
    int(t.tokens.cache_read), int(t.tokens.cache_write), int(t.tokens.output), int(t.tokens.reasoning),
    money(t.cost_usd_exact), money(t.baseline_cost_usd_exact), money(t.savings_usd_exact), pct(t.savings_pct),
  ];
}

/** Left-aligned label columns, right-aligned numbers. */
function table(labels: string[], rows: { labels: (string | null)[]; totals: ReportTotals }[], superseded: boolean): string {
  const header = [...labels, ...(superseded ? [...COLUMNS.slice(0, 2), SUPERSEDED_COLUMN, ...COLUMNS.slice(2)] : COLUMNS)];
  const body = rows.map((r) => [...r.labels.map((l) => l ?? '(none)'), ...cells(r.totals, superseded)]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] ?? '').length)));
  const line = (row: string[]): string =>
    row.map((c, i) => (i < labels.length ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ').trimEnd();
  return [line(header), ...body.map(line)].join('\n');
}

export function renderReport(report: Report, url: string): string {
  const t = report.tokens;
  // cascade attempts the client never received: a note and a table column, only when there were any
  const sup = report.superseded_attempts > 0;
  const supNote = sup ? `, plus ${int(report.superseded_attempts)} superseded cascade attempts billed` : '';
  const out = [
    `Ledger ${url}, ${when(report.since, 'all time')} to ${when(report.until, 'now')}`,
    '',
    `Requests       ${int(report.requests)} (errors ${int(report.errors)}, usage estimated ${int(report.usage_estimated)}${supNote})`,
    `Tokens         input ${int(t.input)}, cache read ${int(t.cache_read)}, cache write ${int(t.cache_write)}, output ${int(t.output)} (reasoning ${int(t.reasoning)})`,
    `Cost           ${money(report.cost_usd_exact)}`,
    `Baseline cost  ${money(report.baseline_cost_usd_exact)}`,
    `Savings        ${money(report.savings_usd_exact)} (${pct(report.savings_pct)})`,
  ];
  if (report.requests === 0) return `${out.join('\n')}\n`;
  out.push('', 'By model', table(['MODEL', 'PROVIDER'], report.by_model.map((m) => ({ labels: [m.served_model, m.provider], totals: m })), sup));
  out.push('', 'By provider', table(['PROVIDER'], report.by_provider.map((p) => ({ labels: [p.provider], totals: p })), sup));
  if (report.group_by !== null && report.group_by !== 'model' && report.group_by !== 'provider') {
    const name = report.group_by.toUpperCase();
    out.push('', `By ${report.group_by}`, table([name], report.groups.map((g) => ({ labels: [g.key], totals: g })), sup));
  }
  return `${out.join('\n')}\n`;
}
