/**
 * Decompositions delegated to ml-matrix (SVD, symmetric and general eigen) and the ones built on
 * them (pseudo-inverse, polar factor). Matrices are converted at this boundary only, by row
 * copies (never `Matrix.from1DArray` or `to1DArray`, which are several times slower). The
 * wrappers fix conventions that ml-matrix leaves open: singular values descending, symmetric
 * eigenvalues ascending, signs flipped so the largest-magnitude entry of each left singular
 * vector / eigenvector is positive (first index on ties), and SVD always run on the tall
 * orientation (ml-matrix warns on wide inputs and returns an incomplete null space for them).
 *
 * References: G. H. Golub and C. Reinsch (1970), "Singular value decomposition and least squares
 * solutions", Numer. Math. 14. ml-matrix (mljs), https://github.com/mljs/matrix.
 */
import { EigenvalueDecomposition, Matrix, SingularValueDecomposition } from 'ml-matrix';
import { checker } from './checks.js';
import { gemm } from './dense.js';
import { type Mat, mat, transpose } from './mat.js';

const check = checker('core');

/** ml-matrix stores a `Matrix` as one Float64Array per row; its typings do not declare it. */
function rowsOf(m: Matrix): Float64Array[] {
  return (m as unknown as { data: Float64Array[] }).data;
}

/** Copies a {@link Mat} into a new ml-matrix `Matrix`, row by row. */
export function toMlMatrix(a: Mat): Matrix {
  const m = new Matrix(a.rows, a.cols);
  for (let i = 0; i < a.rows; i++) {
    const base = a.offset + i * a.stride;
    rowsOf(m)[i].set(a.data.subarray(base, base + a.cols));
  }
  return m;
}

/** Copies an ml-matrix `Matrix` into a new contiguous {@link Mat}, row by row. */
export function fromMlMatrix(m: Matrix): Mat {
  const out = mat(m.rows, m.columns);
  for (let i = 0; i < m.rows; i++) out.data.set(rowsOf(m)[i], i * m.columns);
  return out;
}

function assertFinite(argument: string, a: Mat): void {
  for (let i = 0; i < a.rows; i++) {
    const base = a.offset + i * a.stride;
    for (let j = 0; j < a.cols; j++) {
      const x = a.data[base + j];
      if (!Number.isFinite(x)) throw check.rangeError(`${argument}[${i}][${j}]`, 'finite', x);
    }
  }
}

/** Index of the first entry of largest magnitude in column j of a. */
function argMaxAbsColumn(a: Mat, j: number): number {
  let best = 0;
  let bestAbs = -1;
  for (let i = 0; i < a.rows; i++) {
    const v = Math.abs(a.data[a.offset + i * a.stride + j]);
    if (v > bestAbs) {
      bestAbs = v;
      best = i;
    }
  }
  return best;
}

function negateColumn(a: Mat, j: number): void {
  for (let i = 0; i < a.rows; i++) a.data[a.offset + i * a.stride + j] *= -1;
}

/**
 * Extends the r orthonormal columns of q (m×r) to an orthonormal basis of Rᵐ (m×m), by
 * Gram-Schmidt (twice, for stability) against the unit vectors in order.
 */
function completeBasis(q: Mat): Mat {
  const m = q.rows;
  const r = q.cols;
  const out = mat(m, m);
  const cols: Float64Array[] = [];
  for (let j = 0; j < r; j++) {
    const c = new Float64Array(m);
    for (let i = 0; i < m; i++) c[i] = q.data[q.offset + i * q.stride + j];
    cols.push(c);
  }
  for (let e = 0; e < m && cols.length < m; e++) {
    const v = new Float64Array(m);
    v[e] = 1;
    for (let pass = 0; pass < 2; pass++) {
      for (const c of cols) {
        let s = 0;
        for (let i = 0; i < m; i++) s += c[i] * v[i];
        for (let i = 0; i < m; i++) v[i] -= s * c[i];
      }
    }
    let norm = 0;
    for (let i = 0; i < m; i++) norm += v[i] * v[i];
    norm = Math.sqrt(norm);
    if (norm < 1e-8) continue;
    for (let i = 0; i < m; i++) v[i] /= norm;
    cols.push(v);
  }
  for (let j = 0; j < m; j++) for (let i = 0; i < m; i++) out.data[i * m + j] = cols[j][i];
  return out;
}

/** Result of {@link svd}. */
export interface SvdResult {
  /** Left singular vectors: m×p (thin) or m×m (full); absent when not computed. */
  u?: Mat;
  /** Singular values, descending, length p = min(m, n). */
  s: Float64Array;
  /** Right singular vectors: n×p (thin) or n×n (full); absent when not computed. */
  v?: Mat;
}

/**
 * Singular value decomposition A = U·diag(s)·Vᵀ (delegated to ml-matrix's Golub-Kahan SVD).
 *
 * @param a - m×n matrix (any view, finite); not modified.
 * @param options - `thin` (default true: U m×p, V n×p with p = min(m, n); false gives square
 *   U and V), `computeU`, `computeV` (default true).
 * @returns s descending; u and v with the sign rule applied (largest |entry| of each column of U
 *   positive; V's column flipped with it).
 * @throws RangeError for non-finite entries.
 * @example
 * ```ts
 * svd(fromRows([[3, 0], [4, 5]])).s; // [6.708203932499369, 2.23606797749979]
 * ```
 */
export function svd(
  a: Mat,
  options: { thin?: boolean; computeU?: boolean; computeV?: boolean } = {},
): SvdResult {
  const { thin = true, computeU = true, computeV = true } = options;
  assertFinite('a', a);
  const wide = a.rows < a.cols;
  const tall = wide ? transpose(a) : a;
  const p = tall.cols;
  const wantLeft = wide ? computeV : computeU;
  const wantRight = wide ? computeU : computeV;
  const result = new SingularValueDecomposition(toMlMatrix(tall), {
    computeLeftSingularVectors: wantLeft || wantRight,
    computeRightSingularVectors: wantRight || wantLeft,
    autoTranspose: false,
  });
  const sRaw = result.diagonal;
  const order = Array.from({ length: p }, (_, i) => i).sort((i, j) => sRaw[j] - sRaw[i] || i - j);
  const s = new Float64Array(p);
  for (let i = 0; i < p; i++) s[i] = Math.max(0, sRaw[order[i]]);
  let left: Mat | undefined;
  let right: Mat | undefined;
  if (wantLeft || wantRight) {
    const uFull = fromMlMatrix(result.leftSingularVectors);
    const vFull = fromMlMatrix(result.rightSingularVectors);
    left = mat(tall.rows, p);
    right = mat(p, p);
    for (let k = 0; k < p; k++) {
      const src = order[k];
      for (let i = 0; i < tall.rows; i++) left.data[i * p + k] = uFull.data[i * uFull.cols + src];
      for (let i = 0; i < p; i++) right.data[i * p + k] = vFull.data[i * vFull.cols + src];
    }
    // The sign rule is applied to U of the original orientation.
    const ref = wide ? right : left;
    for (let k = 0; k < p; k++) {
      const i = argMaxAbsColumn(ref, k);
      if (ref.data[i * p + k] < 0) {
        negateColumn(left, k);
        negateColumn(right, k);
      }
    }
  }
  let u = wide ? right : left;
  let v = wide ? left : right;
  if (!thin) {
    if (u && u.cols < u.rows) u = completeBasis(u);
    if (v && v.cols < v.rows) v = completeBasis(v);
  }
  const out: SvdResult = { s };
  if (computeU && u) out.u = u;
  if (computeV && v) out.v = v;
  return out;
}

/**
 * Eigen-decomposition of a symmetric matrix, A = V·diag(values)·Vᵀ (delegated to ml-matrix's
 * tridiagonal QL).
 *
 * @param a - n×n symmetric matrix; only symmetry to rounding is assumed, not checked bitwise.
 * @param options - `vectors` (default true).
 * @returns eigenvalues ascending; eigenvectors as columns, sign rule applied.
 * @example
 * ```ts
 * eigSym(fromRows([[2, 1], [1, 2]])).values; // [1, 3]
 * ```
 */
export function eigSym(
  a: Mat,
  options: { vectors?: boolean } = {},
): { values: Float64Array; vectors?: Mat } {
  const n = a.rows;
  if (a.cols !== n) throw check.rangeErrorText('a', 'a square matrix', `${a.rows}x${a.cols}`);
  assertFinite('a', a);
  const e = new EigenvalueDecomposition(toMlMatrix(a), { assumeSymmetric: true });
  const raw = e.realEigenvalues;
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => raw[i] - raw[j] || i - j);
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = raw[order[i]];
  if (options.vectors === false) return { values };
  const vm = fromMlMatrix(e.eigenvectorMatrix);
  const vectors = mat(n, n);
  for (let k = 0; k < n; k++) {
    for (let i = 0; i < n; i++) vectors.data[i * n + k] = vm.data[i * n + order[k]];
    const i = argMaxAbsColumn(vectors, k);
    if (vectors.data[i * n + k] < 0) negateColumn(vectors, k);
  }
  return { values, vectors };
}

/**
 * Eigenvalues and eigenvectors of a general square matrix (delegated to ml-matrix's Hessenberg
 * QR). Complex pairs appear as (re ± i·im); their vectors are stored as JAMA does (real and
 * imaginary parts in adjacent columns).
 */
export function eig(a: Mat): { re: Float64Array; im: Float64Array; vectors: Mat } {
  if (a.cols !== a.rows) throw check.rangeErrorText('a', 'a square matrix', `${a.rows}x${a.cols}`);
  assertFinite('a', a);
  const e = new EigenvalueDecomposition(toMlMatrix(a), { assumeSymmetric: false });
  return {
    re: Float64Array.from(e.realEigenvalues),
    im: Float64Array.from(e.imaginaryEigenvalues),
    vectors: fromMlMatrix(e.eigenvectorMatrix),
  };
}

/**
 * Moore-Penrose pseudo-inverse A⁺ = V·diag(1/s)·Uᵀ, dropping singular values below
 * `rcond`·s_max.
 *
 * @param a - m×n matrix.
 * @param rcond - relative cutoff; default max(m, n)·ε.
 * @returns n×m matrix.
 */
export function pinv(a: Mat, rcond?: number): Mat {
  const cutoffRel =
    rcond === undefined
      ? Math.max(a.rows, a.cols) * Number.EPSILON
      : check.number('rcond', rcond, { min: 0 });
  const { u, s, v } = svd(a);
  const p = s.length;
  const cutoff = (p > 0 ? s[0] : 0) * cutoffRel;
  const vs = mat(a.cols, p);
  for (let i = 0; i < a.cols; i++) {
    for (let k = 0; k < p; k++) {
      vs.data[i * p + k] = s[k] > cutoff ? v!.data[i * p + k] / s[k] : 0;
    }
  }
  const out = mat(a.cols, a.rows);
  gemm(1, vs, u!, 0, out, { transB: true });
  return out;
}

/**
 * The orthogonal polar factor U·Vᵀ of A (from the thin SVD): the nearest matrix with
 * orthonormal columns in the Frobenius norm.
 *
 * @param a - m×n matrix with m ≥ n.
 * @throws RangeError when m < n.
 */
export function polar(a: Mat): Mat {
  if (a.rows < a.cols)
    throw check.rangeErrorText('a', 'a matrix with rows >= cols', `${a.rows}x${a.cols}`);
  const { u, v } = svd(a);
  const out = mat(a.rows, a.cols);
  gemm(1, u!, v!, 0, out, { transB: true });
  return out;
}

/**
 * Euclidean (Frobenius) projection onto the spectral-norm ball {X : ‖X‖₂ ≤ radius}: singular
 * values above the radius are clipped to it, the singular vectors kept. Computed as
 * A − Σ_{s_k > r} (s_k − r)·u_k·v_kᵀ, so a matrix already inside the ball comes back unchanged
 * (as a copy) and only the clipped directions are touched.
 *
 * @param a - m×n matrix (any view, finite); not modified.
 * @param radius - the ball's radius, a finite number ≥ 0.
 * @returns a new m×n matrix.
 * @throws RangeError for a negative, NaN or infinite radius or non-finite entries.
 * @example
 * ```ts
 * projectSpectralNormBall(fromRows([[3, 0], [0, 1]]), 2); // [[2, 0], [0, 1]]
 * ```
 */
export function projectSpectralNormBall(a: Mat, radius: number): Mat {
  const r = check.number('radius', radius, { min: 0 });
  const { rows: m, cols: n } = a;
  const out = mat(m, n);
  for (let i = 0; i < m; i++) {
    const base = a.offset + i * a.stride;
    out.data.set(a.data.subarray(base, base + n), i * n);
  }
  if (m === 0 || n === 0) return out;
  const { u, s, v } = svd(a);
  const p = s.length;
  for (let k = 0; k < p && s[k] > r; k++) {
    const excess = s[k] - r;
    for (let i = 0; i < m; i++) {
      const ui = excess * u!.data[i * p + k];
      const o = i * n;
      for (let j = 0; j < n; j++) out.data[o + j] -= ui * v!.data[j * p + k];
    }
  }
  return out;
}
