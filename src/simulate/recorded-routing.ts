/**
 * An exported request's recorded routing inputs (the ledger's `routing` column, see
 * src/routing/routing-inputs.ts) turned back into what `router.plan` reads: request fields, headers and
 * the gateway's input estimate. With them a replay of the same config makes the gateway's decisions even
 * where the trace has no prompt. Malformed parts are ignored: the record then replays as before.
 */
import { isRecord as isObj, optionalCount as count } from '../convert/json.js';
import type { JurisdictionLists } from '../routing/constraints/types.js';
import type { ChatMessage, ChatRequest, ResponseFormat, ToolDefinition } from '../spec/chat.js';

export interface RecordedRouting {
  request: Partial<Omit<ChatRequest, 'model' | 'messages'>>;
  headers?: Record<string, string>;
  inputEstimate?: number;
  /** Images the request carried (for the vision constraint when the trace has no messages). */
  images: number;
  /** The key's jurisdiction lists when the request was made. */
  keyJurisdictions?: JurisdictionLists;
}

function codes(v: unknown): string[] | undefined {
  return Array.isArray(v) ? v.filter((c): c is string => typeof c === 'string').map((c) => c.toUpperCase()) : undefined;
}

function jurisdictionLists(v: unknown): JurisdictionLists | undefined {
  if (!isObj(v)) return undefined;
  const allow = codes(v.allow);
  const deny = codes(v.deny);
  if (!allow && !deny) return undefined;
  return { ...(allow ? { allow } : {}), ...(deny ? { deny } : {}) };
}


function stringMap(v: unknown): Record<string, string> | undefined {
  if (!isObj(v)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) if (typeof x === 'string') out[k] = x;
  return Object.keys(out).length ? out : undefined;
}

function responseFormat(type: unknown): ResponseFormat | undefined {
  if (type === 'text' || type === 'json_object') return { type };
  if (type === 'json_schema') return { type, json_schema: { name: 'recorded' } };
  return undefined;
}

export function recordedRouting(v: unknown): RecordedRouting | undefined {
  if (!isObj(v)) return undefined;
  const request: RecordedRouting['request'] = {};
  const maxTokens = count(v.max_tokens);
  if (maxTokens !== undefined) request.max_tokens = maxTokens;
  if (v.stream === true) request.stream = true;
  if (Array.isArray(v.tools)) {
    const tools: ToolDefinition[] = v.tools.filter((n): n is string => typeof n === 'string').map((name) => ({ type: 'function', function: { name } }));
    if (tools.length) request.tools = tools;
  }
  if (v.tool_choice === 'none' || v.tool_choice === 'auto' || v.tool_choice === 'required') request.tool_choice = v.tool_choice;
  const format = responseFormat(v.response_format);
  if (format) request.response_format = format;
  const metadata = stringMap(v.metadata);
  if (metadata) request.metadata = metadata;
  const out: RecordedRouting = { request, images: count(v.images) ?? 0 };
  const headers = stringMap(v.headers);
  if (headers) out.headers = headers;
  const input = count(v.input_tokens);
  if (input !== undefined) out.inputEstimate = input;
  const lists = jurisdictionLists(v.key_jurisdictions);
  if (lists) out.keyJurisdictions = lists;
  return out;
}

/** Stand-in messages for a request recorded without its prompt: as many image parts as it had. */
export function imagePlaceholder(images: number): ChatMessage[] {
  if (images <= 0) return [];
  return [{ role: 'user', content: Array.from({ length: images }, () => ({ type: 'image_url' as const, image_url: { url: 'data:,' } })) }];
}
