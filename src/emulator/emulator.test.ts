import { describe, expect, it } from 'vitest';
import { startEmulator } from './index.js';
import { EmulatorState, MAX_RECORDS } from './state.js';
import { postJson } from './testing.js';

const chat = (model: string, extra: Record<string, unknown> = {}) => ({ model, messages: [{ role: 'user', content: 'hi' }], ...extra });

describe('emulator lifecycle and options', () => {
  it('listens on 127.0.0.1 with a free port by default', async () => {
    const emu = await startEmulator();
    try {
      expect(emu.url).toBe(`http://127.0.0.1:${emu.port}`);
      expect(emu.port).toBeGreaterThan(0);
    } finally {
      await emu.close();
    }
  });

  it('rejects invalid options', async () => {
    await expect(startEmulator({ latencyMs: -1 })).rejects.toThrow(/latencyMs/);
  });

  it('records method, path, headers and parsed body when asked, and reset() clears them', async () => {
    const emu = await startEmulator({ recordRequests: true });
    try {
      await postJson(`${emu.url}/deepseek/v1/chat/completions?x=1`, chat('m'), { authorization: 'Bearer sk-test' });
      await postJson(`${emu.url}/v1/chat/completions`, '{oops');
      await (await fetch(`${emu.url}/v1/models`)).text();
      expect(emu.requests).toHaveLength(3);
      expect(emu.requests[0]).toMatchObject({
        method: 'POST',
        path: '/deepseek/v1/chat/completions',
        url: '/deepseek/v1/chat/completions?x=1',
        body: chat('m'),
      });
      expect(emu.requests[0]!.headers.authorization).toBe('Bearer sk-test');
      expect(emu.requests[1]!.body).toBe('{oops');
      expect(emu.requests[2]).toMatchObject({ method: 'GET', path: '/v1/models', body: undefined });
      const same = emu.requests;
      emu.reset();
      expect(same).toHaveLength(0);
      expect(emu.requests).toBe(same);
    } finally {
      await emu.close();
    }
  });

  it('records nothing by default', async () => {
    const emu = await startEmulator();
    try {
      await postJson(`${emu.url}/v1/chat/completions`, chat('m'));
      expect(emu.requests).toHaveLength(0);
    } finally {
      await emu.close();
    }
  });

  it('keeps only the last 1000 records', () => {
    const state = new EmulatorState({ latencyMs: 0, ttftMs: 0, tokensPerSecond: 0, recordRequests: true });
    for (let i = 0; i < MAX_RECORDS + 5; i++) state.record({ method: 'POST', path: '/', url: `/${i}`, headers: {}, body: i });
    expect(state.records).toHaveLength(MAX_RECORDS);
    expect(state.records[0]!.body).toBe(5);
  });

  it('adds latencyMs before the headers', async () => {
    const emu = await startEmulator({ latencyMs: 80 });
    try {
      const t = Date.now();
      expect((await postJson(`${emu.url}/v1/chat/completions`, chat('m'))).status).toBe(200);
      expect(Date.now() - t).toBeGreaterThanOrEqual(75);
    } finally {
      await emu.close();
    }
  });

  it('waits ttftMs before the first chunk and paces tokens at tokensPerSecond', async () => {
    const emu = await startEmulator({ ttftMs: 200, tokensPerSecond: 200 });
    try {
      const t = Date.now();
      const res = await fetch(`${emu.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(chat('m', { stream: true, max_tokens: 20 })),
      });
      expect(res.status).toBe(200);
      expect(Date.now() - t).toBeLessThan(190);
      const reader = res.body!.getReader();
      await reader.read();
      expect(Date.now() - t).toBeGreaterThanOrEqual(195);
      let reads = 1;
      while (!(await reader.read()).done) reads++;
      // 20 tokens at 200/s: about 95 ms after the first one, delivered in several writes.
      expect(Date.now() - t).toBeGreaterThanOrEqual(280);
      expect(reads).toBeGreaterThan(3);
    } finally {
      await emu.close();
    }
  });

  it('close() ends stalled streams, unanswered requests and pending timers promptly', async () => {
    const emu = await startEmulator({ latencyMs: 0 });
    const pending = [
      postJson(`${emu.url}/v1/chat/completions`, chat('m-fault-no-response')),
      postJson(`${emu.url}/v1/chat/completions`, chat('m-fault-slow-first-token')),
      fetch(`${emu.url}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...chat('m-fault-stream-stall', { stream: true }), max_tokens: 20 }),
      }).then((r) => r.text()),
    ].map((p) => p.catch((e: unknown) => e));
    await new Promise((r) => setTimeout(r, 100));
    const t = Date.now();
    await emu.close();
    expect(Date.now() - t).toBeLessThan(1000);
    const outcomes = await Promise.all(pending);
    expect(outcomes.every((o) => o instanceof Error)).toBe(true);
    await emu.close(); // idempotent
  });
});
