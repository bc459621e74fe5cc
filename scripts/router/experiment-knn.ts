/**
 * Experiment (not part of training): k nearest training prompts (cosine on TF-IDF word vectors) as a
 * difficulty signal. The feature is the similarity-weighted mean of the neighbours' gain, standardised
 * within each neighbour's model pair. Prints dev APGR alone and added to the shipped logit at 0.5 / 1 / 2
 * sd. MAXDF drops buckets in more training prompts than that; TOP_T / TOP_Q keep only the heaviest
 * terms of each training prompt / query (to size a shippable index). --loso leaves the dev split's own
 * source out of the neighbours. Results: data/router/README.md, Search.
 *
 *   tsx scripts/router/experiment-knn.ts [Ks=10,30,100,300] [MAXDF=3000] [TOP_T] [TOP_Q] [--loso]
 */
import { HASH_SIZE } from '../../src/routing/scorer/features.js';
import { buildCsr, makeDesign } from './dataset.js';
import { apgr } from './evaluate.js';
import { loadShippedScorer, loadSplits, SOURCES, standardise } from './experiment-data.js';

const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const KS = (positional[0] ?? '10,30,100,300').split(',').map(Number);
const MAXDF = Number(positional[1] ?? 3000);
const TOP_T = Number(positional[2] ?? 1e9); // terms kept per training prompt
const TOP_Q = Number(positional[3] ?? 1e9); // terms used per query
const LOSO = process.argv.includes('--loso');

const { data, byFile } = loadSplits();
const trainIdx = SOURCES.flatMap((s) => byFile.get(`${s}_train`)!);
const design = makeDesign(data, trainIdx, { minDf: 3, useChar: false, dense: null, groupBy: 'none', pairCopies: false });
const X = buildCsr(data, data.rows.map((_, i) => i), design);

// standardised gain per pair
const pairs = [...new Set(trainIdx.map((i) => data.pair[i]!))];
const zgain = new Float64Array(data.rows.length);
for (const p of pairs) {
  const rows = trainIdx.filter((i) => data.pair[i] === p);
  const g = (i: number): number => data.rows[i]!.strong.score - data.rows[i]!.weak.score;
  const mu = rows.reduce((a, i) => a + g(i), 0) / rows.length;
  const sd = Math.sqrt(rows.reduce((a, i) => a + (g(i) - mu) ** 2, 0) / rows.length);
  for (const i of rows) zgain[i] = (g(i) - mu) / sd;
}

function topTerms(r: number, n: number): number[] {
  const ks: number[] = [];
  for (let k = X.rowPtr[r]!; k < X.rowPtr[r + 1]!; k++) if (X.col[k]! < HASH_SIZE && df[X.col[k]!]! <= MAXDF) ks.push(k);
  ks.sort((a, b) => X.val[b]! - X.val[a]!);
  return ks.slice(0, n);
}
// inverted index over training rows, words only, dropping very common buckets
const df = new Int32Array(HASH_SIZE);
for (const r of trainIdx) for (let k = X.rowPtr[r]!; k < X.rowPtr[r + 1]!; k++) if (X.col[k]! < HASH_SIZE) df[X.col[k]!]!++;
const kept = new Map<number, number[]>(trainIdx.map((r) => [r, topTerms(r, TOP_T)]));
const pdf = new Int32Array(HASH_SIZE);
for (const ks of kept.values()) for (const k of ks) pdf[X.col[k]!]!++;
const postStart = new Int32Array(HASH_SIZE + 1);
for (let j = 0; j < HASH_SIZE; j++) postStart[j + 1] = postStart[j]! + pdf[j]!;
const postRow = new Int32Array(postStart[HASH_SIZE]!);
const postVal = new Float32Array(postStart[HASH_SIZE]!);
const fill = postStart.slice(0, HASH_SIZE);
for (const [r, ks] of kept) for (const k of ks) {
  const j = X.col[k]!;
  postRow[fill[j]!] = r;
  postVal[fill[j]!++] = X.val[k]!;
}
console.log(`postings ${postStart[HASH_SIZE]}`);

const acc = new Float64Array(data.rows.length);
function knn(r: number, kmax: number, skipFile?: string): { rows: number[]; sims: number[] } {
  const touched: number[] = [];
  for (const k of topTerms(r, TOP_Q)) {
    const j = X.col[k]!;
    const v = X.val[k]!;
    for (let p = postStart[j]!; p < postStart[j + 1]!; p++) {
      const t = postRow[p]!;
      if (skipFile !== undefined && data.file[t] === skipFile) continue;
      if (acc[t] === 0) touched.push(t);
      acc[t]! += v * postVal[p]!;
    }
  }
  touched.sort((a, b) => acc[b]! - acc[a]!);
  const top = touched.slice(0, kmax);
  const sims = top.map((t) => acc[t]!);
  for (const t of touched) acc[t] = 0;
  return { rows: top, sims };
}

const shipped = loadShippedScorer();
const kmax = Math.max(...KS);
for (const s of SOURCES) {
  const idx = byFile.get(`${s}_dev`)!;
  const rows = idx.map((i) => data.rows[i]!);
  const base = standardise(rows.map((r) => { const p = shipped.score(r.messages); return Math.log(p / (1 - p)); }));
  const nn = idx.map((i) => knn(i, kmax, LOSO ? `${s}_train` : undefined));
  const parts: string[] = [`${s.padEnd(22)} shipped ${apgr(rows, base).toFixed(3)}`];
  for (const K of KS) {
    const f = standardise(nn.map(({ rows: rs, sims }) => {
      let num = 0, den = 0;
      for (let q = 0; q < Math.min(K, rs.length); q++) { num += sims[q]! * zgain[rs[q]!]!; den += sims[q]!; }
      return den > 0 ? num / (den + 0.5) : 0;
    }));
    const mixed = [0.5, 1, 2].map((b) => apgr(rows, base.map((v, k) => v + b * f[k]!)).toFixed(3));
    parts.push(`k=${K}: alone ${apgr(rows, f).toFixed(3)} mix ${mixed.join('/')}`);
  }
  console.log(parts.join(' | '));
}
