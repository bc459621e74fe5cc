/**
 * The routing brain through the live gateway (no router swapping): every strategy of
 * examples/routing.yaml answers with its route and decision headers, the quality header moves auto,
 * and a cascade escalates a truncated cheap answer and records both attempts in the ledger.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLedger } from '../src/ledger/open.js';
import { startHarness, type Harness } from './helpers/harness.js';

let h: Harness;

beforeAll(async () => {
  const example = readFileSync(join(import.meta.dirname, '../examples/routing.yaml'), 'utf8')
    .replaceAll('${SWITCHYARD_EMULATOR:-http://127.0.0.1:4010}', 'EMU')
    .replace('ledger: sqlite:.switchyard/ledger.db', 'ledger: sqlite:DIR/ledger.db');
  h = await startHarness(example);
});
afterAll(async () => {
  await h?.close();
});

async function chat(model: string, content: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const res = await fetch(`${h.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ model, messages: [{ role: 'user', content }], ...extra }),
  });
  const body = (await res.json()) as { choices?: { message: { content: string }; finish_reason: string }[]; error?: { message: string } };
  return { status: res.status, body, route: res.headers.get('x-switchyard-route'), decision: res.headers.get('x-switchyard-decision'), model: res.headers.get('x-switchyard-model'), requestId: res.headers.get('x-switchyard-request-id') };
}

describe('routing strategies, live', () => {
  it('cheapest picks the lowest effective price', async () => {
    const r = await chat('budget', 'hello');
    expect(r.status).toBe(200);
    expect(r.route).toBe('budget');
    expect(r.decision).toMatch(/cheapest/);
  });

  it('auto follows the quality header: 0 always cheap, 1 always premium', async () => {
    const cheap = await chat('smart', 'Prove that there are infinitely many primes, step by step.', {}, { 'x-switchyard-quality': '0' });
    const premium = await chat('smart', 'hi', {}, { 'x-switchyard-quality': '1' });
    expect(cheap.status).toBe(200);
    expect(['deepseek-chat', 'qwen-plus']).toContain(cheap.model);
    expect(['claude-sonnet-4-5', 'gpt-5']).toContain(premium.model);
    expect(cheap.decision).toMatch(/auto score=/);
  });

  it('rules: the first matching rule decides', async () => {
    const hard = await chat('by-task', 'Please refactor this module.');
    expect(hard.model).toBe('claude-sonnet-4-5');
    expect(hard.decision).toMatch(/hard/);
  });

  it('model_map sends an unmodified Claude Haiku client to a route', async () => {
    const r = await chat('claude-3-5-haiku-20241022', 'hello');
    expect(r.status).toBe(200);
    expect(r.route).toBe('smart');
  });

  it('jurisdiction header fails closed with a reason when nothing qualifies', async () => {
    const r = await chat('resilient', 'hello', {}, { 'x-switchyard-jurisdictions': 'FR' });
    expect(r.status).toBe(400);
    expect(r.body.error?.message).toMatch(/jurisdiction/i);
  });

  it('cascade escalates a truncated cheap answer and records both attempts', async () => {
    const r = await chat('careful', 'Tell me a long story.', { max_tokens: 3 });
    expect(r.status).toBe(200);
    expect(r.model).toBe('claude-sonnet-4-5');
    expect(r.decision).toMatch(/escalat/);
    await h.gateway.gateway.ledger.flush();
    const ledger = openLedger(`sqlite:${h.dir}/ledger.db`);
    const rows = [];
    for await (const row of ledger.records({})) if (row.request_id === r.requestId) rows.push(row);
    await ledger.close();
    expect(rows.map((x) => x.served_model).sort()).toEqual(['claude-sonnet-4-5', 'deepseek-chat']);
    expect(rows.every((x) => x.cost_pico > 0)).toBe(true);
  });
});
