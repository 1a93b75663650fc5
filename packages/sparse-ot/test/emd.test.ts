import { Rng } from '@optkit/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type EmdResult, emd, emd1d } from '../src/index.js';
import { lpTransportCost } from './lp-oracle.js';
import { checkPlan, grid, marginals, type Problem, perm20 } from './problems.js';

/** Optimality certificate: feasibility, dual feasibility, complementary slackness, equal values. */
function checkOptimal(r: EmdResult, p: Problem, tol = 1e-12): void {
  const { a, b, C } = p;
  const m = a.length;
  const n = b.length;
  checkPlan(r.plan, m, n, m);
  expect(r.plan.values.length).toBeLessThanOrEqual(m + n - 1);
  const mg = marginals(r.plan, a, b, C);
  expect(mg.rowError).toBeLessThanOrEqual(tol);
  expect(mg.colError).toBeLessThanOrEqual(tol);
  expect(Math.abs(mg.cost - r.cost)).toBeLessThanOrEqual(tol);
  let maxC = 0;
  for (const c of C.data) maxC = Math.max(maxC, Math.abs(c));
  const slack = 1e-10 * Math.max(1, maxC);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++)
      expect(C.data[i * n + j] - r.u[i] - r.v[j]).toBeGreaterThanOrEqual(-slack);
  }
  for (let j = 0; j < n; j++) {
    for (let q = r.plan.colPtr[j]; q < r.plan.colPtr[j + 1]; q++) {
      const i = r.plan.rowIdx[q];
      expect(Math.abs(C.data[i * n + j] - r.u[i] - r.v[j])).toBeLessThanOrEqual(slack);
    }
  }
  let dualValue = 0;
  for (let i = 0; i < m; i++) dualValue += a[i] * r.u[i];
  for (let j = 0; j < n; j++) dualValue += b[j] * r.v[j];
  expect(Math.abs(dualValue - r.cost)).toBeLessThanOrEqual(1e-10 * Math.max(1, maxC));
  expect(r.converged).toBe(true);
  expect(r.stopReason).toBe('optimal');
}

function randomProblem(seed: number, m: number, n: number, zeros = false): Problem {
  const rng = new Rng(seed);
  const a = new Float64Array(m);
  const b = new Float64Array(n);
  rng.fillUniform(a, 0.05, 1);
  rng.fillUniform(b, 0.05, 1);
  if (zeros) {
    a[rng.int(m)] = 0;
    b[rng.int(n)] = 0;
  }
  let sa = 0;
  let sb = 0;
  for (const x of a) sa += x;
  for (const x of b) sb += x;
  for (let i = 0; i < m; i++) a[i] /= sa;
  for (let j = 0; j < n; j++) b[j] /= sb;
  const data = new Float64Array(m * n);
  rng.fillUniform(data, 0, 1);
  return { a, b, C: { rows: m, cols: n, data } };
}

describe('emd (network simplex)', () => {
  it('grid50 cost is 0.0138584547 (spec A.6, HiGHS)', () => {
    const p = grid(50);
    const r = emd(p.a, p.b, p.C);
    expect(r.cost).toBeCloseTo(0.0138584547, 10);
    checkOptimal(r, p);
  });

  it('matches the spec table of LP costs for N = 10, 30, 70', () => {
    expect(emd(grid(10).a, grid(10).b, grid(10).C).cost).toBeCloseTo(0.012056089, 9);
    expect(emd(grid(30).a, grid(30).b, grid(30).C).cost).toBeCloseTo(0.0133507364, 9);
    expect(emd(grid(70).a, grid(70).b, grid(70).C).cost).toBeCloseTo(0.0141164454, 9);
  });

  it('perm20: cost 0.0614705882 with a permutation plan (spec A.6)', () => {
    const p = perm20();
    const r = emd(p.a, p.b, p.C);
    expect(r.cost).toBeCloseTo(0.0614705882, 10);
    checkOptimal(r, p);
    expect(r.plan.values.length).toBe(20);
    for (const v of r.plan.values) expect(v).toBeCloseTo(1 / 20, 15);
  });

  it('equals the LP oracle (javascript-lp-solver) on random problems up to 60 x 60', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.boolean(),
        (m, n, seed, zeros) => {
          const p = randomProblem(seed, m, n, zeros && m > 1 && n > 1);
          const r = emd(p.a, p.b, p.C);
          checkOptimal(r, p);
          const lp = lpTransportCost(p.a, p.b, p.C.data);
          expect(Math.abs(r.cost - lp)).toBeLessThanOrEqual(1e-7);
        },
      ),
      { numRuns: 25, seed: 42 },
    );
  });

  it('is optimal on degenerate problems (uniform weights, integer costs, many ties)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 1e6 }), (n, seed) => {
        const rng = new Rng(seed);
        const a = new Float64Array(n).fill(1 / n);
        const data = Float64Array.from({ length: n * n }, () => rng.int(3));
        const p = { a, b: a.slice(), C: { rows: n, cols: n, data } };
        checkOptimal(emd(p.a, p.b, p.C), p);
      }),
      { numRuns: 60, seed: 5 },
    );
  });

  it('handles 1 x n, zero weights, negative costs and the all-zero cost', () => {
    const r1 = emd([1], [0.25, 0.75], [[3, -1]]);
    expect(r1.cost).toBeCloseTo(0.75 * -1 + 0.25 * 3, 15);
    const p = randomProblem(9, 7, 5, true);
    checkOptimal(emd(p.a, p.b, p.C), p);
    const z = emd(
      [0.5, 0.5],
      [0.5, 0.5],
      [
        [0, 0],
        [0, 0],
      ],
    );
    expect(z.cost).toBe(0);
    const neg = emd(
      [0.5, 0.5],
      [0.5, 0.5],
      [
        [-1, 0],
        [0, -1],
      ],
    );
    expect(neg.cost).toBeCloseTo(-1, 15);
  });

  it('is invariant to adding a constant to C (plan) and scales with C', () => {
    const p = randomProblem(3, 12, 9);
    const r = emd(p.a, p.b, p.C);
    const shifted = emd(p.a, p.b, { rows: 12, cols: 9, data: p.C.data.map((c) => c + 5) });
    const scaled = emd(p.a, p.b, { rows: 12, cols: 9, data: p.C.data.map((c) => c * 3) });
    expect(shifted.cost).toBeCloseTo(r.cost + 5, 12);
    expect(scaled.cost).toBeCloseTo(3 * r.cost, 12);
  });

  it('does not mutate its inputs and repeats exactly', () => {
    const p = randomProblem(4, 10, 10);
    const copy = { a: p.a.slice(), b: p.b.slice(), c: p.C.data.slice() };
    const r1 = emd(p.a, p.b, p.C);
    const r2 = emd(p.a, p.b, p.C);
    expect(p.a).toEqual(copy.a);
    expect(p.b).toEqual(copy.b);
    expect(p.C.data).toEqual(copy.c);
    expect(r2.cost).toBe(r1.cost);
    expect(r2.plan.values).toEqual(r1.plan.values);
  });

  it('reports the iteration cap', () => {
    const p = grid(30);
    const r = emd(p.a, p.b, p.C, { maxIterations: 3 });
    expect(r.converged).toBe(false);
    expect(r.stopReason).toBe('max-iterations');
    expect(r.iterations).toBe(3);
    expect(r.warnings[0]).toMatch(/maxIterations/);
    const mg = marginals(r.plan, p.a, p.b, p.C);
    expect(mg.rowError + mg.colError).toBeGreaterThan(0);
  });

  it('rejects bad input with clear messages', () => {
    const C = [
      [0, 1],
      [1, 0],
    ];
    expect(() => emd([0.5, -0.5], [0.5, 0.5], C)).toThrow(
      new RangeError('@optkit/sparse-ot: a[1] must be nonnegative; got -0.5'),
    );
    expect(() => emd([0.5, Number.NaN], [0.5, 0.5], C)).toThrow(/a\[1\] must be finite; got NaN/);
    expect(() => emd([0.5, 0.5], [0.5, 0.6], C)).toThrow(/sum\(b\) must be equal to sum\(a\) = 1/);
    expect(() => emd([0.5, 0.5], [0.5, 0.5], [[0, 1]])).toThrow(
      /C must be a matrix with 2 rows; got 1x2/,
    );
    expect(() => emd([0.5, 0.5], [1], C)).toThrow(/C must be a matrix with 1 columns; got 2x2/);
    expect(() =>
      emd(
        [0.5, 0.5],
        [0.5, 0.5],
        [
          [0, Infinity],
          [1, 0],
        ],
      ),
    ).toThrow(/C\[0\]\[1\] must be finite/);
    expect(() => emd([], [], [])).toThrow(/a must be of length at least 1/);
    expect(() => emd([0, 0], [0, 0], C)).toThrow(/sum\(a\) must be positive; got 0/);
    expect(() => emd([0.5, 0.5], [0.5, 0.5], C, { maxIterations: 0 })).toThrow(/maxIterations/);
    expect(() => emd([0.5, 0.5], [0.5, 0.5], 'C' as never)).toThrow(TypeError);
  });
});

describe('emd1d', () => {
  it('known answer', () => {
    expect(emd1d([0, 1], [0.5, 0.5], [0.5, 2], [0.5, 0.5], 1).cost).toBeCloseTo(0.75, 15);
    expect(emd1d([0, 1], [0.5, 0.5], [0.5, 2], [0.5, 0.5], 2).cost).toBeCloseTo(0.625, 15);
  });

  it('equals the network simplex on |x - y|^p for p in {1, 1.5, 2}', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 25 }),
        fc.integer({ min: 1, max: 25 }),
        fc.integer({ min: 0, max: 1e6 }),
        fc.constantFrom(1, 1.5, 2),
        (m, n, seed, pw) => {
          const p = randomProblem(seed, m, n);
          const rng = new Rng(seed + 1);
          const x = new Float64Array(m);
          const y = new Float64Array(n);
          rng.fillNormal(x);
          rng.fillNormal(y);
          const data = new Float64Array(m * n);
          for (let i = 0; i < m; i++)
            for (let j = 0; j < n; j++) data[i * n + j] = Math.abs(x[i] - y[j]) ** pw;
          const r = emd1d(x, p.a, y, p.b, pw);
          const e = emd(p.a, p.b, { rows: m, cols: n, data });
          expect(Math.abs(r.cost - e.cost)).toBeLessThanOrEqual(1e-12 * Math.max(1, e.cost));
          checkPlan(r.plan, m, n);
          const mg = marginals(r.plan, p.a, p.b, { rows: m, cols: n, data });
          expect(mg.rowError).toBeLessThan(1e-12);
          expect(mg.colError).toBeLessThan(1e-12);
          expect(Math.abs(mg.cost - r.cost)).toBeLessThan(1e-12);
        },
      ),
      { numRuns: 100, seed: 8 },
    );
  });

  it('rejects bad input', () => {
    expect(() => emd1d([0, 1], [1], [0], [1])).toThrow(
      /a must be of length 2 like x; got length 1/,
    );
    expect(() => emd1d([0], [1], [0], [1], 0.5)).toThrow(/p must be in \[1, Infinity\); got 0.5/);
    expect(() => emd1d([0], [1], [Number.NaN], [1])).toThrow(/y\[0\] must be finite/);
  });
});
