import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../spec/chat.js';
import { estimateRequestTokens, estimateTextTokens, requestedMaxOutputTokens } from './estimate.js';

const req = (r: Partial<ChatRequest>): ChatRequest => ({ model: 'auto', messages: [], ...r });

describe('estimateTextTokens', () => {
  it('counts about four ASCII characters per token, rounding up', () => {
    expect(estimateTextTokens('')).toBe(0);
    expect(estimateTextTokens('abcd')).toBe(1);
    expect(estimateTextTokens('abcde')).toBe(2);
    expect(estimateTextTokens('x'.repeat(4000))).toBe(1000);
  });

  it('counts CJK characters as a token each and other non-ASCII letters as half', () => {
    expect(estimateTextTokens('你好世界')).toBe(4);
    expect(estimateTextTokens('こんにちは')).toBe(5);
    expect(estimateTextTokens('привет')).toBe(3);
    expect(estimateTextTokens('café')).toBe(2); // 3 quarters + 2 quarters
  });
});

describe('estimateRequestTokens', () => {
  it('adds a per-request and a per-message overhead to the text', () => {
    const one = estimateRequestTokens(req({ messages: [{ role: 'user', content: 'x'.repeat(400) }] }));
    const two = estimateRequestTokens(req({ messages: [{ role: 'user', content: 'x'.repeat(400) }, { role: 'user', content: '' }] }));
    expect(one).toBe(3 + 4 + 100);
    expect(two - one).toBe(4);
  });

  it('counts text parts, but an image as a fixed cost whatever the size of its data URL', () => {
    const image = (url: string, detail?: 'low' | 'high') => ({ type: 'image_url' as const, image_url: detail ? { url, detail } : { url } });
    const small = estimateRequestTokens(req({ messages: [{ role: 'user', content: [{ type: 'text', text: 'what is this?' }, image('data:image/png;base64,AAAA')] }] }));
    const large = estimateRequestTokens(req({ messages: [{ role: 'user', content: [{ type: 'text', text: 'what is this?' }, image(`data:image/png;base64,${'A'.repeat(2_000_000)}`)] }] }));
    expect(large).toBe(small);
    expect(small).toBeGreaterThan(1600);
    const low = estimateRequestTokens(req({ messages: [{ role: 'user', content: [image('https://x/y.png', 'low')] }] }));
    expect(low).toBe(3 + 4 + 85);
  });

  it('counts tool definitions with their JSON Schema, and tool calls and results in the history', () => {
    const base = req({ messages: [{ role: 'user', content: 'weather in Paris?' }] });
    const withTools = req({
      ...base,
      tools: [
        {
          type: 'function',
          function: {
            name: 'get_weather',
            description: 'Current weather for a city',
            parameters: { type: 'object', properties: { city: { type: 'string', description: 'City name' } }, required: ['city'] },
          },
        },
      ],
    });
    const withHistory = req({
      ...withTools,
      messages: [
        ...withTools.messages,
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: '{"temp_c":21}' },
      ],
    });
    const a = estimateRequestTokens(base);
    const b = estimateRequestTokens(withTools);
    const c = estimateRequestTokens(withHistory);
    expect(b - a).toBeGreaterThanOrEqual(10 + 20);
    expect(c - b).toBeGreaterThanOrEqual(2 * 4 + 4);
  });

  it('counts a json_schema response format and reasoning sent back', () => {
    const base = req({ messages: [{ role: 'assistant', content: 'ok' }] });
    const schema = req({ ...base, response_format: { type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object', properties: { a: { type: 'number' } } } } } });
    const thinking = req({ messages: [{ role: 'assistant', content: 'ok', thinking_blocks: [{ type: 'thinking', thinking: 'x'.repeat(400), signature: 'sig' }] }] });
    expect(estimateRequestTokens(schema)).toBeGreaterThan(estimateRequestTokens(base));
    expect(estimateRequestTokens(thinking) - estimateRequestTokens(base)).toBe(100);
  });

  it('survives a cyclic schema object', () => {
    const cyclic: Record<string, unknown> = { type: 'object' };
    cyclic.self = cyclic;
    const r = req({ messages: [], tools: [{ type: 'function', function: { name: 'f', parameters: cyclic } }] });
    expect(estimateRequestTokens(r)).toBeGreaterThan(0);
  });

  it('is fast: a 1 MB conversation of 500 messages in well under 10 ms', () => {
    const messages = Array.from({ length: 500 }, (_, i) => ({ role: i % 2 ? ('assistant' as const) : ('user' as const), content: 'word '.repeat(400) }));
    const r = req({ messages });
    estimateRequestTokens(r); // warm up
    const start = performance.now();
    for (let i = 0; i < 10; i++) estimateRequestTokens(r);
    expect((performance.now() - start) / 10).toBeLessThan(10);
  });
});

describe('requestedMaxOutputTokens', () => {
  it('prefers max_completion_tokens over max_tokens', () => {
    expect(requestedMaxOutputTokens(req({ max_tokens: 100, max_completion_tokens: 200 }))).toBe(200);
    expect(requestedMaxOutputTokens(req({ max_tokens: 100 }))).toBe(100);
    expect(requestedMaxOutputTokens(req({}))).toBeUndefined();
  });
});
