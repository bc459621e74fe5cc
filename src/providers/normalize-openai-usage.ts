/**
 * OpenAI-shaped usage (every OpenAI-protocol upstream, with its own dialect) -> canonical `Usage`.
 *
 * - `prompt_tokens` is the whole prompt, cached tokens included (OpenAI, Moonshot, DeepSeek, OpenRouter),
 *   so uncached input = prompt - cache read - cache write. If the cache counts exceed the prompt, the
 *   upstream evidently reported the prompt without them, and the prompt is taken as the uncached part.
 * - Cache reads: DeepSeek `prompt_cache_hit_tokens`, `prompt_tokens_details.cached_tokens`, Moonshot's
 *   top-level `cached_tokens`, Anthropic-compatible `cache_read_input_tokens`.
 * - Cache writes: OpenRouter `prompt_tokens_details.cache_write_tokens`, `cache_creation_input_tokens`
 *   (top level or in the details, as DashScope's explicit cache reports it).
 * - Reasoning: `completion_tokens_details.reasoning_tokens`, included in `completion_tokens` by OpenAI's
 *   definition. Some Gemini translations leave it out; `total_tokens` = prompt + completion + reasoning
 *   reveals that, and then output = completion + reasoning.
 */
import type { Usage } from '../spec/chat.js';
import { isRecord, optionalCount, type JsonRecord } from '../convert/json.js';

const EMPTY: JsonRecord = {};

export function normalizeOpenAIUsage(raw: unknown): Usage | undefined {
  if (!isRecord(raw)) return undefined;
  const promptDetails = isRecord(raw.prompt_tokens_details) ? raw.prompt_tokens_details : EMPTY;
  const completionDetails = isRecord(raw.completion_tokens_details) ? raw.completion_tokens_details : EMPTY;

  const hit = optionalCount(raw.prompt_cache_hit_tokens);
  const miss = optionalCount(raw.prompt_cache_miss_tokens);
  const prompt = optionalCount(raw.prompt_tokens) ?? optionalCount(raw.input_tokens) ?? (hit !== undefined || miss !== undefined ? (hit ?? 0) + (miss ?? 0) : undefined);
  const completion = optionalCount(raw.completion_tokens) ?? optionalCount(raw.output_tokens);
  if (prompt === undefined && completion === undefined) return undefined;

  const cacheRead =
    hit ?? optionalCount(promptDetails.cached_tokens) ?? optionalCount(raw.cached_tokens) ?? optionalCount(raw.cache_read_input_tokens) ?? 0;
  const cacheWrite =
    optionalCount(promptDetails.cache_write_tokens) ??
    optionalCount(promptDetails.cache_creation_input_tokens) ??
    optionalCount(raw.cache_creation_input_tokens) ??
    0;
  const promptTotal = prompt ?? 0;
  const input = cacheRead + cacheWrite > promptTotal ? promptTotal : promptTotal - cacheRead - cacheWrite;

  const reasoning = optionalCount(completionDetails.reasoning_tokens) ?? optionalCount(raw.reasoning_tokens) ?? 0;
  let output = completion ?? 0;
  const total = optionalCount(raw.total_tokens);
  if (reasoning > 0 && total !== undefined && total === promptTotal + output + reasoning) output += reasoning;
  if (reasoning > output) output = reasoning;

  return { input, cacheRead, cacheWrite, output, reasoning };
}
