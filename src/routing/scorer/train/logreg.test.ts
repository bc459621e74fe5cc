import { describe, expect, it } from 'vitest';
import { fitLogistic, fitPlatt, margins, type Csr } from './logreg.js';

/** Dense rows as CSR. */
function csr(rows: number[][]): Csr {
  const rowPtr = new Int32Array(rows.length + 1);
  const col: number[] = [];
  const val: number[] = [];
  rows.forEach((r, i) => {
    r.forEach((v, j) => {
      if (v !== 0) {
        col.push(j);
        val.push(v);
      }
    });
    rowPtr[i + 1] = col.length;
  });
  return { rows: rows.length, cols: rows[0]!.length, rowPtr, col: Int32Array.from(col), val: Float32Array.from(val) };
}

// x0: informative (+), x1: informative (-), x2: bias column, x3: never used
const X = csr([
  [1, 0, 1, 0],
  [1, 0, 1, 0],
  [0.5, 0, 1, 0],
  [0, 1, 1, 0],
  [0, 1, 1, 0],
  [0, 0.5, 1, 0],
]);
const y = Float64Array.from([1, 1, 1, 0, 0, 0]);
const c = new Float64Array(6).fill(1);

describe('fitLogistic', () => {
  it('learns the signs, is deterministic, and leaves unused columns at zero', () => {
    const lambda = Float64Array.from([0.01, 0.01, 0, 0.01]);
    const a = fitLogistic(X, y, c, { lambda });
    const b = fitLogistic(X, y, c, { lambda });
    expect(Array.from(a.w)).toEqual(Array.from(b.w));
    expect(a.w[0]).toBeGreaterThan(0);
    expect(a.w[1]).toBeLessThan(0);
    expect(a.w[3]).toBe(0);
    const z = margins(X, a.w);
    expect(z[0]).toBeGreaterThan(z[3]!);
  });

  it('accepts soft targets and reaches the optimum of the regularised loss', () => {
    const soft = Float64Array.from([0.9, 0.9, 0.9, 0.1, 0.1, 0.1]);
    const r = fitLogistic(X, soft, c, { lambda: Float64Array.from([1e-6, 1e-6, 0, 1e-6]), maxIter: 500, tol: 1e-12 });
    const z = margins(X, r.w);
    const p = 1 / (1 + Math.exp(-z[0]!));
    expect(p).toBeGreaterThan(0.85); // nearly unregularised: close to the soft target 0.9
    expect(p).toBeLessThan(0.95);
  });

  it('keeps non-negative features at or above zero', () => {
    const r = fitLogistic(X, y, c, { lambda: Float64Array.from([0.01, 0.01, 0, 0.01]), nonNegative: [1] });
    expect(r.w[1]).toBe(0);
    expect(r.w[0]).toBeGreaterThan(0);
  });

  it('fits around a fixed offset instead of learning it', () => {
    // soft labels from logit = 1.5 * x0 + 2 * x1 - 1; x1's part is given as an offset
    const rows: number[][] = [];
    const soft: number[] = [];
    const offset: number[] = [];
    for (let i = 0; i < 40; i++) {
      const x0 = (i % 8) / 4 - 1;
      const x1 = i % 5 === 0 ? 1 : 0;
      rows.push([x0, x1, 1]);
      soft.push(1 / (1 + Math.exp(-(1.5 * x0 + 2 * x1 - 1))));
      offset.push(2 * x1);
    }
    const Xo = csr(rows);
    const lambda = new Float64Array(3);
    const ones = new Float64Array(40).fill(1);
    const withOffset = fitLogistic(Xo, Float64Array.from(soft), ones, { lambda, offset: Float64Array.from(offset), maxIter: 500, tol: 1e-12 });
    expect(withOffset.w[0]).toBeCloseTo(1.5, 3);
    expect(withOffset.w[1]).toBeCloseTo(0, 3); // the offset already explains x1
    expect(withOffset.w[2]).toBeCloseTo(-1, 3);
    const without = fitLogistic(Xo, Float64Array.from(soft), ones, { lambda, maxIter: 500, tol: 1e-12 });
    expect(without.w[1]).toBeCloseTo(2, 3);
    expect(() => fitLogistic(Xo, Float64Array.from(soft), ones, { lambda, offset: new Float64Array(3) })).toThrow(/offset/);
  });
});

describe('fitPlatt', () => {
  it('recovers a known logistic map', () => {
    const z: number[] = [];
    const t: number[] = [];
    for (let i = -50; i <= 50; i++) {
      const x = i / 10;
      z.push(x);
      t.push(1 / (1 + Math.exp(-(2 * x - 1)))); // soft labels from a = 2, c = -1
    }
    const { a, c: b } = fitPlatt(z, t);
    expect(a).toBeCloseTo(2, 4);
    expect(b).toBeCloseTo(-1, 4);
  });
});
