import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Csr,
  cg,
  csr,
  csrFromCoo,
  csrFromDense,
  csrMatvec,
  csrToDense,
  csrTranspose,
  gemv,
  mat,
  nrm2,
  Rng,
  sorSweep,
  toRows,
} from '../src/index.js';

/** tridiag(−1, 2, −1) of size n in CSR. */
function laplacian1d(n: number): Csr {
  const i: number[] = [];
  const j: number[] = [];
  const v: number[] = [];
  for (let r = 0; r < n; r++) {
    for (const [c, value] of [
      [r - 1, -1],
      [r, 2],
      [r + 1, -1],
    ]) {
      if (c < 0 || c >= n) continue;
      i.push(r);
      j.push(c);
      v.push(value);
    }
  }
  return csrFromCoo(n, n, i, j, v);
}

function residual(a: Csr, b: Float64Array, x: Float64Array): number {
  const r = new Float64Array(b.length);
  csrMatvec(a, x, r);
  for (let i = 0; i < r.length; i++) r[i] = b[i] - r[i];
  return nrm2(r);
}

describe('CSR', () => {
  it('sums duplicates from COO and round-trips dense exactly', () => {
    const s = csrFromCoo(2, 3, [0, 1, 0, 1], [2, 0, 2, 1], [1, 2, 3, 4]);
    expect(toRows(csrToDense(s))).toEqual([
      [0, 0, 4],
      [2, 4, 0],
    ]);
    expect(() => csrFromCoo(2, 2, [0, 0], [1, 1], [1, 1], { sumDuplicates: false })).toThrow(
      /duplicate/,
    );
    const d = mat(3, 3, [1, 0, 2, 0, 0, 0, -3, 4, 0]);
    expect(toRows(csrToDense(csrFromDense(d)))).toEqual(toRows(d));
  });

  it('validates CSR invariants', () => {
    expect(() =>
      csr(2, 2, Int32Array.of(0, 1, 2), Int32Array.of(0, 2), Float64Array.of(1, 1)),
    ).toThrow(/colIdx\[1\]/);
    expect(() =>
      csr(1, 3, Int32Array.of(0, 2), Int32Array.of(2, 1), Float64Array.of(1, 1)),
    ).toThrow(/sorted and unique/);
    expect(() => csr(1, 3, Int32Array.of(1, 2), Int32Array.of(1), Float64Array.of(1))).toThrow(
      /rowPtr\[0\]/,
    );
    expect(() => csrFromCoo(2, 2, [0], [0], [Number.NaN])).toThrow(/finite/);
  });

  it('matvec and transposed matvec equal dense gemv (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 15 }),
        fc.integer({ min: 1, max: 15 }),
        fc.integer({ min: 0, max: 10000 }),
        (m, n, seed) => {
          const rng = new Rng(seed);
          const d = mat(m, n);
          for (let k = 0; k < d.data.length; k++) d.data[k] = rng.next() < 0.3 ? rng.int(9) - 4 : 0;
          const s = csrFromDense(d);
          const x = Float64Array.from({ length: n }, () => rng.int(7) - 3);
          const y = new Float64Array(m);
          const yRef = new Float64Array(m);
          csrMatvec(s, x, y);
          gemv(1, d, x, 0, yRef);
          expect(Array.from(y)).toEqual(Array.from(yRef));
          const z = Float64Array.from({ length: m }, () => rng.int(7) - 3);
          const t = new Float64Array(n);
          const tRef = new Float64Array(n);
          csrMatvec(s, z, t, { trans: true });
          csrMatvec(csrTranspose(s), z, tRef);
          expect(Array.from(t)).toEqual(Array.from(tRef));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('SOR and CG', () => {
  it('SOR with omega = 1 is Gauss-Seidel, on CSR and dense alike', () => {
    const a = laplacian1d(8);
    const b = Float64Array.from({ length: 8 }, (_, i) => i + 1);
    const x = new Float64Array(8);
    sorSweep(a, b, x, 1);
    const gs = new Float64Array(8);
    for (let i = 0; i < 8; i++) gs[i] = (b[i] + (i > 0 ? gs[i - 1] : 0)) / 2;
    for (let i = 0; i < 8; i++) expect(x[i]).toBeCloseTo(gs[i], 15);
    const xd = new Float64Array(8);
    sorSweep(csrToDense(a), b, xd, 1);
    expect(Array.from(xd)).toEqual(Array.from(x));
  });

  it('iterations drop sharply near the optimal omega on tridiag(−1, 2, −1), n = 50', () => {
    const n = 50;
    const a = laplacian1d(n);
    const b = new Float64Array(n).fill(1);
    const count = (omega: number) => {
      const x = new Float64Array(n);
      for (let it = 1; it <= 20000; it++) {
        sorSweep(a, b, x, omega);
        if (residual(a, b, x) <= 1e-8) return it;
      }
      return 20000;
    };
    const star = 2 / (1 + Math.sin(Math.PI / (n + 1)));
    const atStar = count(star);
    expect(atStar * 5).toBeLessThan(count(1));
    expect(atStar * 2).toBeLessThan(count(1.5));
    expect(atStar).toBeLessThan(count(1.99));
  });

  it('SSOR converges, and a zero diagonal or bad omega is rejected', () => {
    const a = laplacian1d(20);
    const b = new Float64Array(20).fill(1);
    const x = new Float64Array(20);
    sorSweep(a, b, x, 1.5, { direction: 'symmetric', sweeps: 200 });
    expect(residual(a, b, x)).toBeLessThan(1e-8);
    expect(() => sorSweep(a, b, x, 2)).toThrow(/omega must be in \(0, 2\)/);
    const z = csrFromCoo(2, 2, [0, 1], [1, 0], [1, 1]);
    expect(() => sorSweep(z, new Float64Array(2), new Float64Array(2), 1)).toThrow(
      /nonzero diagonal/,
    );
  });

  it('CG converges within n + 5 iterations on the 1-D Laplacian', () => {
    const n = 60;
    const a = laplacian1d(n);
    const b = Float64Array.from({ length: n }, (_, i) => Math.sin(i));
    const r = cg((x, out) => csrMatvec(a, x, out), b);
    expect(r.converged).toBe(true);
    expect(r.iterations).toBeLessThanOrEqual(n + 5);
    expect(residual(a, b, r.x)).toBeLessThan(1e-8);
    const capped = cg((x, out) => csrMatvec(a, x, out), b, { maxIterations: 3 });
    expect(capped.converged).toBe(false);
    expect(capped.stopReason).toBe('max-iterations');
  });
});
