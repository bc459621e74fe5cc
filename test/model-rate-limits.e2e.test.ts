/**
 * Model rate limits (`rate_limits.models`) are taken as the fallback chain reaches each target: a limited
 * first target spills to the next one, whose own limit holds too, and a chain with every target limited
 * answers 429 with Retry-After. Token rates are corrected for the model that answered only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, STANDARD_CONFIG, type Harness } from './helpers/harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness(
    `${STANDARD_CONFIG}  spill: { targets: [deepseek-chat, kimi-k2.5] }\n  after-down: { targets: [down, claude-haiku-4-5] }\n` +
      `rate_limits:\n  models: { deepseek-chat: { rpm: 1 }, kimi-k2.5: { rpm: 1 }, down: { tpm: 1000 }, claude-haiku-4-5: { tpm: 1000 } }\n`,
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

  it('correct the token rate of the model that answered, and leave a failed one at its input estimate', async () => {
    const res = await fetch(`${h.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'after-down', messages: [{ role: 'user', content: 'Tell me a story.' }] }),
    });
    expect(res.headers.get('x-switchyard-model')).toBe('claude-haiku-4-5');
    const usage = ((await res.json()) as { usage: { total_tokens: number; completion_tokens: number } }).usage;
    await new Promise((r) => setTimeout(r, 100)); // the correction is applied after the answer
    // both buckets read in one atomic step (they refill at 1,000 tokens a minute)
    const probe = await h.gateway.gateway.guard.store.take({
      rules: ['claude-haiku-4-5', 'down'].map((model) => ({ key: `model:${model}:tpm`, limit: 1000, cost: 0 })),
    });
    if (!probe.ok) throw new Error('probe refused');
    const [answered, failed] = probe.remaining as [number, number];
    // the one that answered is charged every token it used
    expect(1000 - answered).toBeGreaterThanOrEqual(usage.total_tokens - 10);
    // the one that failed keeps only the input estimate: not the output tokens it never produced
    expect(failed - answered).toBeGreaterThan(usage.completion_tokens / 2);
  });
});
