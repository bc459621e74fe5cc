import { describe, expect, it } from 'vitest';
import { buildReport, emptyReport, isGroupBy, reportSql } from './report.js';

const row = (k0: unknown, k1: unknown, k2: unknown, cost: bigint, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  k0, k1, k2,
  requests: 1, errors: 0, estimated: 0, input: 10, cache_read: 0, cache_write: 0, output: 5, reasoning: 0,
  cost_hi: cost / 1_000_000n, cost_lo: cost % 1_000_000n, baseline_hi: (2n * cost) / 1_000_000n, baseline_lo: (2n * cost) % 1_000_000n,
  ...extra,
});

describe('reportSql', () => {
  it('renders time bounds with the store placeholder syntax and one GROUP BY scan', () => {
    const q = reportSql({ since: 10, until: 20, groupBy: 'key' }, (i) => `$${i}`);
    expect(q.params).toEqual([10, 20]);
    expect(q.sql).toContain('WHERE time >= $1 AND time < $2');
    expect(q.sql).toContain('GROUP BY served_model, provider, key_id');
  });

  it('adds no extra column when grouping by model or provider, and no WHERE without bounds', () => {
    const q = reportSql({ groupBy: 'provider' }, () => '?');
    expect(q.sql).toMatch(/GROUP BY served_model, provider$/);
    expect(q.sql).not.toContain('WHERE');
    expect(q.params).toEqual([]);
  });
});

describe('buildReport', () => {
  it('accepts integers as bigint, number or string (PostgreSQL returns NUMERIC sums as strings)', () => {
    const big = row('m', 'p', 'k', 5n);
    const num = { ...row('m', 'p', 'k', 7n), cost_hi: 0, cost_lo: 7, requests: 1 };
    const str = { ...row('m', 'p', 'k', 3_000_000n), cost_hi: '3', cost_lo: '0', requests: '1' };
    const r = buildReport({ groupBy: 'key' }, [big, num, str]);
    expect(r.requests).toBe(3);
    expect(r.cost_usd_exact).toBe('0.000003000012');
    expect(r.by_model).toHaveLength(1);
  });

  it('rejects a non-integer aggregate instead of reporting a rounded sum', () => {
    expect(() => buildReport({}, [{ ...row('m', 'p', null, 1n), cost_lo: 1.5 }])).toThrow(/not an integer/);
  });

  it('rolls one grouped scan up into totals, models, providers and groups', () => {
    const rows = [row('a', 'p1', 'k1', 100n), row('a', 'p1', 'k2', 50n), row('b', 'p1', 'k1', 400n), row('a', 'p2', null, 1n)];
    const r = buildReport({ groupBy: 'project' }, rows);
    expect(r.requests).toBe(4);
    expect(r.cost_usd_exact).toBe('0.000000000551');
    expect(r.savings_pct).toBe(50);
    expect(r.by_model.map((m) => [m.served_model, m.provider, m.requests])).toEqual([['b', 'p1', 1], ['a', 'p1', 2], ['a', 'p2', 1]]);
    expect(r.by_provider.map((p) => [p.provider, p.cost_usd_exact])).toEqual([['p1', '0.00000000055'], ['p2', '0.000000000001']]);
    expect(r.groups.map((g) => [g.key, g.requests])).toEqual([['k1', 2], ['k2', 1], [null, 1]]);
  });

  it('keeps a null group apart from a group named "null"', () => {
    const r = buildReport({ groupBy: 'session' }, [row('a', 'p', null, 1n), row('a', 'p', 'null', 2n)]);
    expect(r.groups.map((g) => g.key)).toEqual(['null', null]);
  });

  it('produces a JSON-safe report (no BigInt) with the contract fields', () => {
    const r = emptyReport({ since: 5 });
    const json = JSON.parse(JSON.stringify(r)) as Record<string, unknown>;
    for (const field of ['requests', 'cost_usd', 'baseline_cost_usd', 'savings_usd', 'tokens', 'by_model']) expect(json).toHaveProperty(field);
    expect(json.since).toBe(5);
    expect(json.tokens).toEqual({ input: 0, cache_read: 0, cache_write: 0, output: 0, reasoning: 0 });
  });

  it('recognises group-by names', () => {
    expect(isGroupBy('key')).toBe(true);
    expect(isGroupBy('key_id')).toBe(false);
  });
});
