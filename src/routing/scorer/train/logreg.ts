/**
 * L2-regularised logistic regression on sparse rows, fitted with L-BFGS (deterministic: no sampling).
 * Used offline by scripts/train-router.ts; not needed at inference.
 *
 *   minimise  sum_i c_i * logloss(y_i, sigmoid(x_i . w)) / sum_i c_i  +  sum_j lambda_j / 2 * w_j^2
 *
 * Targets y_i may be soft (in [0, 1]). Features listed in `nonNegative` are constrained to w_j >= 0
 * (active set: an outer loop pins violators at zero and refits).
 */

/** Rows in compressed sparse row form. Row i's entries are `col/val[rowPtr[i] .. rowPtr[i+1])`. */
export interface Csr {
  rows: number;
  cols: number;
  rowPtr: Int32Array;
  col: Int32Array;
  val: Float32Array;
}

export interface FitOptions {
  /** Per-feature L2 strength (length `cols`). */
  lambda: Float64Array;
  /** Feature indices constrained to be >= 0. */
  nonNegative?: readonly number[];
  maxIter?: number;
  /** Stop when the relative objective decrease over 5 iterations is below this. */
  tol?: number;
  /** L-BFGS memory. */
  memory?: number;
  init?: Float64Array;
  /** A fixed per-row addition to the margin (a prior the fit must work around, not learn). */
  offset?: Float64Array;
  onIter?: (iter: number, loss: number) => void;
}

export interface FitResult {
  w: Float64Array;
  loss: number;
  iterations: number;
}

/** Margins x_i . w for every row. */
export function margins(X: Csr, w: Float64Array, out: Float64Array = new Float64Array(X.rows)): Float64Array {
  const { rowPtr, col, val } = X;
  for (let i = 0; i < X.rows; i++) {
    let s = 0;
    for (let k = rowPtr[i]!; k < rowPtr[i + 1]!; k++) s += val[k]! * w[col[k]!]!;
    out[i] = s;
  }
  return out;
}

function logloss(z: number, y: number): number {
  // -[y log s(z) + (1-y) log(1-s(z))] = softplus(z) - y z, computed stably
  const sp = z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
  return sp - y * z;
}

function sig(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** Objective and gradient; `fixed[j]` = 1 pins w_j (its gradient is zeroed). */
function objective(
  X: Csr,
  y: Float64Array,
  c: Float64Array,
  cSum: number,
  lambda: Float64Array,
  w: Float64Array,
  grad: Float64Array,
  z: Float64Array,
  fixed: Uint8Array,
  offset: Float64Array | undefined,
): number {
  margins(X, w, z);
  if (offset) for (let i = 0; i < X.rows; i++) z[i]! += offset[i]!;
  grad.fill(0);
  let loss = 0;
  const { rowPtr, col, val } = X;
  for (let i = 0; i < X.rows; i++) {
    const zi = z[i]!;
    loss += c[i]! * logloss(zi, y[i]!);
    const r = (c[i]! * (sig(zi) - y[i]!)) / cSum;
    if (r === 0) continue;
    for (let k = rowPtr[i]!; k < rowPtr[i + 1]!; k++) grad[col[k]!]! += r * val[k]!;
  }
  loss /= cSum;
  for (let j = 0; j < w.length; j++) {
    const l = lambda[j]!;
    if (l !== 0) {
      loss += 0.5 * l * w[j]! * w[j]!;
      grad[j]! += l * w[j]!;
    }
    if (fixed[j]) grad[j] = 0;
  }
  return loss;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** One L-BFGS run with some coordinates pinned. */
function lbfgs(
  X: Csr,
  y: Float64Array,
  c: Float64Array,
  lambda: Float64Array,
  w: Float64Array,
  fixed: Uint8Array,
  opts: FitOptions,
): { loss: number; iterations: number } {
  const n = w.length;
  const m = opts.memory ?? 10;
  const maxIter = opts.maxIter ?? 300;
  const tol = opts.tol ?? 1e-7;
  let cSum = 0;
  for (let i = 0; i < c.length; i++) cSum += c[i]!;
  const z = new Float64Array(X.rows);
  let g = new Float64Array(n);
  let f = objective(X, y, c, cSum, lambda, w, g, z, fixed, opts.offset);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const d = new Float64Array(n);
  const wNew = new Float64Array(n);
  let gNew = new Float64Array(n);
  const alpha = new Float64Array(m);
  const history: number[] = [f];
  let iter = 0;
  for (; iter < maxIter; iter++) {
    // two-loop recursion: d = -H g
    for (let j = 0; j < n; j++) d[j] = -g[j]!;
    for (let k = S.length - 1; k >= 0; k--) {
      const a = rho[k]! * dot(S[k]!, d);
      alpha[k] = a;
      const yk = Y[k]!;
      for (let j = 0; j < n; j++) d[j]! -= a * yk[j]!;
    }
    if (S.length) {
      const last = S.length - 1;
      const gamma = dot(S[last]!, Y[last]!) / dot(Y[last]!, Y[last]!);
      for (let j = 0; j < n; j++) d[j]! *= gamma;
    } else {
      const gn = Math.sqrt(dot(g, g));
      if (gn === 0) break;
      for (let j = 0; j < n; j++) d[j]! /= Math.max(1, gn);
    }
    for (let k = 0; k < S.length; k++) {
      const b = rho[k]! * dot(Y[k]!, d);
      const sk = S[k]!;
      const a = alpha[k]!;
      for (let j = 0; j < n; j++) d[j]! += (a - b) * sk[j]!;
    }
    for (let j = 0; j < n; j++) if (fixed[j]) d[j] = 0;
    let gd = dot(g, d);
    if (gd >= 0) {
      // not a descent direction: restart from steepest descent
      S.length = 0;
      Y.length = 0;
      rho.length = 0;
      for (let j = 0; j < n; j++) d[j] = fixed[j] ? 0 : -g[j]!;
      gd = dot(g, d);
      if (gd >= 0) break;
    }
    // backtracking line search (Armijo)
    let step = 1;
    let fNew = Infinity;
    for (let ls = 0; ls < 40; ls++) {
      for (let j = 0; j < n; j++) wNew[j] = w[j]! + step * d[j]!;
      fNew = objective(X, y, c, cSum, lambda, wNew, gNew, z, fixed, opts.offset);
      if (fNew <= f + 1e-4 * step * gd) break;
      step *= 0.5;
    }
    if (!(fNew < f)) break;
    // reuse the oldest pair's buffers once the memory is full (it is dropped either way)
    const full = S.length === m;
    const s = full ? S.shift()! : new Float64Array(n);
    const yv = full ? Y.shift()! : new Float64Array(n);
    if (full) rho.shift();
    for (let j = 0; j < n; j++) {
      s[j] = wNew[j]! - w[j]!;
      yv[j] = gNew[j]! - g[j]!;
    }
    const sy = dot(s, yv);
    if (sy > 1e-12) {
      S.push(s);
      Y.push(yv);
      rho.push(1 / sy);
    }
    w.set(wNew);
    [g, gNew] = [gNew, g];
    f = fNew;
    history.push(f);
    opts.onIter?.(iter, f);
    const h = history.length;
    if (h > 5 && (history[h - 6]! - f) / Math.max(1e-12, Math.abs(f)) < tol) {
      iter++;
      break;
    }
  }
  return { loss: f, iterations: iter };
}

/**
 * Fits the model. Deterministic for the same inputs. With `nonNegative`, features that end below zero are
 * pinned at zero and the model refitted (at most 6 rounds).
 */
export function fitLogistic(X: Csr, y: Float64Array, c: Float64Array, opts: FitOptions): FitResult {
  if (y.length !== X.rows || c.length !== X.rows) throw new Error('labels/weights do not match the rows');
  if (opts.offset && opts.offset.length !== X.rows) throw new Error('offset does not match the rows');
  if (opts.lambda.length !== X.cols) throw new Error('lambda does not match the columns');
  // work on the columns that occur (unused columns keep weight 0 under L2): smaller vectors, better caching
  const used = new Int32Array(X.cols).fill(-1);
  const cols: number[] = [];
  for (let k = 0; k < X.col.length; k++) {
    const j = X.col[k]!;
    if (used[j] === -1) used[j] = 1;
  }
  for (let j = 0; j < X.cols; j++) if (used[j] === 1) used[j] = cols.push(j) - 1;
  const Xc: Csr = { rows: X.rows, cols: cols.length, rowPtr: X.rowPtr, col: X.col.map((j) => used[j]!), val: X.val };
  const lambda = Float64Array.from(cols, (j) => opts.lambda[j]!);
  const init = opts.init ? Float64Array.from(cols, (j) => opts.init![j]!) : undefined;
  const nonNegative = (opts.nonNegative ?? []).map((j) => used[j]!).filter((j) => j >= 0);
  const r = fitCompact(Xc, y, c, { ...opts, lambda, nonNegative, ...(init ? { init } : {}) });
  const w = new Float64Array(X.cols);
  cols.forEach((j, k) => (w[j] = r.w[k]!));
  return { ...r, w };
}

function fitCompact(X: Csr, y: Float64Array, c: Float64Array, opts: FitOptions): FitResult {
  const w = opts.init ? Float64Array.from(opts.init) : new Float64Array(X.cols);
  const fixed = new Uint8Array(X.cols);
  let res = lbfgs(X, y, c, opts.lambda, w, fixed, opts);
  let total = res.iterations;
  const nn = opts.nonNegative ?? [];
  for (let round = 0; round < 6 && nn.length; round++) {
    let changed = false;
    for (const j of nn) {
      if (w[j]! < 0) {
        w[j] = 0;
        fixed[j] = 1;
        changed = true;
      }
    }
    if (!changed) break;
    res = lbfgs(X, y, c, opts.lambda, w, fixed, opts);
    total += res.iterations;
  }
  for (const j of nn) if (w[j]! < 0) w[j] = 0;
  return { w, loss: res.loss, iterations: total };
}

/**
 * Platt scaling: a, c minimising the log loss of sigmoid(a z + c) against labels y (Newton's method on
 * the two parameters). Used to map the model's logit to a calibrated probability without changing order.
 */
export function fitPlatt(z: ArrayLike<number>, y: ArrayLike<number>, iterations = 50): { a: number; c: number } {
  let a = 1;
  let c = 0;
  for (let it = 0; it < iterations; it++) {
    let ga = 0;
    let gc = 0;
    let haa = 1e-9;
    let hac = 0;
    let hcc = 1e-9;
    for (let i = 0; i < z.length; i++) {
      const p = sig(a * z[i]! + c);
      const r = p - y[i]!;
      const h = p * (1 - p);
      ga += r * z[i]!;
      gc += r;
      haa += h * z[i]! * z[i]!;
      hac += h * z[i]!;
      hcc += h;
    }
    const det = haa * hcc - hac * hac;
    if (!(Math.abs(det) > 0)) break;
    const da = (hcc * ga - hac * gc) / det;
    const dc = (haa * gc - hac * ga) / det;
    a -= da;
    c -= dc;
    if (Math.abs(da) + Math.abs(dc) < 1e-12) break;
  }
  return { a, c };
}
