import { Rng } from '@optkit/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  emd,
  type SmoothOTResult,
  sinkhorn,
  smoothOT,
  sparseOT,
  squaredEuclideanCost,
} from '../src/index.js';
import { checkPlan, grid, marginals, type Problem, perm20, sqnorm } from './problems.js';

/** Invariants every regularized result must satisfy. */
function checkResult(r: SmoothOTResult, p: Problem, k: number): void {
  const m = p.a.length;
  const n = p.b.length;
  checkPlan(r.plan, m, n, k);
  expect(r.maxNnzPerColumn).toBeLessThanOrEqual(k);
  const mg = marginals(r.plan, p.a, p.b, p.C);
  expect(Math.abs(mg.rowError - r.rowMarginalError)).toBeLessThan(1e-15);
  expect(Math.abs(mg.colError - r.colMarginalError)).toBeLessThan(1e-15);
  expect(Math.abs(mg.cost - r.transportCost)).toBeLessThan(1e-14);
  if (r.formulation === 'semi-dual') expect(r.colMarginalError).toBeLessThan(1e-12);
  expect(r.alpha.length).toBe(m);
  expect(r.beta === null).toBe(r.formulation === 'semi-dual');
  expect(r.converged).toBe(r.stopReason === 'converged');
  if (!r.converged) expect(r.warnings.length).toBeGreaterThan(0);
}

const g50 = grid(50);
const EMD50 = 0.0138584547;
const B2 = sqnorm(g50.b);

describe('sparseOT on grid50, gamma = 1 (spec A.6 reference values)', () => {
  it('||b||^2 of the problem matches the spec', () => {
    expect(B2).toBeCloseTo(0.0207709751, 10);
  });

  const values = new Map<number, number>();
  it.each([
    [2, 0.01916323],
    [3, 0.01759205],
    [5, 0.01670601],
  ])('k = %i reaches the reference %f and stays inside the bounds', (k, reference) => {
    const r = sparseOT(g50.a, g50.b, g50.C, { k, gamma: 1 });
    checkResult(r, g50, k);
    values.set(k, r.dualObjective);
    expect(r.dualObjective).toBeGreaterThanOrEqual(reference - 1e-6);
    expect(r.dualObjective).toBeGreaterThanOrEqual(EMD50 + B2 / (2 * k) - 1e-9);
    expect(r.dualObjective).toBeLessThanOrEqual(EMD50 + B2 / 2 + 1e-9);
    if (r.repaired) {
      // The support repair's plan meets the marginals with <= k nonzeros per column; it is a
      // feasible point of the nonconvex primal, so its cost is at least the dual value.
      expect(r.rowMarginalError).toBeLessThanOrEqual(1e-9);
      expect(r.converged).toBe(true);
      expect(r.regularizedCost).toBeGreaterThanOrEqual(r.dualObjective - 1e-9);
      // The relaxation is not tight at gamma = 1 (gaps 1e-4 at k = 3, 3e-6 at k = 5): said so.
      const gap = r.regularizedCost - r.dualObjective;
      expect(gap).toBeGreaterThan(1e-7);
      expect(
        r.warnings.some((w) => w.includes(`exceeds the dual value by ${gap.toExponential(3)}`)),
      ).toBe(true);
    } else {
      expect(r.rowMarginalError).toBeGreaterThan(1e-4);
      expect(r.warnings.some((w) => w.includes('may not meet the marginals'))).toBe(true);
    }
    // k = 2 admits no repair on the k best rows; k = 3 and 5 do.
    expect(r.repaired).toBe(k !== 2);
  });

  it('the gradient-map plan at k = 5 misses the row marginals (spec fact 7) and says so', () => {
    const raw = sparseOT(g50.a, g50.b, g50.C, { k: 5, gamma: 1, repair: 'none' });
    checkResult(raw, g50, 5);
    expect(raw.repaired).toBe(false);
    expect(raw.dualObjective).toBeGreaterThanOrEqual(0.01670601 - 1e-6);
    expect(raw.rowMarginalError).toBeGreaterThan(1e-4);
    expect(raw.warnings.some((w) => w.includes('may not meet the marginals'))).toBe(true);
  });

  it('k = 1 reaches EMD + (gamma/2)||b||^2 (spec fact 3), from cold and warm starts', () => {
    const exact = emd(g50.a, g50.b, g50.C).cost + B2 / 2;
    const r = sparseOT(g50.a, g50.b, g50.C, { k: 1, gamma: 1 });
    checkResult(r, g50, 1);
    values.set(1, r.dualObjective);
    expect(Math.abs(r.dualObjective - exact)).toBeLessThan(1e-12);
    // From zero (no network-simplex start) L-BFGS and the smoothing get within 1e-6.
    const cold = sparseOT(g50.a, g50.b, g50.C, {
      k: 1,
      gamma: 1,
      init: { alpha: new Float64Array(50) },
    });
    checkResult(cold, g50, 1);
    expect(cold.dualObjective).toBeLessThanOrEqual(exact + 1e-12);
    expect(cold.dualObjective).toBeGreaterThanOrEqual(exact - 1e-6);
  });

  it('is non-increasing in k', () => {
    const ks = [...values.keys()].sort((x, y) => x - y);
    for (let t = 1; t < ks.length; t++) {
      expect(values.get(ks[t])!).toBeLessThanOrEqual(values.get(ks[t - 1])! + 1e-9);
    }
  });

  it('k >= 9 is l2-regularized OT with value 0.01661697', () => {
    for (const k of [9, 50, 80]) {
      const r = sparseOT(g50.a, g50.b, g50.C, { k, gamma: 1 });
      checkResult(r, g50, Math.min(k, 50));
      expect(Math.abs(r.dualObjective - 0.01661697) / 0.01661697).toBeLessThan(1e-6);
      expect(r.rowMarginalError).toBeLessThan(1e-8);
      expect(r.k).toBe(Math.min(k, 50));
      if (k > 50)
        expect(r.warnings.some((w) => w.includes('exceeds the number of rows'))).toBe(true);
    }
    const l2 = smoothOT(g50.a, g50.b, g50.C, { gamma: 1 });
    checkResult(l2, g50, 50);
    expect(Math.abs(l2.dualObjective - 0.01661697) / 0.01661697).toBeLessThan(1e-6);
    expect(l2.maxNnzPerColumn).toBeLessThanOrEqual(9);
  });

  it('the dual formulation reaches the same values', () => {
    const r = sparseOT(g50.a, g50.b, g50.C, { k: 3, gamma: 1, formulation: 'dual' });
    checkResult(r, g50, 3);
    expect(r.dualObjective).toBeGreaterThanOrEqual(0.01759205 - 1e-6);
    expect(r.beta!.length).toBe(50);
    const l2 = smoothOT(g50.a, g50.b, g50.C, { gamma: 1, formulation: 'dual' });
    expect(Math.abs(l2.dualObjective - 0.01661697) / 0.01661697).toBeLessThan(1e-6);
    expect(l2.colMarginalError).toBeLessThan(1e-8);
  });
});

describe('sparseOT with k = 1 on perm20 (spec A.7.5)', () => {
  const p = perm20();
  const exact = emd(p.a, p.b, p.C);
  const exactDense = exact.plan.toDense().data;
  it.each([1, 0.1, 0.01])('gamma = %f gives the EMD permutation plan', (gamma) => {
    const r = sparseOT(p.a, p.b, p.C, { k: 1, gamma });
    checkResult(r, p, 1);
    const dense = r.plan.toDense().data;
    let err = 0;
    for (let t = 0; t < dense.length; t++) err = Math.max(err, Math.abs(dense[t] - exactDense[t]));
    expect(err).toBeLessThan(1e-12);
    expect(r.dualObjective).toBeCloseTo(0.0614705882 + gamma / 40, 9);
    expect(r.converged).toBe(true);
  });
});

describe('sparseOT properties', () => {
  it('the dual value lies in [EMD + gamma|b|^2/(2k), EMD + gamma|b|^2/2] from the first iterate', () => {
    // The default start is the network simplex's u, where S(u) is already above the lower
    // bound (spec fact 2); every returned point is a dual point, so weak duality gives the
    // upper bound. Checked after 1 iteration and at the solver's stop, both formulations.
    let repairedRuns = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 12 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 1e6 }),
        fc.integer({ min: 1, max: 12 }),
        fc.double({ min: 0.01, max: 2, noNaN: true }),
        fc.constantFrom('semi-dual' as const, 'dual' as const),
        fc.constantFrom(1, 50),
        (m, n, seed, kRaw, gamma, formulation, maxIterations) => {
          const rng = new Rng(seed);
          const a = new Float64Array(m);
          const b = new Float64Array(n);
          rng.fillUniform(a, 0.05, 1);
          rng.fillUniform(b, 0.05, 1);
          const sa = a.reduce((t, v) => t + v, 0);
          const sb = b.reduce((t, v) => t + v, 0);
          for (let i = 0; i < m; i++) a[i] /= sa;
          for (let j = 0; j < n; j++) b[j] /= sb;
          const data = new Float64Array(m * n);
          rng.fillUniform(data, 0, 1);
          const C = { rows: m, cols: n, data };
          const k = Math.min(kRaw, m);
          const exact = emd(a, b, C).cost;
          const lower = exact + (gamma * sqnorm(b)) / (2 * k);
          const upper = exact + (gamma * sqnorm(b)) / 2;
          const r = sparseOT(a, b, C, { k, gamma, formulation, maxIterations, smoothing: 'none' });
          checkResult(r, { a, b, C }, k);
          expect(r.dualObjective).toBeGreaterThanOrEqual(lower - 1e-12);
          expect(r.dualObjective).toBeLessThanOrEqual(upper + 1e-12);
          if (r.repaired) {
            // A repaired plan is feasible for the nonconvex primal (<= k per column, marginals
            // met), so weak duality puts its regularized cost above the dual value.
            repairedRuns++;
            expect(r.rowMarginalError).toBeLessThanOrEqual(1e-9);
            expect(r.regularizedCost).toBeGreaterThanOrEqual(r.dualObjective - 1e-8);
          }
        },
      ),
      { numRuns: 60, seed: 11 },
    );
    expect(repairedRuns).toBeGreaterThan(0);
  });

  function cloud(seed: number, m: number, n: number): Problem {
    const rng = new Rng(seed);
    const x = Array.from({ length: m }, () => [rng.normal(), rng.normal()]);
    const y = Array.from({ length: n }, () => [rng.normal() + 1, rng.normal()]);
    const C = squaredEuclideanCost(x, y);
    return { a: new Float64Array(m).fill(1 / m), b: new Float64Array(n).fill(1 / n), C };
  }

  it("meets POT's own test tolerances (n = 100 Gaussian cloud, gamma = 1, k = 2)", () => {
    const rng = new Rng(0);
    const pts = Array.from({ length: 100 }, () => [rng.normal(), rng.normal()]);
    const C = squaredEuclideanCost(pts, pts);
    const u = new Float64Array(100).fill(0.01);
    const r = sparseOT(u, u, C, { k: 2, gamma: 1, tolerance: 1e-10 });
    checkResult(r, { a: u, b: u, C }, 2);
    expect(r.rowMarginalError).toBeLessThanOrEqual(1e-3);
    expect(r.colMarginalError).toBeLessThanOrEqual(1e-3);
  });

  it('C + c shifts the objective by c; scaling C and gamma scales it; the plan stays', () => {
    const p = cloud(1, 30, 20);
    const r = sparseOT(p.a, p.b, p.C, { k: 4, gamma: 0.5 });
    const shifted = sparseOT(
      p.a,
      p.b,
      { rows: 30, cols: 20, data: p.C.data.map((c) => c + 2) },
      {
        k: 4,
        gamma: 0.5,
      },
    );
    const scaled = sparseOT(
      p.a,
      p.b,
      { rows: 30, cols: 20, data: p.C.data.map((c) => 3 * c) },
      {
        k: 4,
        gamma: 1.5,
      },
    );
    expect(shifted.dualObjective).toBeCloseTo(r.dualObjective + 2, 7);
    expect(scaled.dualObjective).toBeCloseTo(3 * r.dualObjective, 7);
    const d0 = r.plan.toDense().data;
    const d1 = shifted.plan.toDense().data;
    const d2 = scaled.plan.toDense().data;
    for (let t = 0; t < d0.length; t++) {
      expect(Math.abs(d1[t] - d0[t])).toBeLessThan(1e-5);
      expect(Math.abs(d2[t] - d0[t])).toBeLessThan(1e-5);
    }
  });

  it('transposing with a <-> b gives a plan with <= k nonzeros per row', () => {
    const p = cloud(2, 15, 25);
    const ct = new Float64Array(25 * 15);
    for (let i = 0; i < 15; i++) for (let j = 0; j < 25; j++) ct[j * 15 + i] = p.C.data[i * 25 + j];
    const r = sparseOT(p.b, p.a, { rows: 25, cols: 15, data: ct }, { k: 2 });
    checkResult(r, { a: p.b, b: p.a, C: { rows: 25, cols: 15, data: ct } }, 2);
  });

  it('warm start from a larger k and from its own optimum', () => {
    const p = cloud(3, 40, 40);
    const big = sparseOT(p.a, p.b, p.C, { k: 40, gamma: 0.1 });
    expect(big.converged).toBe(true);
    const again = sparseOT(p.a, p.b, p.C, { k: 40, gamma: 0.1, init: { alpha: big.alpha } });
    expect(again.iterations).toBeLessThanOrEqual(2);
    expect(again.dualObjective).toBeCloseTo(big.dualObjective, 12);
    const cold = sparseOT(p.a, p.b, p.C, { k: 3, gamma: 0.1 });
    const warm = sparseOT(p.a, p.b, p.C, { k: 3, gamma: 0.1, init: { alpha: big.alpha } });
    checkResult(warm, p, 3);
    expect(Math.abs(warm.dualObjective - cold.dualObjective)).toBeLessThan(1e-6);
    expect(warm.dualObjective).toBeGreaterThanOrEqual(big.dualObjective - 1e-12);
  });

  it('same input, same output; inputs are not mutated', () => {
    const p = cloud(4, 20, 20);
    const copy = [p.a.slice(), p.b.slice(), p.C.data.slice()];
    const alpha = new Float64Array(20).fill(0.1);
    const r1 = sparseOT(p.a, p.b, p.C, { k: 2, init: { alpha } });
    const r2 = sparseOT(p.a, p.b, p.C, { k: 2, init: { alpha } });
    expect([p.a, p.b, p.C.data]).toEqual(copy);
    expect(alpha.every((v) => v === 0.1)).toBe(true);
    expect(r2.dualObjective).toBe(r1.dualObjective);
    expect(r2.plan.values).toEqual(r1.plan.values);
    expect(r2.alpha).toEqual(r1.alpha);
  });

  it('zero weights get empty rows and columns; m = 1 gives a b^T', () => {
    const p = cloud(5, 8, 6);
    const a = p.a.slice();
    a[0] = 0;
    a[1] = 2 / 8;
    const b = p.b.slice();
    b[5] = 0;
    b[4] = 2 / 6;
    const r = sparseOT(a, b, p.C, { k: 3 });
    checkResult(r, { a, b, C: p.C }, 3);
    expect(r.plan.colPtr[6] - r.plan.colPtr[5]).toBe(0);
    const one = sparseOT([1], [0.25, 0.75], [[1, 2]], { k: 1 });
    expect(Array.from(one.plan.toDense().data)).toEqual([0.25, 0.75]);
    expect(one.converged).toBe(true);
  });

  it('normalizeCost: max solves C / max|C| and reports the cost in the units of C', () => {
    const p = cloud(6, 10, 10);
    let mx = 0;
    for (const c of p.C.data) mx = Math.max(mx, c);
    const r = sparseOT(p.a, p.b, p.C, { k: 10, gamma: 0.5, normalizeCost: 'max' });
    const ref = sparseOT(
      p.a,
      p.b,
      { rows: 10, cols: 10, data: p.C.data.map((c) => c / mx) },
      {
        k: 10,
        gamma: 0.5,
      },
    );
    expect(r.dualObjective).toBeCloseTo(ref.dualObjective, 12);
    expect(Math.abs(r.transportCost - ref.transportCost * mx)).toBeLessThan(1e-8 * r.transportCost);
  });

  it('stops when onIteration returns true, and at maxIterations', () => {
    const seen: number[] = [];
    const r = sparseOT(g50.a, g50.b, g50.C, {
      k: 2,
      onIteration: (it, objective, err) => {
        seen.push(it);
        expect(Number.isFinite(objective)).toBe(true);
        expect(err).toBeGreaterThanOrEqual(0);
        return it >= 3 ? true : undefined;
      },
    });
    expect(r.stopReason).toBe('callback-stop');
    expect(r.iterations).toBe(3);
    expect(seen).toEqual([1, 2, 3]);
    const capped = sparseOT(g50.a, g50.b, g50.C, { k: 2, maxIterations: 5, smoothing: 'none' });
    expect(capped.stopReason).toBe('max-iterations');
    expect(capped.iterations).toBe(5);
    expect(capped.converged).toBe(false);
  });

  it("smoothOT 'entropy' gives the Sinkhorn plan", () => {
    const p = cloud(7, 12, 9);
    const e = smoothOT(p.a, p.b, p.C, { regularization: 'entropy', gamma: 0.5, tolerance: 1e-10 });
    const s = sinkhorn(p.a, p.b, p.C, { epsilon: 0.5, tolerance: 1e-13 });
    const d = e.plan.toDense().data;
    for (let t = 0; t < d.length; t++) expect(Math.abs(d[t] - s.plan.data[t])).toBeLessThan(1e-8);
    expect(e.converged).toBe(true);
  });

  it('rejects bad input with clear messages', () => {
    const C = [
      [0, 1],
      [1, 0],
    ];
    const u = [0.5, 0.5];
    expect(() => sparseOT(u, u, C, { k: 0 })).toThrow(
      new RangeError('@optkit/sparse-ot: k must be an integer in [1, Infinity]; got 0'),
    );
    expect(() => sparseOT(u, u, C, { k: 1.5 })).toThrow(/k must be an integer; got 1.5/);
    expect(() => sparseOT(u, u, C, {} as never)).toThrow(/k must be an integer; got undefined/);
    expect(() => sparseOT([0.5, -0.1], u, C, { k: 1 })).toThrow(
      /a\[1\] must be nonnegative; got -0.1/,
    );
    expect(() => sparseOT(u, [0.5, Number.NaN], C, { k: 1 })).toThrow(
      /b\[1\] must be finite; got NaN/,
    );
    expect(() => sparseOT(u, [0.5, 0.51], C, { k: 1 })).toThrow(
      /sum\(b\) must be equal to sum\(a\)/,
    );
    expect(() => sparseOT(u, u, [[0, 1, 2]], { k: 1 })).toThrow(/C must be a matrix with 2 rows/);
    expect(() => sparseOT(u, u, C, { k: 1, gamma: 0 })).toThrow(
      /gamma must be in \(0, Infinity\); got 0/,
    );
    expect(() => sparseOT(u, u, C, { k: 1, gamma: Number.NaN })).toThrow(
      /gamma must be a finite number; got NaN/,
    );
    expect(() => sparseOT(u, u, C, { k: 1, tolerance: -1 })).toThrow(/tolerance must be/);
    expect(() => sparseOT(u, u, C, { k: 1, maxIterations: 0 })).toThrow(/maxIterations must be/);
    expect(() => sparseOT(u, u, C, { k: 1, formulation: 'primal' as never })).toThrow(
      /formulation must be one of "semi-dual", "dual"; got "primal"/,
    );
    expect(() => sparseOT(u, u, C, { k: 1, init: { alpha: [0] } })).toThrow(
      /init.alpha must be of length 2/,
    );
    expect(() => sparseOT(u, u, C, { k: 1, repair: 'round' as never })).toThrow(
      /repair must be one of "support", "none"; got "round"/,
    );
    expect(() => smoothOT(u, u, C, { regularization: 'kl' as never })).toThrow(
      /regularization must be one of/,
    );
  });
});
