import { describe, expect, it } from 'vitest';
import {
  minimizeFista,
  minimizeLbfgs,
  minimizeSpg,
  projectBox,
  projectSimplex,
  type ValueGrad,
} from '../src/index.js';

/** n-dimensional Rosenbrock. */
const rosenbrock: ValueGrad = (x, g) => {
  const n = x.length;
  let f = 0;
  g.fill(0);
  for (let i = 0; i < n - 1; i++) {
    const a = 1 - x[i];
    const b = x[i + 1] - x[i] * x[i];
    f += a * a + 100 * b * b;
    g[i] += -2 * a - 400 * x[i] * b;
    g[i + 1] += 200 * b;
  }
  return f;
};

const boxQuadratic: ValueGrad = (x, g) => {
  const c = [2, -1, 0.5];
  let f = 0;
  for (let i = 0; i < 3; i++) {
    g[i] = x[i] - c[i];
    f += 0.5 * g[i] * g[i];
  }
  return f;
};

describe('minimizeLbfgs', () => {
  // scipy 1.10.1 L-BFGS-B reference (spec §7): 2-D from (−1.2, 1) nit 36, nfev 44; 10-D nit 58,
  // nfev 77. Ours must reach ‖x − 1‖∞ ≤ 1e-4 within twice those counts.
  it('solves 2-D Rosenbrock within twice scipy’s counts', () => {
    const r = minimizeLbfgs(rosenbrock, [-1.2, 1]);
    expect(r.converged).toBe(true);
    expect(Math.max(Math.abs(r.x[0] - 1), Math.abs(r.x[1] - 1))).toBeLessThanOrEqual(1e-4);
    expect(r.iterations).toBeLessThanOrEqual(72);
    expect(r.evaluations).toBeLessThanOrEqual(88);
  });

  it('solves 10-D Rosenbrock from 0 within twice scipy’s counts', () => {
    const r = minimizeLbfgs(rosenbrock, new Float64Array(10));
    expect(Math.max(...Array.from(r.x, (v) => Math.abs(v - 1)))).toBeLessThanOrEqual(1e-4);
    expect(r.iterations).toBeLessThanOrEqual(116);
    expect(r.evaluations).toBeLessThanOrEqual(154);
  });

  it('finds the minimizer of a quadratic with known answer', () => {
    // ½xᵀQx − bᵀx, Q = [[3, 1], [1, 2]], b = (1, 1): x* = (0.2, 0.4), f* = −0.3.
    const r = minimizeLbfgs(
      (x, g) => {
        g[0] = 3 * x[0] + x[1] - 1;
        g[1] = x[0] + 2 * x[1] - 1;
        return 0.5 * (3 * x[0] * x[0] + 2 * x[0] * x[1] + 2 * x[1] * x[1]) - x[0] - x[1];
      },
      [5, -5],
    );
    expect(r.x[0]).toBeCloseTo(0.2, 6);
    expect(r.x[1]).toBeCloseTo(0.4, 6);
    expect(r.f).toBeCloseTo(-0.3, 10);
  });

  it('handles bounds: Rosenbrock on x1 ∈ [−2, 0.5] and the box quadratic', () => {
    const r = minimizeLbfgs(rosenbrock, [-1.2, 1], {
      lower: Float64Array.of(-2, -2),
      upper: Float64Array.of(0.5, 2),
    });
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(0.5, 6);
    expect(r.x[1]).toBeCloseTo(0.25, 5);
    expect(r.f).toBeCloseTo(0.25, 8);
    const q = minimizeLbfgs(boxQuadratic, [0.5, 0.5, 0.5], { lower: 0, upper: 1 });
    expect(q.x[0]).toBe(1);
    expect(q.x[1]).toBe(0);
    expect(q.x[2]).toBeCloseTo(0.5, 8);
    expect(q.f).toBeCloseTo(1, 10);
  });

  it('always stops and says why', () => {
    const capped = minimizeLbfgs(rosenbrock, [-1.2, 1], { maxIterations: 3 });
    expect(capped.stopReason).toBe('max-iterations');
    expect(capped.converged).toBe(false);
    expect(capped.iterations).toBe(3);
    const stopped = minimizeLbfgs(rosenbrock, [-1.2, 1], { callback: (it) => it >= 2 });
    expect(stopped.stopReason).toBe('callback-stop');
    const nanAway = minimizeLbfgs(
      (x, g) => {
        g[0] = 1;
        return x[0] < -1 ? Number.NaN : x[0];
      },
      [0],
      { maxIterations: 50 },
    );
    expect(['line-search-failed', 'max-iterations', 'max-evaluations']).toContain(
      nanAway.stopReason,
    );
  });

  it('rejects bad input and does not mutate x0', () => {
    const x0 = Float64Array.of(-1.2, 1);
    minimizeLbfgs(rosenbrock, x0);
    expect(Array.from(x0)).toEqual([-1.2, 1]);
    expect(() => minimizeLbfgs(rosenbrock, [Number.NaN, 1])).toThrow(
      /x0\[0\] must be finite; got NaN/,
    );
    expect(() => minimizeLbfgs(() => Number.NaN, [1])).toThrow(/f\(x0\) must be finite/);
    expect(() => minimizeLbfgs(rosenbrock, [0, 0], { lower: 1, upper: 0 })).toThrow(/lower\[0\]/);
  });
});

describe('minimizeSpg and minimizeFista', () => {
  it('SPG reaches the box quadratic’s minimizer in at most 5 iterations', () => {
    const r = minimizeSpg(boxQuadratic, [0.5, 0.5, 0.5], (x) => projectBox(x, 0, 1, x));
    expect(r.converged).toBe(true);
    expect(r.iterations).toBeLessThanOrEqual(5);
    expect(Array.from(r.x)).toEqual([1, 0, 0.5]);
  });

  it('SPG on ½‖x − y‖² over the simplex returns the simplex projection of y', () => {
    const y = Float64Array.of(0.9, -0.4, 0.3, 1.2, 0.05);
    const r = minimizeSpg(
      (x, g) => {
        let f = 0;
        for (let i = 0; i < x.length; i++) {
          g[i] = x[i] - y[i];
          f += 0.5 * g[i] * g[i];
        }
        return f;
      },
      new Float64Array(5).fill(0.2),
      (x) => projectSimplex(x, {}, x),
      { tolerance: 1e-12 },
    );
    const p = projectSimplex(y);
    for (let i = 0; i < 5; i++) expect(r.x[i]).toBeCloseTo(p[i], 10);
  });

  it('FISTA solves a lasso with a closed form (orthogonal design)', () => {
    // min ½‖x − c‖² + λ‖x‖₁ has the soft-threshold solution.
    const c = [3, -0.5, 1.2, -2];
    const lambda = 1;
    const r = minimizeFista(
      (x, g) => {
        let f = 0;
        for (let i = 0; i < 4; i++) {
          g[i] = x[i] - c[i];
          f += 0.5 * g[i] * g[i];
        }
        return f;
      },
      (x, step) => {
        for (let i = 0; i < x.length; i++)
          x[i] = Math.sign(x[i]) * Math.max(Math.abs(x[i]) - lambda * step, 0);
      },
      new Float64Array(4),
    );
    const expected = c.map((v) => Math.sign(v) * Math.max(Math.abs(v) - lambda, 0));
    for (let i = 0; i < 4; i++) expect(r.x[i]).toBeCloseTo(expected[i], 7);
    expect(r.converged).toBe(true);
  });
});
