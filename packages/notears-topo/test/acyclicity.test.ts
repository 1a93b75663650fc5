import { lu, mat, Rng } from '@optkit/core';
import { describe, expect, it } from 'vitest';
import { invertMMatrix } from '../src/acyclicity.js';

describe('invertMMatrix (DAGMA kernel)', () => {
  it('matches an LU inverse and log det inside the M-matrix domain', () => {
    const rng = new Rng(12);
    for (const d of [1, 3, 10, 30]) {
      for (const s of [1, 0.6]) {
        const W = new Float64Array(d * d);
        for (let t = 0; t < d * d; t++) W[t] = (rng.next() - 0.5) * (0.8 / Math.sqrt(d));
        const M = mat(d, d);
        for (let t = 0; t < d * d; t++) M.data[t] = -W[t] * W[t];
        for (let k = 0; k < d; k++) M.data[k * d + k] += s;
        const f = lu(M);
        const I = mat(d, d);
        for (let k = 0; k < d; k++) I.data[k * d + k] = 1;
        const ref = f.solveMat(I);
        const out = new Float64Array(d * d);
        const logDet = invertMMatrix(W, s, d, out);
        expect(Math.abs(logDet - f.logAbsDet())).toBeLessThanOrEqual(
          1e-12 * (1 + Math.abs(logDet)),
        );
        for (let t = 0; t < d * d; t++) {
          expect(out[t]).toBeGreaterThanOrEqual(0);
          expect(Math.abs(out[t] - ref.data[t])).toBeLessThanOrEqual(1e-12 * (1 + ref.data[t]));
        }
      }
    }
  });

  it('reports NaN outside the domain (spectral radius of W o W at least s)', () => {
    const out = new Float64Array(4);
    // W o W = [[0, 4], [1, 0]] has spectral radius 2.
    const W = Float64Array.of(0, 2, 1, 0);
    expect(invertMMatrix(W, 2.5, 2, out)).toBeCloseTo(Math.log(2.5 * 2.5 - 4), 12);
    expect(invertMMatrix(W, 2, 2, out)).toBeNaN();
    expect(invertMMatrix(W, 1, 2, out)).toBeNaN();
    // A diagonal entry w_kk^2 >= s fails at the first pivot.
    expect(invertMMatrix(Float64Array.of(1.5, 0, 0, 0), 1, 2, out)).toBeNaN();
  });
});
