import { Rng } from '@optkit/core';
import { describe, expect, it } from 'vitest';
import { dualObjective, semiDualObjective } from '../src/index.js';
import { TransportOracle } from '../src/oracles.js';
import { supportSemiDual } from '../src/repair.js';

function problem(seed: number, m: number, n: number) {
  const rng = new Rng(seed);
  const a = new Float64Array(m);
  const b = new Float64Array(n);
  rng.fillUniform(a, 0.2, 1);
  rng.fillUniform(b, 0.2, 1);
  let sa = 0;
  let sb = 0;
  for (const v of a) sa += v;
  for (const v of b) sb += v;
  for (let i = 0; i < m; i++) a[i] /= sa;
  for (let j = 0; j < n; j++) b[j] /= sb;
  const data = new Float64Array(m * n);
  rng.fillUniform(data, 0, 1);
  return { a, b, C: { rows: m, cols: n, data }, rng };
}

/** Largest relative error between the gradient and central differences (step h). */
function fdError(f: (x: Float64Array) => number, x: Float64Array, grad: Float64Array, h = 1e-6) {
  let worst = 0;
  for (let i = 0; i < x.length; i++) {
    const xp = x.slice();
    const xm = x.slice();
    xp[i] += h;
    xm[i] -= h;
    const fd = (f(xp) - f(xm)) / (2 * h);
    worst = Math.max(worst, Math.abs(fd - grad[i]) / Math.max(1e-2, Math.abs(grad[i])));
  }
  return worst;
}

describe('gradients equal central finite differences (spec A.7.3)', () => {
  for (const k of [1, 2, 5, 12]) {
    it(`semi-dual, k = ${k}`, () => {
      for (let seed = 0; seed < 5; seed++) {
        const p = problem(seed, 12, 7);
        const alpha = new Float64Array(12);
        p.rng.fillNormal(alpha, 0, 0.3);
        const at = semiDualObjective(alpha, p.a, p.b, p.C, { k, gamma: 0.7 });
        const f = (x: Float64Array) => semiDualObjective(x, p.a, p.b, p.C, { k, gamma: 0.7 }).value;
        expect(fdError(f, alpha, at.gradient)).toBeLessThan(1e-6);
      }
    });

    it(`dual, k = ${k}`, () => {
      for (let seed = 0; seed < 5; seed++) {
        const p = problem(seed + 10, 9, 8);
        const alpha = new Float64Array(9);
        const beta = new Float64Array(8);
        p.rng.fillNormal(alpha, 0.5, 0.3);
        p.rng.fillNormal(beta, 0, 0.3);
        const at = dualObjective(alpha, beta, p.a, p.b, p.C, { k, gamma: 0.3 });
        const f = (z: Float64Array) =>
          dualObjective(z.subarray(0, 9), z.subarray(9), p.a, p.b, p.C, { k, gamma: 0.3 }).value;
        const z = new Float64Array(17);
        z.set(alpha);
        z.set(beta, 9);
        expect(fdError(f, z, at.gradient)).toBeLessThan(1e-6);
      }
    });
  }

  it('the smoothed dual used for continuation, for mu in {1e-2, 1e-3}', () => {
    for (const mu of [1e-2, 1e-3]) {
      const p = problem(21, 10, 6);
      const ct = new Float64Array(60);
      for (let i = 0; i < 10; i++) for (let j = 0; j < 6; j++) ct[j * 10 + i] = p.C.data[i * 6 + j];
      const oracle = new TransportOracle(p.a, p.b, ct, { kind: 'sparse', k: 2, gamma: 0.5 });
      const z = new Float64Array(16);
      p.rng.fillNormal(z, 0.3, 0.3);
      const g = new Float64Array(16);
      oracle.smoothedDual(z, g, 2, mu);
      const f = (x: Float64Array) => oracle.smoothedDual(x, new Float64Array(16), 2, mu);
      expect(fdError(f, z, g, 1e-5)).toBeLessThan(1e-6);
    }
  });

  it('the support-restricted semi-dual of the repair; with k = m it is the l2 semi-dual', () => {
    for (const k of [2, 3, 10]) {
      const p = problem(31 + k, 10, 6);
      const ct = new Float64Array(60);
      for (let i = 0; i < 10; i++) for (let j = 0; j < 6; j++) ct[j * 10 + i] = p.C.data[i * 6 + j];
      const alpha = new Float64Array(10);
      p.rng.fillNormal(alpha, 0.3, 0.3);
      const restricted = supportSemiDual(p.a, p.b, ct, 0.4, k, alpha);
      // The support is the k best rows of alpha_i - C_ij in every column.
      for (let j = 0; j < 6; j++) {
        expect(restricted.count[j]).toBe(Math.min(k, 10));
        const score = (i: number) => alpha[i] - p.C.data[i * 6 + j];
        const chosen = Array.from(restricted.rows.subarray(j * k, j * k + restricted.count[j]));
        const worstChosen = Math.min(...chosen.map(score));
        for (let i = 0; i < 10; i++) {
          if (!chosen.includes(i)) expect(score(i)).toBeLessThanOrEqual(worstChosen);
        }
      }
      const x = new Float64Array(10);
      p.rng.fillNormal(x, 0.3, 0.3);
      const g = new Float64Array(10);
      const value = restricted.evaluate(x, g);
      const f = (y: Float64Array) => restricted.evaluate(y, new Float64Array(10));
      expect(fdError(f, x, g)).toBeLessThan(1e-6);
      // A smaller support gives a smaller max term, so S_restricted >= S_k at every point.
      const sk = semiDualObjective(x, p.a, p.b, p.C, { k, gamma: 0.4 }).value;
      if (k >= 10) expect(value).toBeCloseTo(sk, 14);
      else expect(value).toBeGreaterThanOrEqual(sk - 1e-15);
    }
  });

  it('the gradient is a minus the plan row sums (and b minus column sums)', () => {
    const p = problem(3, 6, 5);
    const alpha = Float64Array.of(0.1, 0.5, -0.2, 0.3, 0, 0.2);
    const sd = semiDualObjective(alpha, p.a, p.b, p.C, { k: 2 });
    const rows = new Float64Array(6);
    for (let j = 0; j < 5; j++) {
      for (let q = sd.plan.colPtr[j]; q < sd.plan.colPtr[j + 1]; q++)
        rows[sd.plan.rowIdx[q]] += sd.plan.values[q];
      expect(sd.plan.colPtr[j + 1] - sd.plan.colPtr[j]).toBeLessThanOrEqual(2);
    }
    for (let i = 0; i < 6; i++) expect(sd.gradient[i]).toBeCloseTo(p.a[i] - rows[i], 15);
  });
});
