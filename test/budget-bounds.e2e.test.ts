/**
 * USD budgets hold against what a request can really cost: unpriced models are refused, thinking budgets
 * are reserved, a model with no known output limit is told where to stop, and a refusal says why and
 * when to retry (seconds for in-flight reservations, never for a request bigger than the budget).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { join } from 'node:path';
import { openKeyStore } from '../src/keys/open.js';
import { openLedger } from '../src/ledger/open.js';
import type { LedgerRecord } from '../src/ledger/types.js';
import { ClientLeft, executePlan } from '../src/gateway/execute.js';
import { ClientSignal } from '../src/upstream/caller-signal.js';
import { readLedger, startHarness, STANDARD_CONFIG, type Harness } from './helpers/harness.js';

let h: Harness;
const keys: Record<string, string> = {};
const keyIds: Record<string, string> = {};
const ADMIN = 'sk-admin-0123456789abcdef';

beforeAll(async () => {
  h = await startHarness(
    STANDARD_CONFIG.replace(
      'routes:\n',
      '  - { id: no-limit, provider: deepseek, upstream: emu-len-20, price: { input: 0.28, output: 0.42 } }\n' +
        '  - { id: tiny-window, provider: deepseek, upstream: emu-len-20, price: { input: 0.28, output: 0.42 }, context_window: 8000 }\n' +
        '  - { id: slow, provider: deepseek, upstream: emu-fault-slow-first-token-1500, price: { input: 0.28, output: 0.42 }, max_output: 16000 }\n' +
        'routes:\n',
    ) + `model_map: { "claude-*haiku*": resilient }\nadmin_key: ${ADMIN}\nsessions:\n  budgets: [{ unit: usd, window: total, limit: 0.001 }]\n`,
  );
  const store = openKeyStore(`sqlite:${join(h.dir, 'ledger.db')}`);
  try {
    for (const [name, limit] of [['tiny', 0.001], ['cent', 0.01], ['threeCents', 0.03], ['leaver', 1]] as const) {
      const created = await store.create({ project: name, budgets: [{ unit: 'usd', window: 'day', limit }] });
      keys[name] = created.secret;
      keyIds[name] = created.key.id;
    }
    keys.free = (await store.create({ project: 'free' })).secret;
    for (const tenant of ['tenantA', 'tenantB']) {
      const created = await store.create({ project: tenant });
      keys[tenant] = created.secret;
      keyIds[tenant] = created.key.id;
    }
    keys.tinyTpm = (await store.create({ project: 'free', rate_limits: { tpm: 5 } })).secret;
    keys.cheapOnly = (await store.create({ project: 'free', allowed_models: ['deepseek-chat'] })).secret;
    keys.routeOnly = (await store.create({ project: 'free', allowed_models: ['resilient'] })).secret;
    keys.claudeOnly = (await store.create({ project: 'free', allowed_models: ['claude-*'] })).secret;
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
  return { status: res.status, error: json.error, retryAfter: res.headers.get('retry-after'), id: res.headers.get('x-switchyard-request-id') };
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
    expect(r.error?.message).toMatch(/this request alone needs more than the whole budget: lower max_tokens or shorten the input \(it resets at \d{4}-\d\d-\d\dT/);
    // retrying cannot help, so no Retry-After invites it
    expect(r.retryAfter).toBeNull();
    expect((await chat(keys.cent!, { model: 'claude-sonnet-4-5', max_tokens: 100 })).status).toBe(200);
    // on the Anthropic door thinking counts inside max_tokens, so max_tokens alone bounds it
    const inside = await messages(keys.cent!, { model: 'claude-sonnet-4-5', max_tokens: 2100, thinking: { type: 'enabled', budget_tokens: 2000 } });
    expect(inside.status).toBe(429);
    // ... and is not reserved twice: 1,500 tokens ($0.0225) fit three cents, 1,500 + 1,024 ($0.038) would not
    const once = await messages(keys.threeCents!, { model: 'claude-sonnet-4-5', max_tokens: 1500, thinking: { type: 'enabled', budget_tokens: 1024 } });
    expect(once.status).toBe(200);
  });

  it('sends the reserved max_tokens to a model whose output limit is unknown', async () => {
    h.emulator.reset();
    const capped = await chat(keys.cent!, { model: 'no-limit' });
    expect(capped.status).toBe(200);
    const sent = h.emulator.requests.at(-1)!.body as { max_tokens?: number };
    // the reservation assumed 8,192 output tokens; without the cap the model could write more
    expect(sent.max_tokens).toBe(8192);
    // the ledger records the request as the client sent it: no max_tokens
    await h.gateway.gateway.ledger.flush();
    const ledger = openLedger(`sqlite:${h.dir}/ledger.db`);
    let routing: string | undefined;
    for await (const row of ledger.records({})) if (row.request_id === capped.id) routing = JSON.stringify(row.routing);
    await ledger.close();
    expect(routing).toBeDefined();
    expect(routing).not.toContain('max_tokens');
    h.emulator.reset();
    expect((await chat(keys.free!, { model: 'no-limit' })).status).toBe(200);
    // a key without budgets reserves nothing, so nothing is added to its request
    expect((h.emulator.requests.at(-1)!.body as { max_tokens?: number }).max_tokens).toBeUndefined();
  });

  it('fits the budget\'s max_tokens into a small context window instead of refusing the prompt', async () => {
    h.emulator.reset();
    // 8,192 assumed output tokens do not fit an 8,000-token window: the cap shrinks to what the window leaves
    const r = await chat(keys.cent!, { model: 'tiny-window' });
    expect(r.status).toBe(200);
    const sent = (h.emulator.requests.at(-1)!.body as { max_tokens?: number }).max_tokens!;
    expect(sent).toBeGreaterThan(7900);
    expect(sent).toBeLessThan(8000);
  });

  it('blames in-flight reservations with a short Retry-After, not the window reset', async () => {
    // each request reserves 15,000 x $0.42/M = $0.0063 of the cent: the second cannot fit beside the first
    const first = chat(keys.cent!, { model: 'slow', max_tokens: 15_000 });
    await new Promise((r) => setTimeout(r, 300));
    const second = await chat(keys.cent!, { model: 'slow', max_tokens: 15_000 });
    expect(second.status).toBe(429);
    expect(second.error?.message).toMatch(/requests in flight hold the rest: retry when they finish \(it resets at \d{4}-\d\d-\d\dT/);
    expect(Number(second.retryAfter)).toBeLessThanOrEqual(5);
    expect((await first).status).toBe(200);
  });

  it('bills nothing when the client left before any upstream call was sent', async () => {
    const gw = h.gateway.gateway;
    const request = { model: 'deepseek-chat', messages: [{ role: 'user' as const, content: 'hi' }] };
    const plan = gw.router.plan(request, { headers: {} });
    const signal = new ClientSignal();
    h.emulator.reset();
    // the client leaves while a target's own check (a rate-limit store round trip) is under way
    const err = await executePlan(plan, request, gw.config, gw.breaker, {
      stream: false,
      inputEstimate: 10,
      signal,
      beforeTarget: () => {
        signal.abort();
        return Promise.resolve(null);
      },
    }).catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(ClientLeft);
    expect(h.emulator.requests).toHaveLength(0);
  });

  it('bills and records a call the client abandoned before the first byte', async () => {
    for (const stream of [false, true]) {
      const abort = new AbortController();
      const pending = fetch(`${h.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${keys.leaver}` },
        body: JSON.stringify({ model: 'slow', stream, max_tokens: 50, messages: [{ role: 'user', content: `Tell me a story ${stream}.` }] }),
        signal: abort.signal,
      }).catch((err: unknown) => err);
      await new Promise((r) => setTimeout(r, 300)); // the upstream has the prompt and is still silent
      abort.abort();
      await pending;
    }
    // the provider has the prompt and may bill it: the estimated input is billed, recorded and settled
    await vi.waitFor(async () => expect(await leaverRows()).toHaveLength(2), { timeout: 3000, interval: 50 });
    const rows = await leaverRows();
    for (const row of rows) {
      expect(row).toMatchObject({ served_model: 'slow', status: 'error', http_status: 499, error_code: 'client_closed', usage_estimated: true, output_tokens: 0 });
      expect(row.input_tokens).toBeGreaterThan(0);
      expect(row.cost_pico).toBeGreaterThan(0);
    }
    expect(rows.map((r) => r.stream).sort()).toEqual([false, true]);
    await vi.waitFor(async () => expect((await spent(keyIds.leaver!)).reserved).toBe(0), { timeout: 2000, interval: 50 });
    const used = (await spent(keyIds.leaver!)).used;
    expect(Math.round(used * 1e12)).toBe(rows.reduce((a, r) => a + r.cost_pico, 0));
  });
});

describe('rate limits', () => {
  it('refuse a request bigger than a whole token bucket without inviting a retry', async () => {
    const r = await chat(keys.tinyTpm!, { model: 'deepseek-chat', messages: [{ role: 'user', content: 'A prompt well over five tokens long.' }] });
    expect(r.status).toBe(429);
    expect(r.error?.message).toMatch(/^rate limit key:\S+:tpm can never admit this request \(this request counts \d+, the limit is 5 per minute\): shorten it or raise the limit$/);
    expect(r.retryAfter).toBeNull();
  });
});

describe('session budgets', () => {
  const run = (key: string, session: string) =>
    fetch(`${h.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, 'x-switchyard-session': session },
      body: JSON.stringify({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'Say hello.' }] }),
    });

  it('belong to the key running the session: another tenant with the same session id is not charged or refused', async () => {
    expect((await run(keys.tenantA!, 'run-2')).status).toBe(200);
    let status = 200;
    for (let i = 0; i < 5 && status === 200; i++) status = (await run(keys.tenantA!, 'run-2')).status;
    expect(status).toBe(429); // A's run has spent its $0.001
    expect((await run(keys.tenantB!, 'run-2')).status).toBe(200); // B's run-2 is B's own
    const usage = await fetch(`${h.url}/v1/usage`, { headers: { authorization: `Bearer ${keys.tenantB}`, 'x-switchyard-session': 'run-3' } });
    const body = (await usage.json()) as { budgets: { scope: string; used: number }[] };
    // B sees its own (unused) run-3, not anybody else's spend
    expect(body.budgets.find((b) => b.scope === 'session')?.used).toBe(0);
    // the admin asks for a session of a given key: that key's spend and counter only
    const admin = async (keyId: string) => {
      const r = await fetch(`${h.url}/admin/usage?session=run-2&key=${keyId}`, { headers: { authorization: `Bearer ${ADMIN}` } });
      return (await r.json()) as { spend: { requests: number }; budgets: { used: number }[] };
    };
    const [a, b] = [await admin(keyIds.tenantA!), await admin(keyIds.tenantB!)];
    // without a key the session is ambiguous: a 400 rather than an empty counter
    const noKey = await fetch(`${h.url}/admin/usage?session=run-2`, { headers: { authorization: `Bearer ${ADMIN}` } });
    expect(noKey.status).toBe(400);
    expect(a.spend.requests).toBeGreaterThan(b.spend.requests);
    expect(b.spend.requests).toBe(1); // B's one request above, and nothing of A's
    expect(a.budgets[0]!.used).toBeGreaterThan(b.budgets[0]!.used);
  });

  it('keeps a UTF-8 session id intact and refuses one too long to store', async () => {
    const id = 'café-日本';
    // fetch sends header values as latin1 bytes: these are the UTF-8 bytes of the id, as a client sends them
    const res = await run(keys.tenantA!, Buffer.from(id, 'utf8').toString('latin1'));
    const requestId = res.headers.get('x-switchyard-request-id');
    await h.gateway.gateway.ledger.flush();
    const ledger = openLedger(`sqlite:${h.dir}/ledger.db`);
    let session: string | null | undefined;
    for await (const row of ledger.records({})) if (row.request_id === requestId) session = row.session;
    await ledger.close();
    expect(session).toBe(id);
    // bytes that are not UTF-8 keep their own reading: two such ids never merge into one
    const sessions: (string | null | undefined)[] = [];
    for (const raw of ['caf\u00e9', 'caf\u00e8']) {
      const r = await run(keys.tenantA!, raw);
      const rid = r.headers.get('x-switchyard-request-id');
      await h.gateway.gateway.ledger.flush();
      const l = openLedger(`sqlite:${h.dir}/ledger.db`);
      for await (const row of l.records({})) if (row.request_id === rid) sessions.push(row.session);
      await l.close();
    }
    expect(sessions).toEqual(['caf\u00e9', 'caf\u00e8']);
    const long = await run(keys.tenantA!, 'x'.repeat(201));
    expect(long.status).toBe(400);
    expect(((await long.json()) as { error: { param: string } }).error.param).toBe('x-switchyard-session');
  });
});

describe('admin usage', () => {
  it('answers a bad since with a 400 naming it', async () => {
    for (const since of ['yesterday', '2026-02-30']) {
      const res = await fetch(`${h.url}/admin/usage?key=${keyIds.cent}&since=${since}`, { headers: { authorization: `Bearer ${ADMIN}` } });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: { param: 'since', message: expect.stringMatching(/^since: invalid time/) as unknown } });
    }
    const ok = await fetch(`${h.url}/admin/usage?key=${keyIds.cent}&since=2026-02-28`, { headers: { authorization: `Bearer ${ADMIN}` } });
    expect(ok.status).toBe(200);
  });
});

describe('a key restricted to some models', () => {
  it('gets the same 403 from count_tokens as from /v1/messages', async () => {
    const count = (model: string) =>
      fetch(`${h.url}/v1/messages/count_tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': keys.cheapOnly!, 'anthropic-version': '2023-06-01' },
        body: JSON.stringify({ model, messages: [{ role: 'user', content: 'Say hello.' }] }),
      });
    const refused = await count('claude-sonnet-4-5');
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ type: 'error', error: { type: 'permission_error' } });
    expect((await messages(keys.cheapOnly!, { model: 'claude-sonnet-4-5', max_tokens: 10 })).status).toBe(403);
    expect((await count('deepseek-chat')).status).toBe(200);
  });
});

describe('a key limited to some models or routes, behind model_map', () => {
  it('may send a name that model_map turns into a route it is allowed (Claude Code cannot be told other names)', async () => {
    expect((await messages(keys.routeOnly!, { model: 'claude-3-5-haiku-20241022', max_tokens: 10 })).status).toBe(200);
    expect((await chat(keys.routeOnly!, { model: 'claude-3-5-haiku-20241022', max_tokens: 10 })).status).toBe(200);
    const unmapped = await messages(keys.routeOnly!, { model: 'claude-sonnet-4-5', max_tokens: 10 });
    expect(unmapped.status).toBe(403);
    expect(unmapped.error?.message).toBe('this key may not use model "claude-sonnet-4-5"');
  });

  it('is refused with 403 when model_map sends an allowed name to models the key may not use', async () => {
    const refused = await messages(keys.claudeOnly!, { model: 'claude-3-5-haiku-20241022', max_tokens: 10 });
    expect(refused.status).toBe(403);
    expect(refused.error?.type).toBe('permission_error');
    expect(refused.error?.message).toMatch(/^no eligible model for route "resilient": .*deepseek-chat \(key_models: not allowed for this key\)/);
  });
});

async function leaverRows(): Promise<LedgerRecord[]> {
  await h.gateway.gateway.ledger.flush();
  return readLedger(`sqlite:${h.dir}/ledger.db`, (row) => row.key_id === keyIds.leaver);
}

async function spent(keyId: string): Promise<{ used: number; reserved: number }> {
  const res = await fetch(`${h.url}/admin/usage?key=${keyId}`, { headers: { authorization: `Bearer ${ADMIN}` } });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { budgets: { used: number; reserved: number }[] };
  return body.budgets[0]!;
}
