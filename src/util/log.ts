/**
 * A tiny structured logger: one JSON line per event on stderr (stdout is reserved for command output).
 * Fields named like secrets are masked, and configured credential values are scrubbed from every line, so a
 * key can never reach the logs by accident.
 */
import { scrubRegisteredSecrets } from './secrets.js';

type Level = 'debug' | 'info' | 'warn' | 'error';
const LEVELS: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const SECRET_FIELD = /key|secret|token|authorization|password/i;

let threshold = LEVELS[(process.env.SWITCHYARD_LOG_LEVEL as Level) ?? 'info'] ?? LEVELS.info;

export function setLogLevel(level: Level): void {
  threshold = LEVELS[level];
}

function redact(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (SECRET_FIELD.test(k) && typeof v === 'string' && !k.endsWith('tokens')) out[k] = '[redacted]';
    else if (v instanceof Error) out[k] = { name: v.name, message: v.message, cause: causeOf(v) };
    else out[k] = v;
  }
  return out;
}

function causeOf(err: Error): string | undefined {
  const c = (err as { cause?: unknown }).cause;
  return c instanceof Error ? `${c.name}: ${c.message}` : c === undefined ? undefined : String(c);
}

function write(level: Level, msg: string, fields?: Record<string, unknown>): void {
  if (LEVELS[level] < threshold) return;
  const line = JSON.stringify({ level, time: new Date().toISOString(), msg, ...(fields ? redact(fields) : {}) });
  process.stderr.write(scrubRegisteredSecrets(line) + '\n');
}

export const log = {
  debug: (msg: string, fields?: Record<string, unknown>) => write('debug', msg, fields),
  info: (msg: string, fields?: Record<string, unknown>) => write('info', msg, fields),
  warn: (msg: string, fields?: Record<string, unknown>) => write('warn', msg, fields),
  error: (msg: string, fields?: Record<string, unknown>) => write('error', msg, fields),
};
