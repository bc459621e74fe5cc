/**
 * End to end: the official `@anthropic-ai/sdk` client against Switchyard's Anthropic Messages door, in
 * front of an emulated OpenAI-protocol cheap model (DeepSeek) and an emulated Anthropic-protocol premium
 * model (Claude). Covers text, streaming, tool use over several turns, thinking, cache tokens, model_map,
 * count_tokens, cost headers against the ledger, and errors in Anthropic's shape.
 */
import Anthropic from '@anthropic-ai/sdk';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/load.js';
import { startEmulator, type Emulator } from '../src/emulator/index.js';
import type { LedgerRecord } from '../src/ledger/types.js';
import { anthropicRoutes } from '../src/server/anthropic-routes.js';
import { startGateway, type RunningGateway } from '../src/server/start.js';
import type { Price } from '../src/spec/provider.js';

const CONFIG = `
ledger: sqlite:DIR/ledger.db
baseline: claude-sonnet-4-5
timeouts: { connect_ms: 1000, first_byte_ms: 1500, idle_ms: 800, total_ms: 10000 }
retry: { max_attempts: 2, base_delay_ms: 5, max_delay_ms: 20, retry_after_cap_ms: 1500 }
providers:
  deepseek: { preset: deepseek, base_url: EMU/deepseek/v1, api_key: sk-test-deepseek-SECRET }
  anthropic: { preset: anthropic, base_url: EMU/anthropic, api_key: sk-ant-test-SECRET }
  deepseek-anthropic: { preset: deepseek-anthropic, base_url: EMU/deepseek/anthropic, api_key: sk-test-dsa-SECRET }
models:
  - { id: cheap-parallel, provider: deepseek, upstream: deepseek-chat-parallel, price: { input: 0.28, output: 0.42, cache_read: 0.028 } }
  - { id: premium-parallel, provider: anthropic, upstream: claude-sonnet-4-5-parallel, price: { input: 3, output: 15, cache_read: 0.3, cache_write: 3.75 } }
  - { id: deepseek-via-anthropic, provider: deepseek-anthropic, upstream: deepseek-chat, price: { input: 0.28, output: 0.42, cache_read: 0.028 } }
  - { id: limited, provider: deepseek, upstream: emu-fault-429, price: { input: 0.28, output: 0.42 } }
  - { id: down, provider: deepseek, upstream: emu-fault-503, price: { input: 0.28, output: 0.42 } }
  - { id: claude-down, provider: anthropic, upstream: claude-fault-503, price: { input: 3, output: 15 } }
  - { id: cut, provider: deepseek, upstream: emu-fault-stream-cut, price: { input: 0.28, output: 0.42 } }
  - { id: claude-cut, provider: anthropic, upstream: claude-fault-stream-cut, price: { input: 3, output: 15 } }
routes:
  cheap: { targets: [deepseek-chat] }
  resilient: { targets: [down, deepseek-chat] }
model_map:
  "claude-3-5-haiku-*": cheap
`;

let emulator: Emulator;
let gateway: RunningGateway;
let client: Anthropic;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, recordRequests: true });
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-anthropic-door-'));
  const config = parseConfig(CONFIG.replaceAll('EMU', emulator.url).replaceAll('DIR', dir), {}, 'test');
  gateway = await startGateway(config, { port: 0, host: '127.0.0.1', extraRoutes: [anthropicRoutes] });
  client = new Anthropic({ baseURL: gateway.url, apiKey: 'sk-switchyard-anything', maxRetries: 0, timeout: 10_000, logLevel: 'off' });
});
afterAll(async () => {
  await gateway?.close(2_000);
  await emulator?.close();
});

const CHEAP = 'deepseek-chat';
const PREMIUM = 'claude-sonnet-4-6';
const hello: Anthropic.MessageParam[] = [{ role: 'user', content: 'Say hello to the switchyard test suite.' }];
const weatherTool: Anthropic.Tool = {
  name: 'get_weather',
  description: 'Current weather for a city',
  input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};
const timeTool: Anthropic.Tool = { name: 'get_time', description: 'Local time in a city', input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } };

async function ledgerRow(requestId: string): Promise<LedgerRecord> {
  for await (const row of gateway.gateway.ledger.records({})) if (row.request_id === requestId) return row;
  throw new Error(`no ledger row for ${requestId}`);
}

function picoOf(usd: string): bigint {
  const [whole, frac = ''] = usd.split('.');
  return BigInt(whole!) * 10n ** 12n + BigInt((frac + '0'.repeat(12)).slice(0, 12));
}

/** The exact cost of Anthropic-shaped usage at `price`, in pico-USD. */
function costPico(usage: Anthropic.Usage, price: Price): bigint {
  const pico = (p: number | undefined): bigint => BigInt(Math.round((p ?? 0) * 1e6));
  return (
    BigInt(usage.input_tokens) * pico(price.input) +
    BigInt(usage.cache_read_input_tokens ?? 0) * pico(price.cacheRead ?? price.input) +
    BigInt(usage.cache_creation_input_tokens ?? 0) * pico(price.cacheWrite ?? price.input) +
    BigInt(usage.output_tokens) * pico(price.output)
  );
}

function textOf(message: Anthropic.Message): string {
  return message.content.map((b) => (b.type === 'text' ? b.text : '')).join('');
}

function toolUses(message: Anthropic.Message): Anthropic.ToolUseBlock[] {
  return message.content.filter((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use');
}

describe('Anthropic Messages door: answers', () => {
  for (const [model, provider] of [
    [CHEAP, 'deepseek'],
    [PREMIUM, 'anthropic'],
  ] as const) {
    it(`answers a non-streaming request on ${model} with exact cost headers that match the ledger`, async () => {
      const { data, response } = await client.messages.create({ model, max_tokens: 256, messages: hello }).withResponse();
      expect(data.type).toBe('message');
      expect(data.role).toBe('assistant');
      expect(data.id).toMatch(/^msg_/);
      expect(textOf(data).length).toBeGreaterThan(0);
      expect(data.stop_reason).toBe('end_turn');
      expect(response.headers.get('x-switchyard-model')).toBe(model);
      expect(response.headers.get('x-switchyard-provider')).toBe(provider);
      const entry = gateway.gateway.registry.get(model)!;
      const cost = picoOf(response.headers.get('x-switchyard-cost-usd')!);
      expect(cost).toBe(costPico(data.usage, entry.price));
      expect(picoOf(response.headers.get('x-switchyard-baseline-cost-usd')!)).toBe(costPico(data.usage, gateway.gateway.baselinePrice));
      const row = await ledgerRow(response.headers.get('x-switchyard-request-id')!);
      expect(row).toMatchObject({
        served_model: model,
        status: 'ok',
        stream: false,
        input_tokens: data.usage.input_tokens,
        cache_read_tokens: data.usage.cache_read_input_tokens,
        cache_write_tokens: data.usage.cache_creation_input_tokens,
        output_tokens: data.usage.output_tokens,
      });
      expect(BigInt(row.cost_pico)).toBe(cost);
    });

    it(`streams on ${model}: finalMessage() usage is exact and equals the ledger row`, async () => {
      const stream = client.messages.stream({ model, max_tokens: 256, messages: hello });
      const types: string[] = [];
      stream.on('streamEvent', (event) => types.push(event.type));
      let text = '';
      stream.on('text', (delta) => (text += delta));
      const final = await stream.finalMessage();
      const { response } = await stream.withResponse();
      expect(text.length).toBeGreaterThan(0);
      expect(textOf(final)).toBe(text);
      expect(final.stop_reason).toBe('end_turn');
      expect(types[0]).toBe('message_start');
      expect(types.slice(-2)).toEqual(['message_delta', 'message_stop']);
      expect(response.headers.get('x-switchyard-model')).toBe(model);
      expect(response.headers.get('content-type')).toContain('text/event-stream');
      const row = await ledgerRow(response.headers.get('x-switchyard-request-id')!);
      expect(row.stream).toBe(true);
      expect(row.usage_estimated).toBe(false);
      expect({
        input_tokens: final.usage.input_tokens,
        cache_read_input_tokens: final.usage.cache_read_input_tokens,
        cache_creation_input_tokens: final.usage.cache_creation_input_tokens,
        output_tokens: final.usage.output_tokens,
      }).toEqual({ input_tokens: row.input_tokens, cache_read_input_tokens: row.cache_read_tokens, cache_creation_input_tokens: row.cache_write_tokens, output_tokens: row.output_tokens });
      expect(final.usage.output_tokens).toBeGreaterThan(0);
    });
  }

  it('streams the raw Anthropic event sequence, ping included', async () => {
    const res = await fetch(`${gateway.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'k', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: CHEAP, max_tokens: 64, stream: true, messages: hello }),
    });
    const events = (await res.text()).split('\n\n').filter(Boolean).map((frame) => frame.split('\n')[0]!.replace('event: ', ''));
    expect(events.slice(0, 3)).toEqual(['message_start', 'ping', 'content_block_start']);
    expect(events.slice(-4)).toEqual(['content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']);
  });

  it('passes Anthropic-only fields through to an Anthropic upstream unchanged', async () => {
    emulator.reset();
    const system: Anthropic.TextBlockParam[] = [{ type: 'text', text: 'You are terse.', cache_control: { type: 'ephemeral' } }];
    await client.messages.create({
      model: PREMIUM,
      max_tokens: 300,
      system,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Count to five.', cache_control: { type: 'ephemeral', ttl: '1h' } }] }],
      stop_sequences: ['six'],
      metadata: { user_id: 'user-7' },
      top_k: 5,
    });
    const sent = emulator.requests.at(-1)!;
    expect(sent.path).toBe('/anthropic/v1/messages');
    expect(sent.body).toEqual({
      model: PREMIUM,
      max_tokens: 300,
      system,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Count to five.', cache_control: { type: 'ephemeral', ttl: '1h' } }] }],
      stop_sequences: ['six'],
      metadata: { user_id: 'user-7' },
      top_k: 5,
    });
  });

  it('serves through a provider preset with an Anthropic-compatible endpoint (protocol: anthropic)', async () => {
    emulator.reset();
    const { data, response } = await client.messages.create({ model: 'deepseek-via-anthropic', max_tokens: 64, messages: hello }).withResponse();
    expect(textOf(data)).toBeTruthy();
    expect(response.headers.get('x-switchyard-provider')).toBe('deepseek-anthropic');
    const sent = emulator.requests.at(-1)!;
    expect(sent.path).toBe('/deepseek/anthropic/v1/messages');
    expect(sent.headers.authorization).toBe('Bearer sk-test-dsa-SECRET');
  });

  it('accepts Claude Code’s /v1/messages?beta=true, x-api-key or Authorization: Bearer, with or without anthropic-version', async () => {
    const beta = await client.beta.messages.create({ model: CHEAP, max_tokens: 64, messages: hello });
    expect(beta.content.length).toBeGreaterThan(0);
    const bearer = new Anthropic({ baseURL: gateway.url, authToken: 'sk-token', apiKey: null, maxRetries: 0, logLevel: 'off' });
    expect((await bearer.messages.create({ model: CHEAP, max_tokens: 64, messages: hello })).content.length).toBeGreaterThan(0);
    const res = await fetch(`${gateway.url}/v1/messages?beta=true`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'sk-ant-anything' },
      body: JSON.stringify({ model: CHEAP, max_tokens: 64, messages: hello }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { type: string }).type).toBe('message');
  });
});

describe('Anthropic Messages door: tools over several turns', () => {
  for (const model of [CHEAP, PREMIUM]) {
    it(`runs tool_use -> tool_result -> answer on ${model}`, async () => {
      const messages: Anthropic.MessageParam[] = [{ role: 'user', content: 'What is the weather in Paris?' }];
      const first = await client.messages.create({ model, max_tokens: 512, tools: [weatherTool], messages });
      expect(first.stop_reason).toBe('tool_use');
      const [call] = toolUses(first);
      expect(call?.name).toBe('get_weather');
      expect(call?.input).toHaveProperty('city');
      messages.push({ role: 'assistant', content: first.content });
      messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: call!.id, content: '{"temp_c": 21}' }] });

      // Turn two streams, as agents do; the answer comes after the tool result.
      const second = await client.messages.stream({ model, max_tokens: 512, tools: [weatherTool], messages }).finalMessage();
      expect(second.stop_reason).toBe('end_turn');
      expect(textOf(second).length).toBeGreaterThan(0);
      messages.push({ role: 'assistant', content: second.content });
      messages.push({ role: 'user', content: 'And in Berlin?' });

      const third = await client.messages.stream({ model, max_tokens: 512, tools: [weatherTool], messages }).finalMessage();
      expect(third.stop_reason).toBe('tool_use');
      expect(toolUses(third)[0]?.input).toHaveProperty('city');

      // The upstream saw the whole conversation in its own protocol, tool ids intact.
      const sent = emulator.requests.at(-1)!.body as { messages: Array<Record<string, unknown>> };
      const serialized = JSON.stringify(sent.messages);
      expect(serialized).toContain(call!.id);
      expect(serialized).toContain('{\\"temp_c\\": 21}');
    });

    it(`streams parallel tool calls as consecutive tool_use blocks on ${model}`, async () => {
      const parallel = model === CHEAP ? 'cheap-parallel' : 'premium-parallel';
      const stream = client.messages.stream({ model: parallel, max_tokens: 512, tools: [weatherTool, timeTool], messages: [{ role: 'user', content: 'Weather and time in Oslo?' }] });
      const starts: string[] = [];
      stream.on('streamEvent', (event) => {
        if (event.type === 'content_block_start') starts.push(event.content_block.type);
      });
      const final = await stream.finalMessage();
      const calls = toolUses(final);
      expect(calls.map((c) => c.name)).toEqual(['get_weather', 'get_time']);
      expect(new Set(calls.map((c) => c.id)).size).toBe(2);
      for (const c of calls) expect(c.input).toHaveProperty('city');
      expect(starts.filter((t) => t === 'tool_use')).toHaveLength(2);
      expect(final.stop_reason).toBe('tool_use');
    });
  }

  it('maps tool_choice and disable_parallel_tool_use for an OpenAI-protocol upstream', async () => {
    emulator.reset();
    const res = await client.messages.create({
      model: 'cheap-parallel',
      max_tokens: 256,
      tools: [weatherTool, timeTool],
      tool_choice: { type: 'tool', name: 'get_time', disable_parallel_tool_use: true },
      messages: [{ role: 'user', content: 'Time in Oslo?' }],
    });
    expect(toolUses(res).map((c) => c.name)).toEqual(['get_time']);
    const sent = emulator.requests.at(-1)!.body as Record<string, unknown>;
    expect(sent.tool_choice).toEqual({ type: 'function', function: { name: 'get_time' } });
    expect(sent.parallel_tool_calls).toBe(false);
    expect(sent.tools).toEqual([
      { type: 'function', function: { name: 'get_weather', description: 'Current weather for a city', parameters: weatherTool.input_schema } },
      { type: 'function', function: { name: 'get_time', description: 'Local time in a city', parameters: timeTool.input_schema } },
    ]);
  });
});

describe('Anthropic Messages door: thinking', () => {
  it('turns DeepSeek reasoning_content into thinking blocks, streamed and not, and sends it back on tool turns', async () => {
    const messages: Anthropic.MessageParam[] = [{ role: 'user', content: 'Plan a trip: weather in Rome?' }];
    const first = await client.messages.create({ model: 'deepseek-reasoner', max_tokens: 2000, tools: [weatherTool], messages });
    const thinking = first.content[0];
    expect(thinking?.type).toBe('thinking');
    if (thinking?.type !== 'thinking') throw new Error('expected thinking');
    expect(thinking.thinking.length).toBeGreaterThan(0);
    const streamed = await client.messages.stream({ model: 'deepseek-reasoner', max_tokens: 2000, tools: [weatherTool], messages }).finalMessage();
    expect(streamed.content.map((b) => b.type)).toEqual(['thinking', 'tool_use']);
    expect(streamed.content[0]).toEqual(thinking);

    emulator.reset();
    const call = toolUses(first)[0]!;
    messages.push({ role: 'assistant', content: first.content });
    messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: 'sunny' }] });
    const second = await client.messages.create({ model: 'deepseek-reasoner', max_tokens: 2000, tools: [weatherTool], messages });
    expect(textOf(second).length).toBeGreaterThan(0);
    // DeepSeek's thinking mode wants the reasoning of a tool-call turn back: it is there.
    const sent = emulator.requests.at(-1)!.body as { messages: Array<{ role: string; reasoning_content?: string }> };
    expect(sent.messages.find((m) => m.role === 'assistant')?.reasoning_content).toBe(thinking.thinking);
  });

  it('keeps Claude thinking signatures across turns on an Anthropic upstream', async () => {
    const messages: Anthropic.MessageParam[] = [{ role: 'user', content: 'Weather in Lyon?' }];
    const thinkingConfig = { type: 'enabled' as const, budget_tokens: 1024 };
    const first = await client.messages.stream({ model: PREMIUM, max_tokens: 4000, thinking: thinkingConfig, tools: [weatherTool], messages }).finalMessage();
    const block = first.content[0];
    expect(block?.type).toBe('thinking');
    if (block?.type !== 'thinking') throw new Error('expected thinking');
    expect(block.signature).toMatch(/\w{10,}/);
    emulator.reset();
    messages.push({ role: 'assistant', content: first.content });
    messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUses(first)[0]!.id, content: 'rain' }] });
    await client.messages.create({ model: PREMIUM, max_tokens: 4000, thinking: thinkingConfig, tools: [weatherTool], messages });
    const sent = emulator.requests.at(-1)!.body as { messages: Array<{ role: string; content: unknown }>; thinking: unknown };
    expect(sent.thinking).toEqual(thinkingConfig);
    expect((sent.messages[1]!.content as unknown[])[0]).toEqual({ type: 'thinking', thinking: block.thinking, signature: block.signature });
  });
});

describe('Anthropic Messages door: cache tokens in Anthropic shape', () => {
  it('reports cache writes then cache reads from an Anthropic upstream, input excluding both', async () => {
    emulator.reset();
    const system: Anthropic.TextBlockParam[] = [{ type: 'text', text: 'A long, stable system prompt for caching. '.repeat(20), cache_control: { type: 'ephemeral' } }];
    const first = await client.messages.create({ model: PREMIUM, max_tokens: 64, system, messages: [{ role: 'user', content: 'First question?' }] });
    expect(first.usage.cache_creation_input_tokens).toBeGreaterThan(0);
    expect(first.usage.cache_read_input_tokens).toBe(0);
    const stream = client.messages.stream({ model: PREMIUM, max_tokens: 64, system, messages: [{ role: 'user', content: 'Second question?' }] });
    const second = await stream.finalMessage();
    expect(second.usage.cache_read_input_tokens).toBe(first.usage.cache_creation_input_tokens);
    expect(second.usage.cache_creation_input_tokens).toBe(0);
    expect(second.usage.input_tokens).toBeLessThan(first.usage.input_tokens + first.usage.cache_creation_input_tokens!);
    const row = await ledgerRow((await stream.withResponse()).response.headers.get('x-switchyard-request-id')!);
    expect([row.input_tokens, row.cache_read_tokens, row.cache_write_tokens]).toEqual([second.usage.input_tokens, second.usage.cache_read_input_tokens, 0]);
  });

  it('reports an OpenAI-protocol upstream’s cached prefix as cache_read_input_tokens', async () => {
    emulator.reset();
    const system = 'Stable instructions shared by every call. '.repeat(20);
    const first = await client.messages.create({ model: CHEAP, max_tokens: 64, system, messages: [{ role: 'user', content: 'One?' }] });
    const { data: second, response } = await client.messages.create({ model: CHEAP, max_tokens: 64, system, messages: [{ role: 'user', content: 'Two?' }] }).withResponse();
    expect(first.usage.cache_read_input_tokens).toBe(0);
    expect(second.usage.cache_read_input_tokens).toBeGreaterThan(0);
    expect(second.usage.input_tokens + second.usage.cache_read_input_tokens!).toBe(first.usage.input_tokens);
    const entry = gateway.gateway.registry.get(CHEAP)!;
    expect(picoOf(response.headers.get('x-switchyard-cost-usd')!)).toBe(costPico(second.usage, entry.price));
  });
});

describe('Anthropic Messages door: routing', () => {
  it('serves an unmodified agent’s Claude model name through model_map', async () => {
    const { data, response } = await client.messages.create({ model: 'claude-3-5-haiku-20241022', max_tokens: 64, messages: hello }).withResponse();
    expect(textOf(data)).toBeTruthy();
    expect(response.headers.get('x-switchyard-route')).toBe('cheap');
    expect(response.headers.get('x-switchyard-model')).toBe(CHEAP);
    expect(data.model).toBe(CHEAP);
    const row = await ledgerRow(response.headers.get('x-switchyard-request-id')!);
    expect(row.requested_model).toBe('claude-3-5-haiku-20241022');
  });

  it('falls back along a route, streaming too', async () => {
    const { response } = await client.messages.create({ model: 'resilient', max_tokens: 64, messages: hello }).withResponse();
    expect(response.headers.get('x-switchyard-model')).toBe(CHEAP);
    const final = await client.messages.stream({ model: 'resilient', max_tokens: 64, messages: hello }).finalMessage();
    expect(textOf(final)).toBeTruthy();
  });

  it('falls back to a model whose output limit is below the 32000 Claude Code asks for (it was dropped: max_output)', async () => {
    const { response } = await client.messages.create({ model: 'resilient', max_tokens: 32_000, messages: hello }).withResponse();
    expect(response.headers.get('x-switchyard-model')).toBe(CHEAP);
    const sent = emulator.requests.at(-1)!.body as { max_tokens?: number };
    expect(sent.max_tokens).toBe(8192);
  });

  it('counts tokens (an estimate) and 404s an unknown model there too', async () => {
    const count = await client.messages.countTokens({ model: 'claude-3-5-haiku-20241022', system: 'Be brief.', messages: hello, tools: [weatherTool] });
    expect(count.input_tokens).toBeGreaterThan(10);
    const err = await client.messages.countTokens({ model: 'no-such-model', messages: hello }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.NotFoundError);
  });
});

describe('Anthropic Messages door: errors', () => {
  async function post(body: string, path = '/v1/messages'): Promise<{ status: number; body: { type: string; error: { type: string; message: string } } }> {
    const res = await fetch(`${gateway.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'k' }, body });
    return { status: res.status, body: (await res.json()) as { type: string; error: { type: string; message: string } } };
  }

  it('rejects an invalid request with an Anthropic 400 naming the field', async () => {
    const err = await client.messages.create({ model: CHEAP, messages: hello } as unknown as Anthropic.MessageCreateParamsNonStreaming).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.BadRequestError);
    const apiErr = err as InstanceType<typeof Anthropic.BadRequestError>;
    expect(apiErr.type).toBe('invalid_request_error');
    expect(apiErr.apiMessage).toMatch(/^max_tokens: Field required/);
    const bad = await post(JSON.stringify({ model: CHEAP, max_tokens: 10, messages: [{ role: 'user', content: [{ type: 'text' }] }] }));
    expect(bad).toEqual({ status: 400, body: { type: 'error', error: { type: 'invalid_request_error', message: 'messages.0.content.0.text: Field required' } } });
  });

  it('rejects malformed JSON and unknown paths in Anthropic shape', async () => {
    const json = await post('{"model": ');
    expect(json.status).toBe(400);
    expect(json.body.type).toBe('error');
    expect(json.body.error.type).toBe('invalid_request_error');
    const batches = await post('{}', '/v1/messages/batches');
    expect(batches.status).toBe(404);
    expect(batches.body.error.type).toBe('not_found_error');
    const get = await fetch(`${gateway.url}/v1/messages`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });

  it('answers an unknown model with a 404 not_found_error', async () => {
    const err = await client.messages.create({ model: 'no-such-model', max_tokens: 10, messages: hello }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.NotFoundError);
    expect((err as InstanceType<typeof Anthropic.NotFoundError>).type).toBe('not_found_error');
  });

  it.each([
    ['limited', 429, 'rate_limit_error', Anthropic.RateLimitError],
    ['down', 503, 'overloaded_error', Anthropic.InternalServerError],
    ['claude-down', 503, 'overloaded_error', Anthropic.InternalServerError],
  ] as const)('maps upstream failures of %s to %i %s', async (model, status, type, cls) => {
    const err = await client.messages.create({ model, max_tokens: 10, messages: hello }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(cls);
    const apiErr = err as InstanceType<typeof Anthropic.APIError>;
    expect(apiErr.status).toBe(status);
    expect(apiErr.type).toBe(type);
    expect(JSON.stringify(apiErr.error)).not.toContain('SECRET');
  });

  for (const model of ['cut', 'claude-cut']) {
    it(`ends a stream cut mid-answer (${model}) with an Anthropic error event, never message_stop`, async () => {
      const res = await fetch(`${gateway.url}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': 'k' },
        body: JSON.stringify({ model, max_tokens: 200, stream: true, messages: hello }),
      });
      expect(res.status).toBe(200);
      const frames = (await res.text()).split('\n\n').filter(Boolean);
      expect(frames[0]).toMatch(/^event: message_start/);
      const last = frames.at(-1)!;
      expect(last).toMatch(/^event: error\ndata: /);
      expect(JSON.parse(last.split('\ndata: ')[1]!)).toMatchObject({ type: 'error', error: { type: 'api_error' } });
      expect(frames.some((f) => f.startsWith('event: message_stop'))).toBe(false);
      // billed for what was streamed: Claude's message_start says output_tokens 1 until the end
      const streamed = frames.filter((f) => f.includes('"text_delta"')).length;
      expect(streamed).toBeGreaterThan(2);
      await gateway.gateway.ledger.flush();
      const row = await ledgerRow(res.headers.get('x-switchyard-request-id')!);
      expect(row).toMatchObject({ status: 'error', usage_estimated: true });
      expect(row.output_tokens).toBeGreaterThanOrEqual(streamed);
      expect(row.input_tokens).toBeGreaterThan(0);

      const stream = client.messages.stream({ model, max_tokens: 200, messages: hello });
      const err = await stream.finalMessage().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Anthropic.APIError);
      expect((err as InstanceType<typeof Anthropic.APIError>).type).toBe('api_error');
    });
  }
});

describe('Anthropic Messages door: keys', () => {
  it('with admin_key set, answers a missing or wrong key with an Anthropic 401 and accepts x-api-key or Bearer', async () => {
    const keyed = await startGateway(
      parseConfig(`${CONFIG.replaceAll('EMU', emulator.url).replace('ledger: sqlite:DIR/ledger.db', 'ledger: none')}\nadmin_key: sk-admin-0123456789\n`, {}, 'test'),
      { port: 0, host: '127.0.0.1', extraRoutes: [anthropicRoutes] },
    );
    try {
      const body = JSON.stringify({ model: CHEAP, max_tokens: 32, messages: hello });
      const post = (headers: Record<string, string>, path = '/v1/messages') => fetch(`${keyed.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
      for (const headers of [{}, { 'x-api-key': 'sk-wrong' }]) {
        const res = await post(headers);
        expect(res.status).toBe(401);
        expect(await res.json()).toEqual({ type: 'error', error: { type: 'authentication_error', message: 'invalid or missing API key' } });
      }
      expect((await post({}, '/v1/messages/count_tokens')).status).toBe(401);
      expect((await post({ 'x-api-key': 'sk-admin-0123456789' })).status).toBe(200);
      expect((await post({ authorization: 'Bearer sk-admin-0123456789' })).status).toBe(200);
      expect((await post({ 'x-api-key': 'sk-admin-0123456789' }, '/v1/messages/count_tokens')).status).toBe(200);
    } finally {
      await keyed.close(2_000);
    }
  });
});
