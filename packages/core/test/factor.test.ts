import { describe, expect, it } from 'vitest';
import {
  cholesky,
  choleskyBanded,
  clone,
  ExpmWorkspace,
  eigSym,
  expm,
  fromRows,
  gemm,
  gemv,
  lu,
  type Mat,
  mat,
  NotPositiveDefiniteError,
  pinv,
  polar,
  projectSpectralNormBall,
  qr,
  Rng,
  SingularMatrixError,
  svd,
  toRows,
  view,
} from '../src/index.js';

function randomMat(rng: Rng, rows: number, cols: number): Mat {
  const a = mat(rows, cols);
  rng.fillUniform(a.data, -1, 1);
  return a;
}

/** A = G·Gᵀ/n + I, the spec's random SPD matrix. */
function randomSpd(rng: Rng, n: number): Mat {
  const g = randomMat(rng, n, n);
  const a = mat(n, n);
  gemm(1 / n, g, g, 0, a, { transB: true });
  for (let i = 0; i < n; i++) a.data[i * n + i] += 1;
  return a;
}

function frob(a: Mat): number {
  let s = 0;
  for (const v of a.data) s += v * v;
  return Math.sqrt(s);
}

function diff(a: Mat, b: Mat): number {
  let s = 0;
  for (let i = 0; i < a.data.length; i++) s += (a.data[i] - b.data[i]) ** 2;
  return Math.sqrt(s);
}

describe('cholesky', () => {
  it('factors the textbook example exactly', () => {
    const f = cholesky(
      fromRows([
        [4, 12, -16],
        [12, 37, -43],
        [-16, -43, 98],
      ]),
    );
    expect(toRows(f.l)).toEqual([
      [2, 0, 0],
      [6, 1, 0],
      [-8, 5, 3],
    ]);
    expect(f.logDet()).toBeCloseTo(Math.log(36), 14);
  });

  it('reconstructs random SPD matrices and solves to a small residual', () => {
    const rng = new Rng(1);
    for (const n of [1, 2, 5, 40, 127, 128, 129, 300]) {
      const a = randomSpd(rng, n);
      const copy = Float64Array.from(a.data);
      const f = cholesky(a);
      const llt = mat(n, n);
      gemm(1, f.l, f.l, 0, llt, { transB: true });
      expect(diff(llt, a)).toBeLessThanOrEqual(1e-12 * frob(a));
      const b = rng.fillUniform(new Float64Array(n), -1, 1);
      const x = f.solve(b);
      const r = Float64Array.from(b);
      gemv(1, a, x, -1, r);
      expect(Math.max(...r.map(Math.abs))).toBeLessThanOrEqual(1e-10);
      expect(a.data).toEqual(copy);
    }
  });

  it('fails at pivot 1 on a non-SPD matrix, and jitter rescues a singular PSD one', () => {
    try {
      cholesky(
        fromRows([
          [1, 2],
          [2, 1],
        ]),
      );
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(NotPositiveDefiniteError);
      expect((e as NotPositiveDefiniteError).pivot).toBe(1);
    }
    const f = cholesky(
      fromRows([
        [1, 1],
        [1, 1],
      ]),
      { jitter: true },
    );
    expect(f.jitter).toBeGreaterThan(0);
    expect(f.warnings.length).toBe(1);
  });

  it('the blocked path reports the failing pivot of a large indefinite matrix', () => {
    const n = 200;
    const a = mat(n, n);
    for (let i = 0; i < n; i++) a.data[i * n + i] = i === 150 ? -1 : 2;
    try {
      cholesky(a);
      expect.unreachable();
    } catch (e) {
      expect((e as NotPositiveDefiniteError).pivot).toBe(150);
    }
  });

  it('rejects asymmetric, non-square and NaN input; symmetrizes tiny asymmetry with a warning', () => {
    expect(() =>
      cholesky(
        fromRows([
          [2, 1],
          [0, 2],
        ]),
      ),
    ).toThrow(/must be symmetric/);
    expect(() => cholesky(mat(2, 3))).toThrow(/square/);
    expect(() =>
      cholesky(
        fromRows([
          [Number.NaN, 0],
          [0, 1],
        ]),
      ),
    ).toThrow(/finite; got NaN/);
    const f = cholesky(
      fromRows([
        [2, 1 + 1e-15],
        [1, 2],
      ]),
    );
    expect(f.warnings[0]).toMatch(/symmetrized/);
  });

  it('banded factor equals the dense one on a band matrix', () => {
    const n = 30;
    const a = mat(n, n);
    for (let i = 0; i < n; i++) {
      a.data[i * n + i] = 4;
      if (i > 0) a.data[i * n + i - 1] = a.data[(i - 1) * n + i] = -1;
      if (i > 1) a.data[i * n + i - 2] = a.data[(i - 2) * n + i] = 0.5;
    }
    const dense = cholesky(a);
    const band = choleskyBanded(a, 2);
    expect(diff(dense.l, band.l)).toBeLessThan(1e-14);
    expect(band.logDet()).toBeCloseTo(dense.logDet(), 12);
  });
});

describe('lu and qr', () => {
  it('solves with pivoting and computes determinants', () => {
    const f = lu(
      fromRows([
        [0, 1],
        [2, 0],
      ]),
    );
    expect(Array.from(f.solve(Float64Array.of(1, 4)))).toEqual([2, 1]);
    expect(f.det()).toBe(-2);
    const rng = new Rng(2);
    const a = randomMat(rng, 50, 50);
    const b = rng.fillUniform(new Float64Array(50), -1, 1);
    const x = lu(a).solve(b);
    const r = Float64Array.from(b);
    gemv(1, a, x, -1, r);
    expect(Math.max(...r.map(Math.abs))).toBeLessThan(1e-11);
    const B = randomMat(rng, 50, 3);
    const X = lu(a).solveMat(B);
    const AX = mat(50, 3);
    gemm(1, a, X, 0, AX);
    expect(diff(AX, B)).toBeLessThan(1e-10);
  });

  it('throws SingularMatrixError on a singular matrix', () => {
    expect(() =>
      lu(
        fromRows([
          [1, 2],
          [2, 4],
        ]),
      ),
    ).toThrow(SingularMatrixError);
  });

  it('QR reconstructs with orthonormal Q and non-negative diagonal R', () => {
    const rng = new Rng(3);
    const a = randomMat(rng, 40, 12);
    const { q, r } = qr(a);
    const qr_ = mat(40, 12);
    gemm(1, q, r, 0, qr_);
    expect(diff(qr_, a)).toBeLessThan(1e-12 * frob(a));
    const qtq = mat(12, 12);
    gemm(1, q, q, 0, qtq, { transA: true });
    for (let i = 0; i < 12; i++) qtq.data[i * 12 + i] -= 1;
    expect(frob(qtq)).toBeLessThan(1e-12);
    for (let i = 0; i < 12; i++) expect(r.data[i * 12 + i]).toBeGreaterThanOrEqual(0);
    const small = qr(fromRows([[3], [4]]));
    expect(small.q.data[0]).toBeCloseTo(0.6, 15);
    expect(small.r.data[0]).toBeCloseTo(5, 15);
  });
});

describe('svd, eigSym, pinv, polar', () => {
  it('known singular values of [[3, 0], [4, 5]]', () => {
    const { s } = svd(
      fromRows([
        [3, 0],
        [4, 5],
      ]),
    );
    expect(s[0]).toBeCloseTo(6.708203932499369, 13);
    expect(s[1]).toBeCloseTo(2.23606797749979, 13);
  });

  for (const [m, n] of [
    [30, 12],
    [12, 30],
    [20, 20],
  ]) {
    it(`reconstructs a random ${m}x${n} matrix with orthonormal factors and the sign rule`, () => {
      const a = randomMat(new Rng(m * 100 + n), m, n);
      const { u, s, v } = svd(a);
      const p = Math.min(m, n);
      const us = mat(m, p);
      for (let i = 0; i < m; i++)
        for (let k = 0; k < p; k++) us.data[i * p + k] = u!.data[i * p + k] * s[k];
      const rec = mat(m, n);
      gemm(1, us, v!, 0, rec, { transB: true });
      expect(diff(rec, a)).toBeLessThan(1e-12 * frob(a));
      const utu = mat(p, p);
      gemm(1, u!, u!, 0, utu, { transA: true });
      for (let i = 0; i < p; i++) utu.data[i * p + i] -= 1;
      expect(frob(utu)).toBeLessThan(1e-12);
      for (let k = 1; k < p; k++) expect(s[k]).toBeLessThanOrEqual(s[k - 1]);
      for (let k = 0; k < p; k++) {
        let best = 0;
        for (let i = 0; i < m; i++)
          if (Math.abs(u!.data[i * p + k]) > Math.abs(u!.data[best * p + k])) best = i;
        expect(u!.data[best * p + k]).toBeGreaterThan(0);
      }
    });
  }

  it('a wide 2x4 rank-1 input yields a full 4x4 orthogonal V', () => {
    const a = fromRows([
      [1, 2, 3, 4],
      [2, 4, 6, 8],
    ]);
    const { v, s } = svd(a, { thin: false });
    expect(v!.rows).toBe(4);
    expect(v!.cols).toBe(4);
    const vtv = mat(4, 4);
    gemm(1, v!, v!, 0, vtv, { transA: true });
    for (let i = 0; i < 4; i++) vtv.data[i * 4 + i] -= 1;
    expect(frob(vtv)).toBeLessThan(1e-12);
    expect(s[1]).toBeLessThan(1e-12);
    // The last three columns of V span the null space of A.
    const av = mat(2, 4);
    gemm(1, a, v!, 0, av);
    for (let k = 1; k < 4; k++)
      for (let i = 0; i < 2; i++) expect(Math.abs(av.data[i * 4 + k])).toBeLessThan(1e-12);
  });

  it('eigSym of [[2, 1], [1, 2]]', () => {
    const { values, vectors } = eigSym(
      fromRows([
        [2, 1],
        [1, 2],
      ]),
    );
    expect(values[0]).toBeCloseTo(1, 14);
    expect(values[1]).toBeCloseTo(3, 14);
    const r = Math.SQRT1_2;
    // Columns (1, −1)/√2 and (1, 1)/√2 after the sign rule (first index wins the tie).
    expect(vectors!.data[0]).toBeCloseTo(r, 14);
    expect(vectors!.data[2]).toBeCloseTo(-r, 14);
    expect(vectors!.data[1]).toBeCloseTo(r, 14);
    expect(vectors!.data[3]).toBeCloseTo(r, 14);
  });

  it('pinv satisfies A·A⁺·A = A and polar gives orthonormal columns', () => {
    const a = randomMat(new Rng(8), 9, 5);
    const ap = pinv(a);
    const t = mat(9, 9);
    gemm(1, a, ap, 0, t);
    const rec = mat(9, 5);
    gemm(1, t, a, 0, rec);
    expect(diff(rec, a)).toBeLessThan(1e-12 * frob(a));
    const q = polar(a);
    const qtq = mat(5, 5);
    gemm(1, q, q, 0, qtq, { transA: true });
    for (let i = 0; i < 5; i++) qtq.data[i * 5 + i] -= 1;
    expect(frob(qtq)).toBeLessThan(1e-12);
  });
});

describe('projectSpectralNormBall', () => {
  it('clips the singular values of a diagonal matrix', () => {
    const p = projectSpectralNormBall(
      fromRows([
        [3, 0],
        [0, -1],
      ]),
      2,
    );
    expect(toRows(p)).toEqual([
      [2, 0],
      [0, -1],
    ]);
  });

  it('lands in the ball, is idempotent, keeps inside points and is the nearest point', () => {
    const rng = new Rng(21);
    for (const [m, n] of [
      [7, 4],
      [4, 7],
      [6, 6],
    ]) {
      const a = randomMat(rng, m, n);
      const before = Float64Array.from(a.data);
      const s = svd(a, { computeU: false, computeV: false }).s;
      const r = 0.5 * s[0];
      const p = projectSpectralNormBall(a, r);
      expect(Array.from(a.data)).toEqual(Array.from(before));
      expect(svd(p, { computeU: false, computeV: false }).s[0]).toBeLessThan(r * (1 + 1e-12));
      expect(diff(projectSpectralNormBall(p, r), p)).toBeLessThan(1e-12 * frob(p));
      const inside = projectSpectralNormBall(a, 2 * s[0]);
      expect(Array.from(inside.data)).toEqual(Array.from(a.data));
      // Variational inequality of a projection onto a convex set: <A - P, Y - P> <= 0 for every
      // Y in the ball; Y drawn at random and scaled into the ball.
      for (let t = 0; t < 20; t++) {
        const y = randomMat(rng, m, n);
        const sy = svd(y, { computeU: false, computeV: false }).s[0];
        let inner = 0;
        for (let i = 0; i < m * n; i++) {
          inner += (a.data[i] - p.data[i]) * ((r / sy) * rng.next() * y.data[i] - p.data[i]);
        }
        expect(inner).toBeLessThanOrEqual(1e-12 * frob(a) ** 2);
      }
    }
  });

  it('rejects a negative or NaN radius', () => {
    expect(() => projectSpectralNormBall(mat(2, 2), -1)).toThrow(
      /@optkit\/core: radius must be .*; got -1/,
    );
    expect(() => projectSpectralNormBall(mat(2, 2), Number.NaN)).toThrow(/radius/);
  });
});

describe('expm', () => {
  it('known answers', () => {
    expect(toRows(expm(mat(3, 3)))).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]);
    const d = expm(
      fromRows([
        [1, 0],
        [0, 2],
      ]),
    );
    expect(d.data[0]).toBeCloseTo(Math.E, 13);
    expect(d.data[3] / Math.exp(2)).toBeCloseTo(1, 13);
    const n = expm(
      fromRows([
        [0, 1],
        [0, 0],
      ]),
    );
    expect(toRows(n)).toEqual([
      [1, 1],
      [0, 1],
    ]);
    const rot = expm(
      fromRows([
        [0, -Math.PI],
        [Math.PI, 0],
      ]),
    );
    expect(Math.abs(rot.data[0] + 1)).toBeLessThan(1e-13);
    expect(Math.abs(rot.data[1])).toBeLessThan(1e-13);
    expect(Math.abs(rot.data[2])).toBeLessThan(1e-13);
    expect(Math.abs(rot.data[3] + 1)).toBeLessThan(1e-13);
  });

  it('e^A e^-A = I for random A of every Padé degree, and e^{A+B} = e^A e^B when they commute', () => {
    const rng = new Rng(4);
    for (const scale of [0.001, 0.1, 0.5, 1.5, 4, 20]) {
      const a = randomMat(rng, 6, 6);
      for (let i = 0; i < 36; i++) a.data[i] *= scale / 3;
      const neg = mat(
        6,
        6,
        a.data.map((x) => -x),
      );
      const p = mat(6, 6);
      gemm(1, expm(a), expm(neg), 0, p);
      for (let i = 0; i < 6; i++) p.data[i * 6 + i] -= 1;
      expect(frob(p)).toBeLessThan(1e-10 * Math.exp(2 * scale));
    }
  });

  it('a reused workspace gives the fresh result at every degree, from and into views', () => {
    const rng = new Rng(5);
    const d = 7;
    const ws = new ExpmWorkspace(d);
    const host = mat(d + 2, d + 3);
    const out = view(host, 1, 2, d, d);
    // Norms from degree 3 to degree 13 with squarings and back, so stale buffers would show.
    for (const scale of [40, 1e-3, 4, 0.1, 10, 0.5, 1.5]) {
      const big = randomMat(rng, d + 1, d + 1);
      const a = view(big, 1, 0, d, d);
      for (let i = 0; i < d; i++) {
        for (let j = 0; j < d; j++) big.data[(i + 1) * (d + 1) + j] *= scale / d;
      }
      const before = Float64Array.from(big.data);
      ws.expm(a, out);
      const fresh = expm(clone(a));
      expect(toRows(clone(out))).toEqual(toRows(fresh));
      expect(Array.from(big.data)).toEqual(Array.from(before));
    }
    // Entries of the host outside the view are untouched.
    for (let j = 0; j < d + 3; j++) expect(host.data[j]).toBe(0);
  });

  it('e^N = I + N + N²/2 for a nilpotent N', () => {
    const e = expm(mat(3, 3, [0, 2, 3, 0, 0, 5, 0, 0, 0]));
    const want = [1, 2, 3 + 5, 0, 1, 5, 0, 0, 1];
    for (let t = 0; t < 9; t++) expect(e.data[t]).toBeCloseTo(want[t], 12);
  });

  it('rejects non-square, wrongly sized and non-finite input', () => {
    expect(() => expm(mat(2, 3))).toThrow('@optkit/core: a must be a square matrix; got 2x3');
    expect(() => expm(mat(2, 2, [0, Number.NaN, 0, 0]))).toThrow(
      '@optkit/core: a must be finite; got NaN',
    );
    expect(() => new ExpmWorkspace(2).expm(mat(3, 3), mat(2, 2))).toThrow(
      '@optkit/core: a must be a 2x2 matrix; got 3x3',
    );
    expect(() => new ExpmWorkspace(2).expm(mat(2, 2), mat(2, 1))).toThrow(/out must be/);
  });
});
