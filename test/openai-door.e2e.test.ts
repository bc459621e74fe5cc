/**
 * End to end: the official `openai` SDK against Switchyard in front of the emulator. Covers answers,
 * streaming, tools, cost headers, fallbacks, retries, faults and errors in OpenAI's shape.
 */
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLedger } from '../src/ledger/open.js';
import { startHarness, STANDARD_CONFIG, type Harness } from './helpers/harness.js';

let h: Harness;
let client: OpenAI;

beforeAll(async () => {
  h = await startHarness(STANDARD_CONFIG);
  client = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: 'anything', maxRetries: 0, timeout: 10_000 });
});
afterAll(async () => {
  await h?.close();
});

const hello = [{ role: 'user' as const, content: 'Say hello to the switchyard test suite.' }];

function picoOf(usd: string): bigint {
  const [whole, frac = ''] = usd.split('.');
  return BigInt(whole!) * 10n ** 12n + BigInt((frac + '0'.repeat(12)).slice(0, 12));
}

describe('OpenAI front door', () => {
  it('answers a non-streaming request with exact cost headers', async () => {
    const { data, response } = await client.chat.completions.create({ model: 'deepseek-chat', messages: hello }).withResponse();
    expect(data.choices[0]!.message.content).toBeTruthy();
    expect(data.choices[0]!.finish_reason).toBe('stop');
    expect(response.headers.get('x-switchyard-model')).toBe('deepseek-chat');
    expect(response.headers.get('x-switchyard-provider')).toBe('deepseek');
    expect(response.headers.get('x-switchyard-request-id')).toMatch(/\w+/);
    const usage = data.usage!;
    const cached = usage.prompt_tokens_details?.cached_tokens ?? 0;
    // deepseek-chat: the catalog price, USD per 1M tokens, as exact integers of pico-USD per token.
    const entry = h.gateway.gateway.registry.get('deepseek-chat')!;
    const pico = (p: number | undefined) => BigInt(Math.round((p ?? 0) * 1e6));
    const expected =
      BigInt(usage.prompt_tokens - cached) * pico(entry.price.input) +
      BigInt(cached) * pico(entry.price.cacheRead ?? entry.price.input) +
      BigInt(usage.completion_tokens) * pico(entry.price.output);
    expect(picoOf(response.headers.get('x-switchyard-cost-usd')!)).toBe(expected);
    const baseline = h.gateway.gateway.baselinePrice;
    const expectedBaseline =
      BigInt(usage.prompt_tokens - cached) * pico(baseline.input) +
      BigInt(cached) * pico(baseline.cacheRead ?? baseline.input) +
      BigInt(usage.completion_tokens) * pico(baseline.output);
    expect(picoOf(response.headers.get('x-switchyard-baseline-cost-usd')!)).toBe(expectedBaseline);
    expect(expectedBaseline).toBeGreaterThan(expected);
  });

  it('streams with include_usage: the usage chunk carries the cost', async () => {
    const stream = await client.chat.completions.create({ model: 'deepseek-chat', messages: hello, stream: true, stream_options: { include_usage: true } });
    let text = '';
    let usage: (OpenAI.CompletionUsage & { cost?: number }) | undefined;
    let finish: string | null = null;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text.length).toBeGreaterThan(0);
    expect(finish).toBe('stop');
    expect(usage?.completion_tokens).toBeGreaterThan(0);
    expect(typeof usage?.cost).toBe('number');
    expect(usage!.cost!).toBeGreaterThan(0);
  });

  it('always asks the upstream for usage but sends no usage chunk the client did not ask for', async () => {
    h.emulator.reset();
    const stream = await client.chat.completions.create({ model: 'deepseek-chat', messages: hello, stream: true });
    let sawUsage = false;
    for await (const chunk of stream) if (chunk.usage) sawUsage = true;
    expect(sawUsage).toBe(false);
    const sent = h.emulator.requests.at(-1)!.body as { stream_options?: { include_usage?: boolean } };
    expect(sent.stream_options?.include_usage).toBe(true);
  });

  it('returns tool calls and continues after a tool result', async () => {
    const tools: OpenAI.ChatCompletionTool[] = [
      { type: 'function', function: { name: 'get_weather', description: 'weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } },
    ];
    const first = await client.chat.completions.create({ model: 'deepseek-chat', messages: [{ role: 'user', content: 'Weather in Paris?' }], tools });
    const call = first.choices[0]!.message.tool_calls?.[0];
    expect(first.choices[0]!.finish_reason).toBe('tool_calls');
    expect(call?.type).toBe('function');
    if (call?.type !== 'function') throw new Error('expected a function call');
    expect(call.function.name).toBe('get_weather');
    expect(JSON.parse(call.function.arguments)).toHaveProperty('city');
    const second = await client.chat.completions.create({
      model: 'deepseek-chat',
      tools,
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        first.choices[0]!.message,
        { role: 'tool', tool_call_id: call.id, content: '{"temp_c": 21}' },
      ],
    });
    expect(second.choices[0]!.finish_reason).toBe('stop');
    expect(second.choices[0]!.message.content).toBeTruthy();
  });

  it('streams tool calls', async () => {
    const stream = await client.chat.completions.create({
      model: 'deepseek-chat',
      stream: true,
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
      tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } }],
    });
    let args = '';
    let name = '';
    for await (const chunk of stream) {
      const tc = chunk.choices[0]?.delta.tool_calls?.[0];
      if (tc?.function?.name) name = tc.function.name;
      args += tc?.function?.arguments ?? '';
    }
    expect(name).toBe('get_weather');
    expect(JSON.parse(args)).toHaveProperty('city');
  });

  it('returns valid JSON for response_format json_object', async () => {
    const res = await client.chat.completions.create({ model: 'deepseek-chat', messages: [{ role: 'user', content: 'Give me JSON' }], response_format: { type: 'json_object' } });
    expect(() => JSON.parse(res.choices[0]!.message.content!)).not.toThrow();
  });

  it('serves a Claude model for an OpenAI client through the Anthropic adapter', async () => {
    const { data, response } = await client.chat.completions.create({ model: 'claude-sonnet-4-5', messages: [{ role: 'system', content: 'Be brief.' }, ...hello] }).withResponse();
    expect(response.headers.get('x-switchyard-provider')).toBe('anthropic');
    expect(data.choices[0]!.message.content).toBeTruthy();
    const sent = h.emulator.requests.at(-1)!;
    expect(sent.path).toContain('/v1/messages');
    expect((sent.body as { system?: unknown }).system).toBeTruthy();
    const stream = await client.chat.completions.create({ model: 'claude-sonnet-4-5', messages: hello, stream: true, stream_options: { include_usage: true } });
    let text = '';
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBeTruthy();
    expect(usage!.prompt_tokens).toBeGreaterThan(0);
  });

  it('lists models and routes', async () => {
    const list = await client.models.list();
    const ids = list.data.map((m) => m.id);
    expect(ids).toContain('deepseek-chat');
    expect(ids).toContain('resilient');
  });

  it('retrieves one model or route by id, slashes included, and 404s an unknown one', async () => {
    expect(await client.models.retrieve('deepseek-chat')).toMatchObject({ id: 'deepseek-chat', object: 'model', owned_by: 'deepseek' });
    expect(await client.models.retrieve('resilient')).toMatchObject({ id: 'resilient', owned_by: 'switchyard' });
    const passThrough = await fetch(`${h.url}/v1/models/deepseek/deepseek-chat`);
    expect(await passThrough.json()).toMatchObject({ id: 'deepseek/deepseek-chat', object: 'model' });
    const err = await client.models.retrieve('no-such-model').catch((e: unknown) => e);
    expect((err as InstanceType<typeof OpenAI.APIError>).status).toBe(404);
    expect((err as InstanceType<typeof OpenAI.APIError>).code).toBe('model_not_found');
  });
});

describe('resilience', () => {
  it('retries a 500 on the same target and succeeds', async () => {
    h.emulator.reset();
    const res = await client.chat.completions.create({ model: 'flaky', messages: hello });
    expect(res.choices[0]!.message.content).toBeTruthy();
  });

  it('falls back along a route when a target keeps failing', async () => {
    const { response } = await client.chat.completions.create({ model: 'resilient', messages: hello }).withResponse();
    expect(response.headers.get('x-switchyard-model')).toBe('deepseek-chat');
    expect(response.headers.get('x-switchyard-route')).toBe('resilient');
  });

  it('accepts an OpenRouter-style models[] fallback chain', async () => {
    const body = { model: 'down', models: ['down', 'deepseek-chat'], messages: hello };
    const res = await fetch(`${h.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-switchyard-model')).toBe('deepseek-chat');
  });

  it('moves to a larger context window after context_length_exceeded', async () => {
    const { response } = await client.chat.completions.create({ model: 'bigger', messages: hello }).withResponse();
    expect(response.headers.get('x-switchyard-model')).not.toBe('small-context');
  });

  it('moves on after a content-policy refusal without retrying the same model', async () => {
    h.emulator.reset();
    const { response } = await client.chat.completions.create({ model: 'polite', messages: hello }).withResponse();
    expect(response.headers.get('x-switchyard-model')).toBe('deepseek-chat');
    const filteredCalls = h.emulator.requests.filter((r) => (r.body as { model?: string }).model === 'emu-fault-content-filter');
    expect(filteredCalls).toHaveLength(1);
  });

  it('gives 503 when every target is down, in OpenAI error shape', async () => {
    const err = await client.chat.completions.create({ model: 'down', messages: hello }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.APIError);
    expect((err as InstanceType<typeof OpenAI.APIError>).status).toBe(503);
  });

  it('gives 429 with Retry-After when every target is rate limited', async () => {
    const res = await fetch(`${h.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'limited', messages: hello }) });
    expect(res.status).toBe(429);
    const body = (await res.json()) as { error: { type: string; code: string } };
    expect(body.error.code).toBe('upstream_rate_limited');
  });

  it('does not wait for a Retry-After beyond the cap', async () => {
    const t0 = performance.now();
    const res = await fetch(`${h.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'slow-retry', messages: hello }) });
    expect(res.status).toBe(429);
    expect(performance.now() - t0).toBeLessThan(4_000);
  });

  it('survives a connection reset before headers', async () => {
    const err = await client.chat.completions.create({ model: 'reset', messages: hello }).catch((e: unknown) => e);
    expect((err as InstanceType<typeof OpenAI.APIError>).status).toBe(502);
  });

  it('times out an upstream that never answers', async () => {
    // a stream's headers are due within first_byte_ms (1.5 s here); a whole answer gets total_ms
    const err = await client.chat.completions.create({ model: 'silent', messages: hello, stream: true }).catch((e: unknown) => e);
    expect((err as InstanceType<typeof OpenAI.APIError>).status).toBe(504);
  });

  it('lets a non-streaming answer take longer than first_byte_ms', async () => {
    // the provider sends headers only with the finished answer: first_byte_ms must not cap generation
    const res = await client.chat.completions.create({ model: 'deepseek/emu-fault-slow-first-token-2500', messages: hello });
    expect(res.choices[0]!.finish_reason).toBe('stop');
  });

  it('reports a bad upstream key as a gateway error without leaking the key', async () => {
    const res = await fetch(`${h.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'bad-key', messages: hello }) });
    expect(res.status).toBe(502);
    expect(await res.text()).not.toContain('SECRET');
  });

  for (const [model, label] of [
    ['cut', 'a stream cut mid-answer'],
    ['stall', 'a stalled stream'],
    ['malformed', 'a malformed chunk'],
  ] as const) {
    it(`ends ${label} with an in-band error, never a clean finish`, async () => {
      const stream = await client.chat.completions.create({ model, messages: hello, stream: true });
      let finish: string | null = null;
      const err = await (async () => {
        for await (const chunk of stream) finish = chunk.choices[0]?.finish_reason ?? finish;
      })().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Error);
      expect(finish).toBeNull();
      // on the wire: an error chunk, and no [DONE] for a client that stops there to take it for a finish
      const raw = await (await fetch(`${h.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model, messages: hello, stream: true }) })).text();
      expect(raw).toMatch(/data: \{"error":\{/);
      expect(raw).not.toContain('[DONE]');
    });
  }

  it('accepts a complete stream that lacks [DONE]', async () => {
    const stream = await client.chat.completions.create({ model: 'no-done', messages: hello, stream: true });
    let finish: string | null = null;
    for await (const chunk of stream) finish = chunk.choices[0]?.finish_reason ?? finish;
    expect(finish).toBe('stop');
  });
});

describe('bad input', () => {
  async function post(body: string, headers: Record<string, string> = {}) {
    const res = await fetch(`${h.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    return { status: res.status, body: (await res.json()) as { error: { message: string; type: string; code: string; param: string | null } } };
  }

  it('rejects malformed JSON with 400', async () => {
    const r = await post('{"model": "deepseek-chat", ');
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('invalid_json');
  });

  it('rejects absurdly nested JSON with 400 (it used to overflow the stack into a 500) and keeps serving', async () => {
    const deep = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
    for (const [field, n] of [['metadata', 5000], ['extra', 200]] as const) {
      const r = await post(`{"model":"deepseek-chat","messages":[{"role":"user","content":"hi"}],"${field}":${deep(n)}}`);
      expect(r.status).toBe(400);
      expect(r.body.error).toMatchObject({ code: 'invalid_json', message: 'request body is nested more than 128 levels deep' });
    }
    // a deep but sane tool schema still works
    const schema = JSON.parse(deep(40).replaceAll('"a":', '"properties":')) as object;
    const ok = await post(JSON.stringify({ model: 'deepseek-chat', messages: hello, tools: [{ type: 'function', function: { name: 'f', parameters: schema } }] }));
    expect(ok.status).toBe(200);
  });

  it('rejects a thinking extension with a budget out of range (budgets reserve it)', async () => {
    for (const thinking of [{ type: 'enabled', budget_tokens: 1e12 }, { type: 'enabled' }, { type: 'on' }]) {
      const r = await post(JSON.stringify({ model: 'deepseek-chat', messages: hello, thinking }));
      expect(r.status).toBe(400);
      expect(r.body.error.param).toMatch(/^thinking\./);
    }
  });

  it('rejects missing messages with 400 naming the field', async () => {
    const r = await post(JSON.stringify({ model: 'deepseek-chat' }));
    expect(r.status).toBe(400);
    expect(r.body.error.param).toBe('messages');
  });

  it('rejects wrong types with 400 naming the field', async () => {
    const r = await post(JSON.stringify({ model: 'deepseek-chat', messages: hello, temperature: 'hot' }));
    expect(r.status).toBe(400);
    expect(r.body.error.param).toBe('temperature');
    const r2 = await post(JSON.stringify({ model: 'deepseek-chat', messages: [{ role: 'wizard', content: 'x' }] }));
    expect(r2.body.error.param).toBe('messages[0].role');
    // with or without tools (it used to be checked only with them, and went upstream)
    const r3 = await post(JSON.stringify({ model: 'deepseek-chat', messages: hello, tool_choice: 'sometimes' }));
    expect(r3.status).toBe(400);
    expect(r3.body.error.param).toBe('tool_choice');
  });

  it('rejects unsupported parameters with 400', async () => {
    const r = await post(JSON.stringify({ model: 'deepseek-chat', messages: hello, n: 3 }));
    expect(r.status).toBe(400);
    expect(r.body.error.param).toBe('n');
  });

  it('answers an unknown model with 404', async () => {
    const err = await client.chat.completions.create({ model: 'no-such-model', messages: hello }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.NotFoundError);
  });

  it('rejects an oversized body with 413 and keeps serving', async () => {
    const big = JSON.stringify({ model: 'deepseek-chat', messages: [{ role: 'user', content: 'x'.repeat(5 * 1024 * 1024) }] });
    const res = await fetch(`${h.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: big });
    expect(res.status).toBe(413);
    const ok = await client.chat.completions.create({ model: 'deepseek-chat', messages: hello });
    expect(ok.choices[0]!.message.content).toBeTruthy();
  });

  it('answers unknown paths with 404 in OpenAI shape', async () => {
    const res = await fetch(`${h.url}/v1/nothing`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { type: string } }).error.type).toBe('invalid_request_error');
  });
});

describe('ledger', () => {
  it('records every answered request with tokens and cost, and never the upstream key', async () => {
    await h.gateway.gateway.ledger.flush();
    const ledger = openLedger(`sqlite:${h.dir}/ledger.db`);
    const rows = [];
    for await (const r of ledger.records({})) rows.push(r);
    await ledger.close();
    expect(rows.length).toBeGreaterThan(10);
    const ok = rows.filter((r) => r.status === 'ok');
    expect(ok.every((r) => r.served_model && r.cost_pico >= 0 && r.output_tokens > 0)).toBe(true);
    expect(rows.some((r) => r.status === 'error' && r.stream)).toBe(true);
    expect(JSON.stringify(rows)).not.toContain('SECRET');
    const report = await h.gateway.gateway.ledger.report({});
    expect(report.requests).toBe(rows.length);
  });
});
