import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluateRouter, fsum, toReferenceJson, type OutcomeRow } from './metrics.js';
import { readRoutingData } from './data.js';

const row = (id: string, w: number, s: number): OutcomeRow => ({ id, weak: { score: w }, strong: { score: s } });

describe('evaluateRouter on a case computed by hand', () => {
  // gains: A +1, B +1, C 0, D -1; Q_weak = 0.5, Q_strong = 0.75
  const rows = [row('A', 0, 1), row('B', 0, 1), row('C', 1, 1), row('D', 1, 0)];
  // order: A (0.9) | C, D tied (0.5) | B (0.2)  ->  Q: 0.5, 0.75, 0.5, 0.75 at x = 0, .25, .75, 1
  const r = evaluateRouter(rows, [0.9, 0.2, 0.5, 0.5]);

  it('computes the exact area, crossings and S95 of the router curve', () => {
    expect(r.qWeak).toBe(0.5);
    expect(r.qStrong).toBe(0.75);
    expect(r.distinctScores).toBe(3);
    expect(r.router.APGR).toBeCloseTo(0.5, 12); // .125 + .25 + .125
    expect(r.router.CPT50).toBeCloseTo(0.125, 12);
    expect(r.router.CPT80).toBeCloseTo(0.2, 12);
    expect(r.router.S).toBeCloseTo(0.2125, 12); // 0.95 * 0.75 = 0.7125 reached at x = 0.25 * 0.85
    expect(r.router.costRatio).toBeCloseTo(0.2125, 12); // calls basis: equals S95
    expect(r.router.qualityAt['0.5']).toBeCloseTo(0.625, 12); // tie group interpolated linearly
    expect(r.router.maxQuality).toBe(0.75);
  });

  it('gives the analytic random router and the gain-sorted oracle', () => {
    expect(r.random.APGR).toBeCloseTo(0.5, 12);
    expect(r.random.CPT50).toBeCloseTo(0.5, 12);
    expect(r.random.CPT80).toBeCloseTo(0.8, 12);
    expect(r.random.S).toBeCloseTo(0.85, 12);
    // oracle: A, B, C, D -> Q 0.5, 0.75, 1, 1, 0.75 -> PGR 0, 1, 2, 2, 1
    expect(r.oracle.APGR).toBeCloseTo(1.375, 12);
    expect(r.oracle.CPT50).toBeCloseTo(0.125, 12);
    expect(r.oracle.maxQuality).toBe(1);
  });

  it('treats a constant scorer as the random router (ties are one group)', () => {
    const c = evaluateRouter(rows, [0.3, 0.3, 0.3, 0.3]);
    expect(c.distinctScores).toBe(1);
    expect(c.router.APGR).toBeCloseTo(0.5, 12);
    expect(c.router.CPT50).toBeCloseTo(0.5, 12);
  });

  it('prices the cost ratio from tokens when prices are given', () => {
    const priced = rows.map((x) => ({ ...x, prompt_tokens: 100, weak: { ...x.weak, output_tokens: 10 }, strong: { ...x.strong, output_tokens: 10 } }));
    const p = evaluateRouter(priced, [0.9, 0.2, 0.5, 0.5], { prices: [1, 1, 10, 10] });
    // per prompt: weak 110e-6, strong 1100e-6; cheapest point reaching 0.7125: 0.85 of a strong call + 3.15 weak
    const expected = (0.85 * 1100 + 3.15 * 110) / (4 * 1100);
    expect(p.headline).toBe('prices');
    expect(p.router.costRatio).toBeCloseTo(expected, 12);
    expect(p.router.costRatioByBasis.calls).toBeCloseTo(0.2125, 12);
  });

  it('returns null PGR metrics with a warning when the strong model is not better', () => {
    const q = evaluateRouter([row('a', 1, 0), row('b', 0, 0)], [1, 0]);
    expect(q.router.APGR).toBeNull();
    expect(q.warnings.join(' ')).toMatch(/not better/);
  });
});

describe('fsum', () => {
  it('is exactly rounded like math.fsum', () => {
    expect(fsum([0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1])).toBe(1);
    expect(fsum([1e100, 1, -1e100, 1e-100])).toBe(1);
    expect(fsum([1e-16, 1, 1e16])).toBe(10000000000000002);
  });
});

const DATA = fileURLToPath(new URL('../../../../shared/data/routing', import.meta.url));
const EVAL_PY = join(DATA, 'eval_router.py');
const hasPython = (() => {
  try {
    execFileSync('python3', ['--version'], { stdio: 'ignore' });
    return existsSync(EVAL_PY);
  } catch {
    return false;
  }
})();

describe.skipIf(!hasPython)('agreement with eval_router.py', () => {
  it.each([['routellm_gsm8k_dev.jsonl', undefined], ['routellm_gsm8k_dev.jsonl', '0.6,0.6,10,30'], ['mmlu_pro_flash_pro_dev.jsonl', '0.075,0.30,1.25,5.00']])(
    'matches the reference on %s (prices %s) to 1e-9',
    (file, prices) => {
      const data = join(DATA, file);
      const rows = readRoutingData(data);
      // a length scorer with deliberate ties (rounded), to exercise tie groups
      const scores = rows.map((r) => Math.round(JSON.stringify(r.messages).length / 50) / 100);
      const dir = mkdtempSync(join(tmpdir(), 'route-eval-'));
      const sp = join(dir, 'scores.jsonl');
      writeFileSync(sp, rows.map((r, i) => JSON.stringify({ id: r.id, score: scores[i] })).join('\n') + '\n');
      const args = [EVAL_PY, data, sp, '--json-only', ...(prices ? ['--prices', prices] : [])];
      const out = execFileSync('python3', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      const ref = JSON.parse(out.trim().split('\n').pop()!) as Record<string, Record<string, unknown>>;
      const p = prices ? (prices.split(',').map(Number) as [number, number, number, number]) : undefined;
      const ours = toReferenceJson(evaluateRouter(rows, scores, p ? { prices: p } : {})) as Record<string, Record<string, unknown>>;
      for (const who of ['router', 'random', 'oracle']) {
        for (const k of ['APGR', 'CPT50', 'CPT80', 'S95', 'cost_ratio_at_q95', 'max_quality']) {
          const a = ref[who]![k] as number | null;
          const b = ours[who]![k] as number | null;
          if (a === null) expect(b).toBeNull();
          else expect(Math.abs(a - (b as number))).toBeLessThan(1e-9);
        }
        const qa = ref[who]!.quality_at as Record<string, number>;
        const qb = ours[who]!.quality_at as Record<string, number>;
        for (const k of Object.keys(qa)) expect(Math.abs(qa[k]! - qb[k]!)).toBeLessThan(1e-9);
      }
      expect(ours.distinct_scores).toBe(ref.distinct_scores);
      expect(readFileSync(sp, 'utf8').length).toBeGreaterThan(0);
    },
    60_000,
  );
});
