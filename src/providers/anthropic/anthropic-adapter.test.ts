import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../spec/chat.js';
import { adapterFor } from '../index.js';
import { applyPreset, PRESETS } from '../presets/index.js';
import { isProviderError } from '../provider-error.js';
import { assemble, decodeAll, makeTarget, readJsonFixture, readSseFixture, TEST_KEY } from '../__fixtures__/helpers.js';

const here = import.meta.url;
const provider = applyPreset(PRESETS.anthropic!, { apiKey: TEST_KEY });
const adapter = adapterFor(provider);

function build(request: ChatRequest, options: { stream?: boolean; maxOutput?: number; preset?: string } = {}) {
  const config = options.preset ? applyPreset(PRESETS[options.preset]!, { apiKey: TEST_KEY }) : provider;
  const target = makeTarget(config, 'claude-sonnet-4-5', options.maxOutput === undefined ? {} : { maxOutput: options.maxOutput });
  const built = adapterFor(config).buildRequest(request, target, options.stream ?? false);
  return { ...built, json: JSON.parse(built.body) as Record<string, unknown> };
}

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

describe('Anthropic request', () => {
  it('converts a full conversation (system, images, thinking, tools, tool results)', () => {
    const request: ChatRequest = {
      model: 'client',
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'You are terse.', cache_control: { type: 'ephemeral' } }] },
        { role: 'developer', content: 'Use metric units.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is in this picture, and the weather?' },
            { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } },
            { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' }, cache_control: { type: 'ephemeral', ttl: '1h' } },
          ],
        },
        {
          role: 'assistant',
          content: 'A cat. Checking the weather.',
          reasoning_content: 'Need two tools.',
          thinking_blocks: [
            { type: 'thinking', thinking: 'Need two tools.', signature: 'sig-1' },
            { type: 'redacted_thinking', data: 'opaque' },
          ],
          tool_calls: [
            { id: 'toolu_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
            { id: 'toolu_2', type: 'function', function: { name: 'get_time', arguments: 'not json' } },
          ],
        },
        { role: 'tool', tool_call_id: 'toolu_1', content: '18°C' },
        { role: 'tool', tool_call_id: 'toolu_2', content: [{ type: 'text', text: 'clock broken' }], is_error: true },
        { role: 'user', content: 'Thanks!' },
      ],
      tools: [
        { type: 'function', function: { name: 'get_weather', description: 'Weather by city', parameters: { type: 'object', properties: { city: { type: 'string' } } } } },
        { type: 'function', function: { name: 'get_time' }, cache_control: { type: 'ephemeral' } },
      ],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
      parallel_tool_calls: false,
      stop: ['END', '  '],
      max_completion_tokens: 1000,
      temperature: 1.5,
      top_p: 0.9,
      user: 'user-42',
      thinking: { type: 'enabled', budget_tokens: 512 },
      n: 2,
      seed: 1,
      models: ['fallback'],
    };
    expect(build(request).json).toEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: 1000,
      system: [
        { type: 'text', text: 'You are terse.', cache_control: { type: 'ephemeral' } },
        { type: 'text', text: 'Use metric units.' },
      ],
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is in this picture, and the weather?' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
            { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' }, cache_control: { type: 'ephemeral', ttl: '1h' } },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'Need two tools.', signature: 'sig-1' },
            { type: 'redacted_thinking', data: 'opaque' },
            { type: 'text', text: 'A cat. Checking the weather.' },
            { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
            { type: 'tool_use', id: 'toolu_2', name: 'get_time', input: {} },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_1', content: '18°C' },
            { type: 'tool_result', tool_use_id: 'toolu_2', content: [{ type: 'text', text: 'clock broken' }], is_error: true },
            { type: 'text', text: 'Thanks!' },
          ],
        },
      ],
      tools: [
        { name: 'get_weather', description: 'Weather by city', input_schema: { type: 'object', properties: { city: { type: 'string' } } } },
        { name: 'get_time', input_schema: { type: 'object', properties: {} }, cache_control: { type: 'ephemeral' } },
      ],
      tool_choice: { type: 'tool', name: 'get_weather', disable_parallel_tool_use: true },
      stop_sequences: ['END'],
      metadata: { user_id: 'user-42' },
      thinking: { type: 'enabled', budget_tokens: 512 },
    });
  });

  it('sends the documented headers and URL', () => {
    const { url, headers } = build({ model: 'c', messages: [{ role: 'user', content: 'hi' }] }, { stream: true });
    expect(url).toBe('https://api.anthropic.com/v1/messages');
    expect(headers).toEqual({
      'content-type': 'application/json',
      'anthropic-version': '2023-06-01',
      accept: 'text/event-stream',
      'x-api-key': TEST_KEY,
    });
  });

  it('compatible presets also send a Bearer token and keep unsigned reasoning', () => {
    const request: ChatRequest = {
      model: 'c',
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: null, reasoning_content: 'plan', tool_calls: [{ id: 't', type: 'function', function: { name: 'f', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 't', content: 'ok' },
      ],
    };
    const compatible = build(request, { preset: 'deepseek-anthropic' });
    expect(compatible.url).toBe('https://api.deepseek.com/anthropic/v1/messages');
    expect(compatible.headers.authorization).toBe(`Bearer ${TEST_KEY}`);
    expect((compatible.json.messages as Array<{ content: unknown[] }>)[1]!.content[0]).toEqual({ type: 'thinking', thinking: 'plan' });
    // Anthropic itself rejects unsigned thinking blocks: dropped.
    expect((build(request).json.messages as Array<{ content: unknown[] }>)[1]!.content).toEqual([{ type: 'tool_use', id: 't', name: 'f', input: {} }]);
  });

  it('defaults max_tokens from the model limit (capped), leaving room for a thinking budget', () => {
    const base: ChatRequest = { model: 'c', messages: [{ role: 'user', content: 'hi' }] };
    expect(build(base).json.max_tokens).toBe(4096);
    expect(build(base, { maxOutput: 64000 }).json.max_tokens).toBe(8192);
    expect(build(base, { maxOutput: 2000 }).json.max_tokens).toBe(2000);
    expect(build({ ...base, max_tokens: 50 }).json.max_tokens).toBe(50);
    expect(build({ ...base, thinking: { type: 'enabled', budget_tokens: 10000 } }).json.max_tokens).toBe(14096);
  });

  it('leaves thinking off for a tool loop whose last assistant turn has no thinking to lead it (Claude refuses it)', () => {
    const call = { id: 't', type: 'function' as const, function: { name: 'f', arguments: '{}' } };
    const loop = (assistant: ChatRequest['messages'][number]): ChatRequest => ({
      model: 'c',
      max_tokens: 4000,
      thinking: { type: 'enabled', budget_tokens: 2000 },
      temperature: 0.3,
      messages: [{ role: 'user', content: 'hi' }, assistant, { role: 'tool', tool_call_id: 't', content: 'done' }],
    });
    // a turn an OpenAI-protocol model answered (its unsigned reasoning is not sent to Claude)
    const cheap = build(loop({ role: 'assistant', content: null, reasoning_content: 'hm', tool_calls: [call] })).json;
    expect(cheap.thinking).toBeUndefined();
    // Claude's own turn, signed thinking first
    const own = build(loop({ role: 'assistant', content: null, tool_calls: [call], thinking_blocks: [{ type: 'thinking', thinking: 'hm', signature: 'sig' }] })).json;
    expect(own.thinking).toEqual({ type: 'enabled', budget_tokens: 2000 });
    expect(own).not.toHaveProperty('temperature');
    // no tool loop: thinking stays
    expect(build({ model: 'c', max_tokens: 4000, thinking: { type: 'enabled', budget_tokens: 2000 }, messages: [{ role: 'user', content: 'hi' }] }).json.thinking).toBeDefined();
  });

  it('makes tool ids a provider repeats across turns unique for Claude, each result going with its call', () => {
    // Kimi numbers its calls afresh every turn: functions.bash:0 twice in one history
    const call = { id: 'functions.bash:0', type: 'function' as const, function: { name: 'bash', arguments: '{}' } };
    const request: ChatRequest = {
      model: 'c',
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: null, tool_calls: [call] },
        { role: 'tool', tool_call_id: 'functions.bash:0', content: 'one' },
        { role: 'assistant', content: null, tool_calls: [call] },
        { role: 'tool', tool_call_id: 'functions.bash:0', content: 'two' },
      ],
    };
    const messages = build(request).json.messages as Array<{ content: Array<{ id?: string; tool_use_id?: string }> }>;
    const [first, firstResult, second, secondResult] = [messages[1]!.content[0]!.id, messages[2]!.content[0]!.tool_use_id, messages[3]!.content[0]!.id, messages[4]!.content[0]!.tool_use_id];
    expect(first).toMatch(/^functions_bash_0_[a-z0-9]+$/);
    expect(second).toBe(`${first}_2`);
    expect([firstResult, secondResult]).toEqual([first, second]);
  });

  it('drops whitespace-only text an OpenAI-protocol model left beside a tool call (Claude refuses it)', () => {
    const request: ChatRequest = {
      model: 'c',
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: '\n\n', tool_calls: [{ id: 't', type: 'function', function: { name: 'f', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 't', content: 'done' },
      ],
    };
    expect((build(request).json.messages as Array<{ content: unknown[] }>)[1]!.content).toEqual([{ type: 'tool_use', id: 't', name: 'f', input: {} }]);
  });

  it('clamps a client\'s max_tokens to the model\'s ceiling, lowering a thinking budget to fit (Anthropic refuses more)', () => {
    const base: ChatRequest = { model: 'c', messages: [{ role: 'user', content: 'hi' }], max_tokens: 32000 };
    expect(build(base, { maxOutput: 8192 }).json.max_tokens).toBe(8192);
    expect(build(base).json.max_tokens).toBe(32000);
    const thinking = build({ ...base, thinking: { type: 'enabled', budget_tokens: 31999 } }, { maxOutput: 8192 }).json;
    expect(thinking).toMatchObject({ max_tokens: 8192, thinking: { type: 'enabled', budget_tokens: 8191 } });
    const fits = build({ ...base, max_tokens: 4000, thinking: { type: 'enabled', budget_tokens: 2000 } }, { maxOutput: 8192 }).json;
    expect(fits).toMatchObject({ max_tokens: 4000, thinking: { type: 'enabled', budget_tokens: 2000 } });
  });

  it('clamps sampling to Anthropic ranges, and leaves it out when thinking is on', () => {
    const base: ChatRequest = { model: 'c', messages: [{ role: 'user', content: 'hi' }], temperature: 1.5, top_p: 0.9, top_k: 20 };
    expect(build(base).json).toMatchObject({ temperature: 1, top_k: 20 });
    expect(build(base).json).not.toHaveProperty('top_p');
    expect(build({ ...base, temperature: undefined }).json).toMatchObject({ top_p: 0.9 });
    const thinking = build({ ...base, thinking: { type: 'enabled', budget_tokens: 2000 }, max_tokens: 500 }).json;
    for (const key of ['temperature', 'top_p', 'top_k']) expect(thinking).not.toHaveProperty(key);
    // max_tokens must exceed the budget: the client's limit is kept for the answer, on top of the budget.
    expect(thinking.max_tokens).toBe(2500);
  });

  it('turns response_format into a system instruction and maps tool_choice variants', () => {
    const base: ChatRequest = {
      model: 'c',
      messages: [{ role: 'user', content: 'hi' }],
      tools: [{ type: 'function', function: { name: 'f' } }],
    };
    const json = build({ ...base, response_format: { type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object' } } } }).json;
    expect(json.system).toEqual([{ type: 'text', text: expect.stringContaining('"type":"object"') as unknown }]);
    expect(json).not.toHaveProperty('tool_choice');
    expect(build({ ...base, tool_choice: 'auto' }).json.tool_choice).toEqual({ type: 'auto' });
    expect(build({ ...base, tool_choice: 'none' }).json.tool_choice).toEqual({ type: 'none' });
    expect(build({ ...base, parallel_tool_calls: false }).json.tool_choice).toEqual({ type: 'auto', disable_parallel_tool_use: true });
    // tool_choice without tools is an Anthropic error: not sent.
    expect(build({ model: 'c', messages: base.messages, tool_choice: 'required' }).json).not.toHaveProperty('tool_choice');
  });

  it('tolerates base URLs with a trailing slash or /v1', () => {
    for (const baseUrl of ['https://api.anthropic.com/', 'https://api.anthropic.com/v1', 'https://api.anthropic.com/v1/']) {
      const config = applyPreset(PRESETS.anthropic!, { baseUrl });
      expect(adapterFor(config).buildRequest({ model: 'c', messages: [] }, makeTarget(config), false).url).toBe('https://api.anthropic.com/v1/messages');
    }
  });
});

describe('Anthropic responses', () => {
  it('maps thinking, text, tool_use and cache usage', () => {
    const response = adapter.parseResponse(readJsonFixture(here, 'message.json'));
    expect(response).toEqual({
      id: 'msg_01XFDUDYJgAACzvnptvVoYEL',
      model: 'claude-sonnet-4-5-20250929',
      created: response.created,
      message: {
        role: 'assistant',
        content: "I'll check the current weather in Paris.",
        reasoning_content: 'The user wants the weather in Paris. I should call get_weather.',
        thinking_blocks: [
          { type: 'thinking', thinking: 'The user wants the weather in Paris. I should call get_weather.', signature: 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds' },
        ],
        tool_calls: [{ id: 'toolu_01A09q90qw90lq917835lq9', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' } }],
      },
      finishReason: 'tool_calls',
      stopSequence: null,
      usage: { input: 472, cacheRead: 2048, cacheWrite: 1024, output: 161, reasoning: 0 },
    });
  });

  it('reports the stop sequence', () => {
    expect(adapter.parseResponse(readJsonFixture(here, 'message-stop-sequence.json'))).toMatchObject({ finishReason: 'stop', stopSequence: ', 4' });
  });

  it('throws a classified error for an error body that came with a 2xx status', () => {
    try {
      adapter.parseResponse(readJsonFixture(here, 'errors/529-overloaded.json'));
      expect.unreachable();
    } catch (error) {
      expect(isProviderError(error) && error.kind).toBe('overloaded');
    }
  });
});

describe('Anthropic streams', () => {
  const decode = (name: string) => decodeAll(adapter.createStreamDecoder(), readSseFixture(here, name));

  it('decodes thinking with its signature, text and a streamed tool_use input', () => {
    const parts = decode('stream.chunks.txt');
    expect(parts.slice(0, 2)).toEqual([
      { type: 'start', id: 'msg_01Xq6aWq3L3vVc2fY8bT1Nk9', model: 'claude-sonnet-4-5-20250929', created: expect.any(Number) as unknown },
      { type: 'usage', usage: { input: 472, cacheRead: 2048, cacheWrite: 1024, output: 1, reasoning: 0 } },
    ]);
    expect(assemble(parts)).toEqual({
      id: 'msg_01Xq6aWq3L3vVc2fY8bT1Nk9',
      model: 'claude-sonnet-4-5-20250929',
      text: "I'll check the weather.",
      reasoning: 'The user wants the weather in Paris.',
      signatures: ['EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds'],
      redacted: [],
      toolCalls: [{ id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', type: 'function', function: { name: 'get_weather', arguments: '{"city": "Paris", "unit": "celsius"}' } }],
      finish: 'tool_calls',
      stopSequence: null,
      usage: { input: 472, cacheRead: 2048, cacheWrite: 1024, output: 161, reasoning: 0 },
      usageParts: 2,
      ended: true,
      errors: [],
    });
  });

  it('takes the latest usage of each field across several message_delta events, never a sum', () => {
    const result = assemble(decode('stream-redacted.chunks.txt'));
    expect(result.usage).toEqual({ input: 1510, cacheRead: 0, cacheWrite: 0, output: 52, reasoning: 0 });
    expect(result.redacted).toEqual(['EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpP']);
    // The server tool's input is not a client tool call.
    expect(result.toolCalls).toEqual([]);
    expect(result.text).toBe('Sunny.');
    expect(result.finish).toBe('stop');
  });

  it('turns an error event into an error part (overloaded_error -> overloaded)', () => {
    const result = assemble(decode('stream-error.chunks.txt'));
    expect(result.text).toBe('Partial');
    expect(result.errors).toEqual([{ message: 'Overloaded', kind: 'overloaded' }]);
    expect(result.ended).toBe(false);
  });

  it('rejects events missing the fields it needs', () => {
    expect(() => adapter.createStreamDecoder().push({ event: 'content_block_delta', data: '{"type":"content_block_delta"}' }, () => undefined)).toThrow(
      /malformed content_block_delta/,
    );
  });
});

describe('Anthropic errors', () => {
  it.each([
    ['529-overloaded.json', 529, 'overloaded'],
    ['400-prompt-too-long.json', 400, 'context_length'],
    ['400-invalid-request.json', 400, 'bad_request'],
    ['401-authentication.json', 401, 'auth'],
    ['403-permission.json', 403, 'auth'],
    ['404-not-found.json', 404, 'not_found'],
    ['413-request-too-large.json', 413, 'context_length'],
    ['429-rate-limit.json', 429, 'rate_limit'],
    ['500-api-error.json', 500, 'server'],
  ] as const)('%s -> %s', (file, status, kind) => {
    const info = adapter.parseError(status, readJsonFixture(here, `errors/${file}`), { 'retry-after': '7' });
    expect(info.kind).toBe(kind);
    expect(info.status).toBe(status);
    expect(info.retryAfterMs).toBe(7000);
    expect(info.providerCode).toMatch(/_error$|request_too_large/);
  });
});
