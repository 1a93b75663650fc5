import { describe, expect, it } from 'vitest';
import { emd, normalizeCost, sinkhorn, squaredEuclideanCost } from '../src/index.js';
import { grid } from './problems.js';

describe('sinkhorn', () => {
  const p = grid(10);

  it('matches POT 0.8.2 ot.sinkhorn on grid10, epsilon = 0.01 (cost 0.014363996374)', () => {
    for (const logDomain of [true, false]) {
      const r = sinkhorn(p.a, p.b, p.C, { epsilon: 0.01, tolerance: 1e-13, logDomain });
      expect(r.converged).toBe(true);
      expect(r.cost).toBeCloseTo(0.014363996374, 10);
      expect(r.rowMarginalError).toBeLessThan(1e-12);
      expect(r.colMarginalError).toBeLessThan(1e-12);
    }
  });

  it('log-domain and plain updates agree; T = exp((f + g - C)/eps)', () => {
    const l = sinkhorn(p.a, p.b, p.C, { epsilon: 0.05 });
    const s = sinkhorn(p.a, p.b, p.C, { epsilon: 0.05, logDomain: false });
    for (let t = 0; t < 100; t++)
      expect(Math.abs(l.plan.data[t] - s.plan.data[t])).toBeLessThan(1e-10);
    const i = 3;
    const j = 7;
    expect(l.plan.data[i * 10 + j]).toBeCloseTo(
      Math.exp((l.f[i] + l.g[j] - p.C.data[i * 10 + j]) / 0.05),
      14,
    );
  });

  it('approaches the exact cost as epsilon -> 0 (log domain stays finite)', () => {
    const exact = emd(p.a, p.b, p.C).cost;
    const r = sinkhorn(p.a, p.b, p.C, { epsilon: 1e-4, maxIterations: 100000, tolerance: 1e-9 });
    expect(Number.isFinite(r.cost)).toBe(true);
    expect(Math.abs(r.cost - exact)).toBeLessThan(1e-3 * exact + 1e-5);
    const plain = sinkhorn(p.a, p.b, p.C, { epsilon: 1e-5, logDomain: false, maxIterations: 50 });
    expect(plain.stopReason).toBe('numerical-failure');
    expect(plain.warnings[0]).toMatch(/logDomain/);
  });

  it('reports the iteration cap and rejects bad input', () => {
    const r = sinkhorn(p.a, p.b, p.C, { epsilon: 1e-3, maxIterations: 3 });
    expect(r.converged).toBe(false);
    expect(r.iterations).toBe(3);
    expect(r.stopReason).toBe('max-iterations');
    expect(() => sinkhorn(p.a, p.b, p.C, { epsilon: 0 })).toThrow(
      /epsilon must be in \(0, Infinity\); got 0/,
    );
    expect(() => sinkhorn(p.a, p.b, p.C, {} as never)).toThrow(
      /epsilon must be a number; got undefined/,
    );
  });
});

describe('cost helpers', () => {
  it('squaredEuclideanCost', () => {
    const C = squaredEuclideanCost(
      [
        [0, 0],
        [1, 0],
      ],
      [[0, 1]],
    );
    expect(Array.from(C.data)).toEqual([1, 2]);
    expect(() => squaredEuclideanCost([[0, 0]], [[0, 0, 0]])).toThrow(
      /y must be a matrix with 2 columns/,
    );
  });

  it('normalizeCost', () => {
    const r = normalizeCost([
      [0, 2],
      [4, 1],
    ]);
    expect(Array.from(r.cost.data)).toEqual([0, 0.5, 1, 0.25]);
    expect(r.scale).toBe(4);
    expect(normalizeCost({ rows: 1, cols: 2, data: Float64Array.of(1, 3) }, 'mean').scale).toBe(2);
    expect(() => normalizeCost([[Number.NaN]])).toThrow(/C\[0\]\[0\] must be finite/);
    expect(() => normalizeCost([[1]], 'min' as never)).toThrow(/by must be one of/);
  });
});
