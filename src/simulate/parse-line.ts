/**
 * One trace line -> a TraceRecord. Three formats are recognised by their fields:
 *   routing data   {id, messages, weak: {score, output_tokens}, strong: {...}, prompt_tokens}
 *   agent trace    {run, step, messages, usage: {input_tokens, output_tokens, cached_tokens}, model, meta}
 *   export         {source: "switchyard", id, messages?, usage: {...}, model, status, ...} (export-format.ts)
 * Tool definitions are not in the traces; when the messages contain tool calls the request is taken to
 * have had those tools (so the tools capability constraint applies as it did live).
 */
import type { ChatMessage, ToolDefinition } from '../spec/chat.js';
import { EXPORT_SOURCE } from './export-format.js';
import { imagePlaceholder, recordedRouting } from './recorded-routing.js';
import type { OutcomeLabels, TraceRecord } from './trace-types.js';

export class TraceError extends Error {
  override name = 'TraceError';
}

/** A line that is valid but not replayable; `reason` is counted in the summary. */
export interface Skip {
  skip: string;
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function count(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.round(v) : undefined;
}

/** Messages as the router reads them; malformed entries and parts are dropped, never fatal. */
export function toMessages(v: unknown): ChatMessage[] {
  if (!Array.isArray(v)) return [];
  const out: ChatMessage[] = [];
  for (const m of v) {
    if (!isObj(m) || typeof m.role !== 'string') continue;
    const c = m.content;
    const content = typeof c === 'string' ? c : Array.isArray(c) ? c.filter(isObj) : null;
    out.push({ ...m, content } as unknown as ChatMessage);
  }
  return out;
}

/** The tools a request must have had, judging by the tool calls in its messages. */
export function inferTools(messages: readonly ChatMessage[]): ToolDefinition[] | undefined {
  const names = new Set<string>();
  let toolTurns = false;
  for (const m of messages) {
    if (m.role === 'assistant') for (const call of m.tool_calls ?? []) if (typeof call?.function?.name === 'string') names.add(call.function.name);
    if (m.role === 'tool') toolTurns = true;
  }
  if (names.size === 0 && toolTurns) names.add('tool');
  if (names.size === 0) return undefined;
  return [...names].map((name) => ({ type: 'function', function: { name } }));
}

function outcomeSide(v: unknown, where: string, side: string): OutcomeLabels['weak'] {
  if (!isObj(v) || typeof v.score !== 'number' || !Number.isFinite(v.score)) throw new TraceError(`${where}: ${side}.score must be a number`);
  const o: OutcomeLabels['weak'] = { score: v.score };
  const out = count(v.output_tokens);
  if (out !== undefined) o.outputTokens = out;
  const inp = count(v.input_tokens);
  if (inp !== undefined) o.inputTokens = inp;
  return o;
}

function routingRecord(o: Obj, line: number, where: string): TraceRecord {
  const messages = toMessages(o.messages);
  const outcome: OutcomeLabels = { weak: outcomeSide(o.weak, where, 'weak'), strong: outcomeSide(o.strong, where, 'strong') };
  const chars = messages.reduce((n, m) => n + (typeof m.content === 'string' ? m.content.length : 0), 0);
  const input = count(o.prompt_tokens) ?? Math.max(1, Math.round(chars / 4));
  return {
    line,
    id: typeof o.id === 'string' || typeof o.id === 'number' ? String(o.id) : `line-${line}`,
    format: 'routing',
    messages,
    request: {},
    usage: { input, cached: 0, cacheWrite: 0 },
    outcome,
  };
}

function usageRecord(o: Obj, line: number, where: string, format: 'agent' | 'switchyard'): TraceRecord | Skip {
  const u = o.usage;
  if (!isObj(u)) return { skip: 'no usage' };
  const input = count(u.input_tokens);
  const output = count(u.output_tokens);
  if (input === undefined || output === undefined) throw new TraceError(`${where}: usage.input_tokens and usage.output_tokens must be numbers`);
  const cached = Math.min(input, count(u.cached_tokens) ?? 0);
  const cacheWrite = Math.min(input - cached, count(u.cache_write_tokens) ?? 0);
  const messages = toMessages(o.messages);
  const tools = inferTools(messages);
  const run = typeof o.run === 'string' ? o.run : undefined;
  const id = typeof o.id === 'string' ? o.id : run !== undefined && typeof o.step === 'number' ? `${run}#${o.step}` : `line-${line}`;
  const rec: TraceRecord = {
    line,
    id,
    format,
    messages,
    request: tools ? { tools } : {},
    usage: { input, cached, cacheWrite, output },
  };
  if (run !== undefined) rec.run = run;
  if (typeof o.model === 'string') rec.observedModel = o.model;
  if (format === 'switchyard') {
    rec.keyId = typeof o.key_id === 'string' ? o.key_id : null;
    rec.project = typeof o.project === 'string' ? o.project : null;
    const routing = recordedRouting(o.routing);
    if (routing) {
      rec.request = { ...rec.request, ...routing.request };
      if (routing.headers) rec.headers = routing.headers;
      if (routing.inputEstimate !== undefined) rec.inputEstimate = routing.inputEstimate;
      if (routing.keyJurisdictions) rec.keyJurisdictions = routing.keyJurisdictions;
      if (messages.length === 0) rec.messages = imagePlaceholder(routing.images);
    }
    if (messages.length === 0 && typeof o.score === 'number' && o.score >= 0 && o.score <= 1) rec.recordedScore = o.score;
  }
  return rec;
}

/** Parses one non-blank line. Throws TraceError naming the line when it is not a trace line at all. */
export function parseTraceLine(text: string, line: number, path: string): TraceRecord | Skip {
  const where = `${path}:${line}`;
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch (err) {
    throw new TraceError(`${where}: not valid JSON (${(err as Error).message})`);
  }
  if (!isObj(o)) throw new TraceError(`${where}: expected a JSON object`);
  if (o.source === EXPORT_SOURCE) {
    if (o.status !== undefined && o.status !== 'ok') return { skip: 'failed request' };
    return usageRecord(o, line, where, 'switchyard');
  }
  if (isObj(o.weak) && isObj(o.strong)) return routingRecord(o, line, where);
  if (isObj(o.usage)) return usageRecord(o, line, where, 'agent');
  throw new TraceError(`${where}: not a trace line (expected an agent trace line with usage, a routing data line with weak/strong, or a switchyard export line)`);
}
