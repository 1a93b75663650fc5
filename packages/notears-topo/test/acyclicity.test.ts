import { expm, lu, mat, Rng } from '@optkit/core';
import { describe, expect, it } from 'vitest';
import { ExpmWorkspace, invertMMatrix } from '../src/acyclicity.js';

/** Random non-negative d x d matrix with 1-norm about `scale` (W o W for NOTEARS). */
function nonNegative(d: number, scale: number, rng: Rng) {
  const a = mat(d, d);
  for (let t = 0; t < d * d; t++) a.data[t] = (rng.next() * 2 * scale) / d;
  return a;
}

describe('ExpmWorkspace (NOTEARS kernel)', () => {
  it('equals core expm at every Pade degree and with squarings, reusing its buffers', () => {
    const rng = new Rng(11);
    for (const d of [1, 2, 7, 24]) {
      const ws = new ExpmWorkspace(d);
      const out = mat(d, d);
      // 1-norms from 1e-3 (degree 3) to 40 (degree 13 with 3 squarings).
      for (const scale of [1e-3, 0.1, 0.5, 1.5, 4, 10, 40]) {
        const a = nonNegative(d, scale, rng);
        const before = Float64Array.from(a.data);
        ws.expm(a, out);
        const ref = expm(a);
        let err = 0;
        let size = 0;
        for (let t = 0; t < d * d; t++) {
          err = Math.max(err, Math.abs(out.data[t] - ref.data[t]));
          size = Math.max(size, Math.abs(ref.data[t]));
        }
        expect(err).toBeLessThanOrEqual(1e-13 * size);
        expect(a.data).toEqual(before);
      }
    }
  });

  it('gives e^N = I + N + N^2/2 for a nilpotent N', () => {
    const ws = new ExpmWorkspace(3);
    const n = mat(3, 3, Float64Array.of(0, 2, 3, 0, 0, 5, 0, 0, 0));
    const out = mat(3, 3);
    ws.expm(n, out);
    const want = [1, 2, 3 + 5, 0, 1, 5, 0, 0, 1];
    for (let t = 0; t < 9; t++) expect(out.data[t]).toBeCloseTo(want[t], 12);
  });
});

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

describe('ExpmWorkspace input', () => {
  it('rejects a non-finite argument with a named error', () => {
    const a = mat(2, 2, Float64Array.of(0, Number.NaN, 0, 0));
    expect(() => new ExpmWorkspace(2).expm(a, mat(2, 2))).toThrow(
      /argument must be finite; got 1-norm NaN/,
    );
  });
});
