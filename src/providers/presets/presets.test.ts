/**
 * Presets: the table itself, `applyPreset`, and a snapshot of the exact outgoing request every preset
 * builds from one rich canonical request (review the snapshot diff when a quirk changes).
 */
import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../spec/chat.js';
import { adapterFor } from '../index.js';
import { makeTarget, TEST_KEY } from '../__fixtures__/helpers.js';
import { applyPreset, PRESETS, presetFor } from './index.js';

const NAMES = [
  'deepseek', 'moonshot', 'moonshot-cn', 'minimax', 'minimax-cn', 'zai', 'zai-cn', 'dashscope', 'dashscope-cn',
  'openai', 'gemini', 'groq', 'together', 'openrouter', 'ollama', 'vllm', 'mistral',
  'anthropic', 'deepseek-anthropic', 'moonshot-anthropic', 'minimax-anthropic', 'zai-anthropic', 'dashscope-anthropic',
];

describe('PRESETS', () => {
  it('has every preset, each under its own name, frozen', () => {
    expect(Object.keys(PRESETS).sort()).toEqual([...NAMES].sort());
    for (const [name, preset] of Object.entries(PRESETS)) {
      expect(preset.name).toBe(name);
      expect(Object.isFrozen(preset)).toBe(true);
    }
    expect(Object.isFrozen(PRESETS)).toBe(true);
  });

  it('OpenAI-protocol URLs carry a version path, Anthropic ones do not', () => {
    for (const preset of Object.values(PRESETS)) {
      expect(preset.baseUrl).not.toMatch(/\/$/);
      if (preset.protocol === 'openai') expect(preset.baseUrl).toMatch(/\/v\d+(beta)?(\/openai)?$/);
      else expect(preset.baseUrl).not.toMatch(/\/v1$/);
    }
  });

  it('records the documented jurisdictions and key variables', () => {
    expect(PRESETS.deepseek).toMatchObject({ jurisdiction: 'CN', envKey: 'DEEPSEEK_API_KEY', baseUrl: 'https://api.deepseek.com/v1' });
    expect(PRESETS.mistral!.jurisdiction).toBe('FR');
    expect(PRESETS.openai!.jurisdiction).toBe('US');
    expect(PRESETS.ollama!.jurisdiction).toBe('local');
    expect(PRESETS.ollama!.envKey).toBeUndefined();
    expect(PRESETS['dashscope-anthropic']).toMatchObject({ protocol: 'anthropic', baseUrl: 'https://dashscope-intl.aliyuncs.com/apps/anthropic' });
  });

  it('presetFor returns undefined for unknown names (including Object.prototype keys)', () => {
    expect(presetFor('groq')).toBe(PRESETS.groq);
    expect(presetFor('nope')).toBeUndefined();
    expect(presetFor('toString')).toBeUndefined();
  });
});

describe('applyPreset', () => {
  it('fills a provider config from the preset', () => {
    expect(applyPreset(PRESETS.deepseek!)).toEqual({
      name: 'deepseek',
      preset: 'deepseek',
      protocol: 'openai',
      baseUrl: 'https://api.deepseek.com/v1',
      jurisdiction: 'CN',
    });
  });

  it('lets every explicit key override the preset, merging headers', () => {
    expect(
      applyPreset(PRESETS.openrouter!, {
        name: 'or-eu',
        baseUrl: 'https://eu.openrouter.ai/api/v1',
        jurisdiction: 'DE',
        apiKey: 'k',
        headers: { 'X-Title': 'Mine', 'HTTP-Referer': 'https://me.test' },
      }),
    ).toEqual({
      name: 'or-eu',
      preset: 'openrouter',
      protocol: 'openai',
      baseUrl: 'https://eu.openrouter.ai/api/v1',
      jurisdiction: 'DE',
      apiKey: 'k',
      headers: { 'X-Title': 'Mine', 'HTTP-Referer': 'https://me.test' },
    });
  });

  it('reads the key from the given environment only when none is configured', () => {
    const env = { ZAI_API_KEY: 'from-env' };
    expect(applyPreset(PRESETS.zai!, {}, env).apiKey).toBe('from-env');
    expect(applyPreset(PRESETS.zai!, { apiKey: 'explicit' }, env).apiKey).toBe('explicit');
    expect(applyPreset(PRESETS.zai!, {}).apiKey).toBeUndefined();
  });
});

const RICH_REQUEST: ChatRequest = {
  model: 'client-model',
  models: ['fallback-a'],
  messages: [
    { role: 'system', content: [{ type: 'text', text: 'System prompt.', cache_control: { type: 'ephemeral' } }] },
    { role: 'user', content: [{ type: 'text', text: 'Describe:' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }] },
    {
      role: 'assistant',
      content: 'Looking.',
      reasoning_content: 'Think first.',
      thinking_blocks: [{ type: 'thinking', thinking: 'Think first.', signature: 'sig' }],
      tool_calls: [{ id: 'call_abc123', type: 'function', function: { name: 'lookup', arguments: '{"q":"x"}' } }],
    },
    { role: 'tool', tool_call_id: 'call_abc123', content: 'found', is_error: false },
    { role: 'assistant', content: 'It is x.', reasoning_content: 'Easy.' },
    { role: 'user', content: 'Thanks, and now?' },
  ],
  tools: [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string' } } } } }],
  tool_choice: 'auto',
  max_tokens: 256,
  temperature: 0.2,
  stop: ['STOP'],
  seed: 11,
  user: 'user-1',
  thinking: { type: 'enabled', budget_tokens: 1024 },
  top_k: 40,
};

describe.each(NAMES)('outgoing request for %s', (name) => {
  it('matches the snapshot (streaming)', () => {
    const provider = applyPreset(PRESETS[name]!, { apiKey: TEST_KEY });
    const built = adapterFor(provider).buildRequest(RICH_REQUEST, makeTarget(provider, `${name}-model`, { maxOutput: 32000 }), true);
    const headers = Object.fromEntries(Object.entries(built.headers).map(([k, v]) => [k, v.replace(TEST_KEY, '<key>')]));
    expect({ url: built.url, headers, body: JSON.parse(built.body) as unknown }).toMatchSnapshot();
  });
});
