import { describe, expect, it } from 'vitest';
import { CatalogError } from './errors.js';
import { importOpenRouter } from './import-openrouter.js';
import { fixture } from './__fixtures__/helpers.js';

const { models, skipped } = importOpenRouter(fixture('openrouter-models.json'), { asOf: '2026-11-28' });

describe('importOpenRouter', () => {
  it('converts string prices per token into USD per 1M tokens, cache prices included', () => {
    expect(models.find((m) => m.id === 'openrouter/anthropic/claude-sonnet-4.5')).toEqual({
      id: 'openrouter/anthropic/claude-sonnet-4.5',
      provider: 'openrouter',
      upstream: 'anthropic/claude-sonnet-4.5',
      price: { input: 3, output: 15, cache_read: 0.3, cache_write: 3.75 },
      context_window: 1000000,
      max_output: 64000,
      capabilities: { tools: true, vision: true, json: true, reasoning: true },
      jurisdiction: 'US',
      as_of: '2026-11-28',
      source: 'openrouter:anthropic/claude-sonnet-4.5',
    });
  });

  it('reads capabilities from supported_parameters and input_modalities', () => {
    const ds = models.find((m) => m.upstream === 'deepseek/deepseek-chat-v3.1');
    expect(ds?.capabilities).toEqual({ tools: true, vision: false, json: true, reasoning: true });
    expect(ds?.max_output).toBeUndefined(); // max_completion_tokens: null
    const qwen = models.find((m) => m.upstream === 'qwen/qwen3-235b-a22b-2507');
    expect(qwen?.capabilities).toEqual({ tools: true, vision: false, json: false, reasoning: false });
  });

  it('rounds away float noise and drops a zero cache price', () => {
    const qwen = models.find((m) => m.upstream === 'qwen/qwen3-235b-a22b-2507');
    expect(qwen?.price).toEqual({ input: 0.071, output: 0.1 });
  });

  it('leaves out free, variable-price, non-text and malformed entries, saying why', () => {
    expect(models).toHaveLength(3);
    expect(skipped).toEqual([
      { key: 'data[6]', reason: expect.stringMatching(/^malformed: pricing/) as unknown as string },
      { key: 'google/gemini-2.5-flash-image', reason: 'output image+text, not a chat model' },
      { key: 'meta-llama/llama-3.3-70b-instruct:free', reason: 'zero price (free variant)' },
      { key: 'openrouter/auto', reason: 'variable price' },
    ]);
  });

  it('rejects anything but a models response', () => {
    expect(() => importOpenRouter({ models: [] }, { asOf: '2026-11-28' })).toThrow(CatalogError);
  });
});
