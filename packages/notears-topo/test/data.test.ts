import { Rng } from '@optkit/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  countAccuracy,
  isDag,
  simulateDag,
  simulateLinearSem,
  simulateParameter,
  thresholdTillDag,
  topologicalOrder,
} from '../src/index.js';

const chain = [
  [0, 1, 0, 0],
  [0, 0, 1, 0],
  [0, 0, 0, 1],
  [0, 0, 0, 0],
];

describe('countAccuracy (spec 7.11, Appendix B)', () => {
  const s = 3;
  it('identical graphs', () => {
    expect(countAccuracy(chain, chain)).toEqual({ fdr: 0, tpr: 1, fpr: 0, shd: 0, nnz: s });
  });
  it('one reversed edge costs 1', () => {
    const est = chain.map((r) => [...r]);
    est[1][2] = 0;
    est[2][1] = 1;
    const a = countAccuracy(chain, est);
    expect(a.shd).toBe(1);
    expect(a.tpr).toBeCloseTo((s - 1) / s, 15);
    expect(a.fdr).toBeCloseTo(1 / s, 15);
    expect(a.nnz).toBe(s);
  });
  it('one extra edge and one missing edge each cost 1', () => {
    const extra = chain.map((r) => [...r]);
    extra[0][3] = 1;
    expect(countAccuracy(chain, extra).shd).toBe(1);
    expect(countAccuracy(chain, extra).fdr).toBeCloseTo(1 / 4, 15);
    expect(countAccuracy(chain, extra).fpr).toBeCloseTo(1 / 3, 15);
    const missing = chain.map((r) => [...r]);
    missing[2][3] = 0;
    expect(countAccuracy(chain, missing).shd).toBe(1);
    expect(countAccuracy(chain, missing).tpr).toBeCloseTo(2 / 3, 15);
  });
  it('empty estimate', () => {
    const empty = chain.map((r) => r.map(() => 0));
    expect(countAccuracy(chain, empty)).toEqual({ fdr: 0, tpr: 0, fpr: 0, shd: s, nnz: 0 });
  });
  it('an undirected (CPDAG) edge counts as a true positive either way', () => {
    const est = chain.map((r) => [...r]);
    est[1][2] = 0;
    est[2][1] = -1;
    const a = countAccuracy(chain, est);
    expect(a.tpr).toBe(1);
    expect(a.shd).toBe(0);
  });
  it('rejects a cyclic estimate, a double undirected edge and bad entries', () => {
    const cyc = chain.map((r) => [...r]);
    cyc[3][0] = 1;
    expect(() => countAccuracy(chain, cyc)).toThrow(/estimate must be a DAG/);
    const both = chain.map((r) => [...r]);
    both[0][2] = -1;
    both[2][0] = -1;
    expect(() => countAccuracy(chain, both)).toThrow(/stored once/);
    const bad = chain.map((r) => [...r]);
    bad[0][1] = 2;
    expect(() => countAccuracy(chain, bad)).toThrow(RangeError);
    expect(() => countAccuracy(chain, [[0]])).toThrow(/4x4/);
  });
  it('SHD is symmetric in swapping truth and a DAG estimate, and zero only for equal graphs', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 9 }), fc.nat(1000), (d, seed) => {
        const rng = new Rng(seed);
        const m = (d * (d - 1)) / 2;
        const a = simulateDag(d, rng.int(m + 1), 'ER', rng);
        const b = simulateDag(d, rng.int(m + 1), 'ER', rng);
        const ab = countAccuracy(a, b).shd;
        expect(ab).toBe(countAccuracy(b, a).shd);
        expect(ab === 0).toBe(a.data.every((v, t) => v === b.data[t]));
      }),
      { numRuns: 100 },
    );
  });
});

describe('generators (spec 7.12, Appendix A)', () => {
  it('ER has exactly s0 edges and is acyclic', () => {
    for (let seed = 0; seed < 20; seed++) {
      const B = simulateDag(15, 30, 'ER', seed);
      expect(B.data.reduce((a, b) => a + b, 0)).toBe(30);
      expect(isDag(B)).toBe(true);
    }
    expect(simulateDag(5, 10, 'ER', 1).data.reduce((a, b) => a + b, 0)).toBe(10);
  });

  it('SF(m) has sum min(m, t) edges, out-degree <= m and a heavy in-degree tail', () => {
    for (const [d, m, expected] of [
      [20, 4, 70],
      [50, 4, 190],
      [100, 2, 197],
    ] as const) {
      const B = simulateDag(d, m * d, 'SF', 7);
      expect(B.data.reduce((a, b) => a + b, 0)).toBe(expected);
      expect(isDag(B)).toBe(true);
      let maxIn = 0;
      for (let i = 0; i < d; i++) {
        let out = 0;
        let inn = 0;
        for (let j = 0; j < d; j++) {
          out += B.data[i * d + j];
          inn += B.data[j * d + i];
        }
        expect(out).toBeLessThanOrEqual(m);
        maxIn = Math.max(maxIn, inn);
      }
      // A hub collects far more parents than the mean in-degree.
      expect(maxIn).toBeGreaterThan((3 * expected) / d);
    }
  });

  it('weights lie in +-[0.5, 2] with each sign about half the time', () => {
    const B = simulateDag(60, 600, 'ER', 3);
    const W = simulateParameter(B, 4);
    let pos = 0;
    let count = 0;
    W.data.forEach((w, t) => {
      if (B.data[t] === 0) {
        expect(w).toBe(0);
        return;
      }
      count++;
      expect(Math.abs(w)).toBeGreaterThanOrEqual(0.5);
      expect(Math.abs(w)).toBeLessThanOrEqual(2);
      if (w > 0) pos++;
    });
    expect(Math.abs(pos / count - 0.5)).toBeLessThan(0.05);
  });

  it('Gaussian data has covariance (I - W)^-T (I - W)^-1 within 3% at n = 1e5', () => {
    const rng = new Rng(2);
    const d = 5;
    const B = simulateDag(d, 6, 'ER', rng);
    const W = simulateParameter(B, rng);
    const X = simulateLinearSem(W, 100000, 'gauss', rng);
    const P = simulateLinearSem(W, 'population', 'gauss');
    for (let a = 0; a < d; a++) {
      for (let b = 0; b < d; b++) {
        let emp = 0;
        let ma = 0;
        let mb = 0;
        for (let i = 0; i < X.rows; i++) {
          ma += X.data[i * d + a];
          mb += X.data[i * d + b];
        }
        ma /= X.rows;
        mb /= X.rows;
        for (let i = 0; i < X.rows; i++) emp += (X.data[i * d + a] - ma) * (X.data[i * d + b] - mb);
        emp /= X.rows;
        let pop = 0;
        for (let r = 0; r < d; r++) pop += P.data[r * d + a] * P.data[r * d + b];
        pop /= d;
        let scale = 0;
        for (let r = 0; r < d; r++) scale += P.data[r * d + a] * P.data[r * d + a];
        expect(Math.abs(emp - pop)).toBeLessThanOrEqual(0.03 * Math.max(Math.abs(pop), scale / d));
      }
    }
  });

  it('noise means: gauss 0, exp sigma, gumbel 0.5772 sigma; logistic data are binary', () => {
    const W = simulateParameter(simulateDag(1, 0, 'ER', 1), 1);
    const n = 200000;
    const mean = (sem: 'gauss' | 'exp' | 'gumbel') => {
      const X = simulateLinearSem(W, n, sem, 5, 2);
      return X.data.reduce((a, b) => a + b, 0) / n;
    };
    expect(Math.abs(mean('gauss'))).toBeLessThan(0.02);
    expect(Math.abs(mean('exp') - 2)).toBeLessThan(0.02);
    expect(Math.abs(mean('gumbel') - 2 * 0.5772156649)).toBeLessThan(0.02);
    const L = simulateLinearSem(
      simulateParameter(simulateDag(4, 4, 'ER', 2), 2),
      100,
      'logistic',
      3,
    );
    expect(L.data.every((v) => v === 0 || v === 1)).toBe(true);
  });

  it('is deterministic per seed and rejects cycles and bad sizes', () => {
    expect(simulateDag(10, 20, 'SF', 5).data).toEqual(simulateDag(10, 20, 'SF', 5).data);
    expect(() =>
      simulateLinearSem(
        [
          [0, 1],
          [1, 0],
        ],
        10,
        'gauss',
      ),
    ).toThrow(/W must be acyclic/);
    expect(() => simulateDag(4, 7, 'ER')).toThrow(/edges must be an integer in \[0, 6\]/);
    expect(() => simulateLinearSem([[0]], 'population', 'exp')).toThrow(/sem must be "gauss"/);
  });
});

describe('graph helpers', () => {
  it('topologicalOrder takes the smallest label first and rejects cycles', () => {
    expect(
      topologicalOrder([
        [0, 0, 0],
        [1, 0, 0],
        [1, 1, 0],
      ]),
    ).toEqual([2, 1, 0]);
    expect(
      topologicalOrder([
        [0, 0],
        [0, 0],
      ]),
    ).toEqual([0, 1]);
    expect(() =>
      topologicalOrder([
        [0, 1],
        [1, 0],
      ]),
    ).toThrow(/B must be acyclic/);
  });

  it('thresholdTillDag deletes the weakest edges until acyclic, as sequential deletion does', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 8 }), fc.nat(1000), (d, seed) => {
        const rng = new Rng(seed);
        const W: number[][] = [];
        for (let i = 0; i < d; i++)
          W.push(
            Array.from({ length: d }, (_, j) =>
              i !== j && rng.next() < 0.4 ? rng.uniform(-2, 2) : 0,
            ),
          );
        const { W: R } = thresholdTillDag(W);
        expect(isDag(R)).toBe(true);
        // Reference: delete in increasing |w| one at a time.
        const ref = W.map((r) => [...r]);
        const edges: [number, number][] = [];
        for (let i = 0; i < d; i++)
          for (let j = 0; j < d; j++) if (ref[i][j] !== 0) edges.push([i, j]);
        edges.sort(
          (a, b) =>
            Math.abs(ref[a[0]][a[1]]) - Math.abs(ref[b[0]][b[1]]) ||
            a[0] * d + a[1] - (b[0] * d + b[1]),
        );
        for (const [i, j] of edges) {
          if (isDag(ref)) break;
          ref[i][j] = 0;
        }
        expect(Array.from(R.data)).toEqual(ref.flat());
      }),
      { numRuns: 100 },
    );
  });
});
