import { Rng } from '@optkit/core';
import { describe, expect, it } from 'vitest';
import {
  countAccuracy,
  exactOrderSearch,
  fitOrder,
  simulateDag,
  simulateLinearSem,
  simulateParameter,
  swapLocalOptimalityGap,
  topo,
} from '../src/index.js';
import { assertTopoInvariants, problem } from './helpers.js';

describe('two nodes, population data (spec 7.1)', () => {
  // W = [[0, 2], [0, 0]], unit noise: C = [[1, 2], [2, 5]]; X = sqrt(2) (I - W)^-1.
  const r2 = Math.SQRT2;
  const X = [
    [r2, 2 * r2],
    [0, r2],
  ];

  it('scores the two orders 1.0 and 2.6', () => {
    expect(fitOrder(X, [0, 1], { center: false }).score).toBeCloseTo(1.0, 12);
    expect(fitOrder(X, [1, 0], { center: false }).score).toBeCloseTo(2.6, 12);
  });

  it('swaps once from [1, 0] to score 1.0 with W[0][1] = 2', () => {
    const r = topo(X, { center: false, initialOrder: [1, 0] });
    expect(r.order).toEqual([0, 1]);
    expect(Math.abs(r.score - 1)).toBeLessThanOrEqual(1e-12);
    expect(Math.abs(r.W.data[1] - 2)).toBeLessThanOrEqual(1e-12);
    expect(r.W.data[2]).toBe(0);
    expect(r.iterations).toBe(1);
    expect(r.scoreHistory).toHaveLength(2);
    expect(r.scoreHistory[0]).toBeCloseTo(2.6, 12);
    expect(r.stopReason).toBe('local-optimum');
    const r0 = topo(X, { center: false, initialOrder: [1, 0], maxLargeSearches: 0 });
    expect(r0.stopReason).toBe('large-search-budget-exhausted');
    expect(r0.iterations).toBe(1);
  });
});

describe('population data, equal variances (spec 7.2)', () => {
  // Spec 7.2: >= 80% of the seeds reach d/2 with SHD 0 (17/20 measured on the Python generator's
  // seeds). On this generator's seeds 1-40 the search reaches d/2 in exactly 32/40 runs; the
  // misses are genuine swap-local optima (at d <= 10 the thorough preset evaluates every pair).
  it('d = 8 ER2, 40 seeds: never below d/2, >= 80% exactly d/2 with SHD 0, always terminates', () => {
    const d = 8;
    let exact = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const { B, X } = problem(d, 2, 'ER', 'population', seed);
      const r = topo(X, { center: false, seed });
      assertTopoInvariants(r, d);
      expect(r.score).toBeGreaterThanOrEqual(d / 2 - 1e-9);
      expect(['local-optimum', 'large-search-budget-exhausted']).toContain(r.stopReason);
      if (Math.abs(r.score - d / 2) <= 1e-9 && countAccuracy(B, r.adjacency).shd === 0) exact++;
    }
    expect(exact).toBeGreaterThanOrEqual(32);
  });

  it('three starts reach d/2 with SHD 0 in at least 38 of 40 seeds', () => {
    let exact = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const { B, X } = problem(8, 2, 'ER', 'population', seed);
      const r = topo(X, { center: false, seed, restarts: 3 });
      if (Math.abs(r.score - 4) <= 1e-9 && countAccuracy(B, r.adjacency).shd === 0) exact++;
    }
    expect(exact).toBeGreaterThanOrEqual(38);
  });

  // d = 10, seeds 1-20: single starts reach d/2 in 17/20 (ER2), 14/20 (ER4), 17/20 (SF4) runs.
  // Every miss is certified a swap-local optimum, so the shortfall is the search space, not a bug.
  it('d = 10 ER2/ER4/SF4: never below d/2, and every end is a swap-local optimum', () => {
    const d = 10;
    let exact = 0;
    for (const [k, graph] of [
      [2, 'ER'],
      [4, 'ER'],
      [4, 'SF'],
    ] as const) {
      for (let seed = 1; seed <= 20; seed++) {
        const { X } = problem(d, k, graph, 'population', seed);
        const r = topo(X, { center: false, seed });
        assertTopoInvariants(r, d);
        expect(r.sizes[0]).toBe(45);
        expect(r.score).toBeGreaterThanOrEqual(d / 2 - 1e-9);
        expect(swapLocalOptimalityGap(X, r.order, { center: false })).toBeLessThanOrEqual(1e-9);
        if (Math.abs(r.score - d / 2) <= 1e-9) exact++;
      }
    }
    expect(exact).toBeGreaterThanOrEqual(48);
  });

  it('the true order scores exactly d/2 for d = 5..10', () => {
    for (let d = 5; d <= 10; d++) {
      const { B, X } = problem(d, 2, 'ER', 'population', 100 + d);
      const order = topoOrderOf(B.data, d);
      expect(Math.abs(fitOrder(X, order, { center: false }).score - d / 2)).toBeLessThanOrEqual(
        1e-9,
      );
    }
  });
});

describe('improvement tolerance (spec 2.10, quirk 1)', () => {
  // Exact data make many orders tie at d/2 up to rounding. Each accepted swap must beat the
  // current score by relTol * max(1, |F|), so every pass lowers the refitted score by about that
  // much; the official strict rule (relTol 0) instead accepts rounding noise as progress.
  const cases: { X: ReturnType<typeof problem>['X']; seed: number; m: number }[] = [];
  for (const [d, graph] of [
    [6, 'SF'],
    [10, 'ER'],
  ] as const) {
    for (let seed = 1; seed <= 30; seed++) {
      const rng = new Rng(seed * 7 + d);
      const B = simulateDag(d, d, graph, rng);
      const X = simulateLinearSem(simulateParameter(B, rng), 'population', 'gauss', rng);
      cases.push({ X, seed, m: (d * (d - 1)) / 2 });
    }
  }
  const passDrops = (relTol: number | undefined): number[] => {
    const drops: number[] = [];
    for (const { X, seed, m } of cases) {
      for (const sizes of [{ preset: 'dagrad' as const }, { sizeSmall: m, sizeLarge: m }]) {
        const r = topo(X, { center: false, seed, relTol, maxIterations: 200, ...sizes });
        expect(r.stopReason).not.toBe('max-iterations');
        const h = r.scoreHistory;
        for (let k = 1; k < h.length; k++) drops.push((h[k - 1] - h[k]) / Math.max(1, h[k - 1]));
      }
    }
    return drops;
  };

  it('with the default relTol every pass lowers F by more than relTol', () => {
    const drops = passDrops(undefined);
    expect(drops.length).toBeGreaterThan(100);
    expect(Math.min(...drops)).toBeGreaterThan(0.5e-10);
  });

  it('relTol 0 (the official rule) accepts rounding-level passes, yet still terminates here', () => {
    const drops = passDrops(0);
    expect(drops.filter((v) => v < 1e-12).length).toBeGreaterThan(0);
  });
});

function topoOrderOf(B: Float64Array, d: number): number[] {
  const indeg = new Array<number>(d).fill(0);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) if (B[i * d + j] !== 0) indeg[j]++;
  const out: number[] = [];
  const ready = indeg.map((v, k) => (v === 0 ? k : -1)).filter((k) => k >= 0);
  while (ready.length > 0) {
    const v = ready.shift() as number;
    out.push(v);
    for (let j = 0; j < d; j++) if (B[v * d + j] !== 0 && --indeg[j] === 0) ready.push(j);
  }
  return out;
}

function permutations(d: number): number[][] {
  if (d === 1) return [[0]];
  const out: number[][] = [];
  for (const p of permutations(d - 1)) {
    for (let k = 0; k <= p.length; k++) out.push([...p.slice(0, k), d - 1, ...p.slice(k)]);
  }
  return out;
}

describe('exact dynamic program over orders', () => {
  it('equals brute force over all d! orders (d = 5, 6)', () => {
    for (const d of [5, 6]) {
      for (let seed = 1; seed <= 3; seed++) {
        const { X } = problem(d, 2, 'ER', 200, seed);
        let best = Number.POSITIVE_INFINITY;
        for (const p of permutations(d)) best = Math.min(best, fitOrder(X, p).score);
        const dp = exactOrderSearch(X);
        expect(Math.abs(dp.score - best)).toBeLessThanOrEqual(1e-10 * best);
        expect(Math.abs(fitOrder(X, dp.order).score - dp.score)).toBeLessThanOrEqual(1e-10 * best);
      }
    }
  });

  it('TOPO is never below the DP optimum and reaches it in >= 90% of seeds (spec 7.3)', () => {
    let reached = 0;
    let runs = 0;
    for (const [d, k] of [
      [8, 2],
      [10, 4],
    ] as const) {
      for (let seed = 1; seed <= 10; seed++) {
        const { X } = problem(d, k, 'ER', 1000, 500 + seed);
        const dp = exactOrderSearch(X);
        const r = topo(X, { seed });
        expect(r.score).toBeGreaterThanOrEqual(dp.score * (1 - 1e-9));
        if (r.score <= dp.score * (1 + 1e-5)) reached++;
        runs++;
      }
    }
    expect(reached / runs).toBeGreaterThanOrEqual(0.9);
  });
});

describe('swap-local optimality', () => {
  it('with every pair as a candidate, the final order admits no improving swap', () => {
    for (let seed = 1; seed <= 5; seed++) {
      const { X } = problem(12, 2, 'SF', 500, seed);
      const r = topo(X, { seed, sizeSmall: 66, sizeLarge: 66 });
      expect(swapLocalOptimalityGap(X, r.order)).toBeLessThanOrEqual(1e-10 * r.score);
    }
  });

  it('reports a positive gain for a random order', () => {
    const { X } = problem(10, 2, 'ER', 500, 3);
    expect(swapLocalOptimalityGap(X, Array.from(new Rng(1).permutation(10)))).toBeGreaterThan(0);
  });
});

describe('README examples', () => {
  it('print what the README shows', () => {
    const r2 = Math.SQRT2;
    const r = topo(
      [
        [r2, 2 * r2],
        [0, r2],
      ],
      { center: false, initialOrder: [1, 0] },
    );
    expect(r.order).toEqual([0, 1]);
    expect(r.score).toBe(0.9999999999999996);
    expect(r.scoreHistory).toEqual([2.6000000000000005, 0.9999999999999996]);
    expect(Array.from(r.W.data)).toEqual([0, 2.0000000000000004, 0, 0]);
    const B = simulateDag(6, 8, 'ER', 1);
    const X = simulateLinearSem(simulateParameter(B, 2), 500, 'gauss', 3);
    const result = topo(X, { seed: 4 });
    expect(result.order).toEqual([4, 2, 0, 5, 1, 3]);
    expect(result.score.toFixed(4)).toBe('3.0416');
    expect(result.stopReason).toBe('local-optimum');
    expect(countAccuracy(B, result.adjacency)).toEqual({ fdr: 0, tpr: 1, fpr: 0, shd: 0, nnz: 8 });
  });
});
