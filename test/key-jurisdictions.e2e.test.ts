/**
 * A virtual key's jurisdiction lists (`keys create --jurisdictions`) apply to every request made with it,
 * together with the route's lists and the request's `x-switchyard-jurisdictions`: a request may narrow
 * its key's lists but never widen them, and when nothing qualifies the gateway fails closed saying why.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalogSync } from '../src/catalog/load.js';
import { openKeyStore } from '../src/keys/open.js';
import { loadScorer } from '../src/routing/scorer/index.js';
import { parseTraceLine } from '../src/simulate/parse-line.js';
import { planFor } from '../src/simulate/run.js';
import { buildSimulation } from '../src/simulate/scenarios.js';
import type { TraceRecord } from '../src/simulate/trace-types.js';
import { exportedLines, startHarness, STANDARD_CONFIG, type Harness } from './helpers/harness.js';

let h: Harness;
const secrets: Record<string, string> = {};

beforeAll(async () => {
  h = await startHarness(`${STANDARD_CONFIG}  mixed: { targets: [deepseek-chat, claude-sonnet-4-5] }\nadmin_key: sk-admin-0123456789abcdef\n`);
  const store = openKeyStore(`sqlite:${join(h.dir, 'ledger.db')}`);
  try {
    secrets.noCn = (await store.create({ project: 'p', jurisdictions: { deny: ['CN'] } })).secret;
    secrets.usOnly = (await store.create({ project: 'p', jurisdictions: { allow: ['US'] } })).secret;
    secrets.anywhere = (await store.create({ project: 'p' })).secret;
  } finally {
    await store.close();
  }
});
afterAll(async () => {
  await h?.close();
});

async function chat(secret: string, model: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${h.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}`, ...headers },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hello' }] }),
  });
  const body = (await res.json()) as { error?: { message: string; code?: string } };
  return { status: res.status, body, model: res.headers.get('x-switchyard-model'), decision: res.headers.get('x-switchyard-decision'), id: res.headers.get('x-switchyard-request-id') };
}

describe('per-key jurisdictions', () => {
  it('a key that denies CN never reaches a CN provider: the route falls back, a direct request fails closed', async () => {
    const routed = await chat(secrets.noCn!, 'mixed');
    expect(routed.status).toBe(200);
    expect(routed.model).toBe('claude-sonnet-4-5');
    expect(routed.decision).toBe("fallback claude-sonnet-4-5; dropped deepseek-chat (jurisdiction)");
    const direct = await chat(secrets.noCn!, 'deepseek-chat');
    expect(direct.status).toBe(400);
    expect(direct.body.error?.message).toMatch(/CN denied by key/);
  });

  it('the same requests with a key without lists go to the first target', async () => {
    expect((await chat(secrets.anywhere!, 'mixed')).model).toBe('deepseek-chat');
    expect((await chat(secrets.anywhere!, 'deepseek-chat')).status).toBe(200);
  });

  it('a request header narrows the key\'s lists but cannot widen them', async () => {
    const widened = await chat(secrets.usOnly!, 'deepseek-chat', { 'x-switchyard-jurisdictions': 'CN' });
    expect(widened.status).toBe(400);
    expect(widened.body.error?.message).toMatch(/not allowed by key/);
    const narrowed = await chat(secrets.usOnly!, 'mixed', { 'x-switchyard-jurisdictions': '!US' });
    expect(narrowed.status).toBe(400);
    expect(narrowed.body.error?.message).toMatch(/jurisdiction|denied|not allowed/i);
    expect((await chat(secrets.usOnly!, 'mixed')).model).toBe('claude-sonnet-4-5');
  });

  it('an exported request replays under its key\'s lists, as the gateway decided it', async () => {
    const live = await chat(secrets.noCn!, 'mixed');
    expect(live.decision).toMatch(/dropped deepseek-chat \(jurisdiction\)/);
    const line = (await exportedLines(h)).find((l) => l.includes(live.id!))!;
    expect(JSON.parse(line).routing.key_jurisdictions).toEqual({ deny: ['CN'] });
    const record = parseTraceLine(line, 1, 'export') as TraceRecord;
    const setup = buildSimulation(h.gateway.gateway.config, loadCatalogSync().models, loadScorer(), [record]);
    expect(planFor(setup, record, 'mixed').decision).toBe(live.decision);
  });
});
