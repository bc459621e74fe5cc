import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from './index.js';
import { openaiChunks, parseSse, postJson } from './testing.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

type Obj = Record<string, any>;
type Proto = 'openai' | 'anthropic';
const PATH: Record<Proto, string> = { openai: '/v1/chat/completions', anthropic: '/v1/messages' };
const body = (model: string, stream = false): Obj => ({ model, max_tokens: 50, stream, messages: [{ role: 'user', content: 'hello' }] });
const call = (proto: Proto, model: string, stream = false, signal?: AbortSignal) => postJson(emu.url + PATH[proto], body(model, stream), {}, signal);
const errorOf = (proto: Proto, text: string): { type: string; code?: string | null; message: string } => {
  const j = JSON.parse(text) as Obj;
  if (proto === 'anthropic') {
    expect(j.type).toBe('error');
    return j.error;
  }
  expect(Object.keys(j.error).sort()).toEqual(['code', 'message', 'param', 'type']);
  return j.error;
};

/** Opens a streaming request and returns the reader plus the first bytes received. */
async function openStream(proto: Proto, model: string, ac: AbortController) {
  const res = await fetch(emu.url + PATH[proto], {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body(model, true)),
    signal: ac.signal,
  });
  return { res, reader: res.body!.getReader() };
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each<Proto>(['openai', 'anthropic'])('faults over %s', (proto) => {
  it('fault-429: 429 without Retry-After', async () => {
    const r = await call(proto, 'm-fault-429');
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBeNull();
    expect(errorOf(proto, r.text).type).toBe(proto === 'openai' ? 'requests' : 'rate_limit_error');
  });

  it('fault-429-retry-after: Retry-After 1, or the number in the name', async () => {
    const r = await call(proto, 'm-fault-429-retry-after');
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBe('1');
    expect((await call(proto, 'm-fault-429-retry-after-0')).headers.get('retry-after')).toBe('0');
    expect((await call(proto, 'm-fault-429-retry-after-7', true)).headers.get('retry-after')).toBe('7');
  });

  it('fault-500-once: 500 on the first request per model name, then healthy until reset', async () => {
    const first = await call(proto, 'a-fault-500-once');
    expect(first.status).toBe(500);
    expect(errorOf(proto, first.text).type).toBe(proto === 'openai' ? 'server_error' : 'api_error');
    expect((await call(proto, 'a-fault-500-once')).status).toBe(200);
    expect((await call(proto, 'b-fault-500-once', true)).status).toBe(500);
    emu.reset();
    expect((await call(proto, 'a-fault-500-once')).status).toBe(500);
  });

  it('fault-500 and fault-503: always failing (Anthropic: 529 overloaded_error)', async () => {
    expect((await call(proto, 'm-fault-500')).status).toBe(500);
    expect((await call(proto, 'm-fault-500')).status).toBe(500);
    const r = await call(proto, 'm-fault-503', true);
    expect(r.status).toBe(proto === 'openai' ? 503 : 529);
    if (proto === 'anthropic') expect(errorOf(proto, r.text).type).toBe('overloaded_error');
    expect((await call(proto, 'm-fault-503')).status).toBe(proto === 'openai' ? 503 : 529);
  });

  it('fault-401: authentication error', async () => {
    const r = await call(proto, 'm-fault-401');
    expect(r.status).toBe(401);
    const e = errorOf(proto, r.text);
    if (proto === 'openai') expect(e.code).toBe('invalid_api_key');
    else expect(e.type).toBe('authentication_error');
  });

  it('fault-context-length: 400 in the provider wording', async () => {
    const r = await call(proto, 'm-fault-context-length');
    expect(r.status).toBe(400);
    const e = errorOf(proto, r.text);
    if (proto === 'openai') expect(e.code).toBe('context_length_exceeded');
    else {
      expect(e.type).toBe('invalid_request_error');
      expect(e.message).toMatch(/^prompt is too long: \d+ tokens > 200000 maximum$/);
    }
  });

  it('fault-content-filter: 400 content policy error, streaming or not', async () => {
    for (const stream of [false, true]) {
      const r = await call(proto, 'm-fault-content-filter', stream);
      expect(r.status).toBe(400);
      const e = errorOf(proto, r.text);
      if (proto === 'openai') expect(e.code).toBe('content_filter');
      else expect(e.message).toMatch(/content filtering/);
    }
  });

  it('fault-content-filter-finish: a partial answer ending with content_filter / refusal', async () => {
    const r = await call(proto, 'm-fault-content-filter-finish', true);
    expect(r.status).toBe(200);
    if (proto === 'openai') expect((openaiChunks(r.text) as Obj[]).at(-1)!.choices[0].finish_reason).toBe('content_filter');
    else expect(parseSse(r.text).some((e) => e.event === 'message_delta' && JSON.parse(e.data).delta.stop_reason === 'refusal')).toBe(true);
  });

  it('fault-reset: the socket is destroyed before any headers', async () => {
    await expect(call(proto, 'm-fault-reset')).rejects.toThrow();
    await expect(call(proto, 'm-fault-reset', true)).rejects.toThrow();
  });

  it('fault-no-response: accepted but never answered', async () => {
    const ac = new AbortController();
    const t = setTimeout(() => ac.abort(), 150);
    const started = Date.now();
    await expect(call(proto, 'm-fault-no-response', true, ac.signal)).rejects.toThrow(/abort/i);
    clearTimeout(t);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('fault-slow-first-token: headers at once, the first chunk only after the delay', async () => {
    const ac = new AbortController();
    const started = Date.now();
    const { res, reader } = await openStream(proto, 'm-fault-slow-first-token', ac);
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1000);
    const first = await Promise.race([reader.read().then(() => 'chunk'), sleep(200).then(() => 'silent')]);
    expect(first).toBe('silent');
    ac.abort();
    await reader.read().catch(() => undefined);

    const quick = Date.now();
    const r = await call(proto, 'm-fault-slow-first-token-60', true);
    expect(r.status).toBe(200);
    expect(Date.now() - quick).toBeGreaterThanOrEqual(55);
    const ns = Date.now();
    expect((await call(proto, 'm-fault-slow-first-token-60')).status).toBe(200);
    expect(Date.now() - ns).toBeGreaterThanOrEqual(55);
  });

  it('fault-stream-cut: some chunks, then the connection dies without the terminal marker', async () => {
    const ac = new AbortController();
    const { res, reader } = await openStream(proto, 'm-fault-stream-cut', ac);
    expect(res.status).toBe(200);
    let received = '';
    const decoder = new TextDecoder();
    const failure = await (async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return 'clean end';
        received += decoder.decode(value);
      }
    })().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(Error);
    expect(received.length).toBeGreaterThan(0);
    expect(received).not.toContain(proto === 'openai' ? '[DONE]' : 'message_stop');
    const nonStream = call(proto, 'm-fault-stream-cut');
    await expect(nonStream).rejects.toThrow();
  });

  it('fault-stream-stall: some chunks, then silence with the socket open', async () => {
    const ac = new AbortController();
    const { reader } = await openStream(proto, 'm-fault-stream-stall', ac);
    const first = await reader.read();
    expect(first.done).toBe(false);
    const next = await Promise.race([reader.read().then(() => 'more'), sleep(150).then(() => 'silent')]);
    expect(next).toBe('silent');
    ac.abort();
    await reader.read().catch(() => undefined);
  });

  it('fault-malformed-chunk: one data line with invalid JSON mid-stream', async () => {
    const r = await call(proto, 'm-fault-malformed-chunk', true);
    expect(r.status).toBe(200);
    const events = parseSse(r.text).filter((e) => e.data !== '[DONE]');
    const bad = events.filter((e) => {
      try {
        JSON.parse(e.data);
        return false;
      } catch {
        return true;
      }
    });
    expect(bad).toHaveLength(1);
    expect(events.indexOf(bad[0]!)).toBeGreaterThan(0);
    expect(events.indexOf(bad[0]!)).toBeLessThan(events.length - 1);
    const nonStream = await call(proto, 'm-fault-malformed-chunk');
    expect(() => JSON.parse(nonStream.text)).toThrow();
  });

  it('fault-no-done: a complete stream with usage but no terminal marker', async () => {
    const r = await postJson(emu.url + PATH[proto], { ...body('m-fault-no-done', true), stream_options: { include_usage: true } });
    expect(r.status).toBe(200);
    const events = parseSse(r.text);
    if (proto === 'openai') {
      expect(events.some((e) => e.data === '[DONE]')).toBe(false);
      const chunks = events.map((e) => JSON.parse(e.data) as Obj);
      expect(chunks.some((c) => c.choices[0]?.finish_reason)).toBe(true);
      expect(chunks.at(-1)!.usage.completion_tokens).toBeGreaterThan(0);
    } else {
      expect(events.map((e) => e.event)).not.toContain('message_stop');
      expect(events.at(-1)!.event).toBe('message_delta');
    }
  });
});
