import { mat, Rng, toRows } from '@optkit/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  countAccuracy,
  fitOrder,
  fitSupport,
  isDag,
  notears,
  presetSizes,
  simulateDag,
  simulateLinearSem,
  simulateParameter,
  thresholdTillDag,
  topo,
} from '../src/index.js';
import { assertTopoInvariants, problem } from './helpers.js';

describe('topo output invariants (spec 7.8)', () => {
  it('holds on every graph family, size and preset', () => {
    for (const [d, k, g] of [
      [5, 2, 'ER'],
      [10, 4, 'SF'],
      [20, 2, 'ER'],
      [30, 4, 'SF'],
    ] as const) {
      for (const preset of ['thorough', 'dagrad'] as const) {
        const { X } = problem(d, k, g, 300, d + k);
        const r = topo(X, { preset, seed: 2 });
        assertTopoInvariants(r, d);
        expect(isDag(r.adjacency)).toBe(true);
        expect(r.score).toBeCloseTo(fitOrder(X, r.order).score, 10);
        expect(r.scoreHistory[r.scoreHistory.length - 1]).toBe(r.score);
        expect(r.converged).toBe(true);
        expect(r.warnings).toEqual([]);
      }
    }
  });

  it('recovers the true graph on easy n = 1000 problems', () => {
    for (let seed = 1; seed <= 3; seed++) {
      const { B, X } = problem(20, 2, 'ER', 1000, seed);
      expect(countAccuracy(B, topo(X, { seed }).adjacency).shd).toBeLessThanOrEqual(1);
    }
  });

  it('gives the same answer for the same seed, bit for bit, and does not mutate X', () => {
    const { X } = problem(15, 2, 'ER', 200, 4);
    const copy = Float64Array.from(X.data);
    const a = topo(X, { seed: 9, restarts: 2 });
    const b = topo(X, { seed: 9, restarts: 2 });
    expect(X.data).toEqual(copy);
    expect(a.order).toEqual(b.order);
    expect(a.W.data).toEqual(b.W.data);
    expect(a.scoreHistory).toEqual(b.scoreHistory);
    const rows = toRows(X);
    const frozen = rows.map((r) => Object.freeze([...r]));
    const c = topo(Object.freeze(frozen) as number[][], { seed: 9, restarts: 2 });
    expect(c.order).toEqual(a.order);
  });

  it('accepts number[][] input with the same answer as a Mat', () => {
    const { X } = problem(8, 2, 'ER', 100, 5);
    expect(topo(toRows(X), { seed: 1 }).order).toEqual(topo(X, { seed: 1 }).order);
  });
});

describe('relabelling equivariance (spec 7.9)', () => {
  it('permuting the columns permutes the answer (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 12 }), fc.nat(1000), (d, seed) => {
        const rng = new Rng(seed);
        const B = simulateDag(d, Math.min(2 * d, (d * (d - 1)) / 2), 'ER', rng);
        const X = simulateLinearSem(simulateParameter(B, rng), 200, 'gauss', rng);
        const sigma = rng.permutation(d); // new column c holds old column sigma[c]
        const Y = mat(X.rows, d);
        for (let i = 0; i < X.rows; i++)
          for (let c = 0; c < d; c++) Y.data[i * d + c] = X.data[i * d + sigma[c]];
        const inv = new Int32Array(d);
        sigma.forEach((old, c) => {
          inv[old] = c;
        });
        const order0 = Array.from(rng.permutation(d));
        const a = topo(X, { initialOrder: order0 });
        const b = topo(Y, { initialOrder: order0.map((v) => inv[v]) });
        expect(Math.abs(a.score - b.score)).toBeLessThanOrEqual(1e-10 * a.score);
        expect(b.order).toEqual(a.order.map((v) => inv[v]));
        for (let i = 0; i < d; i++) {
          for (let j = 0; j < d; j++) {
            const wa = a.W.data[sigma[i] * d + sigma[j]];
            expect(Math.abs(b.W.data[i * d + j] - wa)).toBeLessThanOrEqual(
              1e-9 * (1 + Math.abs(wa)),
            );
          }
        }
      }),
      { numRuns: 25 },
    );
  });
});

describe('post-processing and restarts (spec 2.9)', () => {
  it('starting from a DAG never returns a worse score than that DAG\u2019s order', () => {
    for (let seed = 1; seed <= 2; seed++) {
      const { X } = problem(7, 2, 'ER', 300, 40 + seed);
      const nt = notears(X, { lambda1: 0.1 });
      const repaired = thresholdTillDag(nt.wThresholded).W;
      const r = topo(X, { initialWeights: repaired });
      expect(r.score).toBeLessThanOrEqual(r.scoreHistory[0]);
      expect(r.scoreHistory[0]).toBeLessThanOrEqual(fitSupport(X, repaired) + 1e-12);
      assertTopoInvariants(r, 7);
    }
  });

  it('the best of several starts is at least as good as the first start', () => {
    const { X } = problem(20, 4, 'SF', 300, 8);
    const one = topo(X, { seed: 3 });
    const three = topo(X, { seed: 3, restarts: 3 });
    expect(three.startScores).toHaveLength(3);
    expect(three.startScores[0]).toBe(one.score);
    expect(three.score).toBe(Math.min(...three.startScores));
  });

  it('ridge (lambda2) scores agree with a direct penalised fit', () => {
    const { X } = problem(6, 2, 'ER', 100, 2);
    const lambda2 = 0.5;
    const order = [0, 1, 2, 3, 4, 5];
    const { W, score } = fitOrder(X, order, { lambda2 });
    // Direct objective (1/2n)|Xc - Xc W|^2 + (lambda2/2)|W|^2 on centred X.
    const n = X.rows;
    const d = 6;
    const mean = new Float64Array(d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += X.data[i * d + j] / n;
    let loss = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) {
        let r = X.data[i * d + j] - mean[j];
        for (let k = 0; k < d; k++) r -= (X.data[i * d + k] - mean[k]) * W.data[k * d + j];
        loss += r * r;
      }
    }
    let pen = 0;
    for (const w of W.data) pen += w * w;
    expect(score).toBeCloseTo(loss / (2 * n) + (lambda2 / 2) * pen, 10);
  });
});

describe('stopping', () => {
  const { X } = problem(30, 4, 'ER', 300, 12);

  it('maxIterations caps the passes and says so', () => {
    const r = topo(X, { seed: 1, maxIterations: 2 });
    expect(r.iterations).toBe(2);
    expect(r.stopReason).toBe('max-iterations');
    expect(r.converged).toBe(false);
    expect(r.warnings.length).toBeGreaterThan(0);
    assertTopoInvariants(r, 30);
  });

  it('timeLimitMs = 0 stops at once with time-limit', () => {
    const r = topo(X, { seed: 1, timeLimitMs: 0 });
    expect(r.stopReason).toBe('time-limit');
    expect(r.iterations).toBe(0);
  });

  it('onIteration sees every pass and can stop the search', () => {
    const seen: number[] = [];
    const r = topo(X, {
      seed: 1,
      onIteration: (info) => {
        seen.push(info.score);
        return info.iteration < 3;
      },
    });
    expect(r.stopReason).toBe('callback');
    expect(seen).toHaveLength(3);
    expect(r.scoreHistory.slice(1)).toEqual(seen);
  });
});

describe('presets (spec 2.3)', () => {
  it('match the dagrad examples and clamp at small d', () => {
    expect(presetSizes(10, 'dagrad')).toEqual([15, 28, 1]);
    expect(presetSizes(20, 'dagrad')).toEqual([30, 110, 1]);
    expect(presetSizes(50, 'dagrad')).toEqual([75, 588, 1]);
    expect(presetSizes(100, 'dagrad')).toEqual([150, 1980, 1]);
    expect(presetSizes(2, 'dagrad')).toEqual([1, 1, 0]);
    expect(presetSizes(100, 'thorough')).toEqual([500, 4950, 5]);
    expect(presetSizes(20, 'thorough')).toEqual([100, 190, 5]);
  });
});

describe('logistic score (binary data)', () => {
  it('returns a DAG, a strictly decreasing score and matches fitOrder', () => {
    const rng = new Rng(5);
    const B = simulateDag(6, 6, 'ER', rng);
    const W = simulateParameter(B, rng);
    for (let t = 0; t < 36; t++) W.data[t] *= 2;
    const X = simulateLinearSem(W, 800, 'logistic', rng);
    const r = topo(X, { score: 'logistic', lambda1: 0.01, seed: 1 });
    assertTopoInvariants(r, 6);
    expect(isDag(r.adjacency)).toBe(true);
    const again = fitOrder(X, r.order, { score: 'logistic', lambda1: 0.01 });
    expect(Math.abs(again.score - r.score)).toBeLessThanOrEqual(1e-6 * r.score);
    // Root-only order score: every column alone costs log 2 plus nothing.
    expect(r.score).toBeLessThanOrEqual(6 * Math.LN2);
  });

  it('matches the closed form of a one-predictor l1-logistic fit', () => {
    // x0 = i mod 2; x1 = x0 except in rows i = 0 mod 3, where it is flipped. Among the 100 rows
    // with x0 = 1, 67 have x1 = 1. Without an intercept only those rows depend on w, and the
    // optimality condition (100 sigmoid(w) - 67) / 200 + lambda1 = 0 gives
    // sigmoid(w) = 0.67 - 2 lambda1. Rows with x0 = 0 and the root column cost log 2 each.
    const X: number[][] = [];
    for (let i = 0; i < 200; i++) {
      const a = i % 2;
      X.push([a, i % 3 === 0 ? 1 - a : a]);
    }
    const lambda1 = 0.001;
    const p = 0.67 - 2 * lambda1;
    const w = Math.log(p / (1 - p));
    const column1 = (100 * Math.LN2 + 100 * Math.log1p(Math.exp(w)) - 67 * w) / 200 + lambda1 * w;
    const { W, score } = fitOrder(X, [0, 1], { score: 'logistic', lambda1 });
    expect(Math.abs(W.data[1] - w)).toBeLessThanOrEqual(1e-8);
    expect(W.data[2]).toBe(0);
    expect(Math.abs(score - (Math.LN2 + column1))).toBeLessThanOrEqual(1e-12);
    // A large enough penalty zeroes the weight: sigmoid(0) = 0.5 >= 0.67 - 2 lambda1.
    const flat = fitOrder(X, [0, 1], { score: 'logistic', lambda1: 0.09 });
    expect(flat.W.data[1]).toBe(0);
    expect(flat.score).toBeCloseTo(2 * Math.LN2, 14);
  });
});
