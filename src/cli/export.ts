/**
 * `switchyard export --trace FILE [--config FILE] [--ledger URL] [--since 24h] [--until ...]`: writes the
 * ledger as a trace the simulator replays (`switchyard simulate --trace FILE`), one JSON line per request
 * (format in src/simulate/export-format.ts). Messages are included only for requests logged with prompt
 * logging on (`logging.prompts: true`); without them, replays route on size, tools and metadata alone.
 * `--trace -` writes to stdout. The count of lines written goes to stderr.
 */
import { createWriteStream, existsSync } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import { openLedger, parseLedgerUrl } from '../ledger/open.js';
import { parseTimeBound } from '../ledger/since.js';
import type { Ledger, RecordQuery } from '../ledger/types.js';
import { mergeAttempts, toExportLine, type ExportLine } from '../simulate/export-format.js';
import { CliError } from './fail.js';

interface ExportOptions {
  trace: string;
  config?: string;
  ledger?: string;
  since?: string;
  until?: string;
}

async function ledgerUrl(o: ExportOptions): Promise<string> {
  if (o.ledger) return o.ledger;
  const { loadConfig } = await import('../config/load.js');
  return loadConfig(o.config).ledger;
}

function query(o: ExportOptions): RecordQuery {
  const now = Date.now();
  const q: RecordQuery = {};
  for (const [flag, value, key] of [['--since', o.since, 'since'], ['--until', o.until, 'until']] as const) {
    if (value === undefined) continue;
    try {
      q[key] = parseTimeBound(value, now);
    } catch (err) {
      throw new CliError(`${flag}: ${(err as Error).message}`);
    }
  }
  return q;
}

function open(url: string): Ledger {
  let location;
  try {
    location = parseLedgerUrl(url);
  } catch (err) {
    throw new CliError((err as Error).message);
  }
  if (location.kind === 'none') throw new CliError('the ledger is disabled (ledger: none): nothing was recorded');
  if (location.kind === 'sqlite' && location.path !== ':memory:' && !existsSync(location.path)) {
    throw new CliError(`no ledger at ${location.path} (has the gateway served a request with this config?)`);
  }
  try {
    return openLedger(url, { mustExist: true });
  } catch (err) {
    throw new CliError((err as Error).message);
  }
}

async function write(out: Writable, chunk: string): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

/**
 * Streams the matching ledger records to `out` as trace lines, one per request: a cascade that escalated
 * has two rows under one request id (same arrival time), merged into one line (`mergeAttempts`).
 * Returns how many lines were written.
 */
export async function exportTrace(ledger: Ledger, q: RecordQuery, out: Writable): Promise<{ lines: number; withMessages: number }> {
  let lines = 0;
  let withMessages = 0;
  let buf = '';
  // rows of one arrival millisecond, by request id: the two rows of a cascade share the time
  let time = Number.NaN;
  const sameTime = new Map<string, ExportLine>();
  const flush = async (): Promise<void> => {
    for (const line of sameTime.values()) {
      if (line.messages) withMessages++;
      buf += `${JSON.stringify(line)}\n`;
      lines++;
    }
    sameTime.clear();
    if (buf.length > 1 << 16) {
      await write(out, buf);
      buf = '';
    }
  };
  for await (const record of ledger.records(q)) {
    if (record.time !== time) {
      await flush();
      time = record.time;
    }
    const line = toExportLine(record);
    const earlier = sameTime.get(line.id);
    sameTime.set(line.id, earlier ? mergeAttempts(earlier, line) : line);
  }
  await flush();
  if (buf) await write(out, buf);
  return { lines, withMessages };
}

export function registerExportCommand(program: Command): void {
  program
    .command('export')
    .description('write the ledger as a trace for `switchyard simulate` (prompts only where prompt logging was on)')
    .requiredOption('--trace <file>', 'output JSONL file (- for stdout)')
    .option('--config <file>', 'config file (default: the same resolution as `serve`)')
    .option('--ledger <url>', "ledger URL, e.g. sqlite:.switchyard/ledger.db (default: the config's `ledger`)")
    .option('--since <when>', 'start: a duration back from now (30m, 24h, 7d) or an ISO date (default: all time)')
    .option('--until <when>', 'end (exclusive): a duration back from now or an ISO date (default: now)')
    .action(async (o: ExportOptions) => {
      const q = query(o);
      const ledger = open(await ledgerUrl(o));
      const toStdout = o.trace === '-';
      const out: Writable = toStdout ? process.stdout : createWriteStream(o.trace);
      try {
        const { lines, withMessages } = await exportTrace(ledger, q, out);
        if (!toStdout) {
          out.end();
          await once(out, 'finish');
        }
        process.stderr.write(`exported ${lines} requests (${withMessages} with messages) to ${toStdout ? 'stdout' : o.trace}\n`);
      } catch (err) {
        throw err instanceof CliError ? err : new CliError(`export failed: ${(err as Error).message}`);
      } finally {
        await ledger.close();
      }
    });
}
