/**
 * The `auto` knob: `quality` in [0, 1] -> a score threshold; a request goes premium when
 * score >= threshold. Monotone: more quality, lower threshold, more premium.
 *
 *   quality 0 -> never premium; quality 1 -> always premium.
 *   With a calibration table (score quantiles of the scorer's training prompts, ascending, evenly spaced
 *   from the 0% to the 100% quantile): threshold = the (1 - quality) quantile, interpolated linearly, so
 *   `quality` is the share of those prompts sent to premium (0.5 -> about half).
 *   Without one: threshold = 1 - quality.
 */
import { GatewayError } from '../../errors.js';

export const QUALITY_HEADER = 'x-switchyard-quality';

/** The score threshold for `quality`. */
export function qualityToThreshold(quality: number, calibration?: readonly number[]): number {
  if (quality <= 0) return Number.POSITIVE_INFINITY;
  if (quality >= 1) return 0;
  if (!calibration || calibration.length < 2) return 1 - quality;
  const p = (1 - quality) * (calibration.length - 1);
  const i = Math.floor(p);
  const lo = calibration[i]!;
  const hi = calibration[Math.min(i + 1, calibration.length - 1)]!;
  return lo + (hi - lo) * (p - i);
}

/** A usable calibration table from the weights file's provenance (`score_quantiles`), if it has one. */
export function calibrationFromProvenance(provenance: Readonly<Record<string, unknown>>): number[] | undefined {
  const q = provenance.score_quantiles;
  if (!Array.isArray(q) || q.length < 2) return undefined;
  const out: number[] = [];
  for (const v of q) {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1) return undefined;
    if (out.length > 0 && v < out[out.length - 1]!) return undefined;
    out.push(v);
  }
  return out;
}

const DECIMAL = /^(?:\d+(?:\.\d*)?|\.\d+)$/;

/** The quality a request asks for with `x-switchyard-quality`, or undefined. Throws a 400 when malformed. */
export function parseQualityHeader(value: string | string[] | undefined): number | undefined {
  if (value === undefined) return undefined;
  const text = (Array.isArray(value) ? value[0] ?? '' : value).trim();
  // plain decimals only: Number() would also take "0x1", "1e0" or "0b1"
  const q = DECIMAL.test(text) ? Number(text) : Number.NaN;
  if (!Number.isFinite(q) || q < 0 || q > 1) {
    throw new GatewayError('SY_ERR_INVALID_REQUEST', `header ${QUALITY_HEADER}: must be a number between 0 and 1, got "${text.slice(0, 32)}"`, null);
  }
  return q;
}

/**
 * The calibration table for a set of scores: `points` quantiles, evenly spaced from 0% to 100% (linear
 * interpolation between order statistics). Meant for the training script, which stores the result as
 * `provenance.score_quantiles` in the weights file. With `weights`, each score counts in proportion to its
 * weight (the script mixes benchmark prompts and agent steps in fixed shares); an item's cumulative
 * position is the middle of its weight, so equal weights give the same table as no weights up to the ends.
 */
export function scoreQuantiles(scores: readonly number[], points = 101, weights?: readonly number[]): number[] {
  if (scores.length === 0) throw new RangeError('scoreQuantiles needs at least one score');
  if (!Number.isInteger(points) || points < 2) throw new RangeError('points must be an integer >= 2');
  if (weights && weights.length !== scores.length) throw new RangeError('weights must be as long as scores');
  const order = scores.map((_, i) => i).sort((a, b) => scores[a]! - scores[b]! || a - b);
  const sorted = order.map((i) => scores[i]!);
  // position of each sorted item on [0, 1]
  const pos = new Float64Array(sorted.length);
  if (!weights) {
    for (let k = 0; k < sorted.length; k++) pos[k] = sorted.length === 1 ? 0 : k / (sorted.length - 1);
  } else {
    let total = 0;
    for (const i of order) {
      const w = weights[i]!;
      if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError('weights must be finite and >= 0');
      total += w;
    }
    if (!(total > 0)) throw new RangeError('weights must not all be 0');
    let before = 0;
    order.forEach((i, k) => {
      pos[k] = (before + weights[i]! / 2) / total;
      before += weights[i]!;
    });
    pos[0] = 0;
    pos[sorted.length - 1] = 1;
  }
  const out: number[] = [];
  let j = 0;
  for (let k = 0; k < points; k++) {
    const p = k / (points - 1);
    while (j < sorted.length - 2 && pos[j + 1]! < p) j++;
    const lo = sorted[j]!;
    const hi = sorted[Math.min(j + 1, sorted.length - 1)]!;
    const span = pos[Math.min(j + 1, sorted.length - 1)]! - pos[j]!;
    const t = span > 0 ? Math.min(1, Math.max(0, (p - pos[j]!) / span)) : 1;
    out.push(Math.round((lo + (hi - lo) * t) * 1e6) / 1e6);
  }
  return out;
}
