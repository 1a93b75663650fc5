/**
 * Cholesky factorization A = L·Lᵀ of a symmetric positive definite matrix, with triangular
 * solves and the log-determinant; a banded variant for narrow-band systems.
 *
 * The factorization is the row-oriented (Crout, "dot") form: for row j, L[j,k] =
 * (A[j,k] − L[j,0:k]·L[k,0:k]) / L[k,k] for k < j, then L[j,j] = √(A[j,j] − ‖L[j,0:j]‖²).
 * Both dots read rows, which are contiguous in row-major storage. Only the lower triangle of A
 * is read after the symmetry check.
 *
 * References: G. H. Golub and C. F. Van Loan (2013), "Matrix Computations", 4th ed., §4.2.
 */
import { checker } from './checks.js';
import { gemmKernel, trsv } from './dense.js';
import { NotPositiveDefiniteError } from './errors.js';
import { type Mat, mat, view } from './mat.js';

const check = checker('core');

/** A computed Cholesky factor with its solves. */
export interface CholeskyFactor {
  /** Lower-triangular factor (strict upper triangle is zero). */
  readonly l: Mat;
  /** The diagonal shift τ that was added (0 unless `jitter` was needed). */
  readonly jitter: number;
  /** Notes such as a symmetrization of a slightly asymmetric input. */
  readonly warnings: string[];
  /** Solves A·x = b; returns x (a new vector, or `out`). */
  solve(b: Float64Array, out?: Float64Array): Float64Array;
  /** log det A = 2 Σ log L_ii. */
  logDet(): number;
}

/** Options for {@link cholesky}. */
export interface CholeskyOptions {
  /**
   * On failure, retry with A + τI: `true` starts at τ = 1e-10·mean(diag A) and multiplies by 10
   * up to 6 times; a number gives the starting τ. Default false (throw).
   */
  jitter?: boolean | number;
  /** Check that entries are finite (default true). */
  checkFinite?: boolean;
}

/**
 * Factors a symmetric positive definite matrix.
 *
 * @param a - n×n symmetric matrix (any view); not modified.
 * @param options - see {@link CholeskyOptions}.
 * @returns the factor with `solve` and `logDet`.
 * @throws RangeError for a non-square, non-finite or clearly asymmetric input;
 *   {@link NotPositiveDefiniteError} when a pivot is not positive and `jitter` is off or fails.
 * @example
 * ```ts
 * const f = cholesky(fromRows([[4, 12, -16], [12, 37, -43], [-16, -43, 98]]));
 * toRows(f.l); // [[2, 0, 0], [6, 1, 0], [-8, 5, 3]]
 * f.logDet();  // Math.log(36)
 * ```
 */
export function cholesky(a: Mat, options: CholeskyOptions = {}): CholeskyFactor {
  const n = a.rows;
  if (a.cols !== n) throw check.rangeErrorText('a', 'a square matrix', `${a.rows}x${a.cols}`);
  const warnings: string[] = [];
  const l = mat(n, n);
  const { data: ad, stride: as, offset: ao } = a;
  let maxAbs = 0;
  let maxAsym = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const x = ad[ao + i * as + j];
      const y = ad[ao + j * as + i];
      if ((options.checkFinite ?? true) && !Number.isFinite(x)) {
        throw check.rangeError(`a[${i}][${j}]`, 'finite', x);
      }
      const ax = Math.abs(x);
      if (ax > maxAbs) maxAbs = ax;
      const d = Math.abs(x - y);
      if (d > maxAsym) maxAsym = d;
      // Average the two triangles so a slightly asymmetric input is symmetrized.
      l.data[i * n + j] = x === y ? x : 0.5 * (x + y);
    }
  }
  if (maxAsym > 0) {
    if (maxAsym > 1e-10 * maxAbs) {
      throw check.rangeErrorText(
        'a',
        'symmetric',
        `max |a[i][j] - a[j][i]| = ${maxAsym} with max |a| = ${maxAbs}`,
      );
    }
    warnings.push(`a was slightly asymmetric (max difference ${maxAsym}); it was symmetrized`);
  }

  const lower = l.data.slice();
  let tau = 0;
  let fail = factorInPlace(l.data, n);
  if (fail !== null && options.jitter !== undefined && options.jitter !== false) {
    let meanDiag = 0;
    for (let i = 0; i < n; i++) meanDiag += Math.abs(lower[i * n + i]);
    meanDiag = n > 0 ? meanDiag / n : 1;
    tau = typeof options.jitter === 'number' ? options.jitter : 1e-10 * (meanDiag || 1);
    for (let attempt = 0; attempt < 7 && fail !== null; attempt++, tau *= 10) {
      l.data.set(lower);
      for (let i = 0; i < n; i++) l.data[i * n + i] += tau;
      fail = factorInPlace(l.data, n);
      if (fail === null) break;
    }
    if (fail === null) warnings.push(`a was not numerically positive definite; added ${tau}·I`);
  }
  if (fail !== null) throw new NotPositiveDefiniteError('core', fail.pivot, fail.value);
  return makeFactor(l, fail === null ? tau : 0, warnings);
}

/** Block size of the right-looking blocked factorization (used for n ≥ 2·NB). */
const NB = 64;

/**
 * Factors in place the lower triangle held in `d` (n×n, contiguous). Returns the failing pivot,
 * or null on success. The strict upper triangle is left at zero.
 *
 * Large matrices use the blocked right-looking form: factor a diagonal block (unblocked), solve
 * the panel below it row by row, then update the trailing lower triangle, A22 −= L21·L21ᵀ, one
 * row block at a time through the gemm kernel, so most flops run in the packed micro-kernel.
 */
function factorInPlace(d: Float64Array, n: number): { pivot: number; value: number } | null {
  if (n < 2 * NB) return factorBlock(d, n, 0, n);
  const whole: Mat = { rows: n, cols: n, stride: n, offset: 0, data: d };
  for (let k0 = 0; k0 < n; k0 += NB) {
    const kb = Math.min(NB, n - k0);
    // 1. Diagonal block.
    const fail = factorBlock(d, n, k0, kb);
    if (fail !== null) return fail;
    const below = n - k0 - kb;
    if (below === 0) break;
    // 2. Panel: L21 = A21·L11⁻ᵀ, forward substitution along each row.
    for (let i = k0 + kb; i < n; i++) {
      const ri = i * n;
      for (let k = k0; k < k0 + kb; k++) {
        const rk = k * n;
        let s = d[ri + k];
        for (let t = k0; t < k; t++) s -= d[ri + t] * d[rk + t];
        d[ri + k] = s / d[rk + k];
      }
    }
    // 3. Trailing update of the lower triangle, row block by row block.
    const panel = view(whole, k0 + kb, k0, below, kb);
    for (let r0 = 0; r0 < below; r0 += NB) {
      const rb = Math.min(NB, below - r0);
      const width = r0 + rb;
      const rowsOfPanel = view(panel, r0, 0, rb, kb);
      const colsOfPanel = view(panel, 0, 0, width, kb);
      const target = view(whole, k0 + kb + r0, k0 + kb, rb, width);
      gemmKernel(-1, rowsOfPanel, colsOfPanel, 1, target, false, true, rb, width, kb);
    }
  }
  // The row-block updates also wrote above the diagonal inside each block: clear it.
  for (let i = 0; i < n; i++) d.fill(0, i * n + i + 1, (i + 1) * n);
  return null;
}

/**
 * Unblocked Crout factorization of the diagonal block starting at (k0, k0) of size kb, inside
 * an n×n row-major buffer whose columns left of k0 have already been eliminated from the block.
 */
function factorBlock(
  d: Float64Array,
  n: number,
  k0: number,
  kb: number,
): { pivot: number; value: number } | null {
  for (let j = k0; j < k0 + kb; j++) {
    const rj = j * n;
    for (let k = k0; k < j; k++) {
      const rk = k * n;
      let s0 = d[rj + k];
      let s1 = 0;
      let i = k0;
      for (; i + 1 < k; i += 2) {
        s0 -= d[rj + i] * d[rk + i];
        s1 -= d[rj + i + 1] * d[rk + i + 1];
      }
      if (i < k) s0 -= d[rj + i] * d[rk + i];
      d[rj + k] = (s0 + s1) / d[rk + k];
    }
    let s = d[rj + j];
    for (let i = k0; i < j; i++) s -= d[rj + i] * d[rj + i];
    if (!(s > 0) || !Number.isFinite(s)) return { pivot: j, value: s };
    d[rj + j] = Math.sqrt(s);
  }
  return null;
}

function makeFactor(l: Mat, jitter: number, warnings: string[]): CholeskyFactor {
  const n = l.rows;
  return {
    l,
    jitter,
    warnings,
    solve(b: Float64Array, out?: Float64Array): Float64Array {
      if (b.length !== n) throw check.rangeErrorText('b', `of length ${n}`, `length ${b.length}`);
      const x = out ?? new Float64Array(n);
      if (x !== b) x.set(b);
      trsv(l, x, { lower: true });
      trsv(l, x, { lower: true, trans: true });
      return x;
    },
    logDet(): number {
      let s = 0;
      for (let i = 0; i < n; i++) s += Math.log(l.data[i * n + i]);
      return 2 * s;
    },
  };
}

/**
 * Cholesky factorization of a symmetric positive definite band matrix, O(n·b²): entries with
 * |i − j| > bandwidth are taken as zero and never read.
 *
 * @param a - n×n symmetric band matrix (dense storage).
 * @param bandwidth - number of sub-diagonals b ≥ 0.
 * @throws {@link NotPositiveDefiniteError} when a pivot is not positive.
 */
export function choleskyBanded(a: Mat, bandwidth: number): CholeskyFactor {
  const n = a.rows;
  if (a.cols !== n) throw check.rangeErrorText('a', 'a square matrix', `${a.rows}x${a.cols}`);
  check.integer('bandwidth', bandwidth, { min: 0 });
  const l = mat(n, n);
  const d = l.data;
  for (let j = 0; j < n; j++) {
    const k0 = Math.max(0, j - bandwidth);
    for (let k = k0; k < j; k++) {
      let s = a.data[a.offset + j * a.stride + k];
      const i0 = Math.max(k0, k - bandwidth);
      for (let i = i0; i < k; i++) s -= d[j * n + i] * d[k * n + i];
      d[j * n + k] = s / d[k * n + k];
    }
    let s = a.data[a.offset + j * a.stride + j];
    if (!Number.isFinite(s)) throw check.rangeError(`a[${j}][${j}]`, 'finite', s);
    for (let i = k0; i < j; i++) s -= d[j * n + i] * d[j * n + i];
    if (!(s > 0)) throw new NotPositiveDefiniteError('core', j, s);
    d[j * n + j] = Math.sqrt(s);
  }
  return makeFactor(l, 0, []);
}
