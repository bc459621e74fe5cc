/**
 * Decides what the emulated model answers: reasoning, text or JSON, tool calls, the finish reason and
 * the usage. Protocol-neutral; the OpenAI and Anthropic writers only render a Plan. Every piece of
 * reasoning/content/tool arguments costs exactly one output token, so usage is easy to predict.
 */
import type { PrefixCache } from './cache.js';
import { hashString } from './hash.js';
import type { EmuRequest, EmuTool } from './request.js';
import { valueFromSchema } from './schema-value.js';
import type { ModelTraits } from './traits.js';
import { naturalLength, naturalReasoningLength, slicePieces, wordPieces } from './words.js';

export type PlanFinish = 'stop' | 'length' | 'tool_calls' | 'stop_sequence' | 'content_filter';

export interface PlannedToolCall {
  /** Deterministic id tail; writers add `call_` / `toolu_`. */
  idSuffix: string;
  name: string;
  /** The full JSON argument text emitted (possibly cut short by max_tokens). */
  arguments: string;
  /** `arguments` split into one-token pieces, for streaming. */
  pieces: string[];
}

export interface PlanUsage {
  /** All input tokens, cache reads and writes included. */
  prompt: number;
  cacheRead: number;
  cacheWrite: number;
  /** All output tokens, reasoning included. */
  output: number;
  reasoning: number;
}

export interface Plan {
  seed: number;
  reasoning: string[];
  content: string[];
  toolCalls: PlannedToolCall[];
  finish: PlanFinish;
  stopSequence: string | null;
  usage: PlanUsage;
}

export interface PlanOptions {
  reasoning: boolean;
  /** Honour Anthropic `cache_control` breakpoints (cache writes). */
  cacheControl: boolean;
  /** Fault `content-filter-finish`: stop half-way with finish `content_filter`. */
  contentFilter: boolean;
}

const JSON_PIECE = 4;
const MAX_JSON_ANSWER_WORDS = 12;

export function buildPlan(req: EmuRequest, traits: ModelTraits, cache: PrefixCache, opts: PlanOptions): Plan {
  const seed = hashString(req.seedText);
  const acct = cache.account(req.segments, opts.cacheControl);
  let budget = req.maxTokens ?? Number.POSITIVE_INFINITY;
  let truncated = false;

  let reasoning: string[] = [];
  if (opts.reasoning) {
    let len = naturalReasoningLength(seed);
    if (req.thinkingBudget !== undefined && req.thinkingBudget > 0) len = Math.min(len, req.thinkingBudget);
    const take = Math.min(len, budget);
    truncated = take < len;
    reasoning = wordPieces(seed ^ 0x5bd1e995, take);
    budget -= take;
  }

  let content: string[] = [];
  const toolCalls: PlannedToolCall[] = [];
  let finish: PlanFinish = 'stop';
  let stopSequence: string | null = null;
  const tools = toolsToCall(req, traits);
  if (tools.length > 0) {
    for (let i = 0; i < tools.length && budget > 0; i++) {
      const tool = tools[i] as EmuTool;
      const full = slicePieces(argumentsFor(tool, i), JSON_PIECE);
      const pieces = full.length > budget ? full.slice(0, budget) : full;
      if (pieces.length < full.length) truncated = true;
      budget -= pieces.length;
      const idSuffix = hashString(tool.name, seed + i).toString(36).padStart(11, '0');
      toolCalls.push({ idSuffix, name: tool.name, arguments: pieces.join(''), pieces });
    }
    if (toolCalls.length < tools.length) truncated = true;
    finish = 'tool_calls';
  } else if (req.json) {
    const full = slicePieces(JSON.stringify(jsonValue(req.json.schema, seed, traits)), JSON_PIECE);
    content = full.length > budget ? full.slice(0, budget) : full;
    truncated ||= content.length < full.length;
  } else {
    const natural = traits.length ?? naturalLength(seed);
    const words = wordPieces(seed, natural);
    words[natural - 1] += '.';
    const cut = cutAtStop(words, req.stop);
    if (cut) {
      content = cut.pieces;
      finish = 'stop_sequence';
      stopSequence = cut.stop;
    } else content = words;
    if (content.length > budget) {
      content = content.slice(0, budget);
      truncated = true;
    }
  }
  if (truncated) {
    finish = 'length';
    stopSequence = null;
  }
  if (opts.contentFilter && toolCalls.length === 0) {
    content = content.slice(0, Math.ceil(content.length / 2));
    finish = 'content_filter';
    stopSequence = null;
  }

  let output = reasoning.length + content.length;
  for (const tc of toolCalls) output += tc.pieces.length;
  return {
    seed,
    reasoning,
    content,
    toolCalls,
    finish,
    stopSequence,
    usage: { prompt: acct.prompt, cacheRead: acct.cacheRead, cacheWrite: acct.cacheWrite, output, reasoning: reasoning.length },
  };
}

/** The tools the model calls: none unless tools are offered, allowed and the last turn is not a tool result. */
function toolsToCall(req: EmuRequest, traits: ModelTraits): EmuTool[] {
  if (req.tools.length === 0 || req.toolMode === 'none' || req.lastIsToolResult) return [];
  const first = (req.forcedTool !== undefined ? req.tools.find((t) => t.name === req.forcedTool) : undefined) ?? (req.tools[0] as EmuTool);
  if (!traits.parallel || !req.parallelToolCalls) return [first];
  const second = req.forcedTool !== undefined ? first : (req.tools[1] ?? first);
  return [first, second];
}

function argumentsFor(tool: EmuTool, index: number): string {
  const value = valueFromSchema(tool.schema, index === 0 ? '$' : `$${index}`);
  return JSON.stringify(typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {});
}

function jsonValue(schema: unknown, seed: number, traits: ModelTraits): unknown {
  if (schema !== undefined) return valueFromSchema(schema);
  const words = Math.min(traits.length ?? naturalLength(seed), MAX_JSON_ANSWER_WORDS);
  return { answer: wordPieces(seed, words).join('') };
}

/** Cuts the text before the earliest stop sequence, as providers do (the stop text is not emitted). */
function cutAtStop(pieces: string[], stops: readonly string[]): { pieces: string[]; stop: string } | undefined {
  if (stops.length === 0) return undefined;
  const text = pieces.join('');
  let at = -1;
  let which = '';
  for (const s of stops) {
    const i = text.indexOf(s);
    if (i !== -1 && (at === -1 || i < at)) {
      at = i;
      which = s;
    }
  }
  if (at === -1) return undefined;
  const out: string[] = [];
  let pos = 0;
  for (const p of pieces) {
    if (pos + p.length <= at) out.push(p);
    else {
      if (at > pos) out.push(p.slice(0, at - pos));
      break;
    }
    pos += p.length;
  }
  return { pieces: out, stop: which };
}
