import { afterAll, describe, expect, it, vi } from 'vitest';
import { ClientSignal, sleepUnlessAborted, type AbortListener } from './caller-signal.js';
import { closeUpstreamPool } from './http-client.js';
import { invokeTarget, type InvokeOptions } from './invoke.js';
import { isAbortedByCaller, UpstreamError } from './errors.js';
import { fakeAdapter, json, request, retry, sseHead, startServer, target, textChunk, timeouts, type TestServer } from './__fixtures__/fake-upstream.js';

function listener(calls: string[], name: string): AbortListener {
  return { handleEvent: () => calls.push(name) };
}

describe('ClientSignal', () => {
  it('runs each listener once, in the order added, when aborted, with an AbortError reason', () => {
    const signal = new ClientSignal();
    const calls: string[] = [];
    const a = listener(calls, 'a');
    signal.addEventListener('abort', a);
    signal.addEventListener('abort', listener(calls, 'b'));
    signal.addEventListener('abort', a); // a listener is added once, as with EventTarget
    expect(signal.aborted).toBe(false);
    expect(signal.reason).toBeUndefined();
    signal.abort();
    signal.abort();
    expect(calls).toEqual(['a', 'b']);
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBeInstanceOf(DOMException);
    expect((signal.reason as DOMException).name).toBe('AbortError');
  });

  it('does not call removed listeners, nor listeners added after the abort', () => {
    const signal = new ClientSignal();
    const calls: string[] = [];
    const removed = listener(calls, 'removed');
    signal.addEventListener('abort', removed);
    signal.removeEventListener('abort', removed);
    signal.removeEventListener('abort', listener(calls, 'never added'));
    signal.abort();
    signal.addEventListener('abort', listener(calls, 'late'));
    expect(calls).toEqual([]);
  });

  it('lets a listener remove itself while the listeners run', () => {
    const signal = new ClientSignal();
    const calls: string[] = [];
    const self: AbortListener = {
      handleEvent: () => {
        calls.push('self');
        signal.removeEventListener('abort', self);
      },
    };
    signal.addEventListener('abort', self);
    signal.addEventListener('abort', listener(calls, 'next'));
    signal.abort();
    expect(calls).toEqual(['self', 'next']);
  });

  it('runs the other listeners and logs, not throws, when one listener throws', () => {
    const signal = new ClientSignal();
    const calls: string[] = [];
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      signal.addEventListener('abort', { handleEvent: () => { throw new Error('listener broke'); } });
      signal.addEventListener('abort', listener(calls, 'after'));
      expect(() => signal.abort()).not.toThrow();
      expect(calls).toEqual(['after']);
      expect(stderr.mock.calls.map((c) => String(c[0])).join('')).toContain('listener broke');
    } finally {
      stderr.mockRestore();
    }
  });
});

describe('sleepUnlessAborted', () => {
  it('resolves after the delay and leaves no listener behind', async () => {
    const signal = new ClientSignal();
    const t0 = performance.now();
    await sleepUnlessAborted(30, signal);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(25);
    const calls: string[] = [];
    signal.addEventListener('abort', listener(calls, 'only'));
    signal.abort();
    expect(calls).toEqual(['only']);
  });

  it('rejects with the reason as soon as the signal aborts, or at once if it already has', async () => {
    const signal = new ClientSignal();
    setTimeout(() => signal.abort(), 20);
    const t0 = performance.now();
    const err: unknown = await sleepUnlessAborted(5_000, signal).catch((e: unknown) => e);
    expect(performance.now() - t0).toBeLessThan(1_000);
    expect(err).toBe(signal.reason);
    await expect(sleepUnlessAborted(5_000, signal)).rejects.toBe(signal.reason);
  });

  it('accepts a standard AbortSignal', async () => {
    const signal = AbortSignal.timeout(20);
    const err: unknown = await sleepUnlessAborted(5_000, signal).catch((e: unknown) => e);
    expect((err as Error).name).toBe('TimeoutError');
  });
});

describe('invokeTarget with a ClientSignal', () => {
  const servers: TestServer[] = [];
  afterAll(async () => {
    await closeUpstreamPool(100);
    await Promise.all(servers.map((s) => s.close()));
  });
  const opts = (over: Partial<InvokeOptions>): InvokeOptions => ({ stream: false, timeouts, retry, ...over });

  it('stops a retry wait when the client leaves', async () => {
    const s = await startServer((_rq, res) => json(res, 429, '{"error":{}}', { 'retry-after': '1' }));
    servers.push(s);
    const signal = new ClientSignal();
    setTimeout(() => signal.abort(), 50);
    const t0 = performance.now();
    const err: unknown = await invokeTarget(fakeAdapter, target(s.baseUrl), request, opts({ signal })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect(isAbortedByCaller(err)).toBe(true);
    expect(performance.now() - t0).toBeLessThan(800);
  });

  it('stops a stream when the client leaves mid-stream', async () => {
    const s = await startServer((_rq, res) => {
      sseHead(res);
      res.write(textChunk('a'));
    });
    servers.push(s);
    const signal = new ClientSignal();
    const r = await invokeTarget(fakeAdapter, target(s.baseUrl), request, { ...opts({ signal }), stream: true });
    setTimeout(() => signal.abort(), 30);
    const err: unknown = await (async () => {
      for await (const _part of r.parts) {
        // drain until the abort ends the stream
      }
    })().catch((e: unknown) => e);
    expect(isAbortedByCaller(err)).toBe(true);
  });
});
