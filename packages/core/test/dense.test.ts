import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  axpy,
  dot,
  gemm,
  gemmNaive,
  gemv,
  iamax,
  type Mat,
  mat,
  nrm2,
  Rng,
  toRows,
  transpose,
  trsv,
  view,
} from '../src/index.js';

function randomMat(rng: Rng, rows: number, cols: number, integers = false): Mat {
  const a = mat(rows, cols);
  for (let i = 0; i < a.data.length; i++) {
    a.data[i] = integers ? rng.int(7) - 3 : rng.uniform(-1, 1);
  }
  return a;
}

/** |C − C_ref| ≤ 8·k·ε·(|A||B|)_ij elementwise (spec §7), plus the beta·|C0| part. */
function expectGemmClose(c: Mat, ref: Mat, bound: Float64Array) {
  for (let i = 0; i < c.data.length; i++) {
    expect(Math.abs(c.data[i] - ref.data[i])).toBeLessThanOrEqual(bound[i] + 1e-300);
  }
}

function absProduct(
  a: Mat,
  b: Mat,
  transA: boolean,
  transB: boolean,
  alpha: number,
  beta: number,
  c0: Mat,
) {
  const m = c0.rows;
  const n = c0.cols;
  const k = transA ? a.rows : a.cols;
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) {
        const x = transA ? a.data[p * a.cols + i] : a.data[i * a.cols + p];
        const y = transB ? b.data[j * b.cols + p] : b.data[p * b.cols + j];
        s += Math.abs(x * y);
      }
      out[i * n + j] =
        8 * (k + 2) * Number.EPSILON * (Math.abs(alpha) * s + Math.abs(beta * c0.data[i * n + j]));
    }
  }
  return out;
}

describe('BLAS-1', () => {
  it('computes known answers', () => {
    const x = Float64Array.of(1, 2, 3, 4, 5);
    const y = Float64Array.of(5, 4, 3, 2, 1);
    expect(dot(x, y)).toBe(35);
    axpy(2, x, y);
    expect(Array.from(y)).toEqual([7, 8, 9, 10, 11]);
    expect(nrm2(Float64Array.of(3, 4))).toBe(5);
    expect(iamax(Float64Array.of(1, -5, 5))).toBe(1);
  });

  it('nrm2 does not overflow or underflow', () => {
    expect(nrm2(Float64Array.of(3e200, 4e200))).toBeCloseTo(5e200, -190);
    expect(nrm2(Float64Array.of(3e-200, 4e-200)) / 5e-200).toBeCloseTo(1, 12);
    expect(nrm2(new Float64Array(3))).toBe(0);
  });
});

describe('gemm', () => {
  const rng = new Rng(1);
  const shapes: [number, number, number][] = [
    [1, 1, 1],
    [1, 7, 5],
    [7, 1, 5],
    [3, 7, 5],
    [4, 4, 4],
    [5, 5, 5],
    [33, 17, 255],
    [9, 13, 256],
    [6, 5, 257],
    [130, 9, 3],
  ];
  for (const [m, n, k] of shapes) {
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        it(`matches the naive loop for ${m}x${k} · ${k}x${n}, transA=${transA}, transB=${transB}`, () => {
          const a = transA ? randomMat(rng, k, m) : randomMat(rng, m, k);
          const b = transB ? randomMat(rng, n, k) : randomMat(rng, k, n);
          for (const alpha of [0, 1, -2.5]) {
            for (const beta of [0, 1, 0.5]) {
              const c0 = randomMat(rng, m, n);
              const c = mat(m, n, c0.data);
              const ref = mat(m, n, c0.data);
              gemm(alpha, a, b, beta, c, { transA, transB });
              gemmNaive(alpha, a, b, beta, ref, { transA, transB });
              expectGemmClose(c, ref, absProduct(a, b, transA, transB, alpha, beta, c0));
            }
          }
        });
      }
    }
  }

  it('is exact on small integers', () => {
    const r = new Rng(2);
    const a = randomMat(r, 37, 300, true);
    const b = randomMat(r, 300, 21, true);
    const c = mat(37, 21);
    const ref = mat(37, 21);
    gemm(1, a, b, 0, c);
    gemmNaive(1, a, b, 0, ref);
    expect(Array.from(c.data)).toEqual(Array.from(ref.data));
  });

  it('beta = 0 ignores NaN already in C', () => {
    const c = mat(2, 2, [Number.NaN, Number.NaN, Number.NaN, Number.NaN]);
    gemm(1, mat(2, 2, [1, 2, 3, 4]), mat(2, 2, [1, 0, 0, 1]), 0, c);
    expect(toRows(c)).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it('writes only inside a view', () => {
    const big = mat(6, 7);
    big.data.fill(9);
    const c = view(big, 1, 2, 3, 4);
    const a = randomMat(new Rng(3), 3, 5);
    const b = randomMat(new Rng(4), 5, 4);
    gemm(1, a, b, 0, c);
    const ref = mat(3, 4);
    gemmNaive(1, a, b, 0, ref);
    for (let i = 0; i < 6; i++) {
      for (let j = 0; j < 7; j++) {
        const inside = i >= 1 && i < 4 && j >= 2 && j < 6;
        const v = big.data[i * 7 + j];
        if (inside) expect(v).toBeCloseTo(ref.data[(i - 1) * 4 + (j - 2)], 12);
        else expect(v).toBe(9);
      }
    }
  });

  it('rejects mismatched shapes and overlapping output', () => {
    expect(() => gemm(1, mat(3, 4), mat(5, 2), 0, mat(3, 2))).toThrow(/op\(A\) 3x4, op\(B\) 5x2/);
    const a = mat(4, 4);
    expect(() => gemm(1, a, mat(4, 4), 0, a)).toThrow(/overlap/);
  });

  it('equals the naive loop on random shapes (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 12 }),
        fc.boolean(),
        fc.boolean(),
        fc.integer({ min: 0, max: 1000 }),
        (m, n, k, transA, transB, seed) => {
          const r = new Rng(seed);
          const a = transA ? randomMat(r, k, m, true) : randomMat(r, m, k, true);
          const b = transB ? randomMat(r, n, k, true) : randomMat(r, k, n, true);
          const aCopy = Float64Array.from(a.data);
          const c = mat(m, n);
          const ref = mat(m, n);
          gemm(1, a, b, 0, c, { transA, transB });
          gemmNaive(1, a, b, 0, ref, { transA, transB });
          expect(Array.from(c.data)).toEqual(Array.from(ref.data));
          expect(a.data).toEqual(aCopy);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('gemv and trsv', () => {
  it('A x equals gemm with one column; Aᵀx equals gemv on the explicit transpose', () => {
    const r = new Rng(6);
    for (const [m, n] of [
      [1, 1],
      [7, 3],
      [5, 9],
      [64, 33],
    ]) {
      const a = randomMat(r, m, n);
      const x = r.fillUniform(new Float64Array(n), -1, 1);
      const y = r.fillUniform(new Float64Array(m), -1, 1);
      const y0 = Float64Array.from(y);
      gemv(-2.5, a, x, 0.5, y);
      const c = mat(m, 1, y0);
      gemmNaive(-2.5, a, mat(n, 1, x), 0.5, c);
      for (let i = 0; i < m; i++) expect(y[i]).toBeCloseTo(c.data[i], 12);

      const z = r.fillUniform(new Float64Array(m), -1, 1);
      const yt = new Float64Array(n);
      gemv(1, a, z, 0, yt, { trans: true });
      const ytRef = new Float64Array(n);
      gemv(1, transpose(a), z, 0, ytRef);
      for (let j = 0; j < n; j++) expect(yt[j]).toBeCloseTo(ytRef[j], 12);
    }
    expect(() => gemv(1, mat(2, 3), new Float64Array(2), 0, new Float64Array(2))).toThrow(
      RangeError,
    );
  });

  it('solves triangular systems in all four forms', () => {
    const l = mat(3, 3, [2, 0, 0, 1, 3, 0, -1, 2, 4]);
    const x = Float64Array.of(1, -2, 3);
    for (const [lower, trans] of [
      [true, false],
      [true, true],
      [false, false],
      [false, true],
    ]) {
      const t = lower ? l : transpose(l);
      const b = new Float64Array(3);
      gemv(1, t, x, 0, b, { trans });
      trsv(t, b, { lower, trans });
      for (let i = 0; i < 3; i++) expect(b[i]).toBeCloseTo(x[i], 14);
    }
  });
});
