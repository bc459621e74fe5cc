/**
 * Every OpenAI-protocol preset end to end: the emulator speaks that provider's usage dialect (DeepSeek's
 * cache fields, Moonshot's choices[0].usage, Gemini's running totals, Groq's x_groq, OpenRouter's
 * always-on usage ...) and the gateway must meter streams and non-streams identically and exactly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRESET_NAMES } from '../src/emulator/index.js';
import { startHarness, type Harness } from './helpers/harness.js';

let h: Harness;
const providers = PRESET_NAMES.map((p) => `  ${p}: { preset: ${p}, base_url: EMU/${p}/v1, api_key: sk-${p}-SECRET }`).join('\n');
const models = PRESET_NAMES.map((p) => `  - { id: m-${p}, provider: ${p}, upstream: emu-${p}-chat, price: { input: 1, output: 2, cache_read: 0.1 } }`).join('\n');

beforeAll(async () => {
  h = await startHarness(`ledger: sqlite:DIR/ledger.db\nproviders:\n${providers}\nmodels:\n${models}\n`);
});
afterAll(async () => {
  await h?.close();
});

interface OpenAIUsage {
  prompt_tokens: number;
  completion_tokens: number;
  prompt_tokens_details: { cached_tokens: number };
  cost: number;
}

async function chat(model: string, stream: boolean, content: string): Promise<{ usage: OpenAIUsage; text: string; cost?: string }> {
  const messages = [
    { role: 'system', content: 'You are a careful assistant that answers in a few words. '.repeat(20) },
    { role: 'user', content },
  ];
  const res = await fetch(`${h.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages, stream, ...(stream ? { stream_options: { include_usage: true } } : {}) }),
  });
  expect(res.status).toBe(200);
  if (!stream) {
    const body = (await res.json()) as { usage: OpenAIUsage; choices: { message: { content: string } }[] };
    return { usage: body.usage, text: body.choices[0]!.message.content, cost: res.headers.get('x-switchyard-cost-usd') ?? undefined };
  }
  const raw = await res.text();
  let usage: OpenAIUsage | undefined;
  let text = '';
  for (const line of raw.split('\n')) {
    if (!line.startsWith('data: ') || line === 'data: [DONE]') continue;
    const chunk = JSON.parse(line.slice(6)) as { usage?: OpenAIUsage; choices: { delta: { content?: string } }[] };
    if (chunk.usage) usage = chunk.usage;
    text += chunk.choices[0]?.delta.content ?? '';
  }
  expect(raw.trimEnd().endsWith('data: [DONE]')).toBe(true);
  return { usage: usage!, text };
}

describe.each(PRESET_NAMES)('preset %s', (preset) => {
  it('meters a non-streaming answer exactly', async () => {
    const r = await chat(`m-${preset}`, false, `first question for ${preset}`);
    expect(r.usage.prompt_tokens).toBeGreaterThan(100);
    expect(r.usage.completion_tokens).toBeGreaterThan(0);
    const cached = r.usage.prompt_tokens_details.cached_tokens;
    const pico = (r.usage.prompt_tokens - cached) * 1_000_000 + cached * 100_000 + r.usage.completion_tokens * 2_000_000;
    expect(Number(r.cost)).toBeCloseTo(pico / 1e12, 15);
  });

  it('meters a streamed answer the same way, cache reads included', async () => {
    const plain = await chat(`m-${preset}`, false, `stream question for ${preset}`);
    const streamed = await chat(`m-${preset}`, true, `stream question for ${preset}`);
    expect(streamed.text).toBe(plain.text);
    expect(streamed.usage.completion_tokens).toBe(plain.usage.completion_tokens);
    expect(streamed.usage.prompt_tokens).toBe(plain.usage.prompt_tokens);
    // The system prompt was seen before: the emulator reports it as a cache read in this preset's format.
    expect(streamed.usage.prompt_tokens_details.cached_tokens).toBeGreaterThan(0);
  });
});
