/**
 * Matrix exponential by scaling and squaring with Padé approximants of degree 3, 5, 7, 9 or 13,
 * chosen by the 1-norm as in Higham (2005) and scipy.linalg.expm: the smallest degree m whose
 * threshold θ_m exceeds ‖A‖₁; otherwise degree 13 on A/2^s with s = ⌈log₂(‖A‖₁/θ₁₃)⌉, followed
 * by s squarings. The rational approximant r = (V − U)⁻¹(V + U) is solved by Gaussian
 * elimination with partial pivoting. {@link ExpmWorkspace} holds every buffer for one size, so
 * iterative methods that need e^A at every step (NOTEARS' acyclicity term) allocate nothing.
 *
 * References: N. J. Higham (2005), "The scaling and squaring method for the matrix exponential
 * revisited", SIAM J. Matrix Anal. Appl. 26(4), 1179-1193.
 */
import { checker } from './checks.js';
import { gemm } from './dense.js';
import { SingularMatrixError } from './errors.js';
import { type Mat, mat } from './mat.js';

const check = checker('core');

const THETA: Record<number, number> = {
  3: 1.495585217958292e-2,
  5: 2.53939833006323e-1,
  7: 9.504178996162932e-1,
  9: 2.097847961257068,
  13: 5.371920351148152,
};

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

/**
 * Reusable buffers for e^A of one size n: eight n×n work matrices, allocated once.
 *
 * @example
 * ```ts
 * const ws = new ExpmWorkspace(2);
 * const out = zeros(2, 2);
 * ws.expm(fromRows([[0, 1], [0, 0]]), out); // out = [[1, 1], [0, 1]]
 * ```
 */
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

  /** @param n - the matrix size, an integer ≥ 0. */
  constructor(readonly n: number) {
    check.integer('n', n, { min: 0 });
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

  /**
   * out = e^A. A (any n×n view, finite) is read, not modified; out may be any n×n view.
   *
   * @throws RangeError for a wrong shape or a non-finite entry of A.
   */
  expm(A: Mat, out: Mat): Mat {
    const n = this.n;
    if (A.rows !== n || A.cols !== n) {
      throw check.rangeErrorText('a', `a ${n}x${n} matrix`, `${A.rows}x${A.cols}`);
    }
    if (out.rows !== n || out.cols !== n) {
      throw check.rangeErrorText('out', `a ${n}x${n} matrix`, `${out.rows}x${out.cols}`);
    }
    const nn = n * n;
    const a = this.a.data;
    for (let i = 0; i < n; i++) {
      const base = A.offset + i * A.stride;
      a.set(A.data.subarray(base, base + n), i * n);
    }

    // 1. Degree from the 1-norm (NaN and ±Infinity fail the finiteness test of the sums).
    const sums = this.colSums;
    sums.fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) sums[j] += Math.abs(a[i * n + j]);
    let norm = 0;
    for (let j = 0; j < n; j++) {
      if (!Number.isFinite(sums[j])) {
        for (let t = 0; t < nn; t++) {
          if (!Number.isFinite(a[t])) throw check.rangeError('a', 'finite', a[t]);
        }
      }
      if (sums[j] > norm) norm = sums[j];
    }
    if (n === 0) return out;
    let degree = 13;
    for (const m of [3, 5, 7, 9]) {
      if (norm <= THETA[m]) {
        degree = m;
        break;
      }
    }
    let s = 0;
    if (degree === 13 && norm > THETA[13]) {
      s = Math.max(0, Math.ceil(Math.log2(norm / THETA[13])));
      const scale = 2 ** -s;
      for (let t = 0; t < nn; t++) a[t] *= scale;
    }

    // 2. U (odd part, times A) and V (even part) of the Padé approximant.
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
      // U = A·[A6·(b13·A6 + b11·A4 + b9·A2) + b7·A6 + b5·A4 + b3·A2 + b1·I]
      for (let k = 0; k < nn; k++) td[k] = b[13] * p6[k] + b[11] * p4[k] + b[9] * p2[k];
      gemm(1, a6, t, 0, a8);
      const p8 = a8.data;
      for (let k = 0; k < nn; k++) td[k] = p8[k] + b[7] * p6[k] + b[5] * p4[k] + b[3] * p2[k];
      for (let k = 0; k < n; k++) td[k * n + k] += b[1];
      gemm(1, A1, t, 0, u);
      // V = A6·(b12·A6 + b10·A4 + b8·A2) + b6·A6 + b4·A4 + b2·A2 + b0·I
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

    // 3. R = (V − U)⁻¹(V + U): P = V + U into t, Q = V − U into v.
    const ud = u.data;
    for (let k = 0; k < nn; k++) {
      td[k] = vd[k] + ud[k];
      vd[k] -= ud[k];
    }
    solveInPlace(vd, td, n);

    // 4. s squarings, alternating between t and u.
    let src = t;
    let dst = u;
    for (let k = 0; k < s; k++) {
      gemm(1, src, src, 0, dst);
      const tmp = src;
      src = dst;
      dst = tmp;
    }
    const r = src.data;
    for (let i = 0; i < n; i++)
      out.data.set(r.subarray(i * n, i * n + n), out.offset + i * out.stride);
    return out;
  }
}

/**
 * Solves Q·R = P in place (R overwrites P; Q is destroyed) by Gaussian elimination with partial
 * pivoting on row-major n×n arrays.
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
    if (!(best > 0)) throw new SingularMatrixError('core', k, best);
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
 * The matrix exponential e^A (one-off; for repeated calls of one size use
 * {@link ExpmWorkspace}).
 *
 * @param a - n×n matrix (any view, finite); not modified.
 * @param out - optional n×n output.
 * @returns e^A.
 * @throws RangeError for a non-square or non-finite input.
 * @example
 * ```ts
 * expm(fromRows([[0, 1], [0, 0]])); // [[1, 1], [0, 1]]
 * ```
 */
export function expm(a: Mat, out?: Mat): Mat {
  const n = a.rows;
  if (a.cols !== n) throw check.rangeErrorText('a', 'a square matrix', `${a.rows}x${a.cols}`);
  return new ExpmWorkspace(n).expm(a, out ?? mat(n, n));
}
