/** Canonical Usage -> OpenAI's usage object (prompt_tokens includes cached tokens), with the cost. */
import type { Usage } from '../../spec/chat.js';

export interface OpenAIUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number; cache_write_tokens: number };
  completion_tokens_details: { reasoning_tokens: number };
  /** USD, this request's exact cost as a JSON number (OpenRouter's convention). */
  cost: number;
}

export function toOpenAIUsage(u: Usage, costUsd: number): OpenAIUsage {
  const prompt = u.input + u.cacheRead + u.cacheWrite;
  return {
    prompt_tokens: prompt,
    completion_tokens: u.output,
    total_tokens: prompt + u.output,
    prompt_tokens_details: { cached_tokens: u.cacheRead, cache_write_tokens: u.cacheWrite },
    completion_tokens_details: { reasoning_tokens: u.reasoning },
    cost: costUsd,
  };
}
