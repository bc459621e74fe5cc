/**
 * Router evaluation metrics: a faithful port of ../shared/data/routing/eval_router.py (same curve, same
 * tie handling, same oracle order, same sums), so the numbers agree with the reference to ~1e-12.
 *
 * A prompt goes to the strong model when score >= t; t runs over every distinct score plus +inf. Equal
 * scores form one group and the curve is linear between groups (= random tie-breaking, so a constant
 * scorer is the random router).
 *   PGR(x) = (Q(x) - Q_weak) / (Q_strong - Q_weak)
 *   APGR   = exact area under PGR over x in [0, 1]             (random router: 0.5)
 *   CPT(p) = smallest x with PGR(x) >= p, p = 0.5, 0.8           (random: p)
 *   S95    = smallest x with Q(x) >= 0.95 Q_strong (target configurable)
 *   cost ratio at 95% = cheapest curve point reaching 0.95 Q_strong / cost of always-strong, on the cost
 *            basis 'prices' (with prices), else 'calls' (then it equals S95); 'cost_usd' too when recorded.
 */

/** One model's outcome on a prompt. */
export interface Outcome {
  score: number;
  output_tokens?: number | null;
  input_tokens?: number | null;
  cost_usd?: number | null;
  model?: string;
}

/** The fields of a routing data row that the metrics read. */
export interface OutcomeRow {
  id: string;
  weak: Outcome;
  strong: Outcome;
  prompt_tokens?: number;
}

/** USD per million tokens: weak input, weak output, strong input, strong output. */
export type Prices = readonly [number, number, number, number];

export type CostBasis = 'calls' | 'prices' | 'cost_usd';

export interface CurveMetrics {
  APGR: number | null;
  CPT50: number | null;
  CPT80: number | null;
  /** Smallest strong-call fraction reaching target x Q_strong (S95 for the default target). */
  S: number | null;
  /** Cost ratio at the target on the headline basis (prices if given, else calls). */
  costRatio: number | null;
  costRatioByBasis: Partial<Record<CostBasis, number | null>>;
  /** Q at x = 0.0, 0.1, ..., 1.0 (keys "0.0".."1.0"). */
  qualityAt: Record<string, number>;
  maxQuality: number;
}

export interface EvalResult {
  n: number;
  weakModel: string | undefined;
  strongModel: string | undefined;
  qWeak: number;
  qStrong: number;
  gap: number;
  fracStrongBetter: number;
  fracWeakBetterOrEqual: number;
  distinctScores: number;
  target: number;
  headline: CostBasis;
  weakCostVsStrong: Partial<Record<CostBasis, number | null>>;
  warnings: string[];
  router: CurveMetrics;
  random: CurveMetrics;
  oracle: CurveMetrics;
}

export interface EvalOptions {
  prices?: Prices;
  /** Quality target as a fraction of Q_strong (default 0.95). */
  target?: number;
}

// --------------------------------------------------------------------------- exact sums

/** Correctly rounded sum (Shewchuk / Python's math.fsum recipe). */
export function fsum(values: Iterable<number>): number {
  const partials: number[] = [];
  for (let x of values) {
    let i = 0;
    for (let j = 0; j < partials.length; j++) {
      let y = partials[j]!;
      if (Math.abs(x) < Math.abs(y)) [x, y] = [y, x];
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) partials[i++] = lo;
      x = hi;
    }
    partials.length = i;
    if (x !== 0) partials.push(x);
  }
  // sum the partials from the top, with the half-way rounding correction of CPython
  let n = partials.length;
  if (n === 0) return 0;
  let hi = partials[--n]!;
  let lo = 0;
  while (n > 0) {
    const x = hi;
    const y = partials[--n]!;
    hi = x + y;
    const yr = hi - x;
    lo = y - yr;
    if (lo !== 0) break;
  }
  if (n > 0 && ((lo < 0 && partials[n - 1]! < 0) || (lo > 0 && partials[n - 1]! > 0))) {
    const y = lo * 2;
    const x = hi + y;
    const yr = x - hi;
    if (y === yr) hi = x;
  }
  return hi;
}

// --------------------------------------------------------------------------- costs

type CostPair = [number[], number[]];

function rowCosts(rows: readonly OutcomeRow[], basis: CostBasis, warnings: string[], prices?: Prices): CostPair | null {
  const n = rows.length;
  if (basis === 'calls') return [new Array<number>(n).fill(0), new Array<number>(n).fill(1)];
  if (basis === 'cost_usd') {
    const cw: number[] = [];
    const cs: number[] = [];
    for (const r of rows) {
      const a = r.weak.cost_usd;
      const b = r.strong.cost_usd;
      if (typeof a !== 'number' || typeof b !== 'number') return null;
      cw.push(a);
      cs.push(b);
    }
    return [cw, cs];
  }
  if (!prices) throw new Error('prices basis needs prices');
  const [wi, wo, si, so] = prices;
  const out: number[][] = [];
  for (const [side, pin, pout] of [['weak', wi, wo], ['strong', si, so]] as const) {
    const known: number[] = [];
    for (const r of rows) {
      const ot = r[side].output_tokens;
      if (ot !== null && ot !== undefined) known.push(ot);
    }
    let s = 0;
    for (const k of known) s += k;
    const fill = known.length ? s / known.length : 0;
    if (known.length < n) warnings.push(`${n - known.length} rows lack ${side}.output_tokens; using the mean (${fill.toFixed(1)})`);
    const c: number[] = [];
    for (const r of rows) {
      const o = r[side].output_tokens;
      const ot = o === null || o === undefined ? fill : o;
      const i = r[side].input_tokens;
      const it = i === null || i === undefined ? (r.prompt_tokens ?? 0) : i;
      c.push((it * pin + ot * pout) / 1e6);
    }
    out.push(c);
  }
  return [out[0]!, out[1]!];
}

// --------------------------------------------------------------------------- curves

interface Point {
  x: number;
  q: number;
  cost: Partial<Record<CostBasis, number>>;
}

type Costs = Partial<Record<CostBasis, CostPair>>;

function buildCurve(groups: number[][], qw: number[], qs: number[], costs: Costs): Point[] {
  const n = qw.length;
  let qsum = fsum(qw);
  const bases = Object.keys(costs) as CostBasis[];
  const csum: Partial<Record<CostBasis, number>> = {};
  for (const b of bases) csum[b] = fsum(costs[b]![0]);
  const pts: Point[] = [{ x: 0, q: qsum / n, cost: { ...csum } }];
  let k = 0;
  for (const g of groups) {
    k += g.length;
    qsum += fsum(g.map((i) => qs[i]! - qw[i]!));
    for (const b of bases) {
      const [cw, cs] = costs[b]!;
      csum[b] = csum[b]! + fsum(g.map((i) => cs[i]! - cw[i]!));
    }
    pts.push({ x: k / n, q: qsum / n, cost: { ...csum } });
  }
  return pts;
}

/** Indices grouped by equal score, highest score first (ties in input order, as Python's stable sort). */
export function groupsFromScores(sc: readonly number[]): number[][] {
  const order = sc.map((_, i) => i).sort((a, b) => sc[b]! - sc[a]! || a - b);
  const groups: number[][] = [];
  let cur: number[] = [];
  let last = 0;
  for (const i of order) {
    if (cur.length && sc[i] !== last) {
      groups.push(cur);
      cur = [];
    }
    cur.push(i);
    last = sc[i]!;
  }
  if (cur.length) groups.push(cur);
  return groups;
}

function oracleGroups(qw: number[], qs: number[], costs: Costs): number[][] {
  const [cw, cs] = costs.prices ?? costs.cost_usd ?? costs.calls!;
  const order = qw.map((_, i) => i);
  order.sort((a, b) => -(qs[a]! - qw[a]!) - -(qs[b]! - qw[b]!) || cs[a]! - cw[a]! - (cs[b]! - cw[b]!) || a - b);
  return order.map((i) => [i]);
}

function interp(pts: Point[], x: number): number {
  for (let i = 0; i + 1 < pts.length; i++) {
    const p0 = pts[i]!;
    const p1 = pts[i + 1]!;
    if (p0.x <= x && x <= p1.x) return p1.x === p0.x ? p0.q : p0.q + ((p1.q - p0.q) * (x - p0.x)) / (p1.x - p0.x);
  }
  return pts[pts.length - 1]!.q;
}

export function firstCrossing(xs: number[], ys: number[], level: number, eps = 1e-12): number | null {
  if (ys[0]! >= level - eps) return 0;
  for (let i = 0; i + 1 < xs.length; i++) {
    const x0 = xs[i]!;
    const x1 = xs[i + 1]!;
    const y0 = ys[i]!;
    const y1 = ys[i + 1]!;
    if (y1 >= level - eps && y0 < level - eps) return x0 + ((x1 - x0) * (level - y0)) / (y1 - y0);
  }
  return null;
}

function minCostReaching(qq: number[], cc: number[], qt: number, eps = 1e-12): number | null {
  let best: number | null = null;
  for (let i = 0; i < qq.length; i++) if (qq[i]! >= qt - eps) best = best === null ? cc[i]! : Math.min(best, cc[i]!);
  for (let i = 0; i + 1 < qq.length; i++) {
    const q0 = qq[i]!;
    const q1 = qq[i + 1]!;
    if ((q0 - qt) * (q1 - qt) < 0) {
      const lam = (qt - q0) / (q1 - q0);
      const c = cc[i]! + lam * (cc[i + 1]! - cc[i]!);
      best = best === null ? c : Math.min(best, c);
    }
  }
  return best;
}

function curveMetrics(
  pts: Point[],
  qW: number,
  qS: number,
  cS: Partial<Record<CostBasis, number>>,
  target: number,
  bases: CostBasis[],
  headline: CostBasis,
): CurveMetrics {
  const gap = qS - qW;
  const xs = pts.map((p) => p.x);
  const qq = pts.map((p) => p.q);
  let APGR: number | null = null;
  let CPT50: number | null = null;
  let CPT80: number | null = null;
  if (gap > 0) {
    const pgr = qq.map((q) => (q - qW) / gap);
    const areas: number[] = [];
    for (let i = 0; i + 1 < xs.length; i++) areas.push(((xs[i + 1]! - xs[i]!) * (pgr[i]! + pgr[i + 1]!)) / 2);
    APGR = fsum(areas);
    CPT50 = firstCrossing(xs, pgr, 0.5);
    CPT80 = firstCrossing(xs, pgr, 0.8);
  }
  const qt = target * qS;
  const byBasis: Partial<Record<CostBasis, number | null>> = {};
  for (const b of bases) {
    const best = minCostReaching(qq, pts.map((p) => p.cost[b]!), qt);
    byBasis[b] = best === null || cS[b] === 0 ? null : best / cS[b]!;
  }
  const qualityAt: Record<string, number> = {};
  for (let k = 0; k <= 10; k++) qualityAt[(k / 10).toFixed(1)] = interp(pts, k / 10);
  return {
    APGR,
    CPT50,
    CPT80,
    S: firstCrossing(xs, qq, qt),
    costRatio: byBasis[headline] ?? null,
    costRatioByBasis: byBasis,
    qualityAt,
    maxQuality: Math.max(...qq),
  };
}

/**
 * Evaluates router scores (aligned with `rows`) against the data's outcomes. Throws if the lengths differ,
 * a score is not finite, or there are no rows.
 */
export function evaluateRouter(rows: readonly OutcomeRow[], scores: readonly number[], opts: EvalOptions = {}): EvalResult {
  const n = rows.length;
  if (n === 0) throw new Error('no rows to evaluate');
  if (scores.length !== n) throw new Error(`${scores.length} scores for ${n} rows`);
  scores.forEach((s, i) => {
    if (!Number.isFinite(s)) throw new Error(`score for ${rows[i]!.id} is not a finite number`);
  });
  const target = opts.target ?? 0.95;
  const warnings: string[] = [];
  const qw = rows.map((r) => r.weak.score);
  const qs = rows.map((r) => r.strong.score);
  const costs: Costs = { calls: rowCosts(rows, 'calls', warnings)! };
  if (opts.prices) costs.prices = rowCosts(rows, 'prices', warnings, opts.prices)!;
  const cu = rowCosts(rows, 'cost_usd', warnings);
  if (cu) costs.cost_usd = cu;
  const bases = Object.keys(costs) as CostBasis[];
  const headline: CostBasis = opts.prices ? 'prices' : 'calls';
  const qW = fsum(qw) / n;
  const qS = fsum(qs) / n;
  const cW: Partial<Record<CostBasis, number>> = {};
  const cS: Partial<Record<CostBasis, number>> = {};
  for (const b of bases) {
    cW[b] = fsum(costs[b]![0]);
    cS[b] = fsum(costs[b]![1]);
  }
  const groups = groupsFromScores(scores);
  const router = curveMetrics(buildCurve(groups, qw, qs, costs), qW, qS, cS, target, bases, headline);
  const random = curveMetrics(
    [
      { x: 0, q: qW, cost: { ...cW } },
      { x: 1, q: qS, cost: { ...cS } },
    ],
    qW,
    qS,
    cS,
    target,
    bases,
    headline,
  );
  const oracle = curveMetrics(buildCurve(oracleGroups(qw, qs, costs), qw, qs, costs), qW, qS, cS, target, bases, headline);
  const weakCostVsStrong: Partial<Record<CostBasis, number | null>> = {};
  for (const b of bases) weakCostVsStrong[b] = cS[b] ? cW[b]! / cS[b]! : null;
  if (qS <= qW) {
    warnings.push(
      'strong model is not better on average (gap <= 0): PGR-based metrics (APGR, CPT50, CPT80) are undefined (null); judge the router by quality vs cost',
    );
  }
  let better = 0;
  for (let i = 0; i < n; i++) if (qs[i]! > qw[i]!) better++;
  return {
    n,
    weakModel: rows[0]!.weak.model,
    strongModel: rows[0]!.strong.model,
    qWeak: qW,
    qStrong: qS,
    gap: qS - qW,
    fracStrongBetter: better / n,
    fracWeakBetterOrEqual: (n - better) / n,
    distinctScores: groups.length,
    target,
    headline,
    weakCostVsStrong,
    warnings,
    router,
    random,
    oracle,
  };
}

/** The result with the key names of eval_router.py's JSON line (S95, cost_ratio_at_q95, ...). */
export function toReferenceJson(r: EvalResult): Record<string, unknown> {
  const pct = Math.round(r.target * 100);
  const curve = (m: CurveMetrics): Record<string, unknown> => ({
    APGR: m.APGR,
    CPT50: m.CPT50,
    CPT80: m.CPT80,
    [`S${pct}`]: m.S,
    [`cost_ratio_at_q${pct}_by_basis`]: m.costRatioByBasis,
    quality_at: m.qualityAt,
    max_quality: m.maxQuality,
    [`cost_ratio_at_q${pct}`]: m.costRatio,
  });
  return {
    n: r.n,
    weak_model: r.weakModel,
    strong_model: r.strongModel,
    q_weak: r.qWeak,
    q_strong: r.qStrong,
    gap: r.gap,
    frac_strong_better: r.fracStrongBetter,
    frac_weak_better_or_equal: r.fracWeakBetterOrEqual,
    distinct_scores: r.distinctScores,
    target: r.target,
    cost_basis_headline: r.headline,
    weak_cost_vs_strong: r.weakCostVsStrong,
    ...(r.warnings.length ? { warnings: r.warnings } : {}),
    router: curve(r.router),
    random: curve(r.random),
    oracle: curve(r.oracle),
  };
}
