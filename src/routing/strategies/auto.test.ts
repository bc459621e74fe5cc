import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors.js';
import { calibrationFromProvenance, parseQualityHeader, qualityToThreshold, scoreQuantiles } from './auto-threshold.js';
import { taskMessages } from './auto.js';
import { ids, markerScorer, req, testConfig, testRouter } from './fixtures.testkit.js';

const config = testConfig(`
  smart: { strategy: auto, cheap: [cheap-cn, eu-small], premium: big-us, quality: 0.6 }
  pinned: { strategy: auto, cheap: cheap-cn, premium: big-us, threshold: 0.9, quality_header: false }
  agents: { strategy: auto, cheap: cheap-cn, premium: big-us, score_on: task }
  us-cheap: { strategy: auto, cheap: cheap-cn, premium: big-us, jurisdictions: { deny: [CN] } }
`);

describe('auto strategy', () => {
  const router = testRouter(config);

  it('sends a score below the threshold to the cheap list, premium list after it', () => {
    const plan = router.plan(req('smart', 'easy [[0.31]]'));
    expect(plan.decision).toBe('auto score=0.310 < 0.400 -> cheap');
    expect(ids(plan)).toEqual(['cheap-cn', 'eu-small', 'big-us']);
    expect(plan).toMatchObject({ route: 'smart', score: 0.31, tier: 'cheap' });
  });

  it('sends a score at or above the threshold to the premium list, cheap list as fallback', () => {
    const plan = router.plan(req('smart', 'hard [[0.4]]'));
    expect(plan.decision).toBe('auto score=0.400 >= 0.400 -> premium');
    expect(ids(plan)).toEqual(['big-us', 'cheap-cn', 'eu-small']);
    expect(plan.tier).toBe('premium');
  });

  it('lets the x-switchyard-quality header override the route quality', () => {
    const always = router.plan(req('smart', '[[0.01]]'), { headers: { 'x-switchyard-quality': '1' } });
    expect(always.decision).toBe('auto score=0.010, quality 1 from header -> premium');
    const never = router.plan(req('smart', '[[0.99]]'), { headers: { 'x-switchyard-quality': '0' } });
    expect(never.tier).toBe('cheap');
    const mid = router.plan(req('smart', '[[0.75]]'), { headers: { 'x-switchyard-quality': '0.2' } });
    expect(mid.decision).toBe('auto score=0.750 < 0.800 (quality 0.2 from header) -> cheap');
  });

  it('rejects a malformed quality header with a 400', () => {
    for (const bad of ['1.5', '-0.1', 'high', '']) {
      try {
        router.plan(req('smart'), { headers: { 'x-switchyard-quality': bad } });
        expect.unreachable(`"${bad}" was accepted`);
      } catch (err) {
        expect(err).toBeInstanceOf(GatewayError);
        expect((err as GatewayError).status).toBe(400);
      }
    }
  });

  it('ignores the header when the route sets quality_header: false, and honours a pinned threshold', () => {
    const plan = router.plan(req('pinned', '[[0.85]]'), { headers: { 'x-switchyard-quality': '1' } });
    expect(plan.decision).toBe('auto score=0.850 < 0.900 -> cheap');
  });

  it('serves from the other tier when the chosen tier has no eligible model', () => {
    const plan = router.plan(req('smart', '[[0.1]]'), { inputTokens: 150_000 });
    expect(plan.decision).toBe('auto score=0.100 < 0.400 -> cheap ineligible -> premium; dropped cheap-cn (context), eu-small (context)');
    expect(ids(plan)).toEqual(['big-us']);
    expect(plan.tier).toBe('premium');
  });

  it('fails closed when neither tier has an eligible model', () => {
    expect(() => router.plan(req('smart'), { inputTokens: 250_000 })).toThrow(/^no eligible model for route "smart": big-us \(context: ~250000 tokens > 200000 window\), cheap-cn \(context/);
  });

  it('applies its route jurisdictions to both tiers', () => {
    const plan = router.plan(req('us-cheap', '[[0.1]]'));
    expect(ids(plan)).toEqual(['big-us']);
    expect(plan.excluded).toEqual([{ modelId: 'cheap-cn', reason: 'jurisdiction', detail: 'CN denied by route us-cheap' }]);
  });

  it('scores the task only with score_on: task, so every call of an agent run gets the same tier', () => {
    const scorer = markerScorer();
    const r = testRouter(config, scorer);
    const run = [
      { role: 'system' as const, content: 'You are an agent.' },
      { role: 'user' as const, content: 'Fix the bug [[0.9]]' },
      { role: 'assistant' as const, content: 'ls' },
      { role: 'user' as const, content: 'tool output [[0.1]]' },
    ];
    expect(r.plan({ model: 'agents', messages: run }).tier).toBe('premium');
    expect(r.plan({ model: 'smart', messages: run }).tier).toBe('cheap');
    expect(taskMessages(run)).toEqual(run.slice(0, 2));
  });
});

describe('quality -> threshold', () => {
  it('is 1 - quality without calibration; 0 never and 1 always premium', () => {
    expect(qualityToThreshold(0.25)).toBe(0.75);
    expect(qualityToThreshold(0)).toBe(Number.POSITIVE_INFINITY);
    expect(qualityToThreshold(1)).toBe(0);
  });

  it('is the (1 - quality) quantile of the calibration scores, interpolated', () => {
    const table = [0, 0.5, 0.6, 0.7, 1];
    expect(qualityToThreshold(0.5, table)).toBeCloseTo(0.6);
    expect(qualityToThreshold(0.625, table)).toBeCloseTo(0.55);
  });

  it('is monotone: more quality never raises the threshold', () => {
    const table = scoreQuantiles(Array.from({ length: 1000 }, (_, i) => 0.5 + Math.sin(i) * 0.1));
    let last = Number.POSITIVE_INFINITY;
    for (let q = 0; q <= 1.0001; q += 0.01) {
      const t = qualityToThreshold(Math.min(1, q), table);
      expect(t).toBeLessThanOrEqual(last);
      last = t;
    }
  });

  it('sends about `quality` of the calibration prompts to premium', () => {
    const scores = Array.from({ length: 10_000 }, (_, i) => 0.55 + ((i * 7919) % 10_000) / 100_000);
    const table = scoreQuantiles(scores);
    for (const q of [0.2, 0.5, 0.8]) {
      const t = qualityToThreshold(q, table);
      const share = scores.filter((s) => s >= t).length / scores.length;
      expect(share).toBeCloseTo(q, 1);
    }
  });

  it('weights mix groups in fixed shares, whatever their sizes', () => {
    // 9,000 low scores and 1,000 high ones; weighted so that each group is half of the mix
    const low = Array.from({ length: 9000 }, (_, i) => 0.1 + (i % 100) / 1000);
    const high = Array.from({ length: 1000 }, (_, i) => 0.6 + (i % 100) / 1000);
    const scores = [...low, ...high];
    const weights = [...low.map(() => 1 / 9000), ...high.map(() => 1 / 1000)];
    const table = scoreQuantiles(scores, 101, weights);
    const t = qualityToThreshold(0.5, table);
    expect(t).toBeGreaterThan(0.199);
    expect(t).toBeLessThan(0.6);
    expect(high.every((s) => s >= t)).toBe(true);
    expect(low.every((s) => s < t)).toBe(true);
    // quality 0.25 -> a quarter of the mix: half of the high group
    const t25 = qualityToThreshold(0.25, table);
    expect(high.filter((s) => s >= t25).length / high.length).toBeCloseTo(0.5, 1);
    expect(table[0]).toBe(0.1);
    expect(table[100]).toBe(0.699);
    // equal weights give the unweighted table (to within one step of the score grid)
    const eq = scoreQuantiles(low, 11, low.map(() => 2));
    scoreQuantiles(low, 11).forEach((v, k) => expect(Math.abs(v - eq[k]!)).toBeLessThanOrEqual(0.001));
    expect(() => scoreQuantiles([0.1, 0.2], 11, [1])).toThrow(RangeError);
    expect(() => scoreQuantiles([0.1, 0.2], 11, [0, 0])).toThrow(RangeError);
  });

  it('reads score_quantiles from the weights provenance, rejecting malformed tables', () => {
    expect(calibrationFromProvenance({ score_quantiles: [0.1, 0.5, 0.9] })).toEqual([0.1, 0.5, 0.9]);
    expect(calibrationFromProvenance({ score_quantiles: [0.5, 0.1] })).toBeUndefined();
    expect(calibrationFromProvenance({ score_quantiles: [0.1, 2] })).toBeUndefined();
    expect(calibrationFromProvenance({})).toBeUndefined();
  });

  it('uses the calibration table given to createStrategies', () => {
    const r = testRouter(config, markerScorer(), [0, 0.5, 0.52, 0.54, 1]);
    expect(r.plan(req('smart', '[[0.53]]')).decision).toBe('auto score=0.530 >= 0.512 -> premium');
  });

  it('parses the quality header', () => {
    expect(parseQualityHeader(' 0.7 ')).toBe(0.7);
    expect(parseQualityHeader(['0.3', '0.9'])).toBe(0.3);
    expect(parseQualityHeader(undefined)).toBeUndefined();
    expect(parseQualityHeader('1')).toBe(1);
    expect(parseQualityHeader('.5')).toBe(0.5);
    expect(parseQualityHeader('0.')).toBe(0);
  });

  it('refuses a quality header that is not a plain decimal in [0, 1]', () => {
    for (const bad of ['0x1', '1e0', '0b1', '', ' ', '-0.1', '1.5', 'NaN', 'Infinity', '0.5.1', '+1']) {
      expect(() => parseQualityHeader(bad), bad).toThrow(GatewayError);
    }
  });
});
