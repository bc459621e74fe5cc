/**
 * End to end against a scripted upstream: wire shapes real providers send that the emulator does not
 * (keys echoed in errors, answers without usage, JSON where a stream was asked for, text inside a
 * streamed tool call), through the official SDKs.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../src/config/load.js';
import type { LedgerRecord } from '../src/ledger/types.js';
import { startGateway, type RunningGateway } from '../src/server/start.js';
import { setLogLevel } from '../src/util/log.js';
import { readLedger } from './helpers/harness.js';
import { json, sse, startScriptedUpstream, type ScriptedUpstream } from './helpers/scripted-upstream.js';

const PLAIN_KEY = 'a1b2c3d4e5f6.Zq9SECRETx8y7w6';
const GROQ_KEY = 'gsk_abcdefghij1234567890SECRET';

let up: ScriptedUpstream;
let gw: RunningGateway;
let openai: OpenAI;
let anthropic: Anthropic;
let stderr = '';
let dir = '';
const realWrite = process.stderr.write.bind(process.stderr);

beforeAll(async () => {
  up = await startScriptedUpstream();
  dir = mkdtempSync(join(tmpdir(), 'switchyard-scripted-'));
  const config = parseConfig(
    `
ledger: sqlite:${dir}/ledger.db
server: { client_timeout_ms: 1000 }
timeouts: { connect_ms: 1000, first_byte_ms: 1500, idle_ms: 800, total_ms: 3000 }
retry: { max_attempts: 2, base_delay_ms: 5, max_delay_ms: 20, retry_after_cap_ms: 100 }
providers:
  plain: { protocol: openai, base_url: ${up.url}/v1, api_key: ${PLAIN_KEY} }
  fastco: { protocol: openai, base_url: ${up.url}/v1, api_key: ${GROQ_KEY} }
models:
  - { id: m-plain, provider: plain, upstream: up-model, price: { input: 1, output: 2 } }
  - { id: m-fast, provider: fastco, upstream: up-model, price: { input: 1, output: 2 } }
routes:
  careful: { strategy: cascade, cheap: m-plain, premium: m-fast }
  fb: { targets: [careful] }
  buffered: { strategy: cascade, cheap: m-plain, premium: m-fast, buffer_streams: true }
  slow-first: { targets: [m-plain, m-fast] }
`,
    {},
    'test',
  );
  gw = await startGateway(config, { port: 0, host: '127.0.0.1' });
  openai = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: 'anything', maxRetries: 0, timeout: 10_000 });
  anthropic = new Anthropic({ baseURL: gw.url, apiKey: 'anything', maxRetries: 0, timeout: 10_000 });
  setLogLevel('info');
  // captured, not passed on: the log lines are what some tests check, and noise in the test output
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
    return true;
  }) as typeof process.stderr.write;
});
afterAll(async () => {
  process.stderr.write = realWrite;
  setLogLevel('error');
  await gw?.close(2_000);
  await up?.close();
});
beforeEach(() => {
  stderr = '';
});

const hi = [{ role: 'user' as const, content: 'hi' }];

async function rowsById(id: string): Promise<LedgerRecord[]> {
  await gw.gateway.ledger.flush();
  return readLedger(`sqlite:${dir}/ledger.db`, (row) => row.request_id === id);
}

async function rowById(id: string): Promise<LedgerRecord | undefined> {
  return (await rowsById(id))[0];
}

async function errorOf(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a failure');
}

describe('configured keys never leave the gateway', () => {
  it('scrubs a shapeless key and a gsk_ key that an upstream echoes in a 400, from the answer and the log', async () => {
    up.reply((req, res) =>
      json(res, 400, { error: { message: `Bad key '${String(req.headers.authorization).slice(7)}' rejected (also tried ${GROQ_KEY})`, type: 'invalid_request_error' } }),
    );
    for (const model of ['m-plain', 'm-fast']) {
      const err = await errorOf(openai.chat.completions.create({ model, messages: hi }));
      expect(err.message).toContain('rejected');
      expect(err.message).not.toContain('SECRET');
    }
  });

  it('scrubs a key echoed in a 401 from the log line, and a piece of one cut short', async () => {
    up.reply((_req, res) => json(res, 401, { error: { message: `Invalid token ${PLAIN_KEY.slice(0, 14)}... for this org`, type: 'invalid_request_error' } }));
    const err = await errorOf(openai.chat.completions.create({ model: 'm-plain', messages: hi }));
    expect(err.message).not.toContain('a1b2c3d4e5f6');
    expect(stderr).toContain('upstream failed');
    expect(stderr).not.toContain('a1b2c3d4e5f6');
  });

  it('scrubs a key echoed in a mid-stream error event, for both doors', async () => {
    up.reply((_req, res) =>
      sse(res, [
        { id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'up-model', choices: [{ index: 0, delta: { role: 'assistant', content: 'Hel' }, finish_reason: null }] },
        { error: { message: `key ${PLAIN_KEY} revoked`, type: 'invalid_request_error' } },
      ]),
    );
    const stream = await openai.chat.completions.create({ model: 'm-plain', messages: hi, stream: true });
    const err = await errorOf((async () => {
      for await (const _ of stream) void _;
    })());
    expect(err.message).toContain('revoked');
    expect(err.message).not.toContain('SECRET');
    const aerr = await errorOf(anthropic.messages.create({ model: 'm-plain', max_tokens: 50, messages: hi, stream: true }).then(async (s) => {
      for await (const _ of s) void _;
    }));
    expect(aerr.message).toContain('revoked');
    expect(aerr.message).not.toContain('SECRET');
    expect(stderr).not.toContain('SECRET');
  });
});

const chunk = (delta: Record<string, unknown>, finish: string | null = null): object => ({
  id: 'c1',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'up-model',
  choices: [{ index: 0, delta, finish_reason: finish }],
});

describe('streamed tool calls on the Anthropic door', () => {
  it('keep their arguments when text arrives between the call and its arguments', async () => {
    up.reply((_req, res) =>
      sse(res, [
        chunk({ role: 'assistant', tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 't1', arguments: '' } }] }),
        chunk({ content: '\n' }),
        chunk({ tool_calls: [{ index: 0, function: { arguments: '{"path": "/etc/x"}' } }] }),
        chunk({}, 'tool_calls'),
        { id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'up-model', choices: [], usage: { prompt_tokens: 9, completion_tokens: 5, total_tokens: 14 } },
        '[DONE]',
      ]),
    );
    const tools = [{ name: 't1', description: 'read', input_schema: { type: 'object' as const, properties: { path: { type: 'string' } } } }];
    const message = await anthropic.messages.stream({ model: 'm-plain', max_tokens: 100, tools, messages: hi }).finalMessage();
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content[0]).toMatchObject({ type: 'tool_use', id: 'call_a', name: 't1', input: { path: '/etc/x' } });
  });
});

describe('answers without usage', () => {
  it('are billed at the estimate, not at $0 (a non-streaming answer used to cost nothing and pass every budget)', async () => {
    const content = 'x'.repeat(400);
    up.reply((_req, res) =>
      json(res, 200, { id: 'r1', object: 'chat.completion', created: 1, model: 'up-model', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }] }),
    );
    const { data, response } = await openai.chat.completions.create({ model: 'm-plain', messages: hi }).withResponse();
    expect(data.choices[0]!.message.content).toBe(content);
    expect(data.usage!.completion_tokens).toBe(100);
    expect(data.usage!.prompt_tokens).toBeGreaterThan(0);
    // $1 / $2 per million tokens
    expect(Number(response.headers.get('x-switchyard-cost-usd'))).toBeCloseTo((data.usage!.prompt_tokens * 1 + 100 * 2) / 1e6, 12);
  });
});

describe('a non-streaming call cut by total_ms', () => {
  it('is not asked again (the provider is most likely generating it, and billing), and its estimated input is billed', async () => {
    up.reply((_req, res) => {
      setTimeout(() => json(res, 200, { id: 'late', object: 'chat.completion', created: 1, model: 'up-model', choices: [] }), 3_400).unref();
    });
    const before = up.seen.length;
    const res = await fetch(`${gw.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'm-plain', messages: hi }) });
    expect(res.status).toBe(504);
    expect(up.seen.length - before).toBe(1);
    const row = await rowById(res.headers.get('x-switchyard-request-id')!);
    expect(row).toMatchObject({ status: 'error', http_status: 504, usage_estimated: true, output_tokens: 0 });
    expect(row!.input_tokens).toBeGreaterThan(0);
    expect(row!.cost_pico).toBe(row!.input_tokens * 1_000_000);
  });
});

describe('a call cut by total_ms, then another target answers', () => {
  it('is billed on a row of its own and in the cost the client is shown (it was free when a fallback answered)', async () => {
    up.reply((req, res) => {
      const answer = () => json(res, 200, { id: 'r5', object: 'chat.completion', created: 1, model: 'up-model', choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }], usage: { prompt_tokens: 10, completion_tokens: 2, total_tokens: 12 } });
      if (String(req.headers.authorization).includes(PLAIN_KEY)) setTimeout(answer, 3_400).unref();
      else answer();
    });
    const res = await fetch(`${gw.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'slow-first', messages: hi }) });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-switchyard-model')).toBe('m-fast');
    const rows = await rowsById(res.headers.get('x-switchyard-request-id')!);
    const cut = rows.find((r) => r.served_model === 'm-plain')!;
    const served = rows.find((r) => r.served_model === 'm-fast')!;
    expect(cut).toMatchObject({ superseded: true, status: 'error', http_status: 504, usage_estimated: true, output_tokens: 0 });
    expect(cut.cost_pico).toBe(cut.input_tokens * 1_000_000);
    expect(served).toMatchObject({ superseded: false, status: 'ok', input_tokens: 10, output_tokens: 2, cost_pico: 10 * 1_000_000 + 2 * 2_000_000 });
    expect(Number(res.headers.get('x-switchyard-cost-usd'))).toBeCloseTo((cut.cost_pico + served.cost_pico) / 1e12, 12);
  });
});

describe('an upstream that answers a stream request with one JSON body', () => {
  it('streams its whole answer to the client (it used to be thrown away as a cut stream, billed $0)', async () => {
    up.reply((_req, res) =>
      json(res, 200, {
        id: 'r2',
        object: 'chat.completion',
        created: 1,
        model: 'up-model',
        choices: [{ index: 0, message: { role: 'assistant', content: 'whole answer' }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 11, completion_tokens: 3, total_tokens: 14 },
      }),
    );
    const stream = await openai.chat.completions.create({ model: 'm-plain', messages: hi, stream: true, stream_options: { include_usage: true } });
    let text = '';
    let usage: OpenAI.CompletionUsage | undefined;
    let finish: string | null = null;
    for await (const c of stream) {
      text += c.choices[0]?.delta.content ?? '';
      finish = c.choices[0]?.finish_reason ?? finish;
      if (c.usage) usage = c.usage;
    }
    expect(text).toBe('whole answer');
    expect(finish).toBe('stop');
    expect(usage).toMatchObject({ prompt_tokens: 11, completion_tokens: 3 });
  });

  it('gives up on such a body after idle_ms of silence, not total_ms', async () => {
    up.reply((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"id":"r","object":"chat.completion",'); // then nothing
    });
    const started = Date.now();
    const res = await fetch(`${gw.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'm-plain', messages: hi, stream: true }) });
    const body = await res.text();
    expect(res.status).toBe(504);
    expect(body).toContain('stalled');
    // idle_ms 800 per attempt, 2 attempts; total_ms (3000) would take 3 s at least
    expect(Date.now() - started).toBeLessThan(2_900);
  });

  it('reports an error it embeds in a 200 as that error, as for a non-streaming request', async () => {
    up.reply((_req, res) => json(res, 200, { error: { message: 'quota exceeded', code: 429 } }));
    const res = await fetch(`${gw.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm-plain', messages: hi, stream: true }),
    });
    const plain = await fetch(`${gw.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'm-plain', messages: hi }) });
    expect(res.status).toBe(plain.status);
    expect(res.status).toBe(429);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('quota exceeded');
  });
});

/** The cheap model (m-plain's key) answers broken JSON, the premium one valid JSON. */
function cheapBreaksJson(): void {
  up.reply((req, res) => {
    const cheap = String(req.headers.authorization).includes(PLAIN_KEY);
    const content = cheap ? 'Sure! {"name": "x"' : '{"name": "x"}';
    json(res, 200, { id: 'r3', object: 'chat.completion', created: 1, model: 'up-model', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }], usage: { prompt_tokens: 5, completion_tokens: 5, total_tokens: 10 } });
  });
}

describe('a buffered streaming cascade', () => {
  it('records both attempts as the streaming request they were (the cheap row said stream=false)', async () => {
    cheapBreaksJson();
    const res = await fetch(`${gw.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'buffered', messages: hi, stream: true, response_format: { type: 'json_object' } }),
    });
    expect(await res.text()).toContain('[DONE]');
    const rows = await rowsById(res.headers.get('x-switchyard-request-id')!);
    expect(rows.map((r) => [r.served_model, r.superseded, r.stream])).toEqual([
      ['m-plain', true, true],
      ['m-fast', false, true],
    ]);
  });
});

describe('a cascade whose escalation is cut by total_ms', () => {
  it('keeps the cheap answer and shows the cut call in the cost, as its row bills it', async () => {
    up.reply((req, res) => {
      const cheap = String(req.headers.authorization).includes(PLAIN_KEY);
      const send = () =>
        json(res, 200, { id: 'r6', object: 'chat.completion', created: 1, model: 'up-model', choices: [{ index: 0, message: { role: 'assistant', content: cheap ? 'Sure! {"name": "x"' : '{"name": "x"}' }, finish_reason: 'stop' }], usage: { prompt_tokens: 5, completion_tokens: 5, total_tokens: 10 } });
      if (cheap) send();
      else setTimeout(send, 3_400).unref();
    });
    const res = await fetch(`${gw.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'careful', messages: hi, response_format: { type: 'json_object' } }) });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-switchyard-model')).toBe('m-plain');
    const rows = await rowsById(res.headers.get('x-switchyard-request-id')!);
    const total = rows.reduce((a, r) => a + r.cost_pico, 0);
    expect(rows.some((r) => r.served_model === 'm-fast' && r.usage_estimated && r.cost_pico > 0)).toBe(true);
    expect(Number(res.headers.get('x-switchyard-cost-usd'))).toBeCloseTo(total / 1e12, 12);
  });
});

describe('a cascade named as the only target of a fallback route', () => {
  it('still validates the cheap answer and escalates (it was flattened into a plain chain)', async () => {
    cheapBreaksJson();
    const { data, response } = await openai.chat.completions.create({ model: 'fb', messages: hi, response_format: { type: 'json_object' } }).withResponse();
    expect(JSON.parse(data.choices[0]!.message.content!)).toEqual({ name: 'x' });
    expect(response.headers.get('x-switchyard-model')).toBe('m-fast');
    expect(response.headers.get('x-switchyard-route')).toBe('fb');
    expect(response.headers.get('x-switchyard-decision')).toMatch(/^fallback -> careful \(cascade m-plain/);
  });
});

describe('a client that does not read its stream', () => {
  it('holds the upstream back instead of buffering the answer, then cuts it after client_timeout_ms (150 such clients OOMed it)', async () => {
    const total = 40 * 1024 * 1024;
    let written = 0;
    let finished = false;
    up.reply((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const piece = `data: ${JSON.stringify(chunk({ content: 'x'.repeat(16_000) }))}\n\n`;
      res.write(`data: ${JSON.stringify(chunk({ role: 'assistant', content: '' }))}\n\n`);
      const pump = (): void => {
        while (written < total) {
          written += piece.length;
          if (!res.write(piece)) {
            res.once('drain', pump);
            return;
          }
        }
        finished = true;
        res.end(`data: ${JSON.stringify(chunk({}, 'stop'))}\n\ndata: [DONE]\n\n`);
      };
      res.on('close', () => res.off('drain', pump));
      pump();
    });
    const { request } = await import('node:http');
    const url = new URL(`${gw.url}/v1/chat/completions`);
    let client: { destroy(): void } | undefined;
    const id = await new Promise<string>((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
        res.pause(); // never read, never leave
        res.on('error', () => {});
        setTimeout(() => resolve(String(res.headers['x-switchyard-request-id'])), 2_000);
      });
      client = req;
      req.on('error', () => {});
      req.end(JSON.stringify({ model: 'm-plain', messages: hi, stream: true }));
      setTimeout(() => reject(new Error('no response headers')), 5_000).unref();
    });
    expect(finished).toBe(false);
    expect(written).toBeLessThan(total / 2);
    // the gateway cut the stream itself after client_timeout_ms (1 s): its row was written while the client still held on
    const row = await rowById(id);
    client?.destroy();
    expect(row).toMatchObject({ status: 'error', http_status: 499, error_code: 'client_closed' });
    expect(row!.output_tokens).toBeGreaterThan(0);
  });
});

describe('a client that leaves while the gateway waits to retry', () => {
  it('still leaves a row for the upstream call that was made (there was none)', async () => {
    up.reply((_req, res) => {
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after-ms': '90' }).end(JSON.stringify({ error: { message: 'slow down', type: 'rate_limit' } }));
    });
    const before = up.seen.length;
    const ac = new AbortController();
    const sent = fetch(`${gw.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'm-plain', messages: hi }), signal: ac.signal }).catch(() => null);
    while (up.seen.length === before) await new Promise((r) => setTimeout(r, 2));
    await new Promise((r) => setTimeout(r, 30));
    ac.abort();
    await sent;
    await new Promise((r) => setTimeout(r, 150));
    await gw.gateway.ledger.flush();
    const rows = await readLedger(`sqlite:${dir}/ledger.db`);
    const last = rows[rows.length - 1]!;
    expect(up.seen.length - before).toBe(1);
    expect(last).toMatchObject({ served_model: 'm-plain', status: 'error', http_status: 499, error_code: 'client_closed', attempts: 1, cost_pico: 0 });
  });
});
