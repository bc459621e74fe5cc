/**
 * The routing brain through the live gateway (no router swapping): every strategy of
 * examples/routing.yaml answers with its route and decision headers, the quality header moves auto,
 * and a cascade escalates a truncated cheap answer and records both attempts in the ledger.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalogSync } from '../src/catalog/load.js';
import { loadScorer } from '../src/routing/scorer/index.js';
import { parseTraceLine } from '../src/simulate/parse-line.js';
import { planFor } from '../src/simulate/run.js';
import { buildSimulation } from '../src/simulate/scenarios.js';
import type { TraceRecord } from '../src/simulate/trace-types.js';
import { exportedLines, readLedger, startHarness, type Harness } from './helpers/harness.js';

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
    expect(['claude-sonnet-4-6', 'gpt-5']).toContain(premium.model);
    expect(cheap.decision).toMatch(/auto score=/);
  });

  it('rules: the first matching rule decides', async () => {
    const hard = await chat('by-task', 'Please refactor this module.');
    expect(hard.model).toBe('claude-sonnet-4-6');
    expect(hard.decision).toMatch(/hard/);
  });

  it('model_map sends an unmodified Claude Haiku client to a route', async () => {
    for (const model of ['claude-3-5-haiku-20241022', 'claude-haiku-4-5']) {
      const r = await chat(model, 'hello');
      expect(r.status).toBe(200);
      expect(r.route).toBe('smart');
    }
  });

  it('jurisdiction header fails closed with a reason when nothing qualifies', async () => {
    const r = await chat('resilient', 'hello', {}, { 'x-switchyard-jurisdictions': 'FR' });
    expect(r.status).toBe(400);
    expect(r.body.error?.message).toMatch(/jurisdiction/i);
  });

  it('cascade escalates a truncated cheap answer and records both attempts', async () => {
    const r = await chat('careful', 'Tell me a long story.', { max_tokens: 3 });
    expect(r.status).toBe(200);
    expect(r.model).toBe('claude-sonnet-4-6');
    expect(r.decision).toMatch(/escalat/);
    await h.gateway.gateway.ledger.flush();
    const rows = await readLedger(`sqlite:${h.dir}/ledger.db`, (row) => row.request_id === r.requestId);
    expect(rows.map((x) => x.served_model).sort()).toEqual(['claude-sonnet-4-6', 'deepseek-chat']);
    expect(rows.every((x) => x.cost_pico > 0)).toBe(true);
  });
});

describe('the simulator replays exported traffic with the gateway\'s decisions (prompt logging off)', () => {
  it('makes the same decision for every request, from headers, tools, response_format, images, metadata and size', async () => {
    const user = (content: string) => [{ role: 'user', content }];
    const image = [{ role: 'user', content: [{ type: 'text', text: 'What is in this picture?' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }] }];
    const tools = [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: {} } } }];
    const sent: Array<{ model: string; body: Record<string, unknown>; headers?: Record<string, string> }> = [
      { model: 'smart', body: { messages: user('hello there') } },
      { model: 'smart', body: { messages: user('hello there') }, headers: { 'x-switchyard-quality': '1' } },
      { model: 'smart', body: { messages: user('Prove that the square root of 2 is irrational, rigorously.') }, headers: { 'x-switchyard-quality': '0.9' } },
      { model: 'smart', body: { messages: image } },
      { model: 'by-task', body: { messages: user('hi') }, headers: { 'x-team': 'eu' } },
      { model: 'by-task', body: { messages: user('list three colours'), response_format: { type: 'json_object' } } },
      { model: 'by-task', body: { messages: user('weather in Paris?'), tools } },
      { model: 'resilient', body: { messages: user('hello') }, headers: { 'x-switchyard-jurisdictions': '!CN' } },
      { model: 'budget', body: { messages: user('summarise this'), max_tokens: 50 } },
      { model: 'agents', body: { messages: [{ role: 'system', content: 'You are a coding agent.' }, ...user('Fix the failing test in utils.py')] } },
    ];
    const live = new Map<string, string>();
    for (const r of sent) {
      const res = await fetch(`${h.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...r.headers },
        body: JSON.stringify({ model: r.model, ...r.body }),
      });
      expect(res.status).toBe(200);
      await res.arrayBuffer();
      live.set(res.headers.get('x-switchyard-request-id')!, res.headers.get('x-switchyard-decision')!);
    }
    const lines = (await exportedLines(h)).map((l) => JSON.parse(l) as { id: string; requested_model: string; reason: string; messages?: unknown });
    const exported = lines.filter((l) => live.has(l.id));
    expect(exported).toHaveLength(sent.length); // one line per request, the escalated cascade included
    expect(exported.every((l) => l.messages === undefined)).toBe(true);

    const records = exported.map((l, i) => parseTraceLine(JSON.stringify(l), i + 1, 'export') as TraceRecord);
    const setup = buildSimulation(h.gateway.gateway.config, loadCatalogSync().models, loadScorer(), records);
    const replayed = exported.map((l, i) => planFor(setup, records[i]!, l.requested_model).decision);
    // the ledger's reason of a cascade row carries what happened after planning; compare the plan's part
    expect(replayed).toEqual(exported.map((l) => live.get(l.id)!.replace(/; (rejected|escalation failed).*$/, '')));
  });
});
