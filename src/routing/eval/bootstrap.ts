/**
 * Percentile bootstrap intervals for APGR and CPT(50%), as eval_router.py's `--bootstrap N --seed S`:
 * resample the prompts with replacement, keep resamples where the strong model is still better on
 * average, and take the 2.5% / 97.5% points. The resampling uses Python's generator and `randrange`
 * bit for bit, and the percentile picks round as Python does, so the intervals are eval_router.py's.
 */
import { PythonRandom } from '../../util/python-random.js';
import { evaluateRouter, type OutcomeRow } from './metrics.js';

export interface BootstrapResult {
  B: number;
  seed: number;
  APGR_95ci: [number, number] | null;
  CPT50_95ci: [number, number] | null;
  'P(APGR>0.5)': number | null;
}

/** Python's round(): halves go to the even neighbour. */
function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  return d > 0.5 || (d === 0.5 && f % 2 === 1) ? f + 1 : f;
}

function ci(values: number[]): [number, number] | null {
  if (values.length === 0) return null;
  const v = [...values].sort((a, b) => a - b);
  return [v[Math.floor(0.025 * (v.length - 1))]!, v[roundHalfEven(0.975 * (v.length - 1))]!];
}

export function bootstrap(rows: readonly OutcomeRow[], scores: readonly number[], B: number, seed: number): BootstrapResult {
  const rng = new PythonRandom(seed);
  const n = rows.length;
  const apgrs: number[] = [];
  const cpts: number[] = [];
  const rr: OutcomeRow[] = new Array<OutcomeRow>(n);
  const ss: number[] = new Array<number>(n);
  for (let b = 0; b < B; b++) {
    for (let k = 0; k < n; k++) {
      const i = rng.randrange(n);
      rr[k] = rows[i]!;
      ss[k] = scores[i]!;
    }
    const m = evaluateRouter(rr, ss).router;
    if (m.APGR === null) continue; // no positive gap in this resample
    apgrs.push(m.APGR);
    if (m.CPT50 !== null) cpts.push(m.CPT50);
  }
  return {
    B,
    seed,
    APGR_95ci: ci(apgrs),
    CPT50_95ci: ci(cpts),
    'P(APGR>0.5)': apgrs.length ? apgrs.filter((a) => a > 0.5).length / apgrs.length : null,
  };
}
