import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../spec/chat.js';
import { adapterFor } from '../index.js';
import { applyPreset, PRESETS } from '../presets/index.js';
import { isProviderError } from '../provider-error.js';
import { assemble, decodeAll, makeTarget, readJsonFixture, readSseFixture, TEST_KEY } from '../__fixtures__/helpers.js';
import { THOUGHT_SIGNATURE_SENTINEL } from './convert-to-openai-messages.js';
import { createOpenAICompatibleAdapter } from './openai-compatible-adapter.js';
import { openAIResponseBody } from '../../dialects/openai/write-response.js';
import { OpenAIStreamWriter } from '../../dialects/openai/stream-writer.js';

const here = import.meta.url;

function adapterOf(name: string) {
  const preset = PRESETS[name]!;
  const provider = applyPreset(preset, { apiKey: TEST_KEY });
  return { adapter: adapterFor(provider), provider };
}

function bodyFor(name: string, request: ChatRequest, options: { model?: string; stream?: boolean } = {}): Record<string, unknown> {
  const { adapter, provider } = adapterOf(name);
  const built = adapter.buildRequest(request, makeTarget(provider, options.model ?? 'test-model'), options.stream ?? false);
  return JSON.parse(built.body) as Record<string, unknown>;
}

const decode = (name: string, fixture: string) => assemble(decodeAll(adapterOf(name).adapter.createStreamDecoder(), readSseFixture(here, fixture)));

describe('recorded responses', () => {
  it('OpenAI: cached tokens are split out of prompt_tokens, reasoning stays inside output', () => {
    const response = adapterOf('openai').adapter.parseResponse(readJsonFixture(here, 'openai-chat.json'));
    expect(response).toEqual({
      id: 'chatcmpl-CbQ4nXxYz9TqL2mK8pR1sV3wE5uA7',
      model: 'gpt-5-mini-2025-08-07',
      created: 1764288000,
      message: { role: 'assistant', content: 'The capital of France is Paris.' },
      finishReason: 'stop',
      usage: { input: 86, cacheRead: 1920, cacheWrite: 0, output: 300, reasoning: 256 },
    });
  });

  it('DeepSeek: reasoning_content and prompt_cache_hit/miss tokens', () => {
    const response = adapterOf('deepseek').adapter.parseResponse(readJsonFixture(here, 'deepseek-reasoner.json'));
    expect(response.message).toEqual({
      role: 'assistant',
      content: '9.8 is greater than 9.11.',
      reasoning_content: 'Compare the decimals: 9.11 is 9.110 and 9.8 is 9.800, so 9.8 is larger.',
    });
    expect(response.usage).toEqual({ input: 22, cacheRead: 128, cacheWrite: 0, output: 420, reasoning: 380 });
  });

  it('OpenRouter: reasoning, cache writes inside prompt_tokens, cost ignored', () => {
    const response = adapterOf('openrouter').adapter.parseResponse(readJsonFixture(here, 'openrouter.json'));
    expect(response.message).toEqual({ role: 'assistant', content: 'Bonjour !', reasoning_content: 'The user wants a French greeting.' });
    expect(response.usage).toEqual({ input: 94, cacheRead: 0, cacheWrite: 100, output: 120, reasoning: 80 });
  });

  it('MiniMax: inline <think> is split into reasoning_content', () => {
    const response = adapterOf('minimax').adapter.parseResponse(readJsonFixture(here, 'minimax.json'));
    expect(response.message).toEqual({
      role: 'assistant',
      content: 'Hello! How can I help you today?',
      reasoning_content: '\nThe user greets me. A short friendly reply is enough.\n',
    });
    expect(response.usage).toEqual({ input: 40, cacheRead: 0, cacheWrite: 0, output: 35, reasoning: 0 });
  });

  it('other presets leave <think> text alone', () => {
    const response = adapterOf('together').adapter.parseResponse(readJsonFixture(here, 'minimax.json'));
    expect(response.message.content).toMatch(/^<think>/);
    expect(response.message.reasoning_content).toBeUndefined();
  });

  it('MiniMax: an error in a 200 body (base_resp) is thrown, classified', () => {
    let caught: unknown;
    try {
      adapterOf('minimax').adapter.parseResponse(readJsonFixture(here, 'minimax-error.json'));
    } catch (error) {
      caught = error;
    }
    expect(isProviderError(caught) && caught.info).toEqual({ kind: 'auth', status: 401, message: 'insufficient balance', providerCode: '1008' });
  });

  it('marks usage as missing when the upstream sent none', () => {
    const response = adapterOf('vllm').adapter.parseResponse({ id: 'x', model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' }] });
    expect(response.usageEstimated).toBe(true);
    expect(response.usage).toEqual({ input: 0, cacheRead: 0, cacheWrite: 0, output: 0, reasoning: 0 });
  });

  it('reads Mistral thinking chunks and object-valued tool arguments', () => {
    const response = adapterOf('mistral').adapter.parseResponse({
      id: 'cmpl-1',
      model: 'magistral-medium-latest',
      created: 1,
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: [
              { type: 'thinking', thinking: [{ type: 'text', text: 'Let me think.' }] },
              { type: 'text', text: 'Done.' },
            ],
            tool_calls: [{ id: 'D681PevKs', function: { name: 'f', arguments: { a: 1 } } }],
          },
          finish_reason: 'tool_calls',
        },
      ],
      usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
    });
    expect(response.message).toEqual({
      role: 'assistant',
      content: 'Done.',
      reasoning_content: 'Let me think.',
      tool_calls: [{ id: 'D681PevKs', type: 'function', function: { name: 'f', arguments: '{"a":1}' } }],
    });
  });
});

describe('recorded streams', () => {
  it('OpenAI: parallel tool calls by index, usage from the include_usage chunk', () => {
    const result = decode('openai', 'openai-tools.chunks.txt');
    expect(result.toolCalls).toEqual([
      { id: 'call_Vx1aT8', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
      { id: 'call_Wy2bU9', type: 'function', function: { name: 'get_time', arguments: '{"tz":"Europe/Paris"}' } },
    ]);
    expect(result).toMatchObject({ finish: 'tool_calls', ended: true, usageParts: 1 });
    expect(result.usage).toEqual({ input: 126, cacheRead: 1024, cacheWrite: 0, output: 48, reasoning: 0 });
  });

  it('DeepSeek: reasoning_content deltas, then content, then hit/miss usage', () => {
    const result = decode('deepseek', 'deepseek-reasoner.chunks.txt');
    expect(result).toMatchObject({
      id: '4a1b7c2e-9d3f-4e8a-b6c5-d2e1f0a9b8c7',
      reasoning: 'Compare the decimals: 9.11 < 9.80.',
      text: '9.8 is greater than 9.11.',
      finish: 'stop',
      usage: { input: 22, cacheRead: 128, cacheWrite: 0, output: 420, reasoning: 380 },
    });
  });

  it('Moonshot: usage inside choices[0].usage with top-level cached_tokens', () => {
    const result = decode('moonshot', 'moonshot.chunks.txt');
    expect(result).toMatchObject({ text: '你好，我是 Kimi。', finish: 'stop', ended: true });
    expect(result.usage).toEqual({ input: 476, cacheRead: 1024, cacheWrite: 0, output: 20, reasoning: 0 });
  });

  it('Gemini: running usage totals, the last one wins (one part per change)', () => {
    const parts = decodeAll(adapterOf('gemini').adapter.createStreamDecoder(), readSseFixture(here, 'gemini.chunks.txt'));
    const usages = parts.filter((part) => part.type === 'usage');
    expect(usages).toHaveLength(3);
    const result = assemble(parts);
    expect(result.text).toBe('The sky is blue because of Rayleigh scattering.');
    expect(result.usage).toEqual({ input: 12, cacheRead: 0, cacheWrite: 0, output: 9, reasoning: 0 });
    // The finish arrives in the same chunk as the last text, and after it.
    const kinds = parts.map((part) => part.type);
    expect(kinds.lastIndexOf('text')).toBeLessThan(kinds.indexOf('finish'));
  });

  it('Gemini: index-less parallel tool calls, and "stop" after tool calls becomes tool_calls', () => {
    const result = decode('gemini', 'gemini-tools.chunks.txt');
    expect(result.toolCalls.map((call) => [call.id, call.function.name, call.function.arguments])).toEqual([
      ['function-call-5113412818237401745', 'get_weather', '{"city":"Paris"}'],
      ['function-call-5113412818237401746', 'get_time', '{"tz":"Europe/Paris"}'],
    ]);
    expect(result.finish).toBe('tool_calls');
  });

  it('Groq: usage from x_groq.usage', () => {
    const result = decode('groq', 'groq.chunks.txt');
    expect(result).toMatchObject({ text: 'Fast inference.', finish: 'stop' });
    expect(result.usage).toEqual({ input: 18, cacheRead: 0, cacheWrite: 0, output: 439, reasoning: 0 });
  });

  it('OpenRouter: `reasoning` deltas (reasoning_details not doubled), comments ignored, usage after finish', () => {
    const result = decode('openrouter', 'openrouter.chunks.txt');
    expect(result).toMatchObject({ reasoning: 'Thinking done.', text: 'Answer: 42', finish: 'stop', ended: true });
    expect(result.usage).toEqual({ input: 31, cacheRead: 0, cacheWrite: 0, output: 57, reasoning: 49 });
  });

  it('OpenRouter: a mid-stream error chunk becomes an error part', () => {
    const result = decode('openrouter', 'openrouter-error.chunks.txt');
    expect(result.text).toBe('Partial');
    expect(result.errors).toEqual([{ message: 'Provider disconnected unexpectedly', kind: 'server' }]);
    expect(result.finish).toBeUndefined();
    expect(result.ended).toBe(true);
  });

  it('MiniMax: <think> split into reasoning even when tags are cut across chunks', () => {
    const result = decode('minimax', 'minimax.chunks.txt');
    expect(result.reasoning).toBe('\nThe user greets me. Reply briefly.\n');
    expect(result.text).toBe('Hello! How can I help?');
    expect(result.usage).toEqual({ input: 40, cacheRead: 0, cacheWrite: 0, output: 31, reasoning: 0 });
  });

  it('an `event: error` SSE frame becomes an error part', () => {
    const parts: unknown[] = [];
    adapterOf('vllm').adapter.createStreamDecoder().push({ event: 'error', data: '{"message":"rate limit exceeded","code":429}' }, (part) => parts.push(part));
    expect(parts).toEqual([{ type: 'error', message: 'rate limit exceeded', kind: 'rate_limit' }]);
  });

  it('ignores keep-alive empty data', () => {
    const parts: unknown[] = [];
    adapterOf('openai').adapter.createStreamDecoder().push({ data: '' }, (part) => parts.push(part));
    expect(parts).toEqual([]);
  });
});

describe('logprobs and system_fingerprint (requested with logprobs: true)', () => {
  it('pass through a non-streaming answer and back out in the OpenAI body', () => {
    const response = adapterOf('openai').adapter.parseResponse(readJsonFixture(here, 'openai-logprobs.json'));
    expect(response.systemFingerprint).toBe('fp_6f2eabb9a5');
    expect((response.logprobs as { content: { token: string }[] }).content.map((c) => c.token)).toEqual(['Yes']);
    const body = JSON.parse(openAIResponseBody(response, 'gpt-4.1-mini', 0)) as { system_fingerprint?: string; choices: { logprobs: unknown }[] };
    expect(body.system_fingerprint).toBe('fp_6f2eabb9a5');
    expect(body.choices[0]!.logprobs).toEqual(response.logprobs);
  });

  it('pass through each streamed chunk, so a client can rebuild the token list', () => {
    const parts = decodeAll(adapterOf('openai').adapter.createStreamDecoder(), readSseFixture(here, 'openai-logprobs.chunks.txt'));
    const writer = new OpenAIStreamWriter('chatcmpl-x', 'gpt-4.1-mini', 1);
    const tokens: string[] = [];
    for (const part of parts) {
      for (const frame of writer.frame(part).split('\n\n')) {
        if (!frame.startsWith('data: ')) continue;
        const chunk = JSON.parse(frame.slice(6)) as { choices: { logprobs: { content: { token: string }[] } | null }[] };
        for (const c of chunk.choices[0]?.logprobs?.content ?? []) tokens.push(c.token);
      }
    }
    expect(tokens).toEqual(['Yes', '.']);
  });
});

describe('outgoing request quirks', () => {
  const base: ChatRequest = { model: 'client', messages: [{ role: 'user', content: 'hi' }] };

  it('passes unknown parameters through and strips Switchyard-only ones', () => {
    const body = bodyFor('together', { ...base, models: ['a', 'b'], repetition_penalty: 1.1, seed: 7, thinking: { type: 'enabled', budget_tokens: 1000 } });
    expect(body).toEqual({ model: 'test-model', messages: [{ role: 'user', content: 'hi' }], repetition_penalty: 1.1, seed: 7 });
  });

  it('OpenAI reasoning models get max_completion_tokens, others max_tokens', () => {
    expect(bodyFor('openai', { ...base, max_tokens: 100 }, { model: 'gpt-5-mini' })).toMatchObject({ max_completion_tokens: 100 });
    expect(bodyFor('openai', { ...base, max_tokens: 100 }, { model: 'o4-mini' })).not.toHaveProperty('max_tokens');
    expect(bodyFor('openai', { ...base, max_completion_tokens: 100 }, { model: 'gpt-4.1' })).toEqual({ model: 'gpt-4.1', messages: base.messages, max_tokens: 100 });
    expect(bodyFor('deepseek', { ...base, max_completion_tokens: 50 })).toMatchObject({ max_tokens: 50 });
  });

  it('stream requests ask for usage, keeping other stream_options', () => {
    expect(bodyFor('openrouter', { ...base, stream_options: { include_usage: false } }, { stream: true })).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
    });
    const nonStream = bodyFor('openai', { ...base, stream: true, stream_options: { include_usage: true } });
    expect(nonStream).not.toHaveProperty('stream');
    expect(nonStream).not.toHaveProperty('stream_options');
  });

  it('keeps the client key order byte for byte, with added fields last and "__proto__" as a plain field', () => {
    const request = JSON.parse(
      '{"temperature":0.2,"model":"client","__proto__":{"x":1},"messages":[{"role":"user","content":"hi"}],"max_completion_tokens":16,"models":["a"]}',
    ) as ChatRequest;
    const { adapter, provider } = adapterOf('deepseek');
    const target = makeTarget(provider, 'deepseek-chat');
    expect(adapter.buildRequest(request, target, false).body).toBe(
      '{"temperature":0.2,"model":"deepseek-chat","__proto__":{"x":1},"messages":[{"role":"user","content":"hi"}],"max_tokens":16}',
    );
    expect(adapter.buildRequest(request, target, true).body).toBe(
      '{"temperature":0.2,"model":"deepseek-chat","__proto__":{"x":1},"messages":[{"role":"user","content":"hi"}],"max_tokens":16,"stream":true,"stream_options":{"include_usage":true}}',
    );
  });

  const history: ChatRequest = {
    model: 'client',
    messages: [
      { role: 'user', content: [{ type: 'text', text: 'long doc', cache_control: { type: 'ephemeral' } }] },
      {
        role: 'assistant',
        content: 'Let me check.',
        reasoning_content: 'I need the tool.',
        thinking_blocks: [{ type: 'thinking', thinking: 'I need the tool.', signature: 'sig' }],
        tool_calls: [{ id: 'toolu_01ABC', type: 'function', function: { name: 'f', arguments: '{}' } }],
      },
      { role: 'tool', tool_call_id: 'toolu_01ABC', content: 'result', is_error: false },
      { role: 'assistant', content: 'Done.', reasoning_content: 'All good.' },
    ],
    tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } }, cache_control: { type: 'ephemeral' } }],
  };

  it('default: thinking blocks, reasoning, cache_control and is_error are stripped', () => {
    const body = bodyFor('groq', history);
    expect(body.messages).toEqual([
      // cache_control stripped, then the text-only block array flattened to the string upstreams all accept
      { role: 'user', content: 'long doc' },
      { role: 'assistant', content: 'Let me check.', tool_calls: [{ id: 'toolu_01ABC', type: 'function', function: { name: 'f', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 'toolu_01ABC', content: 'result' },
      { role: 'assistant', content: 'Done.' },
    ]);
    expect(body.tools).toEqual([{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }]);
  });

  it('DeepSeek: reasoning kept on tool-call turns only, and filled when missing', () => {
    const body = bodyFor('deepseek', history);
    const messages = body.messages as Array<Record<string, unknown>>;
    expect(messages[1]).toMatchObject({ reasoning_content: 'I need the tool.' });
    expect(messages[1]).not.toHaveProperty('thinking_blocks');
    expect(messages[3]).toEqual({ role: 'assistant', content: 'Done.' });
    const withoutReasoning = bodyFor('deepseek', {
      model: 'c',
      messages: [{ role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }] }],
    });
    expect((withoutReasoning.messages as unknown[])[0]).toMatchObject({ reasoning_content: '' });
  });

  it('OpenRouter and DashScope keep cache_control', () => {
    for (const name of ['openrouter', 'dashscope']) {
      const body = bodyFor(name, history);
      expect((body.messages as unknown[])[0]).toEqual(history.messages[0]);
      expect(body.tools).toEqual(history.tools);
    }
  });

  it('MiniMax: reasoning goes back inline as <think>', () => {
    const messages = bodyFor('minimax', history).messages as unknown[];
    expect(messages[3]).toEqual({ role: 'assistant', content: '<think>All good.</think>\n\nDone.' });
  });

  it('Mistral: 9-character tool ids (call and result agree), no stream_options, seed renamed, user dropped', () => {
    const body = bodyFor('mistral', { ...history, seed: 3, user: 'u1', metadata: { a: 'b' } }, { stream: true });
    const messages = body.messages as Array<Record<string, unknown>>;
    const id = (messages[1]!.tool_calls as Array<{ id: string }>)[0]!.id;
    expect(id).toMatch(/^[A-Za-z0-9]{9}$/);
    expect(messages[2]!.tool_call_id).toBe(id);
    expect(body).toMatchObject({ stream: true, random_seed: 3 });
    for (const key of ['stream_options', 'seed', 'user', 'metadata']) expect(body).not.toHaveProperty(key);
  });

  it('Gemini 3: tool calls without a thought signature get the documented sentinel on the first call', () => {
    const request: ChatRequest = {
      model: 'c',
      messages: [
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'a', type: 'function', function: { name: 'f', arguments: '{}' } },
            { id: 'b', type: 'function', function: { name: 'g', arguments: '{}' } },
          ],
        },
      ],
    };
    const calls = (bodyFor('gemini', request, { model: 'gemini-3-flash-preview' }).messages as Array<{ tool_calls: unknown[] }>)[0]!.tool_calls;
    expect(calls[0]).toMatchObject({ extra_content: { google: { thought_signature: THOUGHT_SIGNATURE_SENTINEL } } });
    expect(calls[1]).not.toHaveProperty('extra_content');
    // Gemini 2.x does not validate signatures: the history is left alone.
    expect(bodyFor('gemini', request, { model: 'gemini-2.5-flash' }).messages).toEqual(request.messages);
  });

  it('maps the thinking extension per provider without overriding native parameters', () => {
    const thinking = { type: 'enabled', budget_tokens: 2048 } as const;
    expect(bodyFor('deepseek', { ...base, thinking })).toMatchObject({ thinking: { type: 'enabled' } });
    expect(bodyFor('zai', { ...base, thinking: { type: 'disabled' } })).toMatchObject({ thinking: { type: 'disabled' } });
    expect(bodyFor('dashscope', { ...base, thinking })).toMatchObject({ enable_thinking: true, thinking_budget: 2048 });
    expect(bodyFor('dashscope', { ...base, thinking, enable_thinking: false })).toMatchObject({ enable_thinking: false });
    expect(bodyFor('openrouter', { ...base, thinking })).toMatchObject({ reasoning: { max_tokens: 2048 } });
    expect(bodyFor('openrouter', { ...base, thinking: { type: 'disabled' } })).toMatchObject({ reasoning: { enabled: false } });
    expect(bodyFor('openrouter', { ...base, thinking, reasoning: { effort: 'low' } })).toMatchObject({ reasoning: { effort: 'low' } });
    expect(bodyFor('openai', { ...base, thinking })).not.toHaveProperty('thinking');
  });

  it('does not copy messages that need no change', () => {
    const adapter = createOpenAICompatibleAdapter();
    const request: ChatRequest = { model: 'c', messages: [{ role: 'user', content: 'x' }] };
    const provider = applyPreset(PRESETS.together!, {});
    expect(JSON.parse(adapter.buildRequest(request, makeTarget(provider), false).body).messages).toEqual(request.messages);
  });

  it('sends no Authorization header without a key, and preset headers with provider overrides', () => {
    const local = adapterFor(applyPreset(PRESETS.ollama!, {})).buildRequest(base, makeTarget(applyPreset(PRESETS.ollama!, {})), true);
    expect(local.headers).toEqual({ 'content-type': 'application/json', accept: 'text/event-stream' });
    const provider = applyPreset(PRESETS.openrouter!, { apiKey: TEST_KEY, headers: { 'HTTP-Referer': 'https://example.com', Authorization: 'Bearer other' } });
    const headers = adapterFor(provider).buildRequest(base, makeTarget(provider), false).headers;
    expect(headers).toEqual({
      'content-type': 'application/json',
      'X-Title': 'Switchyard',
      'HTTP-Referer': 'https://example.com',
      authorization: `Bearer ${TEST_KEY}`,
    });
  });

  it('tolerates a trailing slash in the base URL', () => {
    const provider = applyPreset(PRESETS.gemini!, { baseUrl: 'https://generativelanguage.googleapis.com/v1beta/openai/' });
    expect(adapterFor(provider).buildRequest(base, makeTarget(provider), false).url).toBe(
      'https://generativelanguage.googleapis.com/v1beta/openai/chat/completions',
    );
  });
});

describe('text-only content arrays', () => {
  it('are flattened to one string (DeepSeek rejects arrays), but arrays with images are kept', () => {
    const request: ChatRequest = {
      model: 'x',
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }] },
        { role: 'user', content: [{ type: 'text', text: 'look' }, { type: 'image_url', image_url: { url: 'https://example.com/i.png' } }] },
      ],
    };
    const body = bodyFor('deepseek', request) as { messages: { content: unknown }[] };
    expect(body.messages[0]!.content).toBe('a\n\nb');
    expect(Array.isArray(body.messages[1]!.content)).toBe(true);
  });
});

describe('max_tokens', () => {
  it('is clamped to the model ceiling (Claude Code asks 32000 of an 8192-token model)', () => {
    const { adapter, provider } = adapterOf('deepseek');
    const built = adapter.buildRequest({ model: 'x', max_tokens: 32000, messages: [{ role: 'user', content: 'hi' }] }, makeTarget(provider, 'deepseek-chat', { maxOutput: 8192 }), false);
    expect(JSON.parse(built.body)).toMatchObject({ max_tokens: 8192 });
  });
});
