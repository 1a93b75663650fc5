import { describe, expect, it } from 'vitest';
import {
  countAccuracy,
  dagma,
  fitSupport,
  isDag,
  notears,
  sortnregress,
  thresholdTillDag,
  topo,
} from '../src/index.js';
import { problem } from './helpers.js';

describe('NOTEARS', () => {
  it('reaches h <= 1e-8 and a DAG on a small problem, deterministically', () => {
    const { B, X } = problem(6, 2, 'ER', 500, 3);
    const r = notears(X);
    expect(r.stopReason).toBe('h-tolerance');
    expect(r.converged).toBe(true);
    expect(r.h).toBeLessThanOrEqual(1e-8);
    expect(r.isDag).toBe(true);
    expect(countAccuracy(B, r.adjacency).shd).toBeLessThanOrEqual(6);
    expect(notears(X).W.data).toEqual(r.W.data);
  });

  it('TOPO started from NOTEARS never has a higher refit score', () => {
    for (let seed = 1; seed <= 2; seed++) {
      const { X } = problem(6, 2, 'ER', 300, 10 + seed);
      const r = notears(X);
      const start = thresholdTillDag(r.wThresholded).W;
      const post = topo(X, { initialWeights: start });
      expect(post.scoreRefit).toBeLessThanOrEqual(fitSupport(X, start) * (1 + 1e-12));
    }
  });
});

describe('DAGMA', () => {
  it('ends near-acyclic with a DAG at threshold 0.3', () => {
    const { B, X } = problem(6, 2, 'ER', 500, 4);
    const r = dagma(X, { lambda1: 0.02, warmIterations: 5000, maxIterations: 10000 });
    expect(r.iterations).toBe(5);
    expect(r.h).toBeLessThan(1e-3);
    expect(r.isDag).toBe(true);
    expect(countAccuracy(B, r.adjacency).shd).toBeLessThanOrEqual(6);
  });

  it('respects timeLimitMs', () => {
    const { X } = problem(6, 2, 'ER', 200, 4);
    const r = dagma(X, { timeLimitMs: 0, checkpoint: 10 });
    expect(r.stopReason).toBe('time-limit');
    expect(r.converged).toBe(false);
  });
});

describe('sortnregress', () => {
  it('orders by increasing variance and returns a DAG', () => {
    const { X } = problem(10, 2, 'ER', 500, 6);
    const r = sortnregress(X);
    expect(isDag(r.adjacency)).toBe(true);
    const d = 10;
    const variance = (j: number) => {
      let m = 0;
      for (let i = 0; i < X.rows; i++) m += X.data[i * d + j] / X.rows;
      let v = 0;
      for (let i = 0; i < X.rows; i++) v += (X.data[i * d + j] - m) ** 2;
      return v;
    };
    for (let k = 1; k < d; k++)
      expect(variance(r.order[k])).toBeGreaterThanOrEqual(variance(r.order[k - 1]));
  });
});
