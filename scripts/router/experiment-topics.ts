/**
 * Experiment (not part of training): topic clusters as a difficulty signal. Spherical k-means (k-means++
 * start, seeded) on the training prompts' TF-IDF word vectors; per cluster and model pair the mean gain
 * (strong - weak), smoothed towards the pair's mean with M pseudo-rows and put in the pair's sd units;
 * the feature is that value averaged over the pairs (the pair is unknown at inference). Prints dev APGR
 * of the feature alone and added to the shipped logit (both standardised) at 0.25 / 0.5 / 1.
 * With --joint, the cluster is instead one more one-hot feature block (with pair copies) fitted jointly
 * with everything else at L2 = 1e-3 and 1e-4, evaluated as the shipped model is scored (shared weights
 * plus the priors). Results: data/router/README.md, Search.
 *
 *   tsx scripts/router/experiment-topics.ts [K=64] [M=20] [--joint]
 */
import { DENSE_NAMES, HASH_SIZE, N_DENSE } from '../../src/routing/scorer/features.js';
import { margins, type Csr } from '../../src/routing/scorer/train/logreg.js';
import { seededRandom } from '../../src/util/prng.js';
import { buildCsr, COL_DENSE, makeDesign, type Featurised } from './dataset.js';
import { fit, FINAL, KIND_PRIOR, PRIOR, type TrainConfig } from '../train-router.js';
import { apgr } from './evaluate.js';
import { loadShippedScorer, loadSplits, SOURCES, standardise } from './experiment-data.js';

const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const K = Number(positional[0] ?? 64);
const M = Number(positional[1] ?? 20);
const JOINT = process.argv.includes('--joint');
const ITERATIONS = 15;

const { data, byFile } = loadSplits();
const trainIdx = SOURCES.flatMap((s) => byFile.get(`${s}_train`)!);
const design = makeDesign(data, trainIdx, { minDf: 3, useChar: false, dense: null, groupBy: 'none', pairCopies: false });
const X = buildCsr(data, data.rows.map((_, i) => i), design);
const gain = (i: number): number => data.rows[i]!.strong.score - data.rows[i]!.weak.score;

function dot(m: Csr, r: number, c: Float32Array): number {
  let s = 0;
  for (let k = m.rowPtr[r]!; k < m.rowPtr[r + 1]!; k++) if (m.col[k]! < HASH_SIZE) s += m.val[k]! * c[m.col[k]!]!;
  return s;
}
function addRow(c: Float32Array, r: number): void {
  for (let k = X.rowPtr[r]!; k < X.rowPtr[r + 1]!; k++) if (X.col[k]! < HASH_SIZE) c[X.col[k]!]! += X.val[k]!;
}

/** k-means++ on a 30% sample of the training rows (distance 1 - cosine). */
function initCentroids(rnd: () => number): Float32Array[] {
  const cents: Float32Array[] = [new Float32Array(HASH_SIZE)];
  addRow(cents[0]!, trainIdx[Math.floor(rnd() * trainIdx.length)]!);
  const sample = trainIdx.filter(() => rnd() < 0.3);
  const best = new Float64Array(sample.length).fill(-1);
  while (cents.length < K) {
    const last = cents[cents.length - 1]!;
    let total = 0;
    const d = sample.map((r, s) => {
      best[s] = Math.max(best[s]!, dot(X, r, last));
      total += Math.max(0, 1 - best[s]!);
      return Math.max(0, 1 - best[s]!);
    });
    let u = rnd() * total;
    let pick = sample[sample.length - 1]!;
    for (let s = 0; s < sample.length; s++) if ((u -= d[s]!) <= 0) {
      pick = sample[s]!;
      break;
    }
    const c = new Float32Array(HASH_SIZE);
    addRow(c, pick);
    cents.push(c);
  }
  return cents;
}

function nearest(cents: Float32Array[], r: number): number {
  let best = -Infinity;
  let at = 0;
  cents.forEach((c, k) => {
    const v = dot(X, r, c);
    if (v > best) [best, at] = [v, k];
  });
  return at;
}

const cents = initCentroids(seededRandom(7));
const assign = new Int32Array(data.rows.length);
for (let it = 0; it < ITERATIONS; it++) {
  for (const r of trainIdx) assign[r] = nearest(cents, r);
  for (const c of cents) c.fill(0);
  for (const r of trainIdx) addRow(cents[assign[r]!]!, r);
  for (const c of cents) {
    let sq = 0;
    for (let j = 0; j < HASH_SIZE; j++) sq += c[j]! * c[j]!;
    const n = Math.sqrt(sq) || 1;
    for (let j = 0; j < HASH_SIZE; j++) c[j] = c[j]! / n;
  }
}
for (let r = 0; r < data.rows.length; r++) assign[r] = nearest(cents, r);

// per pair: smoothed, standardised mean gain per cluster (training rows only)
const pairs = [...new Set(trainIdx.map((i) => data.pair[i]!))];
const table = pairs.map((p) => {
  const rows = trainIdx.filter((i) => data.pair[i] === p);
  const mu = rows.reduce((a, i) => a + gain(i), 0) / rows.length;
  const sd = Math.sqrt(rows.reduce((a, i) => a + (gain(i) - mu) ** 2, 0) / rows.length);
  const sum = new Float64Array(K);
  const n = new Float64Array(K);
  for (const i of rows) {
    sum[assign[i]!]! += gain(i);
    n[assign[i]!]!++;
  }
  return Float64Array.from(sum, (s, c) => ((s + M * mu) / (n[c]! + M) - mu) / sd);
});
const topic = (i: number): number => table.reduce((a, t) => a + t[assign[i]!]!, 0) / table.length;

const shipped = loadShippedScorer();
console.log(`K=${K} M=${M}`);
for (const s of SOURCES) {
  const idx = byFile.get(`${s}_dev`)!;
  const rows = idx.map((i) => data.rows[i]!);
  const t = standardise(idx.map(topic));
  const base = standardise(rows.map((r) => Math.log(shipped.score(r.messages) / (1 - shipped.score(r.messages)))));
  const mixed = [0.25, 0.5, 1].map((b) => apgr(rows, base.map((v, k) => v + b * t[k]!)).toFixed(3));
  console.log(`${s.padEnd(22)} shipped ${apgr(rows, base).toFixed(3)}  topic alone ${apgr(rows, t).toFixed(3)}  shipped + topic x0.25/0.5/1: ${mixed.join(' ')}`);
}

/** Dev APGR of a fit on `d`, scored as the shipped model is: shared weights + request-shape and kind priors. */
function jointDevApgr(d: Featurised, cfg: TrainConfig): number[] {
  const f = fit(d, trainIdx, cfg);
  const w = new Float64Array(f.w.length);
  w.set(f.w.subarray(0, COL_DENSE + f.design.dense!.names.length));
  const z = margins(buildCsr(d, trainIdx, f.design), w);
  const mean = z.reduce((a, b) => a + b, 0) / z.length;
  const sd = Math.sqrt(z.reduce((a, b) => a + (b - mean) ** 2, 0) / z.length);
  const terms = [...PRIOR, ...KIND_PRIOR];
  const weights = [...PRIOR.map((p) => p.sigmas * sd), ...f.kindW];
  const prior = (i: number): number => terms.reduce((a, t, k) => a + weights[k]! * Math.min(d.dense[i * N_DENSE + DENSE_NAMES.indexOf(t.name)]!, t.cap), 0);
  return SOURCES.map((s) => {
    const idx = byFile.get(`${s}_dev`)!;
    const m = margins(buildCsr(d, idx, f.design), w);
    return apgr(idx.map((i) => d.rows[i]!), idx.map((i, r) => m[r]! + prior(i)));
  });
}

if (JOINT) {
  // the cluster as a one-hot block, carried in the (unused) char-n-gram columns so the usual fit applies
  const charStart = Int32Array.from({ length: data.rows.length + 1 }, (_, r) => r);
  const topics: Featurised = { ...data, charStart, charB: Int32Array.from(assign), charC: new Uint16Array(data.rows.length).fill(1) };
  const fmt = (xs: number[]): string => `${xs.map((x) => x.toFixed(3)).join(' ')} mean ${(xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(4)}`;
  console.log(`joint fit, no topics:        ${fmt(jointDevApgr(data, FINAL))}`);
  for (const lambdaChar of [1e-3, 1e-4]) console.log(`joint fit, topics L2 ${lambdaChar}: ${fmt(jointDevApgr(topics, { ...FINAL, useChar: true, lambdaChar }))}`);
}
