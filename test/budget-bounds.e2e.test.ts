/**
 * USD budgets hold against what a request can really cost: unpriced models are refused, thinking budgets
 * are reserved, a model with no known output limit is told where to stop, and a refusal says why and
 * when to retry (seconds for in-flight reservations, never for a request bigger than the budget).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openKeyStore } from '../src/keys/open.js';
import { startHarness, STANDARD_CONFIG, type Harness } from './helpers/harness.js';

let h: Harness;
const keys: Record<string, string> = {};

beforeAll(async () => {
  h = await startHarness(
    STANDARD_CONFIG.replace(
      'routes:\n',
      '  - { id: no-limit, provider: deepseek, upstream: emu-len-20, price: { input: 0.28, output: 0.42 } }\n' +
        '  - { id: slow, provider: deepseek, upstream: emu-fault-slow-first-token-1500, price: { input: 0.28, output: 0.42 }, max_output: 16000 }\n' +
        'routes:\n',
    ) + 'admin_key: sk-admin-0123456789abcdef\n',
  );
  const store = openKeyStore(`sqlite:${join(h.dir, 'ledger.db')}`);
  try {
    for (const [name, limit] of [['tiny', 0.001], ['cent', 0.01]] as const) {
      keys[name] = (await store.create({ project: name, budgets: [{ unit: 'usd', window: 'day', limit }] })).secret;
    }
    keys.free = (await store.create({ project: 'free' })).secret;
  } finally {
    await store.close();
  }
});
afterAll(async () => {
  await h?.close();
});

async function chat(key: string, body: Record<string, unknown>) {
  const res = await fetch(`${h.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ messages: [{ role: 'user', content: 'Say hello.' }], ...body }),
  });
  const json = (await res.json()) as { error?: { message: string; code: string } };
  return { status: res.status, error: json.error, retryAfter: res.headers.get('retry-after') };
}

async function messages(key: string, body: Record<string, unknown>) {
  const res = await fetch(`${h.url}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': key, 'anthropic-version': '2023-06-01' },
    body: JSON.stringify({ messages: [{ role: 'user', content: 'Say hello.' }], ...body }),
  });
  const json = (await res.json()) as { error?: { message: string; type: string } };
  return { status: res.status, error: json.error, retryAfter: res.headers.get('retry-after') };
}

describe('USD budgets against what a request can cost', () => {
  it('refuses a model without a known price to a key with a USD budget, and serves it to one without', async () => {
    // a pass-through model the catalog does not know is metered at $0: it would run past any USD budget
    const refused = await chat(keys.tiny!, { model: 'deepseek/emu-len-2000' });
    expect(refused.status).toBe(400);
    expect(refused.error?.code).toBe('no_eligible_model');
    expect(refused.error?.message).toMatch(/"deepseek\/emu-len-2000" has no known price.*usd budget of \$0\.001 per day/);
    expect((await chat(keys.free!, { model: 'deepseek/emu-len-20' })).status).toBe(200);
  });

  it('reserves the thinking budget, which the provider bills on top of a smaller max_tokens', async () => {
    // claude-sonnet-4-5 output is $15/M: 100 answer tokens fit a cent, 100 + 2,000 thinking tokens do not
    // (an OpenAI client's max_tokens means the visible answer: Claude is sent max_tokens 2,100)
    const r = await chat(keys.cent!, { model: 'claude-sonnet-4-5', max_tokens: 100, thinking: { type: 'enabled', budget_tokens: 2000 } });
    expect(r.status).toBe(429);
    expect(r.error?.code).toBe('budget_exceeded');
    expect(r.error?.message).toMatch(/this request alone needs more than the whole budget: lower max_tokens/);
    // retrying cannot help, so no Retry-After invites it
    expect(r.retryAfter).toBeNull();
    expect((await chat(keys.cent!, { model: 'claude-sonnet-4-5', max_tokens: 100 })).status).toBe(200);
    // on the Anthropic door thinking counts inside max_tokens, so max_tokens alone bounds it
    const inside = await messages(keys.cent!, { model: 'claude-sonnet-4-5', max_tokens: 2100, thinking: { type: 'enabled', budget_tokens: 2000 } });
    expect(inside.status).toBe(429);
  });

  it('sends the reserved max_tokens to a model whose output limit is unknown', async () => {
    h.emulator.reset();
    expect((await chat(keys.cent!, { model: 'no-limit' })).status).toBe(200);
    const sent = h.emulator.requests.at(-1)!.body as { max_tokens?: number };
    // the reservation assumed 8,192 output tokens; without the cap the model could write more
    expect(sent.max_tokens).toBe(8192);
    h.emulator.reset();
    expect((await chat(keys.free!, { model: 'no-limit' })).status).toBe(200);
    // a key without budgets reserves nothing, so nothing is added to its request
    expect((h.emulator.requests.at(-1)!.body as { max_tokens?: number }).max_tokens).toBeUndefined();
  });

  it('blames in-flight reservations with a short Retry-After, not the window reset', async () => {
    // each request reserves 15,000 x $0.42/M = $0.0063 of the cent: the second cannot fit beside the first
    const first = chat(keys.cent!, { model: 'slow', max_tokens: 15_000 });
    await new Promise((r) => setTimeout(r, 300));
    const second = await chat(keys.cent!, { model: 'slow', max_tokens: 15_000 });
    expect(second.status).toBe(429);
    expect(second.error?.message).toMatch(/requests in flight hold the rest: retry when they finish/);
    expect(Number(second.retryAfter)).toBeLessThanOrEqual(5);
    expect((await first).status).toBe(200);
  });
});
