/**
 * One trace line -> a TraceRecord. Four formats are recognised by their fields:
 *   routing data   {id, messages, weak: {score, output_tokens}, strong: {...}, prompt_tokens}
 *   agent trace    {run, step, messages, usage: {input_tokens, output_tokens, cached_tokens}, model, meta}
 *   export         {source: "switchyard", id, messages?, usage: {...}, model, status, ...} (export-format.ts)
 *   prompt         {id?, run?, messages, ...} without usage: e.g. a logged OpenAI request body (its
 *                  tools, response_format, max_tokens and metadata are routed on) or a `route score`
 *                  input line; `headers` (routing headers) is optional. A line without usage that names
 *                  its run and step is read the same way and counted as an agent line.
 * Usage is optional: missing input tokens are estimated from the request as the gateway estimates them,
 * missing output tokens are assumed (`ParseOptions.assumedOutput`, capped by the request's max_tokens).
 * Tool definitions are not in the agent traces; when the messages contain tool calls the request is taken
 * to have had those tools (so the tools capability constraint applies as it did live).
 */
import { isRecord as isObj } from '../convert/json.js';
import { parseOpenAIChatRequest } from '../dialects/openai/parse-request.js';
import { GatewayError } from '../errors.js';
import { estimateRequestTokens, requestedMaxOutputTokens } from '../metering/estimate.js';
import type { ChatMessage, ChatRequest, ToolDefinition } from '../spec/chat.js';
import { EXPORT_SOURCE } from './export-format.js';
import { imagePlaceholder, recordedRouting } from './recorded-routing.js';
import type { OutcomeLabels, TraceRecord } from './trace-types.js';

export class TraceError extends Error {
  override name = 'TraceError';
}

export interface ParseOptions {
  /** Output tokens assumed for a request whose trace line records none. */
  assumedOutput: number;
}

/** A chat answer's typical length when the trace does not say (`simulate --output-tokens`). */
export const DEFAULT_ASSUMED_OUTPUT = 256;

/** A line that is valid but not replayable; `reason` is counted in the summary. */
export interface Skip {
  skip: string;
}

type Obj = Record<string, unknown>;

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

/** A usage field that is absent is estimated; one that is present must be a count. */
function usageCount(u: Obj, field: string, where: string): number | undefined {
  const v = u[field];
  if (v === undefined || v === null) return undefined;
  const n = count(v);
  if (n === undefined) throw new TraceError(`${where}: usage.${field} must be a non-negative number`);
  return n;
}

/** The gateway's estimate; trace messages are not validated, so a malformed part (a throw or NaN) falls back to size / 4. */
function estimateInput(request: ChatRequest): number {
  let n = NaN;
  try {
    n = estimateRequestTokens(request);
  } catch {
    // a part of an unexpected shape: fall through to the size estimate
  }
  return Number.isFinite(n) ? n : Math.max(1, Math.ceil(JSON.stringify(request.messages).length / 4));
}

/** The record's token counts: recorded ones as they are, the rest estimated (and flagged as such). */
function usageOf(u: unknown, where: string, request: ChatRequest, opts: ParseOptions): Pick<TraceRecord, 'usage' | 'estimated'> {
  const obj = isObj(u) ? u : {};
  const recordedIn = usageCount(obj, 'input_tokens', where);
  const recordedOut = usageCount(obj, 'output_tokens', where);
  const input = recordedIn ?? estimateInput(request);
  const output = recordedOut ?? Math.min(opts.assumedOutput, requestedMaxOutputTokens(request) ?? Infinity);
  const cached = Math.min(input, count(obj.cached_tokens) ?? 0);
  const cacheWrite = Math.min(input - cached, count(obj.cache_write_tokens) ?? 0);
  const out: Pick<TraceRecord, 'usage' | 'estimated'> = { usage: { input, cached, cacheWrite, output } };
  if (recordedIn === undefined || recordedOut === undefined) out.estimated = { input: recordedIn === undefined, output: recordedOut === undefined };
  return out;
}

function lineId(o: Obj, line: number, run: string | undefined): string {
  if (typeof o.id === 'string' || (typeof o.id === 'number' && Number.isFinite(o.id))) return String(o.id);
  return run !== undefined && typeof o.step === 'number' ? `${run}#${o.step}` : `line-${line}`;
}

function usageRecord(o: Obj, line: number, where: string, format: 'agent' | 'switchyard', opts: ParseOptions): TraceRecord | Skip {
  if (format === 'switchyard' && !isObj(o.usage)) return { skip: 'no usage' };
  const messages = toMessages(o.messages);
  const tools = inferTools(messages);
  const run = typeof o.run === 'string' ? o.run : undefined;
  const rec: TraceRecord = {
    line,
    id: lineId(o, line, run),
    format,
    messages,
    request: tools ? { tools } : {},
    ...usageOf(o.usage, where, { model: '', messages, ...(tools ? { tools } : {}) }, opts),
  };
  if (run !== undefined) rec.run = run;
  if (typeof o.model === 'string') rec.observedModel = o.model;
  if (format === 'switchyard') {
    if (typeof o.requested_model === 'string' && o.requested_model !== '') rec.requestedModel = o.requested_model;
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

/** The request fields routing reads (everything else in a logged body is ignored). */
const ROUTED_FIELDS = ['max_tokens', 'max_completion_tokens', 'tools', 'tool_choice', 'response_format', 'metadata', 'stream'] as const;

/**
 * A line with messages and nothing else to go by. Messages are read as leniently as `route score` reads
 * them (any role, empty lists, unknown parts); the request fields routing reads are checked as the gateway
 * checks a request body, so a bad one is an error naming the field.
 */
function promptRecord(o: Obj, line: number, where: string, opts: ParseOptions, format: 'prompt' | 'agent'): TraceRecord {
  if (!Array.isArray(o.messages)) throw new TraceError(`${where}: messages must be an array`);
  const picked: Obj = {};
  for (const field of ROUTED_FIELDS) if (o[field] !== undefined && o[field] !== null) picked[field] = o[field];
  try {
    parseOpenAIChatRequest({ model: 'trace', messages: [{ role: 'user', content: 'x' }], ...picked });
  } catch (err) {
    if (err instanceof GatewayError) throw new TraceError(`${where}: ${err.message}`, { cause: err });
    throw err;
  }
  const messages = toMessages(o.messages);
  const routed = picked as TraceRecord['request'];
  if (routed.tools === undefined) {
    const inferred = inferTools(messages);
    if (inferred) routed.tools = inferred;
  }
  const run = typeof o.run === 'string' ? o.run : undefined;
  const request: ChatRequest = { model: 'trace', messages, ...routed };
  const rec: TraceRecord = { line, id: lineId(o, line, run), format, messages, request: routed, ...usageOf(undefined, where, request, opts) };
  if (run !== undefined) rec.run = run;
  if (typeof o.model === 'string' && o.model !== '') rec.observedModel = o.model;
  if (isObj(o.headers)) {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(o.headers)) if (typeof v === 'string') headers[k.toLowerCase()] = v;
    rec.headers = headers;
  }
  return rec;
}

/** Parses one non-blank line. Throws TraceError naming the line when it is not a trace line at all. */
export function parseTraceLine(text: string, line: number, path: string, opts: ParseOptions = { assumedOutput: DEFAULT_ASSUMED_OUTPUT }): TraceRecord | Skip {
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
    return usageRecord(o, line, where, 'switchyard', opts);
  }
  if (isObj(o.weak) && isObj(o.strong)) return routingRecord(o, line, where);
  if (o.weak !== undefined || o.strong !== undefined) throw new TraceError(`${where}: routing data needs both weak and strong objects`);
  if (o.usage !== undefined && o.usage !== null && !isObj(o.usage)) throw new TraceError(`${where}: usage must be an object`);
  if (isObj(o.usage)) return usageRecord(o, line, where, 'agent', opts);
  // without usage: a request to estimate (an agent step when it names its run and step)
  if (o.messages !== undefined) return promptRecord(o, line, where, opts, typeof o.run === 'string' && o.step !== undefined ? 'agent' : 'prompt');
  throw new TraceError(`${where}: not a trace line (expected messages: a request body, an agent trace line, a routing data line with weak/strong, or a switchyard export line)`);
}
