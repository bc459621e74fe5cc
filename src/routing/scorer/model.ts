/**
 * The router weights file (`data/router/weights.json`) and the linear model it describes.
 *
 *   logit = bias + text(word block) + text(char block) + dense + prior,   score = sigmoid(logit)
 *
 * text(block) = sum_b tf(c_b) idf_b w_b / || tf(c) idf ||   over the hashed buckets b of the prompt that are
 *               in the training vocabulary (idf_b > 0); tf(c) = 1 + ln c (sublinear TF-IDF, L2-normalised).
 * dense       = sum_k w_k clip((x_k - mean_k) / std_k, lo_k, hi_k)   learned structural features
 * prior       = sum_k p_k min(x_k, cap_k)                             hand-set, for features training
 *               data cannot teach (code fences, turns, tools, system prompts, images); see data/router/README.md
 *
 * Each text block is stored sparsely: sorted bucket numbers as LEB128 deltas, idf as bytes (idf * IDF_SCALE),
 * weights as little-endian int16 times `weight_scale`, all base64.
 */
import { z } from 'zod';
import { DENSE_INDEX, DENSE_NAMES, HASH_BITS, HASH_SIZE, type DenseName, type Featurizer } from './features.js';

export const WEIGHTS_FORMAT = 'switchyard-router/1';
export const IDF_SCALE = 16;

const blockSchema = z.strictObject({
  n: z.number().int().nonnegative(),
  buckets: z.string(),
  idf: z.string(),
  weights: z.string(),
  weight_scale: z.number().positive(),
});

const finiteArray = z.array(z.number().refine(Number.isFinite, 'must be finite'));

export const weightsFileSchema = z.object({
  format: z.literal(WEIGHTS_FORMAT),
  hash_bits: z.literal(HASH_BITS),
  bias: z.number(),
  blocks: z.strictObject({ word: blockSchema, char: blockSchema }),
  dense: z.strictObject({
    names: z.array(z.string()),
    mean: finiteArray,
    std: finiteArray,
    lo: finiteArray,
    hi: finiteArray,
    weights: finiteArray,
  }),
  prior: z.strictObject({ names: z.array(z.string()), weights: finiteArray, caps: finiteArray }),
  provenance: z.record(z.string(), z.unknown()),
});

export type WeightsFile = z.infer<typeof weightsFileSchema>;
export type BlockFile = z.infer<typeof blockSchema>;

/** A decoded text block: dense tables over the hash space (0 idf = not in the vocabulary). */
export interface TextBlock {
  idf: Float32Array;
  weights: Float32Array;
}

/** A decoded structural part: only the features with a non-zero weight, by index into the dense vector. */
export interface DensePart {
  index: Int32Array;
  mean: Float64Array;
  std: Float64Array;
  lo: Float64Array;
  hi: Float64Array;
  weights: Float64Array;
}

export interface PriorPart {
  index: Int32Array;
  weights: Float64Array;
  caps: Float64Array;
}

/** tf(c) = 1 + ln c for c = 0..TF_TABLE-1 (0 for c = 0); larger counts are computed. */
const TF_TABLE = 1024;
const TF = new Float64Array(TF_TABLE);
for (let c = 1; c < TF_TABLE; c++) TF[c] = 1 + Math.log(c);

export function tf(c: number): number {
  return c < TF_TABLE ? TF[c]! : 1 + Math.log(c);
}

// --------------------------------------------------------------------------- encoding

export function encodeBuckets(sorted: ArrayLike<number>): string {
  const bytes: number[] = [];
  let prev = 0;
  for (let i = 0; i < sorted.length; i++) {
    let d = sorted[i]! - prev;
    prev = sorted[i]!;
    while (d >= 0x80) {
      bytes.push((d & 0x7f) | 0x80);
      d >>>= 7;
    }
    bytes.push(d);
  }
  return Buffer.from(bytes).toString('base64');
}

export function decodeBuckets(b64: string, n: number): Int32Array {
  const bytes = Buffer.from(b64, 'base64');
  const out = new Int32Array(n);
  let pos = 0;
  let prev = 0;
  for (let i = 0; i < n; i++) {
    let d = 0;
    let shift = 0;
    for (;;) {
      if (pos >= bytes.length) throw new Error(`bucket list ends early (${i} of ${n})`);
      const b = bytes[pos++]!;
      d |= (b & 0x7f) << shift;
      if (b < 0x80) break;
      shift += 7;
    }
    prev += d;
    if (prev >= HASH_SIZE) throw new Error(`bucket ${prev} outside the hash space`);
    out[i] = prev;
  }
  return out;
}

/** Encodes a block from dense idf (already quantised to multiples of 1/IDF_SCALE) and weight tables. */
export function encodeBlock(idf: Float32Array | Float64Array, weights: Float64Array | Float32Array): BlockFile {
  const buckets: number[] = [];
  let maxAbs = 0;
  for (let b = 0; b < idf.length; b++) {
    if (idf[b]! > 0 && weights[b] !== 0) {
      buckets.push(b);
      maxAbs = Math.max(maxAbs, Math.abs(weights[b]!));
    }
  }
  const scale = maxAbs > 0 ? maxAbs / 32767 : 1;
  const idfBytes = Buffer.alloc(buckets.length);
  const w = Buffer.alloc(buckets.length * 2);
  buckets.forEach((b, i) => {
    idfBytes[i] = Math.max(1, Math.min(255, Math.round(idf[b]! * IDF_SCALE)));
    w.writeInt16LE(Math.round(weights[b]! / scale), i * 2);
  });
  return {
    n: buckets.length,
    buckets: encodeBuckets(buckets),
    idf: idfBytes.toString('base64'),
    weights: w.toString('base64'),
    weight_scale: scale,
  };
}

export function decodeBlock(f: BlockFile): TextBlock {
  const buckets = decodeBuckets(f.buckets, f.n);
  const idfBytes = Buffer.from(f.idf, 'base64');
  const w = Buffer.from(f.weights, 'base64');
  if (idfBytes.length !== f.n || w.length !== f.n * 2) throw new Error('block arrays do not match its size');
  const idf = new Float32Array(HASH_SIZE);
  const weights = new Float32Array(HASH_SIZE);
  for (let i = 0; i < f.n; i++) {
    const b = buckets[i]!;
    idf[b] = idfBytes[i]! / IDF_SCALE;
    weights[b] = w.readInt16LE(i * 2) * f.weight_scale;
  }
  return { idf, weights };
}

// --------------------------------------------------------------------------- the model

/**
 * A text block's contribution: the dot product of the L2-normalised TF-IDF vector with the block weights.
 * Buckets outside the vocabulary (idf 0) are ignored, in training and in inference alike.
 */
export function blockDot(
  counts: Uint16Array,
  touched: Int32Array,
  nTouched: number,
  block: TextBlock,
): number {
  let dot = 0;
  let sq = 0;
  const { idf, weights } = block;
  for (let i = 0; i < nTouched; i++) {
    const b = touched[i]!;
    const g = idf[b]!;
    if (g === 0) continue;
    const v = tf(counts[b]!) * g;
    sq += v * v;
    dot += v * weights[b]!;
  }
  return sq > 0 ? dot / Math.sqrt(sq) : 0;
}

export class LinearModel {
  constructor(
    readonly bias: number,
    readonly word: TextBlock,
    readonly char: TextBlock,
    readonly dense: DensePart,
    readonly prior: PriorPart,
  ) {}

  static fromFile(f: WeightsFile): LinearModel {
    const d = f.dense;
    const k = d.names.length;
    if ([d.mean, d.std, d.lo, d.hi, d.weights].some((a) => a.length !== k)) throw new Error('dense arrays differ in length');
    if (f.prior.weights.length !== f.prior.names.length || f.prior.caps.length !== f.prior.names.length) {
      throw new Error('prior arrays differ in length');
    }
    const idx = (name: string): number => {
      const i = DENSE_INDEX[name as DenseName];
      if (i === undefined) throw new Error(`unknown feature ${JSON.stringify(name)} (known: ${DENSE_NAMES.join(', ')})`);
      return i;
    };
    const keep = d.weights.map((w, i) => (w !== 0 ? i : -1)).filter((i) => i >= 0);
    const pick = (a: number[]): Float64Array => Float64Array.from(keep.map((i) => a[i]!));
    return new LinearModel(
      f.bias,
      decodeBlock(f.blocks.word),
      decodeBlock(f.blocks.char),
      {
        index: Int32Array.from(keep.map((i) => idx(d.names[i]!))),
        mean: pick(d.mean),
        std: pick(d.std).map((s) => (s > 0 ? s : 1)),
        lo: pick(d.lo),
        hi: pick(d.hi),
        weights: pick(d.weights),
      },
      {
        index: Int32Array.from(f.prior.names.map(idx)),
        weights: Float64Array.from(f.prior.weights),
        caps: Float64Array.from(f.prior.caps),
      },
    );
  }

  /** The parts of the logit for the featurised prompt in `f` (for inspection and tests). */
  explain(f: Featurizer): { bias: number; word: number; char: number; dense: number; prior: number; logit: number } {
    const word = blockDot(f.wordCounts, f.wordTouched, f.nWord, this.word);
    const char = blockDot(f.charCounts, f.charTouched, f.nChar, this.char);
    let dense = 0;
    const dp = this.dense;
    for (let i = 0; i < dp.index.length; i++) {
      let z = (f.dense[dp.index[i]!]! - dp.mean[i]!) / dp.std[i]!;
      if (z < dp.lo[i]!) z = dp.lo[i]!;
      else if (z > dp.hi[i]!) z = dp.hi[i]!;
      dense += dp.weights[i]! * z;
    }
    let prior = 0;
    const pp = this.prior;
    for (let i = 0; i < pp.index.length; i++) prior += pp.weights[i]! * Math.min(f.dense[pp.index[i]!]!, pp.caps[i]!);
    return { bias: this.bias, word, char, dense, prior, logit: this.bias + word + char + dense + prior };
  }

  logit(f: Featurizer): number {
    return this.explain(f).logit;
  }
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}
