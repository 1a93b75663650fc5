import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { projectSparseSimplex, topkSquaredRelu } from '../src/index.js';
import {
  ColumnWork,
  selectTopK,
  selectTopKAffine,
  sparseSimplexColumn,
  sparseSimplexColumnAffine,
} from '../src/kernels.js';

const close = (x: ArrayLike<number>, y: ArrayLike<number>, tol = 1e-12) => {
  expect(x.length).toBe(y.length);
  for (let i = 0; i < x.length; i++) expect(Math.abs(x[i] - y[i])).toBeLessThanOrEqual(tol);
};

/** The package's column kernel as a dense vector. */
function kernel(v: Float64Array, k: number, z = 1): Float64Array {
  const work = new ColumnWork(v.length);
  const r = sparseSimplexColumn(v, v.length, k, z, work);
  const out = new Float64Array(v.length);
  for (let t = 0; t < r; t++) out[work.idx[t]] = work.val[t];
  return out;
}

/** Plain simplex projection by brute force over supports (tiny sizes). */
function bruteForce(v: Float64Array, k: number, z = 1): Float64Array {
  const m = v.length;
  let best: Float64Array | null = null;
  let bestDist = Infinity;
  for (let mask = 1; mask < 1 << m; mask++) {
    const idx: number[] = [];
    for (let i = 0; i < m; i++) if (mask & (1 << i)) idx.push(i);
    if (idx.length > k) continue;
    // Projection onto the simplex face spanned by idx (entries may be 0).
    const u = idx.map((i) => v[i]).sort((p, q) => q - p);
    let cum = 0;
    let theta = 0;
    for (let r = 0; r < u.length; r++) {
      cum += u[r];
      const t = (cum - z) / (r + 1);
      if (u[r] - t > 0) theta = t;
    }
    const y = new Float64Array(m);
    for (const i of idx) y[i] = Math.max(v[i] - theta, 0);
    let d = 0;
    for (let i = 0; i < m; i++) d += (y[i] - v[i]) ** 2;
    if (d < bestDist - 1e-12) {
      bestDist = d;
      best = y;
    }
  }
  return best!;
}

const vec = (max: number) =>
  fc
    .array(fc.double({ min: -3, max: 3, noNaN: true, noDefaultInfinity: true }), {
      minLength: 1,
      maxLength: max,
    })
    .map((x) => Float64Array.from(x));

/** Vectors of multiples of 1/128, so shifts are exact and ties stay ties. */
const dyadic = (max: number) =>
  fc
    .array(fc.integer({ min: -384, max: 384 }), { minLength: 1, maxLength: max })
    .map((x) => Float64Array.from(x, (t) => t / 128));

describe('projectSparseSimplex (spec A.7.1)', () => {
  const v = Float64Array.of(0.5, 0.3, 0.2, 0.1);
  it.each([
    [1, [1, 0, 0, 0]],
    [2, [0.6, 0.4, 0, 0]],
    [3, [0.5, 0.3, 0.2, 0]],
    [4, [0.475, 0.275, 0.175, 0.075]],
  ])('known answer for k = %i', (k, expected) => {
    close(projectSparseSimplex(v, k), expected);
    close(kernel(v, k), expected);
  });

  it('known answers: v = [2, 1, 0.5], k = 2 and radius z = 2', () => {
    close(projectSparseSimplex(Float64Array.of(2, 1, 0.5), 2), [1, 0, 0]);
    close(kernel(Float64Array.of(2, 1, 0.5), 2), [1, 0, 0]);
    close(projectSparseSimplex(v, 2, 2), [1.1, 0.9, 0, 0]);
    close(kernel(v, 2, 2), [1.1, 0.9, 0, 0]);
  });

  it('ties go to the lower index', () => {
    close(kernel(Float64Array.of(1, 3, 3, 3), 2), [0, 0.5, 0.5, 0]);
    close(projectSparseSimplex(Float64Array.of(1, 3, 3, 3), 2), [0, 0.5, 0.5, 0]);
  });

  it('lands in the simplex with <= k nonzeros, idempotent, equals core and brute force', () => {
    fc.assert(
      fc.property(vec(6), fc.integer({ min: 1, max: 7 }), (v, k) => {
        const y = kernel(v, k);
        let nnz = 0;
        let s = 0;
        for (const t of y) {
          expect(t).toBeGreaterThanOrEqual(0);
          if (t > 0) nnz++;
          s += t;
        }
        expect(nnz).toBeLessThanOrEqual(k);
        expect(Math.abs(s - 1)).toBeLessThan(1e-12);
        close(kernel(y, k), y, 1e-12);
        close(projectSparseSimplex(v, k), y, 1e-12);
        // Same squared distance as the brute-force minimizer (the minimizer may not be unique).
        const bf = bruteForce(v, k);
        let d1 = 0;
        let d2 = 0;
        for (let i = 0; i < v.length; i++) {
          d1 += (y[i] - v[i]) ** 2;
          d2 += (bf[i] - v[i]) ** 2;
        }
        expect(Math.abs(d1 - d2)).toBeLessThan(1e-10);
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it('is shift invariant and permutation equivariant; k >= m is the simplex projection', () => {
    fc.assert(
      fc.property(
        dyadic(40),
        fc.integer({ min: 1, max: 45 }),
        fc.integer({ min: -640, max: 640 }),
        (v, k, c128) => {
          const c = c128 / 128;
          const y = kernel(v, k);
          const shifted = kernel(
            v.map((x) => x + c),
            k,
          );
          if (new Set(v).size === v.length) close(shifted, y, 1e-9);
          const rev = kernel(v.slice().reverse(), k);
          if (new Set(v).size === v.length) close(rev.reverse(), y, 1e-12);
          close(kernel(v, v.length + k), kernel(v, v.length), 0);
        },
      ),
      { numRuns: 200, seed: 11 },
    );
  });

  it('large k (sorting path) agrees with core', () => {
    fc.assert(
      fc.property(vec(200), fc.integer({ min: 33, max: 150 }), (v, k) => {
        close(kernel(v, k), projectSparseSimplex(v, k), 1e-12);
      }),
      { numRuns: 100, seed: 3 },
    );
  });

  it('does not mutate its input', () => {
    const w = Float64Array.of(0.3, -1, 2);
    const copy = w.slice();
    kernel(w, 2);
    projectSparseSimplex(w, 2);
    expect(w).toEqual(copy);
  });
});

describe('topkSquaredRelu (spec A.7.2)', () => {
  const s = Float64Array.of(3, -1, 2, 1);
  it.each([
    [1, 4.5, [3, 0, 0, 0]],
    [2, 6.5, [3, 0, 2, 0]],
    [3, 7, [3, 0, 2, 1]],
    [4, 7, [3, 0, 2, 1]],
  ])('k = %i', (k, value, grad) => {
    const g = new Float64Array(4);
    expect(topkSquaredRelu(s, k, 1, g)).toBeCloseTo(value, 14);
    close(g, grad);
    const g2 = new Float64Array(4);
    expect(topkSquaredRelu(s, k, 2, g2)).toBeCloseTo(value / 2, 14);
    close(
      g2,
      grad.map((x) => x / 2),
    );
  });

  it('rejects bad input', () => {
    expect(() => topkSquaredRelu(s, 0, 1)).toThrow(
      /k must be an integer in \[1, Infinity\]; got 0/,
    );
    expect(() => topkSquaredRelu(s, 1, 0)).toThrow(/gamma must be/);
    expect(() => topkSquaredRelu([1, Number.NaN], 1, 1)).toThrow(/s\[1\] must be finite; got NaN/);
  });
});

describe('fused column kernels', () => {
  it('selectTopKAffine and sparseSimplexColumnAffine equal their two-pass versions', () => {
    fc.assert(
      fc.property(
        dyadic(60),
        fc.integer({ min: 1, max: 70 }),
        fc.boolean(),
        fc.integer({ min: -64, max: 64 }),
        (base, k, positiveOnly, shift8) => {
          const m = base.length;
          const shift = shift8 / 8;
          const cost = Float64Array.from({ length: m + 3 }, (_, i) => ((i * 37) % 11) / 8);
          const scale = 4;
          const w = Float64Array.from(base, (v, i) => (v + shift - cost[3 + i]) * scale);
          const w1 = new ColumnWork(m);
          const w2 = new ColumnWork(m);
          const c1 = selectTopK(w, m, k, positiveOnly, w1);
          const c2 = selectTopKAffine(base, shift, cost, 3, scale, m, k, positiveOnly, w2);
          expect(c2).toBe(c1);
          expect(Array.from(w2.idx.subarray(0, c2))).toEqual(Array.from(w1.idx.subarray(0, c1)));
          expect(Array.from(w2.val.subarray(0, c2))).toEqual(Array.from(w1.val.subarray(0, c1)));
          const r1 = sparseSimplexColumn(w, m, k, 1, w1);
          const r2 = sparseSimplexColumnAffine(base, shift, cost, 3, scale, m, k, 1, w2);
          expect(r2).toBe(r1);
          // Same support and values (the order of the entries may differ when k >= m).
          const pairs = (wk: ColumnWork, r: number) =>
            Array.from({ length: r }, (_, t) => [wk.idx[t], wk.val[t]]).sort((x, y) => x[0] - y[0]);
          expect(pairs(w2, r2)).toEqual(pairs(w1, r1));
          expect(w2.tau).toBe(w1.tau);
        },
      ),
      { numRuns: 300, seed: 13 },
    );
  });
});
