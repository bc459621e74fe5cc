import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from './index.js';
import { openaiChunks, postJson } from './testing.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

type Obj = Record<string, any>;
const chat = async (body: Obj, path = '/v1/chat/completions'): Promise<{ status: number; json: Obj }> => {
  const r = await postJson(emu.url + path, body);
  return { status: r.status, json: JSON.parse(r.text) as Obj };
};
const streamText = async (body: Obj, path = '/v1/chat/completions'): Promise<Obj[]> => {
  const r = await postJson(emu.url + path, { ...body, stream: true });
  expect(r.status).toBe(200);
  expect(r.headers.get('content-type')).toMatch(/^text\/event-stream/);
  expect(r.text.trimEnd().endsWith('data: [DONE]')).toBe(true);
  return openaiChunks(r.text);
};
const user = (content: string) => [{ role: 'user', content }];

const WEATHER_TOOL = {
  type: 'function',
  function: {
    name: 'get_weather',
    parameters: {
      type: 'object',
      properties: { city: { type: 'string' }, days: { type: 'integer' }, metric: { type: 'boolean' } },
      required: ['city', 'days', 'metric'],
    },
  },
};
const TIME_TOOL = { type: 'function', function: { name: 'get_time', parameters: { type: 'object', properties: { tz: { type: 'string' } }, required: ['tz'] } } };

describe('OpenAI chat completions', () => {
  it('answers with deterministic text and usage derived from the prompt', async () => {
    const messages = [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'What is the weather like?' }];
    const { status, json } = await chat({ model: 'gpt-4o-mini', messages });
    expect(status).toBe(200);
    expect(json).toMatchObject({ object: 'chat.completion', model: 'gpt-4o-mini' });
    const choice = json.choices[0];
    expect(choice.finish_reason).toBe('stop');
    expect(choice.message.role).toBe('assistant');
    const words = (choice.message.content as string).split(' ');
    expect(words.length).toBeGreaterThanOrEqual(30);
    expect(words.length).toBeLessThanOrEqual(50);
    expect(choice.message.content).toMatch(/\.$/);
    const chars = 'Be brief.'.length + 'What is the weather like?'.length;
    expect(json.usage).toEqual({
      prompt_tokens: Math.ceil(chars / 4) + 8,
      completion_tokens: words.length,
      total_tokens: Math.ceil(chars / 4) + 8 + words.length,
      prompt_tokens_details: { cached_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0 },
    });
  });

  it('is a function of the request: same last user message, same text; different message, different text', async () => {
    const a = await chat({ model: 'm1', messages: user('hello') });
    const b = await chat({ model: 'm2', messages: user('hello') });
    const c = await chat({ model: 'm1', messages: user('goodbye') });
    expect(a.json.choices[0].message.content).toBe(b.json.choices[0].message.content);
    expect(a.json.choices[0].message.content).not.toBe(c.json.choices[0].message.content);
  });

  it('streams the same text it returns without streaming', async () => {
    const { json } = await chat({ model: 'm', messages: user('stream me') });
    const chunks = await streamText({ model: 'm', messages: user('stream me') });
    expect(chunks[0]!.choices[0].delta).toEqual({ role: 'assistant', content: '' });
    const text = chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('');
    expect(text).toBe(json.choices[0].message.content);
    expect(chunks.at(-1)!.choices[0].finish_reason).toBe('stop');
  });

  it('stops at max_tokens (or max_completion_tokens) with finish_reason length', async () => {
    const a = await chat({ model: 'm', messages: user('hi'), max_tokens: 5 });
    expect(a.json.choices[0].finish_reason).toBe('length');
    expect(a.json.usage.completion_tokens).toBe(5);
    expect(a.json.choices[0].message.content.split(' ')).toHaveLength(5);
    const b = await chat({ model: 'm', messages: user('hi'), max_completion_tokens: 3, max_tokens: 100 });
    expect(b.json.usage.completion_tokens).toBe(3);
    const c = await chat({ model: 'm', messages: user('hi'), max_tokens: 1000 });
    expect(c.json.choices[0].finish_reason).toBe('stop');
  });

  it('takes the natural length from len-N in the model name', async () => {
    const { json } = await chat({ model: 'bench-len-200', messages: user('hi') });
    expect(json.usage.completion_tokens).toBe(200);
  });

  it('honours stop sequences', async () => {
    const full = (await chat({ model: 'm', messages: user('stop test') })).json.choices[0].message.content as string;
    const third = full.split(' ')[2]!;
    const { json } = await chat({ model: 'm', messages: user('stop test'), stop: [' ' + third] });
    expect(json.choices[0].finish_reason).toBe('stop');
    expect(json.choices[0].message.content).toBe(full.split(' ').slice(0, 2).join(' '));
    expect(json.usage.completion_tokens).toBe(2);
  });

  it('calls the first tool with arguments that satisfy its schema', async () => {
    const { json } = await chat({ model: 'm', messages: user('weather?'), tools: [WEATHER_TOOL, TIME_TOOL] });
    const msg = json.choices[0].message;
    expect(json.choices[0].finish_reason).toBe('tool_calls');
    expect(msg.content).toBeNull();
    expect(msg.tool_calls).toHaveLength(1);
    expect(msg.tool_calls[0]).toMatchObject({ type: 'function', function: { name: 'get_weather' } });
    expect(msg.tool_calls[0].id).toMatch(/^call_/);
    const args = JSON.parse(msg.tool_calls[0].function.arguments);
    expect(args).toEqual({ city: expect.any(String), days: expect.any(Number), metric: expect.any(Boolean) });
    expect(json.usage.completion_tokens).toBe(Math.ceil(msg.tool_calls[0].function.arguments.length / 4));
  });

  it('calls the forced tool, two tools for parallel models, and none with tool_choice none or after a tool result', async () => {
    const forced = await chat({ model: 'm', messages: user('x'), tools: [WEATHER_TOOL, TIME_TOOL], tool_choice: { type: 'function', function: { name: 'get_time' } } });
    expect(forced.json.choices[0].message.tool_calls.map((t: Obj) => t.function.name)).toEqual(['get_time']);
    const parallel = await chat({ model: 'm-parallel', messages: user('x'), tools: [WEATHER_TOOL, TIME_TOOL] });
    expect(parallel.json.choices[0].message.tool_calls.map((t: Obj) => t.function.name)).toEqual(['get_weather', 'get_time']);
    const single = await chat({ model: 'm-parallel', messages: user('x'), tools: [WEATHER_TOOL, TIME_TOOL], parallel_tool_calls: false });
    expect(single.json.choices[0].message.tool_calls).toHaveLength(1);
    const none = await chat({ model: 'm', messages: user('x'), tools: [WEATHER_TOOL], tool_choice: 'none' });
    expect(none.json.choices[0].finish_reason).toBe('stop');
    const afterResult = await chat({
      model: 'm',
      tools: [WEATHER_TOOL],
      messages: [
        ...user('x'),
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
      ],
    });
    expect(afterResult.json.choices[0].finish_reason).toBe('stop');
    expect(typeof afterResult.json.choices[0].message.content).toBe('string');
  });

  it('streams tool calls as a header delta followed by argument pieces', async () => {
    const chunks = await streamText({ model: 'x-parallel', messages: user('x'), tools: [WEATHER_TOOL, TIME_TOOL] });
    const calls: Obj[] = [];
    for (const c of chunks) {
      for (const tc of c.choices[0]?.delta?.tool_calls ?? []) {
        if (tc.id) calls[tc.index] = { id: tc.id, name: tc.function.name, args: tc.function.arguments };
        else calls[tc.index]!.args += tc.function.arguments;
      }
    }
    expect(calls.map((c) => c.name)).toEqual(['get_weather', 'get_time']);
    expect(calls.every((c) => typeof JSON.parse(c.args) === 'object')).toBe(true);
    const argDeltas = chunks.filter((c) => c.choices[0]?.delta?.tool_calls?.[0]?.id === undefined && c.choices[0]?.delta?.tool_calls);
    expect(argDeltas.length).toBeGreaterThan(4);
    expect(chunks.at(-1)!.choices[0].finish_reason).toBe('tool_calls');
  });

  it('answers JSON in json_object mode and follows the schema in json_schema mode', async () => {
    const obj = await chat({ model: 'm', messages: user('json'), response_format: { type: 'json_object' } });
    expect(JSON.parse(obj.json.choices[0].message.content)).toEqual({ answer: expect.any(String) });
    const schema = { type: 'object', properties: { name: { type: 'string' }, age: { type: 'integer' }, ok: { type: 'boolean' } }, required: ['name', 'age'] };
    const s = await chat({ model: 'm', messages: user('json'), response_format: { type: 'json_schema', json_schema: { name: 'person', schema } } });
    expect(JSON.parse(s.json.choices[0].message.content)).toEqual({ name: expect.any(String), age: expect.any(Number) });
    const chunks = await streamText({ model: 'm', messages: user('json'), response_format: { type: 'json_schema', json_schema: { name: 'person', schema } } });
    expect(chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('')).toBe(s.json.choices[0].message.content);
  });

  it('emits reasoning_content and reasoning tokens for reasoner models', async () => {
    const { json } = await chat({ model: 'deepseek-reasoner', messages: user('think') });
    const msg = json.choices[0].message;
    expect(msg.reasoning_content.split(' ').length).toBe(json.usage.completion_tokens_details.reasoning_tokens);
    expect(json.usage.completion_tokens).toBe(msg.reasoning_content.split(' ').length + msg.content.split(' ').length);
    const chunks = await streamText({ model: 'deepseek-reasoner', messages: user('think') });
    expect(chunks.map((c) => c.choices[0]?.delta?.reasoning_content ?? '').join('')).toBe(msg.reasoning_content);
    const first = chunks.findIndex((c) => c.choices[0]?.delta?.content);
    const lastReasoning = chunks.findLastIndex((c) => c.choices[0]?.delta?.reasoning_content);
    expect(lastReasoning).toBeLessThan(first);
  });

  it('rejects malformed requests with OpenAI-shaped 400s and unknown routes with 404', async () => {
    const bad = await postJson(emu.url + '/v1/chat/completions', '{"model":');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text)).toEqual({ error: { message: expect.any(String), type: 'invalid_request_error', param: null, code: null } });
    const noMessages = await chat({ model: 'm' });
    expect(noMessages.status).toBe(400);
    expect(noMessages.json.error.param).toBe('messages');
    const badMax = await chat({ model: 'm', messages: user('x'), max_tokens: -1 });
    expect(badMax.status).toBe(400);
    const badTool = await chat({ model: 'm', messages: user('x'), tools: [WEATHER_TOOL], tool_choice: { type: 'function', function: { name: 'nope' } } });
    expect(badTool.status).toBe(400);
    const unknown = await postJson(emu.url + '/v2/whatever', {});
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.text).error.message).toBe('Invalid URL (POST /v2/whatever)');
    const wrongMethod = await fetch(emu.url + '/v1/chat/completions');
    expect(wrongMethod.status).toBe(404);
    await wrongMethod.text();
  });

  it('serves the chat route without /v1 and lists models per preset', async () => {
    expect((await chat({ model: 'm', messages: user('x') }, '/deepseek/chat/completions')).status).toBe(200);
    const list = (await (await fetch(emu.url + '/deepseek/v1/models')).json()) as Obj;
    expect(list.object).toBe('list');
    expect(list.data.map((m: Obj) => m.id)).toContain('deepseek-chat');
    const or = (await (await fetch(emu.url + '/openrouter/v1/models')).json()) as Obj;
    expect(typeof or.data[0].pricing.prompt).toBe('string');
    const anth = (await (await fetch(emu.url + '/anthropic/v1/models')).json()) as Obj;
    expect(anth.data[0].type).toBe('model');
  });
});
