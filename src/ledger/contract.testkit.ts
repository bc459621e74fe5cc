/**
 * The behaviour every ledger store must show, as one vitest suite: SQLite runs it today and the PostgreSQL
 * store must pass the same cases (`ledgerContract('postgres', () => openLedger(url))`). Test-only code.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Ledger, LedgerRecord } from './types.js';

let seq = 0;

/** A complete, valid record; override what a case is about. */
export function makeRecord(overrides: Partial<LedgerRecord> = {}): LedgerRecord {
  seq += 1;
  return {
    time: 1_750_000_000_000,
    request_id: `req_${seq}`,
    key_id: 'key_a',
    project: 'alpha',
    session: null,
    route: 'auto',
    reason: 'rule:short-prompt',
    score: 0.25,
    requested_model: 'auto',
    served_model: 'deepseek-chat',
    provider: 'deepseek',
    jurisdiction: 'CN',
    attempts: 1,
    input_tokens: 100,
    cache_read_tokens: 0,
    cache_write_tokens: 0,
    output_tokens: 50,
    reasoning_tokens: 0,
    usage_estimated: false,
    cost_pico: 1_000_000,
    baseline_cost_pico: 3_000_000,
    latency_ms: 812.25,
    ttft_ms: null,
    status: 'ok',
    http_status: 200,
    error_code: null,
    stream: false,
    superseded: false,
    routing: null,
    prompt: null,
    ...overrides,
  };
}

export function ledgerContract(name: string, open: () => Ledger | Promise<Ledger>): void {
  describe(`ledger contract: ${name}`, () => {
    let ledger: Ledger | undefined;
    const fresh = async (): Promise<Ledger> => (ledger = await open());
    afterEach(async () => {
      await ledger?.close();
      ledger = undefined;
    });

    it('reports an empty ledger as zeros', async () => {
      const l = await fresh();
      const r = await l.report({});
      expect(r).toMatchObject({ requests: 0, errors: 0, cost_usd: 0, cost_usd_exact: '0', savings_pct: 0, by_model: [], by_provider: [], groups: [] });
      expect(r.tokens).toEqual({ input: 0, cache_read: 0, cache_write: 0, output: 0, reasoning: 0 });
    });

    it('sums requests, errors, tokens and money of appended records without an explicit flush', async () => {
      const l = await fresh();
      l.append(makeRecord({ input_tokens: 1000, cache_read_tokens: 9000, output_tokens: 500, reasoning_tokens: 200, cost_pico: 742_000_000, baseline_cost_pico: 13_200_000_000 }));
      l.append(makeRecord({ input_tokens: 10, cache_write_tokens: 20, output_tokens: 0, cost_pico: 3, baseline_cost_pico: 7, usage_estimated: true }));
      l.append(makeRecord({ status: 'error', http_status: 502, error_code: 'SY_ERR_UPSTREAM', input_tokens: 0, output_tokens: 0, cost_pico: 0, baseline_cost_pico: 0 }));
      const r = await l.report({});
      expect(r.requests).toBe(3);
      expect(r.errors).toBe(1);
      expect(r.usage_estimated).toBe(1);
      expect(r.tokens).toEqual({ input: 1010, cache_read: 9000, cache_write: 20, output: 500, reasoning: 200 });
      expect(r.cost_usd_exact).toBe('0.000742000003');
      expect(r.baseline_cost_usd_exact).toBe('0.013200000007');
      expect(r.savings_usd_exact).toBe('0.012458000004');
      expect(r.cost_usd).toBe(0.000742000003);
      expect(r.savings_usd).toBe(0.012458000004);
      expect(r.savings_pct).toBe(94.38);
    });

    it('counts superseded cascade attempts apart from requests and errors, and keeps their cost', async () => {
      const l = await fresh();
      // an escalation whose premium chain failed: the client got the cheap answer
      l.append(makeRecord({ request_id: 'c1', served_model: 'premium', status: 'error', http_status: 200, error_code: 'x', cost_pico: 0, superseded: true }));
      l.append(makeRecord({ request_id: 'c1', served_model: 'cheap', cost_pico: 5 }));
      // an escalation that worked: the cheap answer was rejected and replaced
      l.append(makeRecord({ request_id: 'c2', served_model: 'cheap', cost_pico: 7, superseded: true }));
      l.append(makeRecord({ request_id: 'c2', served_model: 'premium', cost_pico: 100 }));
      const r = await l.report({ groupBy: 'model' });
      expect([r.requests, r.errors, r.superseded_attempts, r.cost_usd_exact]).toEqual([2, 0, 2, '0.000000000112']);
      const byModel = Object.fromEntries(r.by_model.map((m) => [m.served_model, [m.requests, m.errors, m.superseded_attempts]]));
      expect(byModel).toEqual({ cheap: [1, 0, 1], premium: [1, 0, 1] });
      const stored = [];
      for await (const row of l.records({})) stored.push(row.superseded);
      expect(stored).toEqual([true, false, true, false]);
    });

    it('filters by time: since inclusive, until exclusive', async () => {
      const l = await fresh();
      for (const time of [1000, 2000, 3000, 4000]) l.append(makeRecord({ time, cost_pico: time }));
      expect((await l.report({ since: 2000 })).cost_usd_exact).toBe(formatPico(9000));
      expect((await l.report({ until: 3000 })).cost_usd_exact).toBe(formatPico(3000));
      const window = await l.report({ since: 2000, until: 4000 });
      expect(window).toMatchObject({ requests: 2, since: 2000, until: 4000 });
      expect((await l.report({ since: 5000 })).requests).toBe(0);
    });

    it('breaks totals down by model and by provider, dearest first, keeping nulls as null', async () => {
      const l = await fresh();
      l.append(makeRecord({ served_model: 'deepseek-chat', provider: 'deepseek', cost_pico: 10 }));
      l.append(makeRecord({ served_model: 'deepseek-chat', provider: 'openrouter', cost_pico: 20 }));
      l.append(makeRecord({ served_model: 'claude-sonnet-4-5', provider: 'anthropic', cost_pico: 100 }));
      l.append(makeRecord({ served_model: 'claude-sonnet-4-5', provider: 'anthropic', cost_pico: 1 }));
      l.append(makeRecord({ served_model: null, provider: null, status: 'error', cost_pico: 0 }));
      const r = await l.report({});
      expect(r.by_model.map((m) => [m.served_model, m.provider, m.requests, m.cost_usd_exact])).toEqual([
        ['claude-sonnet-4-5', 'anthropic', 2, formatPico(101)],
        ['deepseek-chat', 'openrouter', 1, formatPico(20)],
        ['deepseek-chat', 'deepseek', 1, formatPico(10)],
        [null, null, 1, '0'],
      ]);
      expect(r.by_provider.map((p) => [p.provider, p.requests])).toEqual([['anthropic', 2], ['openrouter', 1], ['deepseek', 1], [null, 1]]);
      expect(r.groups).toEqual([]);
    });

    it.each([
      ['key', 'key_id'],
      ['project', 'project'],
      ['session', 'session'],
      ['route', 'route'],
      ['provider', 'provider'],
      ['model', 'served_model'],
    ] as const)('groups by %s', async (groupBy, field) => {
      const l = await fresh();
      l.append(makeRecord({ [field]: 'x', cost_pico: 5, input_tokens: 1 }));
      l.append(makeRecord({ [field]: 'x', cost_pico: 5, input_tokens: 2 }));
      l.append(makeRecord({ [field]: 'y', cost_pico: 30, input_tokens: 4 }));
      l.append(makeRecord({ [field]: null, cost_pico: 1, input_tokens: 8 }));
      const r = await l.report({ groupBy });
      expect(r.group_by).toBe(groupBy);
      expect(r.groups.map((g) => [g.key, g.requests, g.tokens.input, g.cost_usd_exact])).toEqual([
        ['y', 1, 4, formatPico(30)],
        ['x', 2, 3, formatPico(10)],
        [null, 1, 8, formatPico(1)],
      ]);
    });

    it('sums money exactly beyond 2^53 and beyond a 64-bit SUM of pico-dollars', async () => {
      const l = await fresh();
      const each = Number.MAX_SAFE_INTEGER; // $9,007.199254740991, the largest one-request cost
      for (let i = 0; i < 1100; i++) l.append(makeRecord({ cost_pico: each, baseline_cost_pico: each - 1 }));
      const r = await l.report({});
      const expected = BigInt(each) * 1100n; // 9.9e18 > 2^63 - 1
      expect(expected > 2n ** 63n - 1n).toBe(true);
      expect(r.cost_usd_exact).toBe(formatPico(expected));
      expect(r.savings_usd_exact).toBe('-0.0000000011');
    });

    it('exports records field for field, oldest first, with since, until and limit', async () => {
      const l = await fresh();
      const a = makeRecord({ time: 1000, prompt: '[{"role":"user","content":"hi"}]', stream: true, ttft_ms: 12.5, usage_estimated: true, score: null, routing: '{"input_tokens":5,"headers":{"x-team":"eu"}}' });
      const b = makeRecord({ time: 2000, key_id: null, project: null, route: null, reason: null, jurisdiction: null, status: 'error', error_code: 'rate_limit', http_status: 429 });
      const c = makeRecord({ time: 3000 });
      for (const r of [a, b, c]) l.append(r);
      expect(await collect(l.records({}))).toEqual([a, b, c]);
      expect(await collect(l.records({ since: 2000 }))).toEqual([b, c]);
      expect(await collect(l.records({ until: 2000 }))).toEqual([a]);
      expect(await collect(l.records({ limit: 2 }))).toEqual([a, b]);
    });

    it('exports by arrival time, then write order, so the rows of one request stay together', async () => {
      const l = await fresh();
      // a cascade that arrived at t=1000 writes its second row after a request that arrived later finished
      const cheap = makeRecord({ time: 1000, request_id: 'cascade', served_model: 'cheap' });
      const other = makeRecord({ time: 1500, request_id: 'other' });
      const premium = makeRecord({ time: 1000, request_id: 'cascade', served_model: 'premium' });
      for (const r of [cheap, other, premium]) l.append(r);
      expect((await collect(l.records({}))).map((r) => r.served_model)).toEqual(['cheap', 'premium', other.served_model]);
      // keyset pages break inside a run of equal times without losing or repeating a row
      const l2 = await fresh();
      for (let i = 0; i < 2100; i++) l2.append(makeRecord({ time: 5000 - (i % 3), request_id: `r${i}` }));
      const all = await collect(l2.records({}));
      expect(all).toHaveLength(2100);
      expect(new Set(all.map((r) => r.request_id)).size).toBe(2100);
      expect(all.map((r) => r.time)).toEqual([...all.map((r) => r.time)].sort((a, b) => a - b));
      expect(all.filter((r) => r.time === 4998).map((r) => Number(r.request_id.slice(1)))).toEqual(
        [...Array(700).keys()].map((k) => k * 3 + 2),
      );
    });

    it('pages through exports larger than one page', async () => {
      const l = await fresh();
      for (let i = 0; i < 2500; i++) l.append(makeRecord({ time: i }));
      const all = await collect(l.records({}));
      expect(all).toHaveLength(2500);
      expect(all.map((r) => r.time)).toEqual([...Array(2500).keys()]);
      expect(await collect(l.records({ limit: 1001 }))).toHaveLength(1001);
    });

    it('writes everything queued on close, and drops (without throwing) appends after close', async () => {
      const l = await fresh();
      for (let i = 0; i < 700; i++) l.append(makeRecord());
      await l.close();
      expect(() => l.append(makeRecord())).not.toThrow();
      await expect(l.close()).resolves.toBeUndefined();
    });
  });
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

function formatPico(pico: number | bigint): string {
  const v = BigInt(pico);
  const whole = (v / 10n ** 12n).toString();
  const frac = (v % 10n ** 12n).toString().padStart(12, '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : whole;
}
