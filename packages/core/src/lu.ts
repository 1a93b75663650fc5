/**
 * LU factorization with partial pivoting, P·A = L·U, and Householder QR, A = Q·R. Both are
 * written for row-major storage: LU eliminates with row axpys (right-looking), QR applies each
 * reflector to rows through a gemvT-style accumulation.
 *
 * References: G. H. Golub and C. F. Van Loan (2013), "Matrix Computations", 4th ed., §3.4 and
 * §5.2.
 */
import { checker } from './checks.js';
import { SingularMatrixError } from './errors.js';
import { clone, type Mat, mat } from './mat.js';

const check = checker('core');

/** A computed LU factorization. */
export interface LuFactor {
  /** Packed factors: strict lower triangle holds L (unit diagonal), upper triangle holds U. */
  readonly lu: Mat;
  /** Row permutation: row i of P·A is row `perm[i]` of A. */
  readonly perm: Int32Array;
  /** Sign of the permutation, ±1. */
  readonly sign: number;
  /** Solves A·x = b; returns x (a new vector, or `out`). */
  solve(b: Float64Array, out?: Float64Array): Float64Array;
  /** Solves A·X = B for a matrix right-hand side; returns X (new, or `out`). */
  solveMat(b: Mat, out?: Mat): Mat;
  /** log |det A|. */
  logAbsDet(): number;
  /** det A (may overflow for large n; prefer `logAbsDet`). */
  det(): number;
}

/**
 * Factors a square matrix with partial pivoting.
 *
 * @param a - n×n matrix (any view); not modified.
 * @returns the factorization with solves and determinants.
 * @throws {@link SingularMatrixError} when a pivot is ≤ n·ε·max|A| (numerically singular).
 * @example
 * ```ts
 * const f = lu(fromRows([[0, 1], [2, 0]]));
 * f.solve(Float64Array.of(1, 4)); // [2, 1]
 * ```
 */
export function lu(a: Mat): LuFactor {
  const n = a.rows;
  if (a.cols !== n) throw check.rangeErrorText('a', 'a square matrix', `${a.rows}x${a.cols}`);
  const f = clone(a);
  const d = f.data;
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  let maxAbs = 0;
  for (let i = 0; i < d.length; i++) {
    const v = Math.abs(d[i]);
    if (!Number.isFinite(v)) throw check.rangeError('a', 'finite', d[i]);
    if (v > maxAbs) maxAbs = v;
  }
  const tiny = n * Number.EPSILON * maxAbs;
  let sign = 1;
  for (let k = 0; k < n; k++) {
    let p = k;
    let best = Math.abs(d[k * n + k]);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(d[i * n + k]);
      if (v > best) {
        best = v;
        p = i;
      }
    }
    if (best <= tiny || best === 0) throw new SingularMatrixError('core', k, best);
    if (p !== k) {
      const rk = d.slice(k * n, k * n + n);
      d.copyWithin(k * n, p * n, p * n + n);
      d.set(rk, p * n);
      const t = perm[k];
      perm[k] = perm[p];
      perm[p] = t;
      sign = -sign;
    }
    const rk = k * n;
    const pivot = d[rk + k];
    for (let i = k + 1; i < n; i++) {
      const ri = i * n;
      const lik = d[ri + k] / pivot;
      d[ri + k] = lik;
      if (lik === 0) continue;
      for (let j = k + 1; j < n; j++) d[ri + j] -= lik * d[rk + j];
    }
  }
  return makeLu(f, perm, sign);
}

function makeLu(f: Mat, perm: Int32Array, sign: number): LuFactor {
  const n = f.rows;
  const d = f.data;
  function solveInPlace(x: Float64Array): void {
    for (let i = 0; i < n; i++) {
      let s = x[i];
      const ri = i * n;
      for (let k = 0; k < i; k++) s -= d[ri + k] * x[k];
      x[i] = s;
    }
    for (let i = n - 1; i >= 0; i--) {
      let s = x[i];
      const ri = i * n;
      for (let k = i + 1; k < n; k++) s -= d[ri + k] * x[k];
      x[i] = s / d[ri + i];
    }
  }
  return {
    lu: f,
    perm,
    sign,
    solve(b: Float64Array, out?: Float64Array): Float64Array {
      if (b.length !== n) throw check.rangeErrorText('b', `of length ${n}`, `length ${b.length}`);
      const pb = new Float64Array(n);
      for (let i = 0; i < n; i++) pb[i] = b[perm[i]];
      solveInPlace(pb);
      const x = out ?? new Float64Array(n);
      x.set(pb);
      return x;
    },
    solveMat(b: Mat, out?: Mat): Mat {
      if (b.rows !== n) {
        throw check.rangeErrorText('b', `a matrix with ${n} rows`, `${b.rows}x${b.cols}`);
      }
      const m = b.cols;
      const x = out ?? mat(n, m);
      // Row-oriented forward and backward substitution on whole rows of X.
      const xd = new Float64Array(n * m);
      for (let i = 0; i < n; i++) {
        const src = b.offset + perm[i] * b.stride;
        xd.set(b.data.subarray(src, src + m), i * m);
      }
      for (let i = 0; i < n; i++) {
        const ri = i * n;
        for (let k = 0; k < i; k++) {
          const l = d[ri + k];
          if (l === 0) continue;
          for (let j = 0; j < m; j++) xd[i * m + j] -= l * xd[k * m + j];
        }
      }
      for (let i = n - 1; i >= 0; i--) {
        const ri = i * n;
        for (let k = i + 1; k < n; k++) {
          const u = d[ri + k];
          if (u === 0) continue;
          for (let j = 0; j < m; j++) xd[i * m + j] -= u * xd[k * m + j];
        }
        const inv = 1 / d[ri + i];
        for (let j = 0; j < m; j++) xd[i * m + j] *= inv;
      }
      for (let i = 0; i < n; i++)
        x.data.set(xd.subarray(i * m, i * m + m), x.offset + i * x.stride);
      return x;
    },
    logAbsDet(): number {
      let s = 0;
      for (let i = 0; i < n; i++) s += Math.log(Math.abs(d[i * n + i]));
      return s;
    },
    det(): number {
      let p = sign;
      for (let i = 0; i < n; i++) p *= d[i * n + i];
      return p;
    },
  };
}

/**
 * Solves A·x = b by LU with partial pivoting.
 *
 * @throws {@link SingularMatrixError} for a numerically singular A.
 */
export function solve(a: Mat, b: Float64Array): Float64Array {
  return lu(a).solve(b);
}

/**
 * Householder QR of an m×n matrix with m ≥ n: A = Q·R with Q m×n orthonormal columns (thin) and
 * R n×n upper triangular, R's diagonal made non-negative.
 *
 * @param a - m×n matrix, m ≥ n (any view); not modified.
 * @throws RangeError when m < n.
 * @example
 * ```ts
 * const { q, r } = qr(fromRows([[3], [4]])); // q = [[0.6], [0.8]], r = [[5]]
 * ```
 */
export function qr(a: Mat): { q: Mat; r: Mat } {
  const m = a.rows;
  const n = a.cols;
  if (m < n) throw check.rangeErrorText('a', 'a matrix with rows >= cols', `${m}x${n}`);
  const w = clone(a);
  const d = w.data;
  const vs: Float64Array[] = [];
  const betas = new Float64Array(n);
  const acc = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    // Reflector v (v[0] = 1) that zeroes column k below the diagonal.
    let norm2 = 0;
    for (let i = k; i < m; i++) norm2 += d[i * n + k] * d[i * n + k];
    const alpha = d[k * n + k];
    const norm = Math.sqrt(norm2);
    const v = new Float64Array(m - k);
    if (norm === 0) {
      vs.push(v);
      betas[k] = 0;
      continue;
    }
    const beta0 = alpha >= 0 ? -norm : norm;
    const v0 = alpha - beta0;
    v[0] = 1;
    for (let i = k + 1; i < m; i++) v[i - k] = d[i * n + k] / v0;
    const tau = (beta0 - alpha) / beta0;
    // Apply H = I − τ v vᵀ to columns k..n−1: acc = vᵀ A[k:, k:], then rank-1 update.
    acc.fill(0, k, n);
    for (let i = k; i < m; i++) {
      const vi = v[i - k];
      const ri = i * n;
      for (let j = k; j < n; j++) acc[j] += vi * d[ri + j];
    }
    for (let i = k; i < m; i++) {
      const s = tau * v[i - k];
      const ri = i * n;
      for (let j = k; j < n; j++) d[ri + j] -= s * acc[j];
    }
    vs.push(v);
    betas[k] = tau;
  }
  const r = mat(n, n);
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) r.data[i * n + j] = d[i * n + j];
  // Q = H_0 ... H_{n−1} applied to the first n columns of I, from the last reflector back.
  const q = mat(m, n);
  const qd = q.data;
  for (let i = 0; i < n; i++) qd[i * n + i] = 1;
  for (let k = n - 1; k >= 0; k--) {
    const v = vs[k];
    const tau = betas[k];
    if (tau === 0) continue;
    acc.fill(0, k, n);
    for (let i = k; i < m; i++) {
      const vi = v[i - k];
      const ri = i * n;
      for (let j = k; j < n; j++) acc[j] += vi * qd[ri + j];
    }
    for (let i = k; i < m; i++) {
      const s = tau * v[i - k];
      const ri = i * n;
      for (let j = k; j < n; j++) qd[ri + j] -= s * acc[j];
    }
  }
  // Make R's diagonal non-negative (flip the row of R and the column of Q together).
  for (let i = 0; i < n; i++) {
    if (r.data[i * n + i] < 0) {
      for (let j = i; j < n; j++) r.data[i * n + j] = -r.data[i * n + j];
      for (let row = 0; row < m; row++) qd[row * n + i] = -qd[row * n + i];
    }
  }
  return { q, r };
}
