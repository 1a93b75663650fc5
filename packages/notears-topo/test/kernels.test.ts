import { Rng } from '@optkit/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cholPermuted,
  coefficients,
  gatherAbs,
  gram,
  halfPivotSum,
  pathMatrix,
  scatter,
  swapDelta,
} from '../src/gram.js';
import { L2Scorer } from '../src/scorers.js';
import { search } from '../src/topo.js';
import { problem } from './helpers.js';

function randomSpd(d: number, rng: Rng): Float64Array {
  const n = d + 5;
  const x = new Float64Array(n * d);
  rng.fillNormal(x);
  return gram(x, n, d, false);
}

describe('Cholesky swap update (spec 7.4)', () => {
  it('equals a fresh factorisation of the swapped order for every pair', () => {
    const rng = new Rng(7);
    for (const d of [2, 3, 8, 30]) {
      const C = randomSpd(d, rng);
      const order = rng.permutation(d);
      const L = new Float64Array(d * d);
      const L2 = new Float64Array(d * d);
      const S = new Float64Array(d * d);
      cholPermuted(C, d, order, L);
      const base = halfPivotSum(L, d);
      for (let p = 0; p < d; p++) {
        for (let q = p + 1; q < d; q++) {
          const swapped = Int32Array.from(order);
          swapped[p] = order[q];
          swapped[q] = order[p];
          cholPermuted(C, d, swapped, L2);
          const fresh = halfPivotSum(L2, d);
          const incremental = base + swapDelta(L, d, p, q, S);
          expect(Math.abs(incremental - fresh)).toBeLessThanOrEqual(1e-10 * Math.abs(fresh));
        }
      }
    }
  });

  it('matches on random SPD matrices and random pairs (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 12 }),
        fc.nat(),
        fc.nat(),
        fc.nat(),
        (d, seed, a, b) => {
          const rng = new Rng(seed);
          const C = randomSpd(d, rng);
          const order = rng.permutation(d);
          const p = a % d;
          const q = b % d;
          if (p === q) return;
          const [lo, hi] = p < q ? [p, q] : [q, p];
          const L = new Float64Array(d * d);
          cholPermuted(C, d, order, L);
          const swapped = Int32Array.from(order);
          swapped[lo] = order[hi];
          swapped[hi] = order[lo];
          const L2 = new Float64Array(d * d);
          cholPermuted(C, d, swapped, L2);
          const fresh = halfPivotSum(L2, d);
          const inc = halfPivotSum(L, d) + swapDelta(L, d, lo, hi, new Float64Array(d * d));
          expect(Math.abs(inc - fresh)).toBeLessThanOrEqual(1e-10 * fresh);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('Gram path = per-column regression (spec 7.5)', () => {
  it('gives the least-squares score and a zero gradient on allowed entries', () => {
    const { X } = problem(12, 2, 'ER', 300, 3);
    const { rows: n, cols: d, data: x } = X;
    const C = gram(x, n, d, true);
    const order = new Rng(5).permutation(d);
    const L = new Float64Array(d * d);
    cholPermuted(C, d, order, L);
    const B = new Float64Array(d * d);
    coefficients(L, d, new Float64Array(d * d), B);
    const W = new Float64Array(d * d);
    scatter(B, d, order, W);
    // Residual R = Xc - Xc W on centred data.
    const mean = new Float64Array(d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += x[i * d + j] / n;
    const Xc = new Float64Array(n * d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) Xc[i * d + j] = x[i * d + j] - mean[j];
    const R = new Float64Array(n * d);
    let loss = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) {
        let s = Xc[i * d + j];
        for (let k = 0; k < d; k++) s -= Xc[i * d + k] * W[k * d + j];
        R[i * d + j] = s;
        loss += s * s;
      }
    }
    loss /= 2 * n;
    expect(Math.abs(loss - halfPivotSum(L, d))).toBeLessThanOrEqual(1e-10 * loss);
    const pos = new Int32Array(d);
    order.forEach((v, k) => {
      pos[v] = k;
    });
    let maxGrad = 0;
    for (let a = 0; a < d; a++) {
      for (let b = 0; b < d; b++) {
        if (pos[a] >= pos[b]) continue;
        let g = 0;
        for (let i = 0; i < n; i++) g -= (Xc[i * d + a] * R[i * d + b]) / n;
        maxGrad = Math.max(maxGrad, Math.abs(g));
      }
    }
    expect(maxGrad).toBeLessThanOrEqual(1e-9 * (1 + halfPivotSum(L, d)));
  });
});

describe('path matrix Gh (spec 7.7)', () => {
  it('has unit diagonal, non-negative entries, zero exactly without a path, and equals sum |W|^k', () => {
    const rng = new Rng(11);
    for (let trial = 0; trial < 20; trial++) {
      const d = 2 + rng.int(10);
      const order = rng.permutation(d);
      // Random sparse DAG consistent with order.
      const W = new Float64Array(d * d);
      for (let a = 0; a < d; a++) {
        for (let b = a + 1; b < d; b++)
          if (rng.next() < 0.3) W[order[a] * d + order[b]] = rng.uniform(-2, 2);
      }
      const A = new Float64Array(d * d);
      gatherAbs(W, d, order, A);
      const P = new Float64Array(d * d);
      pathMatrix(A, d, P);
      const pos = new Int32Array(d);
      order.forEach((v, k) => {
        pos[v] = k;
      });
      // Gh[i][j] (labels) = P[pos j][pos i]; reference: sum_{k<d} |W|^k, transposed.
      const absW = W.map(Math.abs);
      const sum = new Float64Array(d * d);
      let power = new Float64Array(d * d);
      for (let k = 0; k < d; k++) power[k * d + k] = 1;
      for (let e = 0; e < d; e++) {
        for (let t = 0; t < d * d; t++) sum[t] += power[t];
        const next = new Float64Array(d * d);
        for (let i = 0; i < d; i++) {
          for (let k = 0; k < d; k++) {
            const v = power[i * d + k];
            if (v !== 0) for (let j = 0; j < d; j++) next[i * d + j] += v * absW[k * d + j];
          }
        }
        power = next;
      }
      for (let i = 0; i < d; i++) {
        // BFS from i over W's support.
        const reach = new Uint8Array(d);
        const stack = [i];
        reach[i] = 1;
        while (stack.length > 0) {
          const u = stack.pop() as number;
          for (let v = 0; v < d; v++) {
            if (W[u * d + v] !== 0 && reach[v] === 0) {
              reach[v] = 1;
              stack.push(v);
            }
          }
        }
        for (let j = 0; j < d; j++) {
          // (I - |W|)^-1 [i][j] = path weight i ~> j
          const viaP = pos[i] <= pos[j] ? P[pos[i] * d + pos[j]] : 0;
          expect(viaP).toBeGreaterThanOrEqual(0);
          if (i === j) expect(viaP).toBe(1);
          expect(viaP === 0).toBe(reach[j] === 0);
          expect(Math.abs(viaP - sum[i * d + j])).toBeLessThanOrEqual(
            1e-10 * Math.max(1, sum[i * d + j]),
          );
        }
      }
    }
  });
});

describe('greedy disjoint acceptance (spec 7.6)', () => {
  it('disjoint swaps add up exactly', () => {
    const { X } = problem(16, 2, 'ER', 400, 9);
    const d = 16;
    const C = gram(X.data, X.rows, d, true);
    const scorer = new L2Scorer(C, d, 0);
    const order = new Rng(2).permutation(d);
    const F = scorer.fit(order);
    const pairs: [number, number][] = [
      [0, 3],
      [4, 5],
      [7, 12],
      [13, 15],
    ];
    let sum = 0;
    for (const [p, q] of pairs) sum += scorer.delta(p, q);
    const next = Int32Array.from(order);
    for (const [p, q] of pairs) [next[p], next[q]] = [order[q], order[p]];
    const fresh = new L2Scorer(C, d, 0).fit(next);
    expect(Math.abs(F + sum - fresh)).toBeLessThanOrEqual(1e-10 * fresh);
  });

  it('each pass of the search lowers F by the sum of its accepted swaps', () => {
    const { X } = problem(20, 4, 'ER', 500, 21);
    const d = 20;
    const C = gram(X.data, X.rows, d, true);
    const scorer = new L2Scorer(C, d, 0);
    let previous: Int32Array | null = null;
    let deltas = new Map<string, number>();
    const checked: number[] = [];
    let lastF = 0;
    const wrapped = {
      d,
      fit(order: Int32Array) {
        const F = scorer.fit(order);
        if (previous !== null) {
          // Recover the applied swaps: positions whose node changed pair up as (p, q).
          let predicted = lastF;
          for (let p = 0; p < d; p++) {
            if (previous[p] === order[p]) continue;
            const q = order.indexOf(previous[p]);
            if (q > p) predicted += deltas.get(`${p},${q}`) as number;
          }
          checked.push(Math.abs(predicted - F) / F);
        }
        previous = Int32Array.from(order);
        deltas = new Map();
        lastF = F;
        return F;
      },
      delta(p: number, q: number) {
        const v = scorer.delta(p, q);
        deltas.set(`${p},${q}`, v);
        return v;
      },
      weights: (W: Float64Array) => scorer.weights(W),
      supportScore: (B: ArrayLike<number>) => scorer.supportScore(B),
    };
    const out = search(wrapped, new Rng(3).permutation(d), {
      sizeSmall: 100,
      sizeLarge: 190,
      maxLarge: 5,
      relTol: 1e-10,
      maxIterations: 1000,
      deadline: Number.POSITIVE_INFINITY,
      t0: 0,
      start: 0,
    });
    expect(out.iterations).toBeGreaterThan(2);
    expect(checked.length).toBe(out.iterations);
    for (const rel of checked) expect(rel).toBeLessThanOrEqual(1e-10);
  });
});
