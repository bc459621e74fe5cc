import { describe, expect, it } from 'vitest';
import { bootstrap } from './bootstrap.js';
import type { OutcomeRow } from './metrics.js';

// [weak score, strong score, router score] of 40 prompts; the expected intervals are what
// `eval_router.py DATA SCORES --bootstrap 50 --seed 3` prints for them (CPython 3).
const DATA: Array<[number, number, number]> = [
  [1, 0, 0.0], [0, 1, 0.4], [0, 1, 0.8], [1, 1, 0.1], [0, 0, 0.5], [1, 1, 0.9], [0, 1, 0.2], [0, 1, 0.6], [1, 0, 1.0], [0, 1, 0.3],
  [1, 1, 0.7], [0, 1, 0.0], [0, 0, 0.4], [1, 1, 0.8], [0, 1, 0.1], [1, 1, 0.5], [0, 0, 0.9], [0, 1, 0.2], [1, 1, 0.6], [0, 1, 1.0],
  [1, 0, 0.3], [0, 1, 0.7], [0, 1, 0.0], [1, 1, 0.4], [0, 0, 0.8], [1, 1, 0.1], [0, 1, 0.5], [0, 1, 0.9], [1, 0, 0.2], [0, 1, 0.6],
  [1, 1, 1.0], [0, 1, 0.3], [0, 0, 0.7], [1, 1, 0.0], [0, 1, 0.4], [1, 1, 0.8], [0, 0, 0.1], [0, 1, 0.5], [1, 1, 0.9], [0, 1, 0.2],
];

describe('bootstrap', () => {
  it("reproduces eval_router.py's intervals digit for digit (same generator, same percentile picks)", () => {
    const rows: OutcomeRow[] = DATA.map(([w, s], i) => ({ id: `r${i}`, weak: { score: w }, strong: { score: s } }));
    const r = bootstrap(rows, DATA.map((d) => d[2]), 50, 3);
    expect(r.APGR_95ci).toEqual([0.30624999999999997, 0.6348214285714286]);
    expect(r.CPT50_95ci).toEqual([0.3416666666666666, 0.7249999999999999]);
    expect(r['P(APGR>0.5)']).toBe(0.36);
  });
});
