import { describe, expect, it } from 'vitest';
import { CatalogError } from './errors.js';
import { importLitellm, isLitellmFile } from './import-litellm.js';
import { fixture } from './__fixtures__/helpers.js';

const raw = fixture('litellm-sample.json');
const { models, skipped } = importLitellm(raw, { asOf: '2026-07-24' });
const byId = new Map(models.map((m) => [m.id, m]));
const reasonOf = (key: string) => skipped.find((s) => s.key === key)?.reason;

describe('importLitellm', () => {
  it('keeps one model per chat model of the supported providers', () => {
    expect(models.map((m) => m.id)).toEqual([
      'claude-sonnet-4-5',
      'qwen3-max',
      'deepseek-chat',
      'deepseek-v4-flash',
      'gemini-2.5-flash',
      'groq/llama-3.3-70b-versatile',
      'MiniMax-M2.5',
      'mistral-large-latest',
      'kimi-k2.6',
      'gpt-4o',
      'openrouter/anthropic/claude-sonnet-4.5',
      'together/meta-llama/Llama-3.3-70B-Instruct-Turbo',
      'glm-4.6',
    ]);
  });

  it('converts Claude prices, cache write included, to USD per 1M tokens', () => {
    expect(byId.get('claude-sonnet-4-5')).toEqual({
      id: 'claude-sonnet-4-5',
      provider: 'anthropic',
      upstream: 'claude-sonnet-4-5',
      price: { input: 3, output: 15, cache_read: 0.3, cache_write: 3.75, cache_write_1h: 6 },
      context_window: 200000,
      max_output: 64000,
      capabilities: { tools: true, vision: true, json: true, reasoning: true },
      jurisdiction: 'US',
      as_of: '2026-07-24',
      source: 'litellm:claude-sonnet-4-5',
    });
  });

  it('uses the provider-prefixed key when LiteLLM lists a model twice, and drops a 0 cache price', () => {
    const m = byId.get('deepseek-chat');
    expect(m?.source).toBe('litellm:deepseek/deepseek-chat');
    expect(m?.upstream).toBe('deepseek-chat');
    expect(m?.price).toEqual({ input: 0.28, output: 0.42, cache_read: 0.028 });
    expect(m?.jurisdiction).toBe('CN');
    expect(reasonOf('deepseek-chat')).toBe('same model as deepseek/deepseek-chat');
  });

  it("corrects DeepSeek V4's max output (8192 in the snapshot, 384K in DeepSeek's docs)", () => {
    const m = byId.get('deepseek-v4-flash');
    expect(m?.max_output).toBe(384000);
    expect(m?.capabilities.reasoning).toBe(true);
    expect(m?.price).toEqual({ input: 0.14, output: 0.28, cache_read: 0.0028 });
  });

  it('takes the first tier of tiered DashScope prices', () => {
    expect(byId.get('qwen3-max')?.price).toEqual({ input: 1.2, output: 6 });
  });

  it('gives hosted models a provider/upstream id and the host jurisdiction', () => {
    const t = byId.get('together/meta-llama/Llama-3.3-70B-Instruct-Turbo');
    expect(t).toMatchObject({ provider: 'together', upstream: 'meta-llama/Llama-3.3-70B-Instruct-Turbo', jurisdiction: 'US' });
    expect(t?.context_window).toBeUndefined(); // not in the snapshot, and not guessed
    expect(byId.get('openrouter/anthropic/claude-sonnet-4.5')?.upstream).toBe('anthropic/claude-sonnet-4.5');
    expect(byId.get('mistral-large-latest')?.jurisdiction).toBe('FR');
  });

  it('says why each left-out entry of a supported provider is missing', () => {
    expect(reasonOf('claude-sonnet-4-5-20250929')).toBe('superseded by claude-sonnet-4-5');
    expect(reasonOf('gpt-4o-2024-05-13')).toBe('superseded by gpt-4o');
    expect(reasonOf('mistral/mistral-large-2411')).toBe('superseded by mistral-large-latest');
    expect(reasonOf('gemini/gemini-2.5-flash-preview-09-2025')).toBe('superseded by gemini-2.5-flash');
    expect(reasonOf('gemini/gemini-flash-latest')).toMatch(/moving alias/);
    expect(reasonOf('claude-3-7-sonnet-20250219')).toBe('deprecated on 2026-02-19');
    expect(reasonOf('moonshot/kimi-k2-thinking')).toBe('deprecated on 2026-05-25');
    expect(reasonOf('ft:gpt-4o-mini-2024-07-18')).toMatch(/fine-tuning/);
    expect(reasonOf('text-embedding-3-small')).toBe('mode embedding');
    expect(reasonOf('zai/glm-4.7-flash')).toMatch(/zero price/);
    expect(reasonOf('together-ai-4.1b-8b')).toMatch(/not a model/);
    expect(reasonOf('openrouter/openrouter/auto')).toMatch(/router/);
    expect(reasonOf('deepseek/deepseek-coder')).toMatch(/not an id of the DeepSeek API/);
    expect(reasonOf('azure/gpt-4o')).toBeUndefined(); // other providers are ignored, not listed
    expect(reasonOf('sample_spec')).toBeUndefined();
  });

  it('counts a deprecation date after as_of as still current', () => {
    const later = importLitellm(raw, { asOf: '2026-01-01' });
    expect(later.skipped.find((s) => s.key === 'moonshot/kimi-k2-thinking')).toBeUndefined();
  });

  it('can be limited to some providers', () => {
    const only = importLitellm(raw, { asOf: '2026-07-24', providers: ['deepseek', 'zai'] });
    expect(only.models.map((m) => m.id)).toEqual(['deepseek-chat', 'deepseek-v4-flash', 'glm-4.6']);
  });

  it('is deterministic whatever the key order of the input', () => {
    const reversed = Object.fromEntries(Object.entries(raw as Record<string, unknown>).reverse());
    expect(importLitellm(reversed, { asOf: '2026-07-24' })).toEqual(importLitellm(raw, { asOf: '2026-07-24' }));
  });

  it('rejects a file that is not LiteLLM', () => {
    expect(isLitellmFile({ data: [] })).toBe(false);
    expect(() => importLitellm([1, 2], { asOf: '2026-07-24' })).toThrow(CatalogError);
  });
});
