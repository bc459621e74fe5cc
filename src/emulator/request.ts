/**
 * The protocol-neutral view of a request that the reply planner works from. Both the OpenAI and the
 * Anthropic parsers produce it, so behaviour (text, tools, JSON, cache, reasoning) is defined once.
 */

/** One unit of the prompt for counting and cache emulation: the system prompt or one message. */
export interface Segment {
  /** Role plus content, used only for prefix hashing. */
  key: string;
  /** Characters of text in this segment (prompt tokens are derived from this). */
  chars: number;
  /** An Anthropic `cache_control` breakpoint sits on this segment. */
  cacheControl: boolean;
}

export interface EmuTool {
  name: string;
  schema: unknown;
}

export type ToolMode = 'auto' | 'none' | 'required' | 'forced';

export interface EmuRequest {
  model: string;
  stream: boolean;
  /** OpenAI `stream_options.include_usage === true`. */
  includeUsage: boolean;
  /** `max_tokens` / `max_completion_tokens`, when given. */
  maxTokens?: number;
  segments: Segment[];
  /** Seeds the reply text: the last user (or tool result) message text. */
  seedText: string;
  /** The last message is a tool result, so the model answers in text. */
  lastIsToolResult: boolean;
  tools: EmuTool[];
  toolMode: ToolMode;
  forcedTool?: string;
  parallelToolCalls: boolean;
  /** JSON mode: `schema` is undefined for plain `json_object`. */
  json?: { schema?: unknown };
  /** Anthropic `thinking`: true enabled, false disabled, undefined absent. */
  thinking?: boolean;
  thinkingBudget?: number;
  stop: string[];
}

/** A request the emulator rejects, rendered as a 400 in the protocol's error shape. */
export class BadRequest extends Error {
  constructor(message: string, readonly param: string | null = null) {
    super(message);
    this.name = 'BadRequest';
  }
}

export type Json = { [key: string]: unknown };

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function optionalPositiveInt(body: Json, field: string): number | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
    throw new BadRequest(`Invalid '${field}': expected an integer >= 1.`, field);
  }
  return v;
}

export function stopList(v: unknown): string[] {
  if (typeof v === 'string') return v === '' ? [] : [v];
  if (Array.isArray(v)) return v.filter((s): s is string => typeof s === 'string' && s !== '');
  return [];
}
