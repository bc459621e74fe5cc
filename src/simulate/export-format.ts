/**
 * The gateway's own trace format, written by `switchyard export` from the ledger and read back by the
 * simulator. One JSON object per line (`source: "switchyard"`), field names chosen to match the agent
 * trace where they mean the same thing (`usage.input_tokens` includes cached tokens; `model` = served):
 *
 *   {"source": "switchyard", "id": "<request id>", "time": "2026-07-24T10:00:00.000Z",
 *    "run": "<session or null>", "messages": [...]            // only when prompt logging was on
 *    "usage": {"input_tokens", "cached_tokens", "cache_write_tokens", "output_tokens", "reasoning_tokens"},
 *    "model": "deepseek-chat", "requested_model": "smart", "route": "smart", "reason": "auto score=...",
 *    "score": 0.31, "cost_usd": "0.000123", "baseline_cost_usd": "0.0021", "status": "ok",
 *    "key_id": null, "project": null, "routing": {"input_tokens", "max_tokens", "tools", ...},
 *    "meta": {"provider", "jurisdiction", "attempts", "stream", "usage_estimated", "latency_ms", "http_status", "error_code", "prompt_truncated"?, "superseded"?}}
 */
import type { LedgerRecord } from '../ledger/types.js';
import { formatUsd, parseUsd } from '../metering/money.js';
import { messagesFromLog } from '../ledger/prompt-log.js';

export const EXPORT_SOURCE = 'switchyard';

export interface ExportLine {
  source: typeof EXPORT_SOURCE;
  id: string;
  time: string;
  run: string | null;
  messages?: unknown[];
  usage: { input_tokens: number; cached_tokens: number; cache_write_tokens: number; output_tokens: number; reasoning_tokens: number };
  model: string | null;
  requested_model: string;
  route: string | null;
  reason: string | null;
  score: number | null;
  cost_usd: string;
  baseline_cost_usd: string;
  status: string;
  key_id: string | null;
  project: string | null;
  /** What routing read besides the prompt (src/routing/routing-inputs.ts); absent for older rows. */
  routing?: unknown;
  meta: Record<string, unknown>;
}

function parsedRouting(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function toExportLine(r: LedgerRecord): ExportLine {
  const { messages, truncated } = messagesFromLog(r.prompt);
  const routing = parsedRouting(r.routing);
  const meta: Record<string, unknown> = {
    provider: r.provider,
    jurisdiction: r.jurisdiction,
    attempts: r.attempts,
    stream: r.stream,
    usage_estimated: r.usage_estimated,
    latency_ms: r.latency_ms,
    http_status: r.http_status,
    error_code: r.error_code,
  };
  if (truncated) meta.prompt_truncated = true;
  if (r.superseded) meta.superseded = true;
  return {
    source: EXPORT_SOURCE,
    id: r.request_id,
    time: new Date(r.time).toISOString(),
    run: r.session,
    ...(messages ? { messages } : {}),
    usage: {
      input_tokens: r.input_tokens + r.cache_read_tokens + r.cache_write_tokens,
      cached_tokens: r.cache_read_tokens,
      cache_write_tokens: r.cache_write_tokens,
      output_tokens: r.output_tokens,
      reasoning_tokens: r.reasoning_tokens,
    },
    model: r.served_model,
    requested_model: r.requested_model,
    route: r.route,
    reason: r.reason,
    score: r.score,
    cost_usd: formatUsd(r.cost_pico),
    baseline_cost_usd: formatUsd(r.baseline_cost_pico),
    status: r.status,
    key_id: r.key_id,
    project: r.project,
    ...(routing !== undefined ? { routing } : {}),
    meta,
  };
}

/**
 * One line for a request the ledger holds as several rows (a cascade that escalated: the rejected cheap
 * answer and the one served, or a failed escalation next to the cheap answer kept), merged in write order:
 * the row that answered (the latest `ok` one), with the cost of all of them, the first answer's model in
 * `meta.first_attempt_model` and a failed escalation's model in `meta.failed_attempt_model`.
 */
export function mergeAttempts(earlier: ExportLine, later: ExportLine): ExportLine {
  const served = later.status === 'ok' || earlier.status !== 'ok' ? later : earlier;
  const other = served === later ? earlier : later;
  // The cheap answer is always an `ok` row, but a failed escalation's row is written before it (the
  // cheap row is written when the answer is sent): the first attempt is the earliest `ok` row.
  const first = (earlier.meta.first_attempt_model as string | undefined) ?? (earlier.status === 'ok' || later.status !== 'ok' ? earlier.model : later.model);
  return {
    ...served,
    cost_usd: formatUsd(parseUsd(earlier.cost_usd) + parseUsd(later.cost_usd)),
    meta: {
      ...served.meta,
      ledger_rows: ((earlier.meta.ledger_rows as number | undefined) ?? 1) + 1,
      first_attempt_model: first,
      ...(other.status !== 'ok' ? { failed_attempt_model: other.model } : {}),
    },
  };
}
