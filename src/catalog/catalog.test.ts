import { describe, expect, it } from 'vitest';
import type { ModelConfig } from '../config/types.js';
import type { ProviderConfig } from '../spec/provider.js';
import { Catalog } from './catalog.js';
import { ASSUMED_CAPABILITIES } from './config-merge.js';
import { CatalogError } from './errors.js';
import { model } from './__fixtures__/helpers.js';

const catalog = new Catalog({
  as_of: '2026-07-24',
  source: 'test',
  models: [
    model({ id: 'deepseek-chat', provider: 'deepseek', jurisdiction: 'CN', price: { input: 0.28, output: 0.42, cache_read: 0.028 }, context_window: 131072 }),
    model({ id: 'MiniMax-M2.5', provider: 'minimax', jurisdiction: 'CN' }),
    model({ id: 'gpt-4o', provider: 'openai', price: { input: 2.5, output: 10, cache_read: 1.25 }, context_window: 128000, max_output: 16384 }),
    model({ id: 'groq/openai/gpt-oss-120b', provider: 'groq', upstream: 'openai/gpt-oss-120b', price: { input: 0.15, output: 0.6 } }),
    model({ id: 'together/openai/gpt-oss-120b', provider: 'together', upstream: 'openai/gpt-oss-120b', price: { input: 0.15, output: 0.6 } }),
    model({ id: 'openrouter/openai/gpt-4o', provider: 'openrouter', upstream: 'openai/gpt-4o', price: { input: 2.5, output: 10 } }),
    model({ id: 'together/x/Same', provider: 'together', upstream: 'x/Same' }),
    model({ id: 'together/x/same', provider: 'together', upstream: 'x/same' }),
  ],
});

const provider = (name: string, extra: Partial<ProviderConfig> = {}): ProviderConfig => ({
  name,
  protocol: 'openai',
  baseUrl: 'https://example.test/v1',
  jurisdiction: 'US',
  ...extra,
});

const withConfig = (models: ModelConfig[], providers: Record<string, ProviderConfig> = {}) =>
  catalog.withConfig({ models, providers }, { today: '2026-11-28' });

describe('Catalog lookups', () => {
  it('finds a model by exact id', () => {
    expect(catalog.get('gpt-4o')?.provider).toBe('openai');
    expect(catalog.get('nope')).toBeUndefined();
  });

  it('falls back to a case-insensitive match when only one id matches', () => {
    expect(catalog.get('minimax-m2.5')?.id).toBe('MiniMax-M2.5');
    expect(catalog.get('GPT-4O')?.id).toBe('gpt-4o');
  });

  it('does not guess between ids that differ only in case', () => {
    expect(catalog.get('together/x/Same')?.upstream).toBe('x/Same');
    expect(catalog.get('TOGETHER/X/SAME')).toBeUndefined();
  });

  it('require() names close ids when a model is unknown', () => {
    expect(() => catalog.require('deepseek')).toThrow(CatalogError);
    expect(() => catalog.require('deepseek')).toThrow('unknown model "deepseek" (did you mean deepseek-chat?)');
  });

  it('lists all models sorted, or one provider, and its providers', () => {
    expect(catalog.list().map((m) => m.id).slice(0, 2)).toEqual(['deepseek-chat', 'groq/openai/gpt-oss-120b']);
    expect(catalog.list({ provider: 'together' }).map((m) => m.id)).toEqual(['together/openai/gpt-oss-120b', 'together/x/Same', 'together/x/same']);
    expect(catalog.providers()).toEqual(['deepseek', 'groq', 'minimax', 'openai', 'openrouter', 'together']);
    expect(catalog.byUpstream('openai/gpt-oss-120b').map((m) => m.provider)).toEqual(['groq', 'together']);
  });

  it('is immutable', () => {
    const m = catalog.get('gpt-4o');
    expect(Object.isFrozen(m)).toBe(true);
    expect(Object.isFrozen(m?.price)).toBe(true);
    expect(Object.isFrozen(catalog.list())).toBe(true);
  });

  it('parse() validates untrusted input', () => {
    expect(() => Catalog.parse({ as_of: 'x', source: 's', models: [] }, 'user.json')).toThrow(/user\.json: as_of/);
  });
});

describe('Catalog.withConfig', () => {
  it('adds a config model with its own price, stamped with the config as source', () => {
    const c = withConfig([{ id: 'local-llama', provider: 'ollama', upstream: 'llama3.3', price: { input: 0, output: 0 } }], {
      ollama: provider('ollama', { jurisdiction: 'local' }),
    });
    expect(c.get('local-llama')).toEqual({
      id: 'local-llama',
      provider: 'ollama',
      upstream: 'llama3.3',
      price: { input: 0, output: 0 },
      capabilities: ASSUMED_CAPABILITIES,
      jurisdiction: 'local',
      as_of: '2026-11-28',
      source: 'config:models[0]',
    });
    expect(c.size).toBe(catalog.size + 1);
  });

  it('inherits price, limits and capabilities from the catalog model with the same upstream name', () => {
    const c = withConfig([{ id: 'fast', provider: 'deepseek', upstream: 'deepseek-chat' }], { deepseek: provider('deepseek', { jurisdiction: 'CN' }) });
    expect(c.get('fast')).toMatchObject({
      price: { input: 0.28, output: 0.42, cache_read: 0.028 },
      context_window: 131072,
      jurisdiction: 'CN',
      as_of: '2026-07-24',
      source: 'config:models[0] (price from test)',
    });
    expect(c.get('deepseek-chat')).toBeDefined();
  });

  it("matches through the provider's preset (a second account of the same provider)", () => {
    const c = withConfig([{ id: 'gpt-4o-eu', provider: 'openai-eu', upstream: 'openai/gpt-4o' }], {
      'openai-eu': provider('openai-eu', { preset: 'openrouter', jurisdiction: 'US' }),
    });
    expect(c.get('gpt-4o-eu')?.price).toEqual({ input: 2.5, output: 10 });
  });

  it('overrides a catalog model that has the same id, keeping what the entry does not set', () => {
    const c = withConfig([{ id: 'gpt-4o', provider: 'openai', upstream: 'gpt-4o', price: { input: 2, output: 8 }, max_output: 4096 }]);
    expect(c.get('gpt-4o')).toMatchObject({ price: { input: 2, output: 8 }, context_window: 128000, max_output: 4096, source: 'config:models[0]' });
    expect(c.size).toBe(catalog.size);
  });

  it('lets an id be re-pointed at another provider and upstream, inheriting the price', () => {
    const c = withConfig([{ id: 'gpt-4o', provider: 'azure', upstream: 'my-deployment' }], { azure: provider('azure') });
    expect(c.get('gpt-4o')).toMatchObject({ provider: 'azure', upstream: 'my-deployment', price: { input: 2.5, output: 10, cache_read: 1.25 } });
  });

  it('inherits when several hosts list the upstream at one price', () => {
    const c = withConfig([{ id: 'oss', provider: 'vllm', upstream: 'openai/gpt-oss-120b' }], { vllm: provider('vllm', { jurisdiction: 'local' }) });
    expect(c.get('oss')).toMatchObject({ price: { input: 0.15, output: 0.6 }, jurisdiction: 'local' });
  });

  it('reports every entry that has no price to inherit, by path', () => {
    let error: unknown;
    try {
      withConfig([
        { id: 'ok', provider: 'deepseek', upstream: 'deepseek-chat' },
        { id: 'mystery', provider: 'custom', upstream: 'mystery-1' },
        { id: 'ok', provider: 'deepseek', upstream: 'deepseek-chat' },
      ]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CatalogError);
    expect((error as CatalogError).errors).toEqual([
      'models[1].price: required: no catalog model has upstream "mystery-1" to inherit a price from',
      'models[2].id: duplicate id "ok" (first at models[0])',
    ]);
  });

  it('refuses to guess between different prices for one upstream name', () => {
    const c = new Catalog({
      as_of: '2026-07-24',
      source: 't',
      models: [
        model({ id: 'a/m', provider: 'a', upstream: 'm', price: { input: 1, output: 1 } }),
        model({ id: 'b/m', provider: 'b', upstream: 'm', price: { input: 2, output: 2 } }),
      ],
    });
    expect(() => c.withConfig({ models: [{ id: 'x', provider: 'c', upstream: 'm' }], providers: {} })).toThrow(/different prices in the catalog \(a\/m, b\/m\)/);
  });

  it('returns the same catalog when the config has no models', () => {
    expect(catalog.withConfig({ models: [], providers: {} })).toBe(catalog);
  });
});
