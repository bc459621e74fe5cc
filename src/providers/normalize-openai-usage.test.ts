import { describe, expect, it } from 'vitest';
import { normalizeOpenAIUsage } from './normalize-openai-usage.js';

describe('normalizeOpenAIUsage', () => {
  it('OpenAI: cached tokens are inside prompt_tokens, reasoning inside completion_tokens', () => {
    expect(
      normalizeOpenAIUsage({
        prompt_tokens: 1000,
        completion_tokens: 300,
        total_tokens: 1300,
        prompt_tokens_details: { cached_tokens: 800 },
        completion_tokens_details: { reasoning_tokens: 200 },
      }),
    ).toEqual({ input: 200, cacheRead: 800, cacheWrite: 0, output: 300, reasoning: 200 });
  });

  it('DeepSeek: top-level hit/miss fields, even without prompt_tokens', () => {
    expect(normalizeOpenAIUsage({ prompt_tokens: 150, completion_tokens: 10, prompt_cache_hit_tokens: 128, prompt_cache_miss_tokens: 22 })).toEqual({
      input: 22,
      cacheRead: 128,
      cacheWrite: 0,
      output: 10,
      reasoning: 0,
    });
    expect(normalizeOpenAIUsage({ completion_tokens: 10, prompt_cache_hit_tokens: 128, prompt_cache_miss_tokens: 22 })?.input).toBe(22);
  });

  it('Moonshot: cached_tokens at the usage top level', () => {
    expect(normalizeOpenAIUsage({ prompt_tokens: 1500, completion_tokens: 20, total_tokens: 1520, cached_tokens: 1024 })).toMatchObject({ input: 476, cacheRead: 1024 });
  });

  it('cache writes: OpenRouter cache_write_tokens, DashScope/Anthropic-style cache_creation_input_tokens', () => {
    expect(normalizeOpenAIUsage({ prompt_tokens: 194, completion_tokens: 2, prompt_tokens_details: { cached_tokens: 0, cache_write_tokens: 100 } })).toMatchObject({
      input: 94,
      cacheWrite: 100,
    });
    expect(normalizeOpenAIUsage({ prompt_tokens: 2000, completion_tokens: 2, prompt_tokens_details: { cached_tokens: 0, cache_creation_input_tokens: 1500 } })).toMatchObject({
      input: 500,
      cacheWrite: 1500,
    });
    expect(normalizeOpenAIUsage({ prompt_tokens: 40, completion_tokens: 2, cache_read_input_tokens: 10, cache_creation_input_tokens: 20 })).toMatchObject({
      input: 10,
      cacheRead: 10,
      cacheWrite: 20,
    });
  });

  it('a prompt smaller than its cache counts is taken as already exclusive of them', () => {
    expect(normalizeOpenAIUsage({ prompt_tokens: 10, completion_tokens: 1, cache_read_input_tokens: 500 })).toMatchObject({ input: 10, cacheRead: 500 });
  });

  it('reasoning left out of completion_tokens (total gives it away) is added to output', () => {
    expect(normalizeOpenAIUsage({ prompt_tokens: 21, completion_tokens: 0, total_tokens: 81, completion_tokens_details: { reasoning_tokens: 60 } })).toEqual({
      input: 21,
      cacheRead: 0,
      cacheWrite: 0,
      output: 60,
      reasoning: 60,
    });
    expect(normalizeOpenAIUsage({ prompt_tokens: 20, completion_tokens: 151, total_tokens: 553, completion_tokens_details: { reasoning_tokens: 382 } })?.output).toBe(533);
  });

  it('returns integers, never negative, and undefined when there is no usage', () => {
    expect(normalizeOpenAIUsage({ prompt_tokens: -5, completion_tokens: 2.7 })).toEqual({ input: 0, cacheRead: 0, cacheWrite: 0, output: 2, reasoning: 0 });
    expect(normalizeOpenAIUsage(null)).toBeUndefined();
    expect(normalizeOpenAIUsage({ total_tokens: 3 })).toBeUndefined();
    expect(normalizeOpenAIUsage('12')).toBeUndefined();
  });
});
