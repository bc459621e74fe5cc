/**
 * Route and model names outside printable ASCII (allowed in config, and in a client's provider-prefixed
 * model) reach the response headers percent-encoded: Node would otherwise refuse them in writeHead,
 * after the upstream answered and the request was billed, and the client would get a 500.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, STANDARD_CONFIG, type Harness } from './helpers/harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness(`${STANDARD_CONFIG}  "路由": { targets: [deepseek-chat] }\n  "naïve route": { targets: [deepseek-chat] }\n`);
});
afterAll(async () => {
  await h?.close();
});

async function chat(model: string, stream = false): Promise<Response> {
  return fetch(`${h.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model, stream, messages: [{ role: 'user', content: 'hello' }] }),
  });
}

describe('non-ASCII names in response headers', () => {
  it('answers a route named in CJK with the route header percent-encoded', async () => {
    const res = await chat('路由');
    expect(res.status).toBe(200);
    const route = res.headers.get('x-switchyard-route')!;
    expect(route).toBe(encodeURIComponent('路由'));
    expect(decodeURIComponent(route)).toBe('路由');
    expect(res.headers.get('x-switchyard-request-id')).not.toBe('unknown');
    expect(((await res.json()) as { choices: unknown[] }).choices).toHaveLength(1);
  });

  it('does the same for a Latin-1 name and for a streamed answer', async () => {
    const res = await chat('naïve route', true);
    expect(res.status).toBe(200);
    expect(decodeURIComponent(res.headers.get('x-switchyard-route')!)).toBe('naïve route');
    expect(await res.text()).toContain('[DONE]');
  });

  it('leaves printable ASCII names as they are', async () => {
    const res = await chat('resilient');
    expect(res.headers.get('x-switchyard-route')).toBe('resilient');
    expect(res.headers.get('x-switchyard-model')).toBe('deepseek-chat');
    await res.arrayBuffer();
  });
});
