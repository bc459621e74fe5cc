import { afterAll, describe, expect, it, vi } from 'vitest';
import type { StreamPart } from '../spec/chat.js';
import type { UpstreamErrorInfo } from '../spec/provider.js';
import { invokeTarget, targetKey, type InvokeOptions } from './invoke.js';
import { closeUpstreamPool } from './http-client.js';
import { UpstreamError, UpstreamErrorCode, isAbortedByCaller } from './errors.js';
import { CircuitBreaker } from './circuit-breaker.js';
import { setLogLevel } from '../util/log.js';
import {
  API_KEY,
  DONE,
  QUERY_SECRET,
  collect,
  delay,
  fakeAdapter,
  finishChunk,
  json,
  okBody,
  request,
  retry,
  sse,
  sseHead,
  startServer,
  target,
  textChunk,
  timeouts,
  type Handler,
  type TestServer,
} from './__fixtures__/fake-upstream.js';

setLogLevel('error'); // breaker transitions are logged; keep test output readable

const servers: TestServer[] = [];
async function server(handler: Handler): Promise<TestServer> {
  const s = await startServer(handler);
  servers.push(s);
  return s;
}

afterAll(async () => {
  await closeUpstreamPool(100);
  await Promise.all(servers.map((s) => s.close()));
});

function opts(over: Partial<InvokeOptions> = {}): InvokeOptions {
  return { stream: false, timeouts, retry, ...over };
}
const streamOpts = (over: Partial<InvokeOptions> = {}): InvokeOptions & { stream: true } => ({ ...opts(over), stream: true });

async function failure(p: Promise<unknown>): Promise<UpstreamError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UpstreamError);
  return err as UpstreamError;
}

function retries(): { calls: [UpstreamErrorInfo, number, number][]; onRetry: InvokeOptions['onRetry'] } {
  const calls: [UpstreamErrorInfo, number, number][] = [];
  return { calls, onRetry: (info, attempt, delayMs) => calls.push([info, attempt, delayMs]) };
}

describe('invokeTarget (non-streaming)', () => {
  it('returns the parsed response, attempts and firstByteAt', async () => {
    const s = await server((_rq, res) => json(res, 200, okBody('hello'), { 'x-request-id': 'rid' }));
    const before = performance.now();
    const r = await invokeTarget(fakeAdapter, target(s.baseUrl), request, { ...opts(), stream: false });
    expect(r.kind).toBe('response');
    expect(r.response.message.content).toBe('hello');
    expect(r.attempts).toBe(1);
    expect(r.firstByteAt).toBeGreaterThan(before);
    expect(r.headers['x-request-id']).toBe('rid');
    expect(s.bodies[0]).toMatchObject({ model: 'model-1', stream: false });
  });

  it('retries a 503 then succeeds, reporting each retry', async () => {
    const s = await server((_rq, res, n) => (n < 3 ? json(res, 503, '{"error":{}}') : json(res, 200, okBody())));
    const { calls, onRetry } = retries();
    const r = await invokeTarget(fakeAdapter, target(s.baseUrl), request, opts({ onRetry }));
    expect(r.attempts).toBe(3);
    expect(s.hits()).toBe(3);
    expect(calls.map(([info, attempt]) => [info.kind, attempt])).toEqual([
      ['overloaded', 1],
      ['overloaded', 2],
    ]);
    for (const [, , d] of calls) expect(d).toBeLessThanOrEqual(retry.maxDelayMs);
  });

  it('stops after maxAttempts and reports the attempts on the error', async () => {
    const s = await server((_rq, res) => json(res, 500, '{"error":{}}'));
    const err = await failure(invokeTarget(fakeAdapter, target(s.baseUrl), request, opts()));
    expect(err.info.kind).toBe('server');
    expect(err.info.status).toBe(500);
    expect(err.attempts).toBe(3);
    expect(s.hits()).toBe(3);
  });

  it('honours Retry-After (retry-after-ms) within the cap', async () => {
    const s = await server((_rq, res, n) =>
      n === 1 ? json(res, 429, '{"error":{}}', { 'retry-after-ms': '150' }) : json(res, 200, okBody()),
    );
    const { calls, onRetry } = retries();
    const t0 = performance.now();
    const r = await invokeTarget(fakeAdapter, target(s.baseUrl), request, opts({ onRetry }));
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
    expect(r.attempts).toBe(2);
    expect(calls[0]![0]).toMatchObject({ kind: 'rate_limit', retryAfterMs: 150 });
    expect(calls[0]![2]).toBe(150);
  });

  it('respects Retry-After: 0 and retries immediately', async () => {
    const s = await server((_rq, res, n) =>
      n === 1 ? json(res, 429, '{"error":{}}', { 'retry-after': '0' }) : json(res, 200, okBody()),
    );
    const { calls, onRetry } = retries();
    const r = await invokeTarget(fakeAdapter, target(s.baseUrl), request, opts({ onRetry }));
    expect(r.attempts).toBe(2);
    expect(calls[0]![2]).toBe(0);
  });

  it('gives up on the target when Retry-After exceeds the cap', async () => {
    const s = await server((_rq, res) => json(res, 429, '{"error":{}}', { 'retry-after': '5' }));
    const t0 = performance.now();
    const err = await failure(invokeTarget(fakeAdapter, target(s.baseUrl), request, opts()));
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(err.info).toMatchObject({ kind: 'rate_limit', status: 429, retryAfterMs: 5000 });
    expect(err.attempts).toBe(1);
    expect(s.hits()).toBe(1);
  });

  it.each([
    ['a plain 400', 400, '{"error":{"code":"invalid_value"}}', 'bad_request'],
    ['context_length', 400, '{"error":{"code":"context_length_exceeded"}}', 'context_length'],
    ['content_filter', 400, '{"error":{"code":"content_filter"}}', 'content_filter'],
    ['a 401', 401, '{"error":{}}', 'auth'],
  ])('does not retry %s', async (_name, status, body, kind) => {
    const s = await server((_rq, res) => json(res, status, body));
    const err = await failure(invokeTarget(fakeAdapter, target(s.baseUrl), request, opts()));
    expect(err.info.kind).toBe(kind);
    expect(err.attempts).toBe(1);
    expect(s.hits()).toBe(1);
  });

  it('hands a non-JSON error body to the adapter as text', async () => {
    const s = await server((_rq, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html>Bad gateway</html>');
    });
    const err = await failure(invokeTarget(fakeAdapter, target(s.baseUrl), request, opts({ retry: { ...retry, maxAttempts: 1 } })));
    expect(err.info.message).toBe('raw:<html>Bad gateway</html>');
  });

  it('classifies by status when the adapter cannot parse the error', async () => {
    const s = await server((_rq, res) => json(res, 404, '{}'));
    const adapter = {
      ...fakeAdapter,
      parseError: (): never => {
        throw new Error('adapter bug');
      },
    };
    const err = await failure(invokeTarget(adapter, target(s.baseUrl), request, opts()));
    expect(err.info).toMatchObject({ kind: 'not_found', status: 404 });
  });

  it('retries a connection reset before the headers', async () => {
    const s = await server((rq, res, n) => (n === 1 ? rq.socket.destroy() : json(res, 200, okBody())));
    const { calls, onRetry } = retries();
    const r = await invokeTarget(fakeAdapter, target(s.baseUrl), request, opts({ onRetry }));
    expect(r.attempts).toBe(2);
    expect(calls[0]![0].kind).toBe('connection');
  });

  it('waits for a whole answer up to the total timeout, then times out without asking again (it was likely being generated, and billed)', async () => {
    const s = await server(() => {});
    const err = await failure(
      invokeTarget(fakeAdapter, target(s.baseUrl), request, opts({ timeouts: { ...timeouts, firstByteMs: 50, totalMs: 150 }, retry: { ...retry, maxAttempts: 2 } })),
    );
    expect(err.code).toBe(UpstreamErrorCode.TOTAL_TIMEOUT);
    expect(err.info.kind).toBe('timeout');
    expect(err.attempts).toBe(1);
    expect(s.hits()).toBe(1);
  });

  it('lets a non-streaming answer take longer than first_byte_ms (its headers come when it is written)', async () => {
    // undici's timers are coarse (up to ~1 s late), so the answer comes well past first_byte_ms
    const s = await server((_rq, res) => void delay(1200).then(() => json(res, 200, okBody())));
    const { calls, onRetry } = retries();
    const r = await invokeTarget(fakeAdapter, target(s.baseUrl), request, opts({ onRetry, timeouts: { ...timeouts, firstByteMs: 100, totalMs: 4000 } }));
    expect(r.attempts).toBe(1);
    expect(calls).toHaveLength(0);
  });

  it('enforces the total timeout while the body trickles', async () => {
    const s = await server((_rq, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const t = setInterval(() => res.write(' '), 30);
      res.on('close', () => clearInterval(t));
    });
    const err = await failure(
      invokeTarget(fakeAdapter, target(s.baseUrl), request, opts({ timeouts: { ...timeouts, totalMs: 200 }, retry: { ...retry, maxAttempts: 1 } })),
    );
    expect(err.code).toBe(UpstreamErrorCode.TOTAL_TIMEOUT);
  });

  it('turns invalid JSON into invalid_response (retryable)', async () => {
    const s = await server((_rq, res) => json(res, 200, '{"choices": ['));
    const err = await failure(invokeTarget(fakeAdapter, target(s.baseUrl), request, opts({ retry: { ...retry, maxAttempts: 2 } })));
    expect(err.info.kind).toBe('invalid_response');
    expect(err.attempts).toBe(2);
    expect(err.cause).toBeInstanceOf(SyntaxError);
  });

  it('uses the info of an adapter parse error', async () => {
    const s = await server((_rq, res) => json(res, 200, '{"nothing":true}'));
    const err = await failure(invokeTarget(fakeAdapter, target(s.baseUrl), request, opts({ retry: { ...retry, maxAttempts: 1 } })));
    expect(err.info).toMatchObject({ kind: 'invalid_response', message: 'no choices in response' });
  });

  it('refuses a body larger than the limit', async () => {
    const s = await server((_rq, res) => json(res, 200, okBody('x'.repeat(5000))));
    const err = await failure(
      invokeTarget(fakeAdapter, target(s.baseUrl), request, opts({ maxResponseBytes: 1000, retry: { ...retry, maxAttempts: 1 } })),
    );
    expect(err.info.kind).toBe('invalid_response');
    expect(err.info.message).toContain('exceeds 1000 bytes');
  });

  it('names method and URL in errors but never the API key or the query string', async () => {
    const s = await server((_rq, res) => json(res, 500, '{"error":{}}'));
    const err = await failure(invokeTarget(fakeAdapter, target(s.baseUrl), request, opts({ retry: { ...retry, maxAttempts: 1 } })));
    expect(err.message).toContain(`POST http://127.0.0.1:${s.port}/v1/chat/completions -> 500`);
    const closed = await startServer(() => {});
    await closed.close();
    const net = await failure(invokeTarget(fakeAdapter, target(closed.baseUrl), request, opts({ retry: { ...retry, maxAttempts: 1 } })));
    expect(net.message).toContain(`POST http://127.0.0.1:${closed.port}/v1/chat/completions`);
    for (const e of [err, net]) {
      const text = `${e.message} ${e.info.message} ${JSON.stringify(e.info)} ${String(e.cause)}`;
      expect(text).not.toContain(API_KEY);
      expect(text).not.toContain(QUERY_SECRET);
    }
  });

  it('stops a retry wait when the caller aborts', async () => {
    const s = await server((_rq, res) => json(res, 429, '{"error":{}}', { 'retry-after': '1' }));
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const t0 = performance.now();
    const err = await failure(invokeTarget(fakeAdapter, target(s.baseUrl), request, opts({ signal: ac.signal })));
    expect(isAbortedByCaller(err)).toBe(true);
    expect(performance.now() - t0).toBeLessThan(800);
    expect(err.attempts).toBe(1);
  });
  it('reads an AbortSignal.timeout() deadline as a timeout and does not retry past it', async () => {
    const s = await server(() => {});
    const breaker = new CircuitBreaker({ failureThreshold: 1 });
    const err = await failure(
      invokeTarget(fakeAdapter, target(s.baseUrl), request, opts({ signal: AbortSignal.timeout(100), breaker, timeouts: { ...timeouts, firstByteMs: 5000 } })),
    );
    expect(err.info.kind).toBe('timeout');
    expect(err.code).toBe(UpstreamErrorCode.TOTAL_TIMEOUT);
    expect(err.attempts).toBe(1);
    expect(s.hits()).toBe(1);
    expect(breaker.isOpen(targetKey(target(s.baseUrl)))).toBe(false);
  });
});

describe('invokeTarget with a circuit breaker', () => {
  it('fails fast without a request when the circuit is open', async () => {
    const s = await server((_rq, res) => json(res, 200, okBody()));
    const breaker = new CircuitBreaker({ failureThreshold: 1 });
    const t = target(s.baseUrl);
    breaker.onFailure(targetKey(t));
    const err = await failure(invokeTarget(fakeAdapter, t, request, opts({ breaker })));
    expect(err.code).toBe(UpstreamErrorCode.CIRCUIT_OPEN);
    expect(err.info).toMatchObject({ kind: 'overloaded', status: 503, message: 'circuit open for fake/model-1' });
    expect(err.attempts).toBe(0);
    expect(s.hits()).toBe(0);
  });

  it('counts retryable failures, stops retrying once open, and honours breakerKey', async () => {
    const s = await server((_rq, res) => json(res, 500, '{"error":{}}'));
    const breaker = new CircuitBreaker({ failureThreshold: 2, failureRate: 0 });
    const err = await failure(invokeTarget(fakeAdapter, target(s.baseUrl), request, opts({ breaker, breakerKey: 'k' })));
    expect(err.info.kind).toBe('server'); // the real failure, not "circuit open"
    expect(err.attempts).toBe(2);
    expect(s.hits()).toBe(2);
    expect(breaker.snapshot()).toMatchObject([{ key: 'k', state: 'open' }]);
  });

  it('does not count a 429 as a failure: the upstream answered, it is busy for this key', async () => {
    const s = await server((_rq, res) => json(res, 429, '{"error":{}}', { 'retry-after': '0' }));
    const breaker = new CircuitBreaker({ failureThreshold: 1, failureRate: 0 });
    await failure(invokeTarget(fakeAdapter, target(s.baseUrl), request, opts({ breaker })));
    const err = await failure(invokeTarget(fakeAdapter, target(s.baseUrl), request, opts({ breaker })));
    expect(err.info.kind).toBe('rate_limit');
    expect(s.hits()).toBe(6);
    expect(breaker.isOpen(targetKey(target(s.baseUrl)))).toBe(false);
    expect(breaker.snapshot()).toEqual([]); // counted neither way
  });

  it('does not count a 400 as a failure', async () => {
    const s = await server((_rq, res) => json(res, 400, '{"error":{}}'));
    const breaker = new CircuitBreaker({ failureThreshold: 1 });
    await failure(invokeTarget(fakeAdapter, target(s.baseUrl), request, opts({ breaker })));
    await failure(invokeTarget(fakeAdapter, target(s.baseUrl), request, opts({ breaker })));
    expect(s.hits()).toBe(2);
    expect(breaker.snapshot()[0]).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
  });

  it('counts a stream that stalls after its first part', async () => {
    const s = await server((_rq, res) => {
      sseHead(res);
      res.write(textChunk('a'));
    });
    const breaker = new CircuitBreaker({ failureThreshold: 1 });
    const r = await invokeTarget(fakeAdapter, target(s.baseUrl), request, streamOpts({ breaker, timeouts: { ...timeouts, idleMs: 100 } }));
    await expect(collect(r.parts)).rejects.toMatchObject({ code: UpstreamErrorCode.IDLE_TIMEOUT });
    expect(breaker.snapshot()[0]!.state).toBe('open');
  });
});

describe('invokeTarget (streaming)', () => {
  it('yields canonical parts through [DONE], with the first part buffered on resolve', async () => {
    const s = await server((_rq, res) => {
      sseHead(res);
      res.end(textChunk('Hel') + textChunk('lo') + finishChunk + DONE);
    });
    const r = await invokeTarget(fakeAdapter, target(s.baseUrl), request, streamOpts());
    expect(r.kind).toBe('stream');
    expect(r.attempts).toBe(1);
    expect(r.firstByteAt).toBeTypeOf('number');
    expect(await collect(r.parts)).toEqual<StreamPart[]>([
      { type: 'start', id: 's1', model: 'model-1', created: 1 },
      { type: 'text', text: 'Hel' },
      { type: 'text', text: 'lo' },
      { type: 'finish', reason: 'stop' },
      { type: 'end' },
    ]);
    expect(s.bodies[0]).toMatchObject({ stream: true });
  });

  it('resolves as soon as the first part arrives, before the stream ends', async () => {
    const s = await server((_rq, res) => {
      sseHead(res);
      res.write(textChunk('a'));
      setTimeout(() => res.end(finishChunk + DONE), 200);
    });
    const t0 = performance.now();
    const r = await invokeTarget(fakeAdapter, target(s.baseUrl), request, streamOpts());
    expect(performance.now() - t0).toBeLessThan(150);
    expect((await collect(r.parts)).map((p) => p.type)).toEqual(['start', 'text', 'finish', 'end']);
  });

  it('accepts a stream that finished but lacks [DONE]', async () => {
    const s = await server((_rq, res) => {
      sseHead(res);
      res.end(textChunk('ok') + finishChunk);
    });
    const r = await invokeTarget(fakeAdapter, target(s.baseUrl), request, streamOpts());
    expect((await collect(r.parts)).map((p) => p.type)).toEqual(['start', 'text', 'finish']);
  });

  it('skips comments and keep-alives before the first event', async () => {
    const s = await server((_rq, res) => {
      sseHead(res);
      res.write(': OPENROUTER PROCESSING\n\n');
      setTimeout(() => res.end(': OPENROUTER PROCESSING\n\n' + textChunk('x') + finishChunk + DONE), 50);
    });
    const r = await invokeTarget(fakeAdapter, target(s.baseUrl), request, streamOpts());
    expect((await collect(r.parts)).map((p) => p.type)).toEqual(['start', 'text', 'finish', 'end']);
  });

  it('throws stream_truncated when the body ends without a finish', async () => {
    const s = await server((_rq, res) => {
      sseHead(res);
      res.write(textChunk('partial'));
      setTimeout(() => res.end(), 20);
    });
    const r = await invokeTarget(fakeAdapter, target(s.baseUrl), request, streamOpts());
    const got: StreamPart[] = [];
    const err = await failure(
      (async () => {
        for await (const p of r.parts) got.push(p);
      })(),
    );
    expect(got.map((p) => p.type)).toEqual(['start', 'text']);
    expect(err.info.kind).toBe('stream_truncated');
    expect(err.code).toBe(UpstreamErrorCode.STREAM_TRUNCATED);
  });

  it('throws stream_truncated when the connection is cut mid-stream', async () => {
    const s = await server((rq, res) => {
      sseHead(res);
      res.write(textChunk('partial'));
      setTimeout(() => rq.socket.destroy(), 20);
    });
    const r = await invokeTarget(fakeAdapter, target(s.baseUrl), request, streamOpts());
    const err = await failure(collect(r.parts));
    expect(err.info.kind).toBe('stream_truncated');
    expect(err.cause).toBeDefined();
  });

  it('treats [DONE] without a finish as truncated', async () => {
    const s = await server((_rq, res) => {
      sseHead(res);
      res.end(textChunk('partial') + DONE);
    });
    const r = await invokeTarget(fakeAdapter, target(s.baseUrl), request, streamOpts());
    const err = await failure(collect(r.parts));
    expect(err.info.kind).toBe('stream_truncated');
  });

  it('retries an empty 200 stream, then reports it truncated', async () => {
    const s = await server((_rq, res) => {
      sseHead(res);
      res.end();
    });
    const err = await failure(invokeTarget(fakeAdapter, target(s.baseUrl), request, streamOpts({ retry: { ...retry, maxAttempts: 2 } })));
    expect(err.info.kind).toBe('stream_truncated');
    expect(err.attempts).toBe(2);
  });

  it('retries a stream with no data within first_byte_ms of its headers (the client has received nothing)', async () => {
    const s = await server((_rq, res, n) => {
      sseHead(res);
      if (n === 2) res.end(textChunk('late') + finishChunk + DONE);
    });
    const { calls, onRetry } = retries();
    const r = await invokeTarget(fakeAdapter, target(s.baseUrl), request, streamOpts({ onRetry, timeouts: { ...timeouts, firstByteMs: 100, idleMs: 5000 } }));
    expect(r.attempts).toBe(2);
    expect(calls[0]![0].kind).toBe('timeout');
    expect(calls[0]![0].message).toMatch(/no stream data within 100 ms of the response headers/);
    expect((await collect(r.parts)).map((p) => p.type)).toEqual(['start', 'text', 'finish', 'end']);
  });

  it('waits first_byte_ms, not idle_ms, for the first event (a model thinking before it speaks)', async () => {
    const s = await server((_rq, res) => {
      sseHead(res);
      void delay(1200).then(() => res.end(textChunk('late') + finishChunk + DONE)); // well past idle_ms, even for undici's coarse timers
    });
    const { calls, onRetry } = retries();
    const r = await invokeTarget(fakeAdapter, target(s.baseUrl), request, streamOpts({ onRetry, timeouts: { ...timeouts, firstByteMs: 3000, idleMs: 100, totalMs: 4000 } }));
    expect(r.attempts).toBe(1);
    expect(calls).toHaveLength(0);
    expect((await collect(r.parts)).map((p) => p.type)).toEqual(['start', 'text', 'finish', 'end']);
  });

  it('throws a timeout saying the stream stalled when chunks stop after the first part', async () => {
    const s = await server((_rq, res) => {
      sseHead(res);
      res.write(textChunk('a'));
    });
    const r = await invokeTarget(fakeAdapter, target(s.baseUrl), request, streamOpts({ timeouts: { ...timeouts, idleMs: 100 } }));
    const err = await failure(collect(r.parts));
    expect(err.info.kind).toBe('timeout');
    expect(err.code).toBe(UpstreamErrorCode.IDLE_TIMEOUT);
    expect(err.info.message).toContain('stream stalled');
  });

  it('does not wait past idle_ms for the error body of a stream request', async () => {
    const s = await server((_rq, res) => {
      res.writeHead(503, { 'content-type': 'application/json' });
      res.write('{"error":{"message":"overloaded'); // and nothing more
    });
    const t0 = performance.now();
    const err = await failure(invokeTarget(fakeAdapter, target(s.baseUrl), request, streamOpts({ retry: { ...retry, maxAttempts: 1 }, timeouts: { ...timeouts, idleMs: 150, totalMs: 60_000 } })));
    expect(err.info.status).toBe(503);
    expect(performance.now() - t0).toBeLessThan(1500);
  });

  it('lets go of an upstream that finished the answer but never ends the response', async () => {
    let closedAt = 0;
    const s = await server((_rq, res) => {
      sseHead(res);
      res.write(textChunk('whole') + finishChunk + DONE); // complete, but the response is never ended
      res.on('close', () => (closedAt = performance.now()));
    });
    const t0 = performance.now();
    const r = await invokeTarget(fakeAdapter, target(s.baseUrl), request, streamOpts({ timeouts: { ...timeouts, idleMs: 150, totalMs: 60_000 } }));
    expect((await collect(r.parts)).map((p) => p.type)).toEqual(['start', 'text', 'finish', 'end']);
    // idle_ms after the answer, the socket is closed (it used to stay open for good)
    await vi.waitFor(() => expect(closedAt).toBeGreaterThan(0), { timeout: 2000, interval: 20 });
    expect(closedAt - t0).toBeLessThan(1500);
  });

  it('is not fooled by keep-alive comments into waiting past the total timeout', async () => {
    const s = await server((_rq, res) => {
      sseHead(res);
      res.write(textChunk('a'));
      const t = setInterval(() => res.write(': ping\n\n'), 30);
      res.on('close', () => clearInterval(t));
    });
    const r = await invokeTarget(fakeAdapter, target(s.baseUrl), request, streamOpts({ timeouts: { ...timeouts, totalMs: 300 } }));
    const err = await failure(collect(r.parts));
    expect(err.code).toBe(UpstreamErrorCode.TOTAL_TIMEOUT);
  });

  it('throws invalid_response for a malformed chunk after the first part', async () => {
    const s = await server((_rq, res) => {
      sseHead(res);
      res.end(textChunk('a') + sse('{"choices": [') + finishChunk);
    });
    const r = await invokeTarget(fakeAdapter, target(s.baseUrl), request, streamOpts());
    const err = await failure(collect(r.parts));
    expect(err.info.kind).toBe('invalid_response');
    expect(err.cause).toBeInstanceOf(SyntaxError);
  });

  it('retries a malformed first chunk', async () => {
    const s = await server((_rq, res, n) => {
      sseHead(res);
      res.end(n === 1 ? sse('not json') : textChunk('a') + finishChunk);
    });
    const r = await invokeTarget(fakeAdapter, target(s.baseUrl), request, streamOpts());
    expect(r.attempts).toBe(2);
  });

  it('throws an in-band error part as an UpstreamError of its kind', async () => {
    const s = await server((_rq, res) => {
      sseHead(res);
      res.end(textChunk('a') + sse({ error: { kind: 'overloaded', message: 'Overloaded' } }) + finishChunk);
    });
    const r = await invokeTarget(fakeAdapter, target(s.baseUrl), request, streamOpts());
    const err = await failure(collect(r.parts));
    expect(err.info).toMatchObject({ kind: 'overloaded', status: 503, message: 'Overloaded' });
  });

  it('retries an in-band error that arrives before any part', async () => {
    const s = await server((_rq, res, n) => {
      sseHead(res);
      res.end(n === 1 ? sse({ error: { kind: 'overloaded', message: 'busy' } }) : textChunk('a') + finishChunk);
    });
    const r = await invokeTarget(fakeAdapter, target(s.baseUrl), request, streamOpts());
    expect(r.attempts).toBe(2);
  });

  it('retries an error status on a stream request', async () => {
    const s = await server((_rq, res, n) => {
      if (n === 1) json(res, 429, '{"error":{}}', { 'retry-after': '0' });
      else {
        sseHead(res);
        res.end(textChunk('a') + finishChunk + DONE);
      }
    });
    const r = await invokeTarget(fakeAdapter, target(s.baseUrl), request, streamOpts());
    expect(r.attempts).toBe(2);
  });

  it('frees the upstream socket when the consumer stops early', async () => {
    let closed!: () => void;
    const upstreamClosed = new Promise<void>((resolve) => (closed = resolve));
    const s = await server((_rq, res) => {
      sseHead(res);
      res.write(textChunk('a'));
      const t = setInterval(() => res.write(textChunk('more')), 20);
      res.on('close', () => {
        clearInterval(t);
        closed();
      });
    });
    const r = await invokeTarget(fakeAdapter, target(s.baseUrl), request, streamOpts());
    for await (const p of r.parts) {
      if (p.type === 'text') break;
    }
    await upstreamClosed; // the test times out if the socket is kept
    expect(await r.parts.next()).toEqual({ value: undefined, done: true });
  });

  it('stops with SY_ERR_UPSTREAM_ABORTED when the caller aborts mid-stream', async () => {
    const s = await server((_rq, res) => {
      sseHead(res);
      res.write(textChunk('a'));
    });
    const ac = new AbortController();
    const r = await invokeTarget(fakeAdapter, target(s.baseUrl), request, streamOpts({ signal: ac.signal }));
    setTimeout(() => ac.abort(), 30);
    const err = await failure(collect(r.parts));
    expect(isAbortedByCaller(err)).toBe(true);
  });

  it('delivers long streams in order under backpressure from a slow consumer', async () => {
    const n = 500;
    const s = await server((_rq, res) => {
      sseHead(res);
      let body = '';
      for (let i = 0; i < n; i++) body += textChunk(String(i));
      res.end(body + finishChunk + DONE);
    });
    const r = await invokeTarget(fakeAdapter, target(s.baseUrl), request, streamOpts({ timeouts: { ...timeouts, idleMs: 100 } }));
    const texts: string[] = [];
    for await (const p of r.parts) {
      if (p.type === 'text') texts.push(p.text);
      if (texts.length === 10) await delay(250); // longer than idleMs: paused bodies must not time out
    }
    expect(texts).toEqual(Array.from({ length: n }, (_, i) => String(i)));
  });
});
