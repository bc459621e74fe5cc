/** A client that trickles its request body gets a 408 and its connection closed, not a handler held for ever. */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, STANDARD_CONFIG, type Harness } from './helpers/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness(`${STANDARD_CONFIG}server: { client_timeout_ms: 300 }\n`);
});
afterAll(async () => {
  await h?.close();
});

describe('a request body that does not arrive', () => {
  it('is answered 408 in the protocol\'s error shape after server.client_timeout_ms, and the connection closes', async () => {
    const url = new URL(h.url);
    const started = Date.now();
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(url.port), url.hostname, () => {
        socket.write('POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"model":"deepseek-chat",');
      });
      let text = '';
      socket.on('data', (d) => (text += d.toString()));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
    });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(reply).toMatch(/^HTTP\/1\.1 408/);
    expect(reply).toContain('"code":"request_timeout"');
    expect(reply).toContain('server.client_timeout_ms');
    // and the gateway keeps serving
    const ok = await fetch(`${h.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'deepseek-chat', messages: [{ role: 'user', content: 'hi' }] }) });
    expect(ok.status).toBe(200);
  });
});
