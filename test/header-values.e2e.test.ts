/**
 * Route and model names outside printable ASCII (allowed in config, and in a client's provider-prefixed
 * model) reach the response headers percent-encoded: Node would otherwise refuse them in writeHead,
 * after the upstream answered and the request was billed, and the client would get a 500.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLedger } from '../src/ledger/open.js';
import { startHarness, STANDARD_CONFIG, type Harness } from './helpers/harness.js';

let h: Harness;

beforeAll(async () => {
  const config = STANDARD_CONFIG.replace('models:\n', 'models:\n  - { id: "modèle-éco", provider: deepseek, upstream: deepseek-chat, price: { input: 0.1, output: 0.2 } }\n');
  h = await startHarness(
    `${config}  "路由": { targets: [deepseek-chat] }\n  "naïve route": { targets: [deepseek-chat] }\n` +
      // a budget that degrades to a model whose id is not ASCII: the decision header gains its name
      `sessions:\n  budgets: [{ unit: usd, window: total, limit: 1, mode: degrade, soft: 0.0000001, degrade_to: "modèle-éco" }]\n`,
  );
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

  it('keeps a decision that gained a non-ASCII note after planning header-safe', async () => {
    const send = () =>
      fetch(`${h.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-switchyard-session': 'run-1' },
        body: JSON.stringify({ model: 'deepseek-chat', messages: [{ role: 'user', content: 'hello' }] }),
      });
    await (await send()).arrayBuffer(); // passes the soft limit
    const res = await send();
    expect(res.status).toBe(200);
    expect(res.headers.get('x-switchyard-model')).toBe(encodeURIComponent('modèle-éco'));
    expect(res.headers.get('x-switchyard-decision')).toMatch(/^budget degrade -> mod\?le-\?co; /);
    // the soft threshold warning states what is left in the budget's unit (USD), not in pico-dollars
    expect(res.headers.get('x-switchyard-budget-warning')).toMatch(/^session:anonymous\/run-1:usd:total threshold \(remaining \$0\.99\d{4}\)$/);
    await res.arrayBuffer();
    // the ledger keeps the model the client asked for; the served model and decision show the degrade
    await h.gateway.gateway.ledger.flush();
    const ledger = openLedger(`sqlite:${h.dir}/ledger.db`);
    const id = res.headers.get('x-switchyard-request-id');
    let row: { requested_model: string; served_model: string | null } | undefined;
    for await (const r of ledger.records({})) if (r.request_id === id) row = r;
    await ledger.close();
    expect(row).toMatchObject({ requested_model: 'deepseek-chat', served_model: 'modèle-éco' });
    // usage shows the budget's mode as configured (the store counts degrade budgets as hard)
    const usage = (await (await fetch(`${h.url}/v1/usage`, { headers: { 'x-switchyard-session': 'run-1' } })).json()) as { budgets: { scope: string; mode: string }[] };
    expect(usage.budgets.find((b) => b.scope === 'session')?.mode).toBe('degrade');
  });

  it('leaves printable ASCII names as they are', async () => {
    const res = await chat('resilient');
    expect(res.headers.get('x-switchyard-route')).toBe('resilient');
    expect(res.headers.get('x-switchyard-model')).toBe('deepseek-chat');
    await res.arrayBuffer();
  });
});
