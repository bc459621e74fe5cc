import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from './index.js';
import { parseSse, postJson, type SseMessage } from './testing.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

type Obj = Record<string, any>;
const HEADERS = { 'x-api-key': 'test', 'anthropic-version': '2023-06-01' };
const send = async (body: Obj, path = '/v1/messages'): Promise<{ status: number; json: Obj }> => {
  const r = await postJson(emu.url + path, body, HEADERS);
  return { status: r.status, json: JSON.parse(r.text) as Obj };
};
const stream = async (body: Obj, path = '/v1/messages'): Promise<SseMessage[]> => {
  const r = await postJson(emu.url + path, { ...body, stream: true }, HEADERS);
  expect(r.status).toBe(200);
  return parseSse(r.text);
};
const data = (events: SseMessage[]): Obj[] => events.map((e) => JSON.parse(e.data) as Obj);
const user = (content: unknown) => [{ role: 'user', content }];
const LOOKUP = { name: 'lookup', input_schema: { type: 'object', properties: { query: { type: 'string' }, limit: { type: 'integer' } }, required: ['query', 'limit'] } };

describe('Anthropic Messages', () => {
  it('answers a message with usage and end_turn', async () => {
    const { status, json } = await send({ model: 'claude-sonnet-4-5', max_tokens: 200, system: 'Be brief.', messages: user('Hello') });
    expect(status).toBe(200);
    expect(json).toMatchObject({ type: 'message', role: 'assistant', model: 'claude-sonnet-4-5', stop_reason: 'end_turn', stop_sequence: null });
    expect(json.id).toMatch(/^msg_/);
    expect(json.content).toHaveLength(1);
    expect(json.content[0].type).toBe('text');
    const words = json.content[0].text.split(' ').length;
    expect(json.usage).toEqual({
      input_tokens: Math.ceil('Be brief.Hello'.length / 4) + 8,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      output_tokens: words,
    });
  });

  it('gives the same text as the OpenAI protocol for the same last user message', async () => {
    const a = await send({ model: 'c', max_tokens: 100, messages: user('same question') });
    const o = JSON.parse((await postJson(emu.url + '/v1/chat/completions', { model: 'c', messages: user('same question') })).text) as Obj;
    expect(a.json.content[0].text).toBe(o.choices[0].message.content);
  });

  it('stops with max_tokens and stop_sequence', async () => {
    const cut = await send({ model: 'c', max_tokens: 4, messages: user('x') });
    expect(cut.json.stop_reason).toBe('max_tokens');
    expect(cut.json.usage.output_tokens).toBe(4);
    const full = (await send({ model: 'c', max_tokens: 100, messages: user('x') })).json.content[0].text as string;
    const second = full.split(' ')[1]!;
    const stopped = await send({ model: 'c', max_tokens: 100, messages: user('x'), stop_sequences: [' ' + second] });
    expect(stopped.json).toMatchObject({ stop_reason: 'stop_sequence', stop_sequence: ' ' + second });
    expect(stopped.json.content[0].text).toBe(full.split(' ')[0]);
  });

  it('streams the real event sequence with event: lines matching the data type', async () => {
    const events = await stream({ model: 'c', max_tokens: 5, messages: user('stream') });
    const types = events.map((e) => e.event);
    expect(types).toEqual([
      'message_start',
      'content_block_start',
      'ping',
      'content_block_delta',
      'content_block_delta',
      'content_block_delta',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    const payloads = data(events);
    payloads.forEach((p, i) => expect(p.type).toBe(types[i]));
    expect(payloads[0]!.message.usage).toEqual({ input_tokens: expect.any(Number), cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 1 });
    expect(payloads[1]!.content_block).toEqual({ type: 'text', text: '' });
    expect(payloads[3]!.delta.type).toBe('text_delta');
    expect(payloads[9]!.delta).toEqual({ stop_reason: 'max_tokens', stop_sequence: null });
    expect(payloads[9]!.usage.output_tokens).toBe(5);
    expect(payloads[9]!.usage.input_tokens).toBe(payloads[0]!.message.usage.input_tokens);
  });

  it('emits a signed thinking block when thinking is enabled, before the text', async () => {
    const events = data(await stream({ model: 'claude-sonnet-4-5', max_tokens: 100, thinking: { type: 'enabled', budget_tokens: 5 }, messages: user('think') }));
    const starts = events.filter((e) => e.type === 'content_block_start').map((e) => e.content_block.type);
    expect(starts).toEqual(['thinking', 'text']);
    const thinkingDeltas = events.filter((e) => e.delta?.type === 'thinking_delta');
    expect(thinkingDeltas).toHaveLength(5);
    const sigIndex = events.findIndex((e) => e.delta?.type === 'signature_delta');
    expect(events[sigIndex + 1]!.type).toBe('content_block_stop');
    const { json } = await send({ model: 'claude-sonnet-4-5', max_tokens: 100, thinking: { type: 'enabled', budget_tokens: 5 }, messages: user('think') });
    expect(json.content[0]).toEqual({ type: 'thinking', thinking: expect.any(String), signature: events[sigIndex]!.delta.signature });
    const textWords = json.content[1].text.split(' ').length;
    expect(json.usage.output_tokens).toBe(5 + textWords);
    const plain = await send({ model: 'claude-sonnet-4-5', max_tokens: 100, messages: user('think') });
    expect(plain.json.content.map((b: Obj) => b.type)).toEqual(['text']);
    const named = await send({ model: 'deepseek-reasoner', max_tokens: 100, messages: user('think') });
    expect(named.json.content[0].type).toBe('thinking');
    const disabled = await send({ model: 'deepseek-reasoner', max_tokens: 100, thinking: { type: 'disabled' }, messages: user('think') });
    expect(disabled.json.content[0].type).toBe('text');
  });

  it('calls tools with input_json_delta pieces and stop_reason tool_use', async () => {
    const events = data(await stream({ model: 'c', max_tokens: 100, tools: [LOOKUP], messages: user('find it') }));
    const start = events.find((e) => e.type === 'content_block_start')!;
    expect(start.content_block).toMatchObject({ type: 'tool_use', name: 'lookup', input: {} });
    expect(start.content_block.id).toMatch(/^toolu_/);
    const pieces = events.filter((e) => e.delta?.type === 'input_json_delta').map((e) => e.delta.partial_json as string);
    expect(pieces.length).toBeGreaterThan(3);
    expect(JSON.parse(pieces.join(''))).toEqual({ query: expect.any(String), limit: expect.any(Number) });
    expect(events.find((e) => e.type === 'message_delta')!.delta.stop_reason).toBe('tool_use');
    const { json } = await send({ model: 'c-parallel', max_tokens: 100, tools: [LOOKUP], messages: user('find it') });
    expect(json.content.map((b: Obj) => b.type)).toEqual(['tool_use', 'tool_use']);
    expect(json.content[0].input).toEqual({ query: expect.any(String), limit: expect.any(Number) });
    const afterResult = await send({
      model: 'c',
      max_tokens: 100,
      tools: [LOOKUP],
      messages: [
        ...user('find it'),
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'lookup', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'found' }] },
      ],
    });
    expect(afterResult.json.stop_reason).toBe('end_turn');
    const none = await send({ model: 'c', max_tokens: 100, tools: [LOOKUP], tool_choice: { type: 'none' }, messages: user('x') });
    expect(none.json.stop_reason).toBe('end_turn');
  });

  it('answers JSON for output_format json_schema', async () => {
    const schema = { type: 'object', properties: { title: { type: 'string' } }, required: ['title'] };
    const { json } = await send({ model: 'c', max_tokens: 100, output_format: { type: 'json_schema', schema }, messages: user('x') });
    expect(JSON.parse(json.content[0].text)).toEqual({ title: expect.any(String) });
  });

  it('reports cache reads (excluded from input_tokens) and cache_control writes', async () => {
    const system = [{ type: 'text', text: 'S'.repeat(400), cache_control: { type: 'ephemeral' } }];
    const first = await send({ model: 'c', max_tokens: 10, system, messages: user('one') });
    expect(first.json.usage).toMatchObject({ cache_creation_input_tokens: 104, cache_read_input_tokens: 0, input_tokens: 1 + 4 });
    const second = await send({ model: 'c', max_tokens: 10, system, messages: user('two') });
    expect(second.json.usage).toMatchObject({ cache_creation_input_tokens: 0, cache_read_input_tokens: 104, input_tokens: 5 });
    const events = data(await stream({ model: 'c', max_tokens: 10, system, messages: user('three') }));
    expect(events[0]!.message.usage.cache_read_input_tokens).toBe(104);
    const plainSystem = 'P'.repeat(40);
    await send({ model: 'c', max_tokens: 10, system: plainSystem, messages: user('a') });
    const reread = await send({ model: 'c', max_tokens: 10, system: plainSystem, messages: user('b') });
    expect(reread.json.usage).toMatchObject({ cache_read_input_tokens: 14, cache_creation_input_tokens: 0, input_tokens: 5 });
  });

  it('counts tokens', async () => {
    const r = await send({ model: 'c', system: 'abcd', messages: user('efgh') }, '/v1/messages/count_tokens');
    expect(r).toEqual({ status: 200, json: { input_tokens: 2 + 8 } });
  });

  it('serves /anthropic and /{preset}/anthropic paths', async () => {
    for (const path of ['/anthropic/v1/messages', '/deepseek/anthropic/v1/messages', '/minimax/anthropic/v1/messages']) {
      expect((await send({ model: 'c', max_tokens: 5, messages: user('x') }, path)).status).toBe(200);
    }
    expect((await send({ model: 'c', messages: user('x') }, '/moonshot/anthropic/v1/messages/count_tokens')).status).toBe(200);
  });

  it('rejects malformed requests with Anthropic-shaped 400s', async () => {
    const noMax = await send({ model: 'c', messages: user('x') });
    expect(noMax).toEqual({ status: 400, json: { type: 'error', error: { type: 'invalid_request_error', message: 'max_tokens: Field required' } } });
    const badRole = await send({ model: 'c', max_tokens: 5, messages: [{ role: 'system', content: 'x' }] });
    expect(badRole.status).toBe(400);
    const badJson = await postJson(emu.url + '/v1/messages', '{', HEADERS);
    expect(badJson.status).toBe(400);
    expect((JSON.parse(badJson.text) as Obj).type).toBe('error');
    const notFound = await postJson(emu.url + '/anthropic/v1/messages/batches', {}, HEADERS);
    expect(notFound.status).toBe(404);
    expect((JSON.parse(notFound.text) as Obj).error.type).toBe('not_found_error');
  });
});
