/**
 * Kernels of the two acyclicity functions used by the gradient baselines, with every buffer
 * allocated once per solve (the inner loops call them tens of thousands of times):
 *
 * - {@link ExpmWorkspace}: e^A by scaling and squaring with a diagonal Padé approximant of degree
 *   3, 5, 7, 9 or 13 chosen by the 1-norm (Higham 2005, the rule scipy.linalg.expm and core's
 *   `expm` follow), the rational solve done by Gaussian elimination on the pair of matrices.
 * - {@link invertMMatrix}: (sI - S)^-1 and log det(sI - S) for S >= 0 by Gauss-Jordan elimination
 *   without pivoting, which for a Z-matrix doubles as the M-matrix test (all pivots positive).
 *
 * References: N. J. Higham (2005), "The scaling and squaring method for the matrix exponential
 * revisited", SIAM J. Matrix Anal. Appl. 26(4); A. Berman and R. J. Plemmons (1994), "Nonnegative
 * Matrices in the Mathematical Sciences", ch. 6 (leading principal minors of M-matrices).
 */
import { gemm, type Mat, mat } from '@optkit/core';

const THETA = [1.495585217958292e-2, 2.53939833006323e-1, 9.504178996162932e-1, 2.097847961257068];
const THETA_13 = 5.371920351148152;
const DEGREES = [3, 5, 7, 9];
const PADE: Record<number, number[]> = {
  3: [120, 60, 12, 1],
  5: [30240, 15120, 3360, 420, 30, 1],
  7: [17297280, 8648640, 1995840, 277200, 25200, 1512, 56, 1],
  9: [17643225600, 8821612800, 2075673600, 302702400, 30270240, 2162160, 110880, 3960, 90, 1],
  13: [
    64764752532480000, 32382376266240000, 7771770303897600, 1187353796428800, 129060195264000,
    10559470521600, 670442572800, 33522128640, 1323241920, 40840800, 960960, 16380, 182, 1,
  ],
};

/** Reusable buffers for e^A of one size n (contiguous n x n matrices only). */
export class ExpmWorkspace {
  private readonly a: Mat;
  private readonly a2: Mat;
  private readonly a4: Mat;
  private readonly a6: Mat;
  private readonly a8: Mat;
  private readonly t: Mat;
  private readonly u: Mat;
  private readonly v: Mat;
  private readonly colSums: Float64Array;

  constructor(readonly n: number) {
    this.a = mat(n, n);
    this.a2 = mat(n, n);
    this.a4 = mat(n, n);
    this.a6 = mat(n, n);
    this.a8 = mat(n, n);
    this.t = mat(n, n);
    this.u = mat(n, n);
    this.v = mat(n, n);
    this.colSums = new Float64Array(n);
  }

  /** out = e^A (A is read, not modified; out must not alias A). */
  expm(A: Mat, out: Mat): void {
    const n = this.n;
    const nn = n * n;
    const a = this.a.data;
    a.set(A.data.subarray(0, nn));
    const sums = this.colSums;
    sums.fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) sums[j] += Math.abs(a[i * n + j]);
    let norm = 0;
    let finite = true;
    for (let j = 0; j < n; j++) {
      if (sums[j] > norm) norm = sums[j];
      else if (!(sums[j] <= norm)) finite = false;
    }
    if (!finite || !Number.isFinite(norm)) {
      if (!finite) norm = Number.NaN;
      throw new RangeError(
        `@optkit/notears-topo: the matrix exponential's argument must be finite; got 1-norm ${norm}`,
      );
    }
    let degree = 13;
    for (let k = 0; k < 4; k++) {
      if (norm <= THETA[k]) {
        degree = DEGREES[k];
        break;
      }
    }
    let s = 0;
    if (degree === 13 && norm > THETA_13) {
      s = Math.max(0, Math.ceil(Math.log2(norm / THETA_13)));
      const scale = 2 ** -s;
      for (let t = 0; t < nn; t++) a[t] *= scale;
    }
    const b = PADE[degree];
    const { a2, a4, a6, a8, t, u, v } = this;
    const A1 = this.a;
    gemm(1, A1, A1, 0, a2);
    const td = t.data;
    const vd = v.data;
    if (degree === 13) {
      gemm(1, a2, a2, 0, a4);
      gemm(1, a4, a2, 0, a6);
      const p2 = a2.data;
      const p4 = a4.data;
      const p6 = a6.data;
      // U = A [A6 (b13 A6 + b11 A4 + b9 A2) + b7 A6 + b5 A4 + b3 A2 + b1 I]
      for (let k = 0; k < nn; k++) td[k] = b[13] * p6[k] + b[11] * p4[k] + b[9] * p2[k];
      gemm(1, a6, t, 0, a8);
      const p8 = a8.data;
      for (let k = 0; k < nn; k++) td[k] = p8[k] + b[7] * p6[k] + b[5] * p4[k] + b[3] * p2[k];
      for (let k = 0; k < n; k++) td[k * n + k] += b[1];
      gemm(1, A1, t, 0, u);
      // V = A6 (b12 A6 + b10 A4 + b8 A2) + b6 A6 + b4 A4 + b2 A2 + b0 I
      for (let k = 0; k < nn; k++) td[k] = b[12] * p6[k] + b[10] * p4[k] + b[8] * p2[k];
      gemm(1, a6, t, 0, v);
      for (let k = 0; k < nn; k++) vd[k] += b[6] * p6[k] + b[4] * p4[k] + b[2] * p2[k];
      for (let k = 0; k < n; k++) vd[k * n + k] += b[0];
    } else {
      // Even powers A^2 .. A^(degree-1) in a2, a4, a6, a8.
      const powers = [a2, a4, a6, a8];
      const count = (degree - 1) / 2;
      for (let p = 1; p < count; p++) gemm(1, powers[p - 1], a2, 0, powers[p]);
      td.fill(0);
      vd.fill(0);
      for (let k = 0; k < n; k++) {
        td[k * n + k] = b[1];
        vd[k * n + k] = b[0];
      }
      for (let p = 0; p < count; p++) {
        const pd = powers[p].data;
        const bo = b[2 * p + 3];
        const be = b[2 * p + 2];
        for (let k = 0; k < nn; k++) {
          td[k] += bo * pd[k];
          vd[k] += be * pd[k];
        }
      }
      gemm(1, A1, t, 0, u);
    }
    // R = (V - U)^-1 (V + U): P = V + U into t, Q = V - U into v.
    const ud = u.data;
    for (let k = 0; k < nn; k++) {
      td[k] = vd[k] + ud[k];
      vd[k] -= ud[k];
    }
    solveInPlace(vd, td, n);
    // s squarings, alternating between t and u; the result ends in `out`.
    let src = t;
    let dst = u;
    for (let k = 0; k < s; k++) {
      gemm(1, src, src, 0, dst);
      const tmp = src;
      src = dst;
      dst = tmp;
    }
    out.data.set(src.data.subarray(0, nn));
  }
}

/**
 * Solves Q R = P in place (R overwrites P; Q is destroyed) by Gaussian elimination with partial
 * pivoting on row-major n x n arrays.
 */
function solveInPlace(q: Float64Array, p: Float64Array, n: number): void {
  for (let k = 0; k < n; k++) {
    let piv = k;
    let best = Math.abs(q[k * n + k]);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(q[i * n + k]);
      if (v > best) {
        best = v;
        piv = i;
      }
    }
    if (!(best > 0)) throw new RangeError('@optkit/notears-topo: Pade denominator is singular');
    if (piv !== k) {
      for (let j = 0; j < n; j++) {
        const a = q[k * n + j];
        q[k * n + j] = q[piv * n + j];
        q[piv * n + j] = a;
        const c = p[k * n + j];
        p[k * n + j] = p[piv * n + j];
        p[piv * n + j] = c;
      }
    }
    const rk = k * n;
    const inv = 1 / q[rk + k];
    for (let i = k + 1; i < n; i++) {
      const ri = i * n;
      const l = q[ri + k] * inv;
      if (l === 0) continue;
      for (let j = k + 1; j < n; j++) q[ri + j] -= l * q[rk + j];
      for (let j = 0; j < n; j++) p[ri + j] -= l * p[rk + j];
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    const ri = i * n;
    for (let k = i + 1; k < n; k++) {
      const l = q[ri + k];
      if (l === 0) continue;
      const rk = k * n;
      for (let j = 0; j < n; j++) p[ri + j] -= l * p[rk + j];
    }
    const inv = 1 / q[ri + i];
    for (let j = 0; j < n; j++) p[ri + j] *= inv;
  }
}

/**
 * For the Z-matrix M = sI - W o W (given W), writes M^-1 into `out` (row-major d x d) and returns
 * log det M, or NaN when M is not a nonsingular M-matrix (some leading principal minor <= 0, or a
 * negative entry of the computed inverse beyond -1e-16, the reference implementation's test).
 * Gauss-Jordan elimination without pivoting; the pivots are the ratios of consecutive leading
 * principal minors, so all of them are positive exactly on the M-matrix domain.
 */
export function invertMMatrix(W: Float64Array, s: number, d: number, out: Float64Array): number {
  const dd = d * d;
  for (let t = 0; t < dd; t++) out[t] = -W[t] * W[t];
  for (let k = 0; k < d; k++) out[k * d + k] += s;
  let logDet = 0;
  for (let k = 0; k < d; k++) {
    const rk = k * d;
    const pivot = out[rk + k];
    if (!(pivot > 0)) return Number.NaN;
    logDet += Math.log(pivot);
    const inv = 1 / pivot;
    out[rk + k] = 1;
    for (let j = 0; j < d; j++) out[rk + j] *= inv;
    for (let i = 0; i < d; i++) {
      if (i === k) continue;
      const ri = i * d;
      const f = out[ri + k];
      if (f === 0) continue;
      out[ri + k] = 0;
      for (let j = 0; j < d; j++) out[ri + j] -= f * out[rk + j];
    }
  }
  for (let t = 0; t < dd; t++) if (out[t] + 1e-16 < 0) return Number.NaN;
  return logDet;
}
