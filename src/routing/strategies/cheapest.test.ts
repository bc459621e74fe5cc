import { describe, expect, it } from 'vitest';
import { effectivePrice } from './effective-price.js';
import { ids, req, testConfig, testRouter } from './fixtures.testkit.js';

const router = testRouter(
  testConfig(`
  plain: { strategy: cheapest, targets: [big-us, mid-cn, cheap-cn, eu-small] }
  cached: { strategy: cheapest, targets: [big-us, mid-cn, cheap-cn, eu-small], expected_cache_hit: 0.95, output_ratio: 0 }
  chatty: { strategy: cheapest, targets: [cheap-cn, eu-small], output_ratio: 5 }
  short: { strategy: cheapest, targets: [big-us, mid-cn, cheap-cn, eu-small], max_fallbacks: 1 }
`),
);

describe('cheapest strategy', () => {
  it('orders the eligible targets by effective price, cheapest first', () => {
    const plan = router.plan(req('plain'));
    expect(ids(plan)).toEqual(['eu-small', 'cheap-cn', 'mid-cn', 'big-us']);
    expect(plan.decision).toBe('cheapest eu-small $0.19/M eff; then cheap-cn > mid-cn > big-us');
  });

  it('counts expected cache hits at the cache-read price', () => {
    // cheap-cn: 0.05 * 0.28 + 0.95 * 0.028 = 0.0406 beats eu-small's 0.1 (no cache price)
    expect(ids(router.plan(req('cached')))[0]).toBe('cheap-cn');
  });

  it('weighs output by output_ratio', () => {
    // eu-small 0.1 + 5 * 0.3 = 1.6 < cheap-cn 0.28 + 5 * 0.42 = 2.38
    expect(ids(router.plan(req('chatty')))).toEqual(['eu-small', 'cheap-cn']);
  });

  it('keeps at most max_fallbacks after the first', () => {
    expect(ids(router.plan(req('short')))).toEqual(['eu-small', 'cheap-cn']);
  });

  it('chooses among eligible models only, and reports what it dropped', () => {
    const plan = router.plan(req('plain', 'hi', { response_format: { type: 'json_object' } }), { jurisdictions: { deny: ['FR'] } });
    expect(ids(plan)).toEqual(['cheap-cn', 'big-us']);
    expect(plan.decision).toBe('cheapest cheap-cn $0.406/M eff; then big-us; dropped mid-cn (json), eu-small (jurisdiction)');
  });

  it('computes the effective price formula', () => {
    expect(effectivePrice({ input: 1, output: 10, cacheRead: 0.1 }, { cacheHit: 0.5, outputRatio: 0.2 })).toBeCloseTo(0.5 + 0.05 + 2);
    expect(effectivePrice({ input: 1, output: 10 }, { cacheHit: 0.5, outputRatio: 0 })).toBe(1);
  });
});
