/**
 * Training-side data handling for the router: featurise routing rows once (with the very featuriser the
 * scorer uses at inference), then build design matrices for a given configuration.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DENSE_NAMES, Featurizer, HASH_SIZE, N_DENSE, type DenseName } from '../../src/routing/scorer/features.js';
import { IDF_SCALE, tf } from '../../src/routing/scorer/model.js';
import { viewPrompt } from '../../src/routing/scorer/prompt.js';
import { readRoutingData, type RoutingRow } from '../../src/routing/eval/data.js';
import type { Csr } from '../../src/routing/scorer/train/logreg.js';

/**
 * Structural features the model learns from data (they vary in the training data). Left out on purpose:
 * `log_lines`, `log_list_lines` and `code_line_frac` (in these data they count answer options, a format
 * artefact), `log_json_marks` (almost never non-zero here, so its weight would be noise), and the
 * request-shape features that are constant here (turns, tools, system prompt, images, fences).
 */
export const LEARNED_DENSE: readonly DenseName[] = [
  'log_input_chars',
  'log_words',
  'digit_frac',
  'log_numbers',
  'log_math_symbols',
  'log_latex',
  'log_code_lines',
  'log_question_marks',
  'log_wh_words',
  'log_reasoning_words',
  'log_constraint_words',
  'log_sentences',
  'avg_word_len',
  'upper_frac',
  'non_ascii_frac',
  'log_negations',
  'log_long_words',
  'log_caps_words',
];

/** Learned features whose weight must not be negative (more of them never makes a prompt easier). */
export const MONOTONE_DENSE: readonly DenseName[] = [
  'log_input_chars',
  'log_numbers',
  'log_math_symbols',
  'log_latex',
  'log_code_lines',
  'log_reasoning_words',
  'log_constraint_words',
  'log_long_words',
];

export interface FileInfo {
  path: string;
  name: string;
  sha256: string;
  rows: number;
}

/** Featurised rows of one or more files. */
export interface Featurised {
  rows: RoutingRow[];
  /** File name per row. */
  file: string[];
  /** Model pair per row, `weak -> strong`. */
  pair: string[];
  wordStart: Int32Array;
  wordB: Int32Array;
  wordC: Uint16Array;
  charStart: Int32Array;
  charB: Int32Array;
  charC: Uint16Array;
  /** Raw dense features, row-major, N_DENSE per row. */
  dense: Float64Array;
}

export function fileInfo(path: string, rows: number): FileInfo {
  const sha256 = createHash('sha256').update(readFileSync(path)).digest('hex');
  return { path, name: path.split('/').pop()!, sha256, rows };
}

/** Reads and featurises files (rows concatenated in file order). */
export function featuriseFiles(paths: readonly string[]): { data: Featurised; files: FileInfo[] } {
  const rows: RoutingRow[] = [];
  const file: string[] = [];
  const files: FileInfo[] = [];
  for (const p of paths) {
    const r = readRoutingData(p);
    files.push(fileInfo(p, r.length));
    const name = p.split('/').pop()!.replace(/\.jsonl(\.gz)?$/, '');
    for (const row of r) {
      rows.push(row);
      file.push(name);
    }
  }
  return { data: featuriseRows(rows, file), files };
}

export function featuriseRows(rows: RoutingRow[], file: string[]): Featurised {
  const f = new Featurizer();
  const wordStart = new Int32Array(rows.length + 1);
  const charStart = new Int32Array(rows.length + 1);
  const wb: number[] = [];
  const wc: number[] = [];
  const cb: number[] = [];
  const cc: number[] = [];
  const dense = new Float64Array(rows.length * N_DENSE);
  rows.forEach((row, i) => {
    f.run(viewPrompt(row.messages));
    // sort buckets so the stored order (and every later sum) does not depend on hashing order
    const ws = Array.from(f.wordTouched.subarray(0, f.nWord)).sort((a, b) => a - b);
    for (const b of ws) {
      wb.push(b);
      wc.push(f.wordCounts[b]!);
    }
    const cs = Array.from(f.charTouched.subarray(0, f.nChar)).sort((a, b) => a - b);
    for (const b of cs) {
      cb.push(b);
      cc.push(f.charCounts[b]!);
    }
    wordStart[i + 1] = wb.length;
    charStart[i + 1] = cb.length;
    dense.set(f.dense, i * N_DENSE);
  });
  return {
    rows,
    file,
    pair: rows.map((r) => `${r.weak.model ?? '?'} -> ${r.strong.model ?? '?'}`),
    wordStart,
    wordB: Int32Array.from(wb),
    wordC: Uint16Array.from(wc),
    charStart,
    charB: Int32Array.from(cb),
    charC: Uint16Array.from(cc),
    dense,
  };
}

/** Smoothed idf, quantised to multiples of 1/IDF_SCALE exactly as the weights file stores it; 0 below minDf. */
export function computeIdf(start: Int32Array, buckets: Int32Array, rowIdx: readonly number[], minDf: number): Float32Array {
  const df = new Int32Array(HASH_SIZE);
  for (const i of rowIdx) for (let k = start[i]!; k < start[i + 1]!; k++) df[buckets[k]!]!++;
  const n = rowIdx.length;
  const idf = new Float32Array(HASH_SIZE);
  for (let b = 0; b < HASH_SIZE; b++) {
    if (df[b]! >= minDf) idf[b] = Math.max(1, Math.min(255, Math.round((Math.log((1 + n) / (1 + df[b]!)) + 1) * IDF_SCALE))) / IDF_SCALE;
  }
  return idf;
}

export interface DenseStats {
  names: DenseName[];
  index: number[];
  mean: number[];
  std: number[];
  lo: number[];
  hi: number[];
}

export function denseStats(data: Featurised, rowIdx: readonly number[], names: readonly DenseName[]): DenseStats {
  const index = names.map((n) => DENSE_NAMES.indexOf(n));
  const mean: number[] = [];
  const std: number[] = [];
  const lo: number[] = [];
  const hi: number[] = [];
  for (const k of index) {
    let s = 0;
    let s2 = 0;
    for (const i of rowIdx) {
      const v = data.dense[i * N_DENSE + k]!;
      s += v;
      s2 += v * v;
    }
    const m = s / rowIdx.length;
    const sd = Math.sqrt(Math.max(0, s2 / rowIdx.length - m * m));
    const sdd = sd > 1e-9 ? sd : 1;
    // clip range: the 0.1% and 99.9% quantiles of the training values (no extrapolation beyond them)
    const zs = Float64Array.from(rowIdx, (i) => (data.dense[i * N_DENSE + k]! - m) / sdd).sort();
    mean.push(m);
    std.push(sdd);
    lo.push(zs[Math.floor(0.001 * (zs.length - 1))]!);
    hi.push(zs[Math.ceil(0.999 * (zs.length - 1))]!);
  }
  return { names: [...names], index, mean, std, lo, hi };
}

export interface Design {
  idfWord: Float32Array;
  idfChar: Float32Array;
  useChar: boolean;
  dense: DenseStats | null;
  /** Intercept group per row key (pair or source), in column order. */
  groups: string[];
  groupBy: 'none' | 'pair' | 'source';
  /**
   * Model pairs with a private copy of every text/dense feature in training ("frustratingly easy" domain
   * adaptation): pair quirks go to the private copies, the shared weights keep what holds across pairs.
   * Only the shared weights ship.
   */
  pairs: string[];
}

export const COL_CHAR = HASH_SIZE;
export const COL_DENSE = 2 * HASH_SIZE;

/** Columns shared by all pairs: text blocks, dense features, intercepts. */
export function sharedCols(d: Design): number {
  return COL_DENSE + (d.dense ? d.dense.names.length : 0) + Math.max(1, d.groups.length);
}

/** Width of one pair-private copy (text blocks + dense features). */
export function copyWidth(d: Design): number {
  return COL_DENSE + (d.dense ? d.dense.names.length : 0);
}

export function nCols(d: Design): number {
  return sharedCols(d) + d.pairs.length * copyWidth(d);
}

function groupKey(data: Featurised, i: number, by: Design['groupBy']): string {
  return by === 'pair' ? data.pair[i]! : by === 'source' ? data.file[i]!.replace(/_(train|dev)$/, '') : 'all';
}

export function makeDesign(
  data: Featurised,
  rowIdx: readonly number[],
  opts: { minDf: number; useChar: boolean; dense: readonly DenseName[] | null; groupBy: Design['groupBy']; pairCopies: boolean },
): Design {
  const groups = [...new Set(rowIdx.map((i) => groupKey(data, i, opts.groupBy)))].sort();
  const pairs = opts.pairCopies ? [...new Set(rowIdx.map((i) => data.pair[i]!))].sort() : [];
  return {
    idfWord: computeIdf(data.wordStart, data.wordB, rowIdx, opts.minDf),
    idfChar: opts.useChar ? computeIdf(data.charStart, data.charB, rowIdx, opts.minDf) : new Float32Array(HASH_SIZE),
    useChar: opts.useChar,
    dense: opts.dense ? denseStats(data, rowIdx, opts.dense) : null,
    groups,
    groupBy: opts.groupBy,
    pairs,
  };
}

/**
 * Design matrix rows: normalised TF-IDF per block, standardised + clipped dense features, and the row's
 * intercept group (rows of an unknown group get no intercept: ranking within a file ignores it).
 */
export function buildCsr(data: Featurised, rowIdx: readonly number[], d: Design, withPairCopies = false): Csr {
  const cols = nCols(d);
  const rowPtr = new Int32Array(rowIdx.length + 1);
  let cap = 0;
  for (const i of rowIdx) cap += data.wordStart[i + 1]! - data.wordStart[i]! + (d.useChar ? data.charStart[i + 1]! - data.charStart[i]! : 0) + 64;
  if (withPairCopies && d.pairs.length) cap *= 2;
  const pairBase = new Map(d.pairs.map((p, k) => [p, sharedCols(d) + k * copyWidth(d)]));
  const col = new Int32Array(cap);
  const val = new Float32Array(cap);
  let nnz = 0;
  const groupCol = new Map(d.groups.map((g, k) => [g, COL_DENSE + (d.dense ? d.dense.names.length : 0) + k]));
  const block = (start: Int32Array, bs: Int32Array, cs: Uint16Array, i: number, idf: Float32Array, offset: number): void => {
    let sq = 0;
    const from = nnz;
    for (let k = start[i]!; k < start[i + 1]!; k++) {
      const g = idf[bs[k]!]!;
      if (g === 0) continue;
      const v = tf(cs[k]!) * g;
      sq += v * v;
      col[nnz] = offset + bs[k]!;
      val[nnz++] = v;
    }
    if (sq > 0) {
      const inv = 1 / Math.sqrt(sq);
      for (let k = from; k < nnz; k++) val[k] = val[k]! * inv;
    }
  };
  rowIdx.forEach((i, r) => {
    const rowFrom = nnz;
    block(data.wordStart, data.wordB, data.wordC, i, d.idfWord, 0);
    if (d.useChar) block(data.charStart, data.charB, data.charC, i, d.idfChar, COL_CHAR);
    if (d.dense) {
      const s = d.dense;
      for (let k = 0; k < s.index.length; k++) {
        let z = (data.dense[i * N_DENSE + s.index[k]!]! - s.mean[k]!) / s.std[k]!;
        z = Math.min(s.hi[k]!, Math.max(s.lo[k]!, z));
        if (z !== 0) {
          col[nnz] = COL_DENSE + k;
          val[nnz++] = z;
        }
      }
    }
    const base = withPairCopies ? pairBase.get(data.pair[i]!) : undefined;
    if (base !== undefined) {
      const to = nnz;
      for (let k = rowFrom; k < to; k++) {
        col[nnz] = base + col[k]!;
        val[nnz++] = val[k]!;
      }
    }
    const gc = groupCol.get(groupKey(data, i, d.groupBy));
    if (gc !== undefined) {
      col[nnz] = gc;
      val[nnz++] = 1;
    }
    rowPtr[r + 1] = nnz;
  });
  return { rows: rowIdx.length, cols, rowPtr, col: col.slice(0, nnz), val: val.slice(0, nnz) };
}

export type LabelKind = 'binary' | 'gain';

export function labels(data: Featurised, rowIdx: readonly number[], kind: LabelKind): Float64Array {
  return Float64Array.from(rowIdx, (i) => {
    const r = data.rows[i]!;
    const g = r.strong.score - r.weak.score;
    return kind === 'binary' ? (g > 0 ? 1 : 0) : Math.min(1, Math.max(0, (g + 1) / 2));
  });
}

/** Per-row weights so that each source counts (N / (S * N_source))^balance. */
export function sourceWeights(data: Featurised, rowIdx: readonly number[], balance: number): Float64Array {
  const count = new Map<string, number>();
  for (const i of rowIdx) count.set(data.file[i]!, (count.get(data.file[i]!) ?? 0) + 1);
  const S = count.size;
  const N = rowIdx.length;
  return Float64Array.from(rowIdx, (i) => Math.pow(N / (S * count.get(data.file[i]!)!), balance));
}
