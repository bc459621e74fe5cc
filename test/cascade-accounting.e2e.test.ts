/**
 * What a cascade bills and records: an escalated request shows the client the cost of both answers it
 * consumed (the ledger has one row each, summing to that), and a failed escalation keeps the cheap
 * answer but still leaves its failed premium attempt in the ledger.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { join } from 'node:path';
import { openKeyStore } from '../src/keys/open.js';
import { openLedger } from '../src/ledger/open.js';
import type { LedgerRecord } from '../src/ledger/types.js';
import { parseUsd } from '../src/metering/money.js';
import { readLedger, startHarness, STANDARD_CONFIG, type Harness } from './helpers/harness.js';

let h: Harness;
let budgetKey: { id: string; secret: string };
const ADMIN = 'sk-admin-0123456789abcdef';

beforeAll(async () => {
  h = await startHarness(
    `${STANDARD_CONFIG}  careful: { strategy: cascade, cheap: deepseek-chat, premium: claude-sonnet-4-5, validators: [not_truncated] }\n` +
      `  doomed: { strategy: cascade, cheap: deepseek-chat, premium: down, validators: [not_truncated] }\n` +
      `  hanging: { strategy: cascade, cheap: deepseek-chat, premium: silent, validators: [not_truncated] }\n` +
      `admin_key: ${ADMIN}\n`,
  );
  const store = openKeyStore(`sqlite:${join(h.dir, 'ledger.db')}`);
  try {
    const key = await store.create({ project: 'p', budgets: [{ unit: 'usd', window: 'day', limit: 5 }] });
    budgetKey = { id: key.key.id, secret: key.secret };
  } finally {
    await store.close();
  }
});
afterAll(async () => {
  await h?.close();
});

async function truncated(model: string) {
  const res = await fetch(`${h.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${budgetKey.secret}` },
    body: JSON.stringify({ model, max_tokens: 3, messages: [{ role: 'user', content: 'Tell me a long story.' }] }),
  });
  const body = (await res.json()) as { usage?: { cost?: number } };
  return { status: res.status, body, cost: res.headers.get('x-switchyard-cost-usd')!, baseline: res.headers.get('x-switchyard-baseline-cost-usd')!, model: res.headers.get('x-switchyard-model'), id: res.headers.get('x-switchyard-request-id')! };
}

async function rowsOf(requestId: string): Promise<LedgerRecord[]> {
  return rowsWhere((row) => row.request_id === requestId);
}

describe('cascade accounting', () => {
  it('an escalated answer costs the client both attempts, and the ledger rows add up to it', async () => {
    const r = await truncated('careful');
    expect(r.status).toBe(200);
    expect(r.model).toBe('claude-sonnet-4-5');
    const rows = await rowsOf(r.id);
    expect(rows.map((x) => x.served_model).sort()).toEqual(['claude-sonnet-4-5', 'deepseek-chat']);
    const total = rows.reduce((a, x) => a + BigInt(x.cost_pico), 0n);
    expect(parseUsd(r.cost)).toBe(total);
    // the baseline covers the same two answers, so the savings the headers imply match the ledger's
    expect(parseUsd(r.baseline)).toBe(rows.reduce((a, x) => a + BigInt(x.baseline_cost_pico), 0n));
    const premiumRow = rows.find((x) => x.served_model === 'claude-sonnet-4-5')!;
    expect(parseUsd(r.cost)).toBeGreaterThan(BigInt(premiumRow.cost_pico));
    expect(r.body.usage?.cost).toBeCloseTo(Number(total) / 1e12, 12);
    // the rejected cheap answer is an attempt the client never received, not a request of its own
    expect(rows.find((x) => x.served_model === 'deepseek-chat')!.superseded).toBe(true);
    expect(premiumRow.superseded).toBe(false);
  });

  it('a failed escalation keeps the cheap answer and records the failed premium attempt', async () => {
    const r = await truncated('doomed');
    expect(r.status).toBe(200);
    expect(r.model).toBe('deepseek-chat');
    const rows = await rowsOf(r.id);
    expect(rows).toHaveLength(2);
    const failed = rows.find((x) => x.status === 'error')!;
    // the client received the cheap answer (200); the upstream's failure is in error_code
    expect(failed).toMatchObject({ served_model: 'down', cost_pico: 0, http_status: 200, error_code: 'SY_ERR_UPSTREAM_UNAVAILABLE' });
    expect(failed.reason).toMatch(/escalation failed, cheap answer kept/);
    const kept = rows.find((x) => x.status === 'ok')!;
    expect(kept.served_model).toBe('deepseek-chat');
    expect(parseUsd(r.cost)).toBe(BigInt(kept.cost_pico));
    expect([failed.superseded, kept.superseded]).toEqual([true, false]);
  });

  it('a client that leaves during the escalation is billed for the cheap answer and the abandoned premium call', async () => {
    const before = await spent();
    const abort = new AbortController();
    const pending = fetch(`${h.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${budgetKey.secret}` },
      body: JSON.stringify({ model: 'hanging', max_tokens: 3, messages: [{ role: 'user', content: 'Tell me a long story.' }] }),
      signal: abort.signal,
    }).catch((err: unknown) => err);
    // the cheap answer comes back at once; the premium upstream never answers
    await new Promise((r) => setTimeout(r, 300));
    abort.abort();
    await pending;
    await vi.waitFor(async () => expect(await rowsWhere((x) => x.route === 'hanging' && x.served_model === 'deepseek-chat')).toHaveLength(1), { timeout: 3000, interval: 50 });
    const [cheapRow] = await rowsWhere((x) => x.route === 'hanging' && x.served_model === 'deepseek-chat');
    await vi.waitFor(async () => expect(await rowsWhere((x) => x.request_id === cheapRow!.request_id)).toHaveLength(2), { timeout: 3000, interval: 50 });
    const rows = await rowsWhere((x) => x.request_id === cheapRow!.request_id);
    const row = rows.find((x) => x.served_model === 'deepseek-chat');
    expect(row).toMatchObject({ route: 'hanging', status: 'error', http_status: 499, error_code: 'client_closed' });
    expect(row!.cost_pico).toBeGreaterThan(0);
    expect(row!.reason).toMatch(/escalation cancelled: client closed/);
    expect(row!.superseded).toBe(false);
    // the premium upstream had the prompt when the client left: its estimated input is billed, as an attempt
    const premium = rows.find((x) => x.served_model === 'silent');
    expect(premium).toMatchObject({ status: 'error', http_status: 499, error_code: 'client_closed', usage_estimated: true, output_tokens: 0, superseded: true });
    expect(premium!.cost_pico).toBeGreaterThan(0);
    // the budget holds both costs exactly, and nothing stays reserved
    await vi.waitFor(async () => expect((await spent()).reserved).toBe(0), { timeout: 2000, interval: 50 });
    const after = await spent();
    expect(Math.round((after.used - before.used) * 1e12)).toBe(row!.cost_pico + premium!.cost_pico);
  });

  it('reports count each cascade as one request, with its superseded attempts apart', async () => {
    await h.gateway.gateway.ledger.flush();
    const ledger = openLedger(`sqlite:${h.dir}/ledger.db`);
    const report = await ledger.report({ groupBy: 'route' });
    await ledger.close();
    const byRoute = Object.fromEntries(report.groups.map((g) => [g.key, [g.requests, g.errors, g.superseded_attempts]]));
    // [requests, errors, superseded]: escalated; failed escalation (the client got the cheap answer); client left
    expect(byRoute).toMatchObject({ careful: [1, 0, 1], doomed: [1, 0, 1], hanging: [1, 1, 1] });
    const rows = await rowsWhere(() => true);
    expect(report.requests).toBe(new Set(rows.map((x) => x.request_id)).size);
    expect(report.requests + report.superseded_attempts).toBe(rows.length);
    // the cheap model answered none of the escalated requests but its cost stays in the totals
    const cheap = report.by_model.find((m) => m.served_model === 'deepseek-chat')!;
    expect(cheap.superseded_attempts).toBe(1);
    expect(cheap.cost_usd).toBeGreaterThan(0);
  });
});

async function rowsWhere(match: (row: LedgerRecord) => boolean): Promise<LedgerRecord[]> {
  await h.gateway.gateway.ledger.flush();
  return readLedger(`sqlite:${h.dir}/ledger.db`, match);
}

async function spent(): Promise<{ used: number; reserved: number }> {
  const res = await fetch(`${h.url}/admin/usage?key=${budgetKey.id}`, { headers: { authorization: `Bearer ${ADMIN}` } });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { budgets: { used: number; reserved: number }[] };
  return body.budgets[0]!;
}
