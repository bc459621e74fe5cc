/** Anthropic usage <-> canonical `Usage`, both directions. */
import type { Usage } from '../spec/chat.js';
import type { AnthropicUsage } from './anthropic-types.js';
import { toCount } from './json.js';

/** Anthropic's `input_tokens` already excludes cache reads and writes, so no subtraction is needed. */
export function normalizeAnthropicUsage(usage: AnthropicUsage | null | undefined): Usage {
  const output = toCount(usage?.output_tokens);
  const reasoning = Math.min(toCount(usage?.output_tokens_details?.thinking_tokens), output);
  const cacheWrite = toCount(usage?.cache_creation_input_tokens);
  const out: Usage = { input: toCount(usage?.input_tokens), cacheRead: toCount(usage?.cache_read_input_tokens), cacheWrite, output, reasoning };
  // `cache_creation` splits the writes by TTL; 1-hour writes cost more than 5-minute ones
  const hour = Math.min(toCount(usage?.cache_creation?.ephemeral_1h_input_tokens), cacheWrite);
  if (hour > 0) out.cacheWrite1h = hour;
  return out;
}

/**
 * Folds a cumulative usage update into the running state: each field takes the latest value the upstream
 * sent; fields it left out (or null) keep theirs. Never sums. `message_start` then `message_delta`(s).
 */
export function mergeAnthropicUsage(current: AnthropicUsage, update: AnthropicUsage | null | undefined): AnthropicUsage {
  if (!update) return current;
  const next: AnthropicUsage = { ...current };
  if (update.input_tokens != null) next.input_tokens = update.input_tokens;
  if (update.output_tokens != null) next.output_tokens = update.output_tokens;
  if (update.cache_read_input_tokens != null) next.cache_read_input_tokens = update.cache_read_input_tokens;
  if (update.cache_creation_input_tokens != null) next.cache_creation_input_tokens = update.cache_creation_input_tokens;
  if (update.cache_creation != null) next.cache_creation = update.cache_creation;
  if (update.output_tokens_details?.thinking_tokens != null) next.output_tokens_details = update.output_tokens_details;
  return next;
}

/** For writing Anthropic responses from canonical usage (the Anthropic front door). */
export function toAnthropicUsage(usage: Usage): Required<Pick<AnthropicUsage, 'input_tokens' | 'output_tokens' | 'cache_read_input_tokens' | 'cache_creation_input_tokens'>> {
  return {
    input_tokens: usage.input,
    output_tokens: usage.output,
    cache_read_input_tokens: usage.cacheRead,
    cache_creation_input_tokens: usage.cacheWrite,
  };
}
