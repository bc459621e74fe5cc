/**
 * Checks the shipped data/catalog.json: the providers Switchyard promises, prices as the LiteLLM
 * snapshot states them, and that it is exactly what `npm run build:catalog` makes from that snapshot.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildCatalog } from './build.js';
import { DEFAULT_CATALOG_PATH, loadCatalogSync } from './load.js';
import { serializeCatalogFile } from './normalize.js';

const catalog = loadCatalogSync();
const SNAPSHOT = fileURLToPath(new URL('../../../shared/data/prices/litellm_model_prices_2026-07-24.json', import.meta.url));

describe('data/catalog.json', () => {
  it.each([
    ['deepseek', 'CN', ['deepseek-chat', 'deepseek-reasoner', 'deepseek-v4-flash', 'deepseek-v4-pro']],
    ['dashscope', 'CN', ['qwen-plus', 'qwen-turbo', 'qwen-max', 'qwen3-max']],
    ['moonshot', 'CN', ['kimi-k2.5', 'kimi-k2.6', 'moonshot-v1-128k']],
    ['minimax', 'CN', ['MiniMax-M2', 'MiniMax-M2.5']],
    ['zai', 'CN', ['glm-4.5', 'glm-4.6', 'glm-4.7', 'glm-5']],
    ['anthropic', 'US', ['claude-sonnet-4-5', 'claude-opus-4-1', 'claude-haiku-4-5']],
    ['openai', 'US', ['gpt-5', 'gpt-5-mini', 'gpt-5-nano', 'gpt-4o', 'gpt-4o-mini', 'gpt-4.1', 'gpt-4.1-mini']],
    ['gemini', 'US', ['gemini-2.5-pro', 'gemini-2.5-flash', 'gemini-2.5-flash-lite']],
    ['mistral', 'FR', ['mistral-large-latest', 'mistral-small-latest', 'codestral-2508']],
    ['groq', 'US', ['groq/llama-3.3-70b-versatile', 'groq/llama-3.1-8b-instant']],
    ['together', 'US', ['together/meta-llama/Llama-3.3-70B-Instruct-Turbo']],
    ['openrouter', 'US', ['openrouter/anthropic/claude-sonnet-4.5', 'openrouter/openai/gpt-4o']],
  ])('has %s models in jurisdiction %s', (provider, jurisdiction, ids) => {
    for (const id of ids) expect(catalog.get(id), id).toMatchObject({ id, provider, jurisdiction });
    for (const m of catalog.list({ provider })) expect(m.jurisdiction).toBe(jurisdiction);
  });

  it.each([
    ['deepseek-chat', { input: 0.28, output: 0.42, cache_read: 0.028 }],
    ['deepseek-v4-pro', { input: 0.435, output: 0.87, cache_read: 0.003625 }],
    ['claude-sonnet-4-5', { input: 3, output: 15, cache_read: 0.3, cache_write: 3.75, cache_write_1h: 6 }],
    ['claude-opus-4-1', { input: 15, output: 75, cache_read: 1.5, cache_write: 18.75, cache_write_1h: 30 }],
    ['gpt-5', { input: 1.25, output: 10, cache_read: 0.125 }],
    ['gemini-2.5-pro', { input: 1.25, output: 10, cache_read: 0.125 }],
    ['gemini-2.5-flash', { input: 0.3, output: 2.5, cache_read: 0.03 }],
    ['qwen-plus', { input: 0.4, output: 1.2 }],
    ['kimi-k2.6', { input: 0.95, output: 4, cache_read: 0.16 }],
    ['glm-4.6', { input: 0.6, output: 2.2, cache_read: 0.11 }],
    ['MiniMax-M2.5', { input: 0.3, output: 1.2, cache_read: 0.03, cache_write: 0.375 }],
    ['groq/llama-3.3-70b-versatile', { input: 0.59, output: 0.79 }],
  ])('prices %s as the snapshot does, per 1M tokens', (id, price) => {
    expect(catalog.get(id)?.price).toEqual(price);
  });

  it('stamps every model with the snapshot date and its LiteLLM key', () => {
    for (const m of catalog.list()) {
      expect(m.as_of).toBe('2026-07-24');
      expect(m.source).toMatch(/^litellm:/);
    }
    expect(catalog.source).toMatch(/8442b939a6ead479f7995b5d74d8dce488bd0966/);
  });

  it('gives hosted models provider/upstream ids and makers bare ids', () => {
    for (const m of catalog.list()) {
      if (['groq', 'together', 'openrouter'].includes(m.provider)) expect(m.id).toBe(`${m.provider}/${m.upstream}`);
      else expect(m.id).toBe(m.upstream);
    }
  });

  it('is sorted by provider then id', () => {
    const keys = catalog.list().map((m) => `${m.provider}\u0000${m.id}`);
    expect(keys).toEqual([...keys].sort());
  });

  it.skipIf(!existsSync(SNAPSHOT))('is exactly what the build makes from the snapshot', () => {
    const shipped = JSON.parse(readFileSync(DEFAULT_CATALOG_PATH, 'utf8')) as { source: string };
    const { file } = buildCatalog(JSON.parse(readFileSync(SNAPSHOT, 'utf8')), { asOf: '2026-07-24', source: shipped.source });
    expect(serializeCatalogFile(file)).toBe(readFileSync(DEFAULT_CATALOG_PATH, 'utf8'));
  });
});
