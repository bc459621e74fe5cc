/**
 * Experiment (not part of training): ship shared + a * mean(pair-private copies) instead of the shared
 * weights only, for a = 0, 0.33, 0.5, 1. Prints dev APGR per split, and with --loso the
 * leave-one-source-out APGR; with --out PREFIX writes PREFIX-<a>.json weights for the probe sets
 * (`tsx scripts/router/kinds.ts --weights PREFIX-0.33.json`). Results: data/router/README.md, Search.
 *
 *   tsx scripts/router/experiment-copies.ts [--loso] [--out PREFIX]
 */
import { writeFileSync } from 'node:fs';
import { parseWeights, scorerFromWeights } from '../../src/routing/scorer/index.js';
import { buildWeightsFile, fit, FINAL, type Fitted } from '../train-router.js';
import { COL_DENSE, copyWidth, sharedCols, type Featurised } from './dataset.js';
import { apgr } from './evaluate.js';
import { loadSplits, SOURCES } from './experiment-data.js';

const A = [0, 0.33, 0.5, 1];

/** The fitted model with a * mean(private copies) added to every shared text and dense weight. */
function foldCopies(f: Fitted, a: number): Fitted {
  const d = f.design;
  const width = COL_DENSE + (d.dense ? d.dense.names.length : 0);
  const w = Float64Array.from(f.w);
  for (let j = 0; j < width; j++) {
    let m = 0;
    for (let k = 0; k < d.pairs.length; k++) m += f.w[sharedCols(d) + k * copyWidth(d) + j]!;
    w[j] = w[j]! + (a * m) / d.pairs.length;
  }
  return { ...f, w };
}

function devApgr(data: Featurised, trainIdx: number[], f: Fitted, devIdx: number[]): number {
  const scorer = scorerFromWeights(parseWeights(JSON.parse(JSON.stringify(buildWeightsFile(f, data, trainIdx, FINAL, {})))));
  const rows = devIdx.map((i) => data.rows[i]!);
  return apgr(rows, rows.map((r) => scorer.score(r.messages)));
}

const argv = process.argv.slice(2);
const outAt = argv.indexOf('--out');
const out = outAt >= 0 ? argv[outAt + 1] : undefined;
const { data, byFile } = loadSplits();
const fmt = (xs: number[]): string => `${xs.map((x) => x.toFixed(3)).join(' ')} mean ${(xs.reduce((x, y) => x + y, 0) / xs.length).toFixed(4)}`;

const trainIdx = SOURCES.flatMap((s) => byFile.get(`${s}_train`)!);
const full = fit(data, trainIdx, FINAL);
for (const a of A) {
  const f = foldCopies(full, a);
  console.log(`a=${a} dev ${fmt(SOURCES.map((s) => devApgr(data, trainIdx, f, byFile.get(`${s}_dev`)!)))}`);
  if (out) writeFileSync(`${out}-${a}.json`, JSON.stringify(buildWeightsFile(f, data, trainIdx, FINAL, {})));
}
if (argv.includes('--loso')) {
  const loso = new Map<number, number[]>(A.map((a) => [a, []]));
  for (const s of SOURCES) {
    const idx = SOURCES.filter((t) => t !== s).flatMap((t) => byFile.get(`${t}_train`)!);
    const f = fit(data, idx, FINAL);
    for (const a of A) loso.get(a)!.push(devApgr(data, idx, foldCopies(f, a), byFile.get(`${s}_dev`)!));
  }
  for (const a of A) console.log(`a=${a} loso ${fmt(loso.get(a)!)}`);
}
