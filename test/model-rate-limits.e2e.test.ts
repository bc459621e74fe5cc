/**
 * Model rate limits (`rate_limits.models`) are taken as the fallback chain reaches each target: a limited
 * first target spills to the next one, whose own limit holds too, and a chain with every target limited
 * answers 429 with Retry-After.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, STANDARD_CONFIG, type Harness } from './helpers/harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness(
    `${STANDARD_CONFIG}  spill: { targets: [deepseek-chat, kimi-k2.5] }\n` + `rate_limits:\n  models: { deepseek-chat: { rpm: 1 }, kimi-k2.5: { rpm: 1 } }\n`,
  );
});
afterAll(async () => {
  await h?.close();
});

async function chat(model: string) {
  const res = await fetch(`${h.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'Say hello.' }] }),
  });
  const body = (await res.json()) as { error?: { message: string; code: string } };
  return { status: res.status, served: res.headers.get('x-switchyard-model'), retryAfter: res.headers.get('retry-after'), error: body.error };
}

describe('model rate limits', () => {
  it('spill a limited target to the next one, whose own limit holds too', async () => {
    expect(await chat('spill')).toMatchObject({ status: 200, served: 'deepseek-chat' });
    // deepseek-chat has had its request this minute: the chain moves on instead of refusing
    expect(await chat('spill')).toMatchObject({ status: 200, served: 'kimi-k2.5' });
    // now both are spent
    const refused = await chat('spill');
    expect(refused.status).toBe(429);
    expect(refused.error?.code).toBe('rate_limit_exceeded');
    expect(refused.error?.message).toMatch(/^rate limit model:deepseek-chat:rpm exceeded; retry in \d+ s$/);
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    expect((await chat('kimi-k2.5')).status).toBe(429);
  });
});
