import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PRESET_NAMES, startEmulator, type Emulator } from './index.js';
import { openaiChunks, parseSse, postJson } from './testing.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

type Obj = Record<string, any>;
const SYSTEM = 'You are a careful assistant. '.repeat(10); // 290 chars -> 73 + 4 prefix tokens
const PREFIX_TOKENS = Math.ceil(SYSTEM.length / 4) + 4;
const messages = (q: string) => [{ role: 'system', content: SYSTEM }, { role: 'user', content: q }];

async function nonStream(preset: string, model = 'm', q = 'question one'): Promise<Obj> {
  const r = await postJson(`${emu.url}/${preset}/v1/chat/completions`, { model, messages: messages(q), max_tokens: 6 });
  expect(r.status).toBe(200);
  return JSON.parse(r.text) as Obj;
}
async function stream(preset: string, extra: Obj = {}, model = 'm', q = 'question two'): Promise<{ chunks: Obj[]; raw: string }> {
  const r = await postJson(`${emu.url}/${preset}/v1/chat/completions`, { model, messages: messages(q), max_tokens: 6, stream: true, ...extra });
  expect(r.status).toBe(200);
  return { chunks: openaiChunks(r.text), raw: r.text };
}
const INCLUDE = { stream_options: { include_usage: true } };

describe('OpenAI presets: usage quirks', () => {
  it('openai: usage only with include_usage, in a final choices:[] chunk; earlier chunks usage:null', async () => {
    const without = await stream('openai');
    expect(without.chunks.every((c) => !('usage' in c))).toBe(true);
    const { chunks } = await stream('openai', INCLUDE);
    const last = chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    expect(last.usage).toEqual({
      prompt_tokens: expect.any(Number),
      completion_tokens: 6,
      total_tokens: last.usage.prompt_tokens + 6,
      prompt_tokens_details: { cached_tokens: PREFIX_TOKENS },
      completion_tokens_details: { reasoning_tokens: 0 },
    });
    expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true);
    expect(chunks.at(-2)!.choices[0].finish_reason).toBe('length');
  });

  it('openai: cached_tokens counts a repeated prefix and is included in prompt_tokens', async () => {
    const first = await nonStream('openai', 'm', 'a');
    expect(first.usage.prompt_tokens_details.cached_tokens).toBe(0);
    const second = await nonStream('openai', 'm', 'b');
    expect(second.usage.prompt_tokens_details.cached_tokens).toBe(PREFIX_TOKENS);
    expect(second.usage.prompt_tokens).toBe(first.usage.prompt_tokens);
  });

  it('deepseek: prompt_cache_hit_tokens and prompt_cache_miss_tokens at the top level', async () => {
    await nonStream('deepseek', 'm', 'warm');
    const json = await nonStream('deepseek');
    expect(json.usage.prompt_cache_hit_tokens).toBe(PREFIX_TOKENS);
    expect(json.usage.prompt_cache_miss_tokens).toBe(json.usage.prompt_tokens - PREFIX_TOKENS);
    const { chunks } = await stream('deepseek', INCLUDE);
    expect(chunks.at(-1)!.choices).toEqual([]);
    expect(chunks.at(-1)!.usage.prompt_cache_hit_tokens).toBe(PREFIX_TOKENS);
  });

  it('moonshot: streamed usage in choices[0].usage of the finish chunk; cached_tokens at the top level', async () => {
    await nonStream('moonshot', 'm', 'warm');
    const json = await nonStream('moonshot');
    expect(json.usage.cached_tokens).toBe(PREFIX_TOKENS);
    expect(json.usage.prompt_tokens_details).toBeUndefined();
    const { chunks } = await stream('moonshot', INCLUDE);
    expect(chunks.every((c) => !('usage' in c))).toBe(true);
    const last = chunks.at(-1)!;
    expect(last.choices[0].finish_reason).toBe('length');
    expect(last.choices[0].usage).toMatchObject({ completion_tokens: 6, cached_tokens: PREFIX_TOKENS });
  });

  it('gemini: running usage totals on every chunk, the last on the finish chunk, no empty-choices chunk', async () => {
    const { chunks } = await stream('gemini');
    expect(chunks.every((c) => c.choices.length === 1 && c.usage)).toBe(true);
    const completions = chunks.map((c) => c.usage.completion_tokens as number);
    expect(completions).toEqual([...completions].sort((a, b) => a - b));
    expect(completions.at(-1)).toBe(6);
    expect(chunks.at(-1)!.choices[0].finish_reason).toBe('length');
    expect((await nonStream('gemini')).usage.completion_tokens).toBe(6);
  });

  it('groq: the final chunk carries x_groq.usage (with and without include_usage)', async () => {
    const plain = await stream('groq');
    expect(plain.chunks.at(-1)!.choices[0].finish_reason).toBe('length');
    expect(plain.chunks.at(-1)!.x_groq.usage.completion_tokens).toBe(6);
    const withUsage = await stream('groq', INCLUDE);
    const last = withUsage.chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    expect(last.x_groq.usage).toEqual(last.usage);
    expect(withUsage.chunks.slice(0, -1).every((c) => c.x_groq === undefined)).toBe(true);
  });

  it('openrouter: usage with cost always streamed, asked or not, after a processing comment', async () => {
    const { chunks, raw } = await stream('openrouter');
    expect(raw.startsWith(': OPENROUTER PROCESSING\n\n')).toBe(true);
    const last = chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    expect(last.usage.completion_tokens).toBe(6);
    expect(last.usage.cost).toBeGreaterThan(0);
    expect((await nonStream('openrouter')).usage.cost).toBeGreaterThan(0);
  });

  it('minimax: reasoning inline as <think>...</think> at the start of content', async () => {
    const r = await postJson(`${emu.url}/minimax/v1/chat/completions`, { model: 'MiniMax-thinking', messages: messages('q'), max_tokens: 100 });
    const msg = (JSON.parse(r.text) as Obj).choices[0].message;
    expect(msg.content).toMatch(/^<think>\n[a-z ]+\n<\/think>\n\n[a-z ]+\.$/);
    expect(msg.reasoning_content).toBeUndefined();
    const { chunks } = await stream('minimax', {}, 'MiniMax-thinking', 'q');
    const text = chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('');
    expect(text.startsWith('<think>\n')).toBe(true);
    expect(chunks.some((c) => c.choices[0]?.delta?.reasoning_content)).toBe(false);
  });

  it('mistral: usage in a final chunk whether asked or not (it rejects stream_options)', async () => {
    const { chunks } = await stream('mistral');
    expect(chunks.at(-1)!.choices).toEqual([]);
    expect(chunks.at(-1)!.usage.completion_tokens).toBe(6);
  });

  it.each(['zai', 'dashscope', 'together', 'ollama', 'vllm'])('%s: OpenAI-style usage', async (preset) => {
    expect((await stream(preset)).chunks.every((c) => !('usage' in c))).toBe(true);
    const { chunks } = await stream(preset, INCLUDE);
    expect(chunks.at(-1)!.choices).toEqual([]);
    expect(chunks.at(-1)!.usage.completion_tokens).toBe(6);
    expect((await nonStream(preset)).usage.prompt_tokens_details).toBeDefined();
  });

  it('serves every preset path', async () => {
    for (const p of PRESET_NAMES) {
      const r = await postJson(`${emu.url}/${p}/v1/chat/completions`, { model: 'm', messages: messages('x'), stream: true });
      expect(r.status).toBe(200);
      expect(parseSse(r.text).at(-1)!.data).toBe('[DONE]');
    }
  });
});
