import { afterAll, describe, expect, it } from 'vitest';
import { closeUpstreamPool, sendUpstream, upstreamWhere } from './http-client.js';
import { UpstreamError, UpstreamErrorCode, isAbortedByCaller } from './errors.js';
import { readBody } from './read-body.js';
import { delay, startServer, timeouts, type TestServer } from './__fixtures__/fake-upstream.js';

const servers: TestServer[] = [];
async function server(...args: Parameters<typeof startServer>): Promise<TestServer> {
  const s = await startServer(...args);
  servers.push(s);
  return s;
}

afterAll(async () => {
  await closeUpstreamPool(100);
  await Promise.all(servers.map((s) => s.close()));
});

function req(url: string) {
  return { url, headers: { 'content-type': 'application/json', authorization: 'Bearer sk-xyz' }, body: '{"x":1}' };
}

describe('sendUpstream', () => {
  it('POSTs the body with the headers and returns status, headers and body', async () => {
    let seen: { method?: string; url?: string; auth?: string } = {};
    const s = await server((rq, res) => {
      seen = { method: rq.method, url: rq.url, auth: rq.headers.authorization };
      res.writeHead(201, { 'x-request-id': 'abc' });
      res.end('hello');
    });
    const res = await sendUpstream(req(`${s.baseUrl}/chat/completions?a=1`), timeouts);
    expect(res.statusCode).toBe(201);
    expect(res.headers['x-request-id']).toBe('abc');
    expect((await readBody(res.body, 1000)).text).toBe('hello');
    res.release();
    expect(seen).toEqual({ method: 'POST', url: '/v1/chat/completions?a=1', auth: 'Bearer sk-xyz' });
    expect(s.bodies[0]).toEqual({ x: 1 });
    expect(res.where).toBe(`POST http://127.0.0.1:${s.port}/v1/chat/completions`);
  });

  it('reuses one keep-alive connection for sequential requests', async () => {
    const s = await server((_rq, res) => res.end('ok'));
    for (let i = 0; i < 5; i++) {
      const res = await sendUpstream(req(`${s.baseUrl}/x`), timeouts);
      await readBody(res.body, 100);
      res.release();
      await new Promise(setImmediate); // undici frees the socket ('drain') just after the body ends
    }
    expect(s.hits()).toBe(5);
    expect(s.connections()).toBe(1);
  });

  it('fails with a first-byte timeout when headers do not come', async () => {
    const s = await server(() => {});
    const err = await sendUpstream(req(`${s.baseUrl}/x`), { ...timeouts, firstByteMs: 150 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect((err as UpstreamError).code).toBe(UpstreamErrorCode.FIRST_BYTE_TIMEOUT);
    expect((err as UpstreamError).info.kind).toBe('timeout');
  });

  it('fails with a total timeout when the body trickles forever', async () => {
    const s = await server((_rq, res) => {
      res.writeHead(200);
      const t = setInterval(() => res.write('.'), 30);
      res.on('close', () => clearInterval(t));
    });
    const res = await sendUpstream(req(`${s.baseUrl}/x`), { ...timeouts, totalMs: 200 });
    const err = await readBody(res.body, 1e6).catch((e: unknown) => e);
    expect((err as UpstreamError).code).toBe(UpstreamErrorCode.TOTAL_TIMEOUT);
  });

  it('reports a refused connection as kind connection with its cause', async () => {
    const s = await startServer(() => {});
    const url = `${s.baseUrl}/x`;
    await s.close();
    const err = (await sendUpstream(req(url), timeouts).catch((e: unknown) => e)) as UpstreamError;
    expect(err.info.kind).toBe('connection');
    expect(err.message).toContain('ECONNREFUSED');
    expect(err.cause).toBeDefined();
  });

  it('aborts with SY_ERR_UPSTREAM_ABORTED when the caller signal fires', async () => {
    const s = await server(() => {});
    const ac = new AbortController();
    const p = sendUpstream(req(`${s.baseUrl}/x`), { ...timeouts, firstByteMs: 5000 }, ac.signal);
    await delay(30);
    ac.abort();
    const err = await p.catch((e: unknown) => e);
    expect(isAbortedByCaller(err)).toBe(true);
  });

  it('rejects at once for an already aborted signal', async () => {
    const ac = new AbortController();
    ac.abort();
    const err = await sendUpstream(req('http://127.0.0.1:9/x'), timeouts, ac.signal).catch((e: unknown) => e);
    expect(isAbortedByCaller(err)).toBe(true);
  });

  it('rejects an invalid URL without echoing it', async () => {
    const err = (await sendUpstream(req('not a url ?key=sk-secret'), timeouts).catch((e: unknown) => e)) as UpstreamError;
    expect(err.code).toBe(UpstreamErrorCode.INVALID_REQUEST);
    expect(err.message).not.toContain('sk-secret');
  });

  it('names method and URL without query or credentials', () => {
    expect(upstreamWhere('https://user:pw@api.example.com/v1/models/x:generate?key=sk-secret')).toBe(
      'POST https://api.example.com/v1/models/x:generate',
    );
  });
});
