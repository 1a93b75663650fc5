/**
 * Compressed sparse row (CSR) matrices: `rowPtr` (Int32Array, length rows + 1), `colIdx`
 * (Int32Array, sorted and unique within each row) and `values` (Float64Array). Builders check
 * these invariants once; kernels trust them.
 */
import { checker } from './checks.js';
import { isMat, type Mat, mat } from './mat.js';

const check = checker('core');

/** A CSR sparse matrix. */
export interface Csr {
  readonly rows: number;
  readonly cols: number;
  readonly rowPtr: Int32Array;
  readonly colIdx: Int32Array;
  readonly values: Float64Array;
}

/**
 * Validates CSR arrays and returns them as a {@link Csr} (no copy).
 *
 * @throws RangeError when a CSR invariant fails (pointers, index range, sorted unique columns,
 *   lengths) or a value is not finite.
 */
export function csr(
  rows: number,
  cols: number,
  rowPtr: Int32Array,
  colIdx: Int32Array,
  values: Float64Array,
): Csr {
  check.integer('rows', rows, { min: 0 });
  check.integer('cols', cols, { min: 0 });
  if (rowPtr.length !== rows + 1) {
    throw check.rangeErrorText(
      'rowPtr',
      `of length rows + 1 = ${rows + 1}`,
      `length ${rowPtr.length}`,
    );
  }
  const nnz = rowPtr[rows];
  if (rowPtr[0] !== 0) throw check.rangeError('rowPtr[0]', '0', rowPtr[0]);
  if (colIdx.length !== nnz || values.length !== nnz) {
    throw check.rangeErrorText(
      'colIdx and values',
      `of length rowPtr[rows] = ${nnz}`,
      `${colIdx.length} and ${values.length}`,
    );
  }
  for (let i = 0; i < rows; i++) {
    const start = rowPtr[i];
    const end = rowPtr[i + 1];
    if (end < start)
      throw check.rangeErrorText(`rowPtr[${i + 1}]`, `>= rowPtr[${i}] = ${start}`, String(end));
    for (let p = start; p < end; p++) {
      const j = colIdx[p];
      if (j < 0 || j >= cols) throw check.rangeError(`colIdx[${p}]`, `in [0, ${cols})`, j);
      if (p > start && j <= colIdx[p - 1]) {
        throw check.rangeErrorText(
          `colIdx in row ${i}`,
          'sorted and unique',
          `${colIdx[p - 1]} then ${j}`,
        );
      }
      if (!Number.isFinite(values[p])) throw check.rangeError(`values[${p}]`, 'finite', values[p]);
    }
  }
  return { rows, cols, rowPtr, colIdx, values };
}

/**
 * Builds CSR from coordinate triplets (i, j, v). Rows are placed by a counting sort, then each
 * row is sorted by column; duplicates are summed (or rejected with `sumDuplicates: false`).
 *
 * @example
 * ```ts
 * const s = csrFromCoo(2, 2, [0, 1, 0], [0, 1, 0], [1, 2, 3]); // [[4, 0], [0, 2]]
 * ```
 */
export function csrFromCoo(
  rows: number,
  cols: number,
  i: ArrayLike<number>,
  j: ArrayLike<number>,
  v: ArrayLike<number>,
  options: { sumDuplicates?: boolean } = {},
): Csr {
  check.integer('rows', rows, { min: 0 });
  check.integer('cols', cols, { min: 0 });
  const n = i.length;
  if (j.length !== n || v.length !== n) {
    throw check.rangeErrorText('i, j and v', 'of equal length', `${n}, ${j.length}, ${v.length}`);
  }
  const counts = new Int32Array(rows + 1);
  for (let t = 0; t < n; t++) {
    const r = i[t];
    const c = j[t];
    if (!Number.isInteger(r) || r < 0 || r >= rows)
      throw check.rangeError(`i[${t}]`, `an integer in [0, ${rows})`, r);
    if (!Number.isInteger(c) || c < 0 || c >= cols)
      throw check.rangeError(`j[${t}]`, `an integer in [0, ${cols})`, c);
    if (!Number.isFinite(v[t])) throw check.rangeError(`v[${t}]`, 'finite', v[t]);
    counts[r + 1]++;
  }
  for (let r = 0; r < rows; r++) counts[r + 1] += counts[r];
  const next = counts.slice(0, rows);
  const cTmp = new Int32Array(n);
  const vTmp = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    const p = next[i[t]]++;
    cTmp[p] = j[t];
    vTmp[p] = v[t];
  }
  const sumDuplicates = options.sumDuplicates ?? true;
  const rowPtr = new Int32Array(rows + 1);
  const colIdx = new Int32Array(n);
  const values = new Float64Array(n);
  let out = 0;
  const order: number[] = [];
  for (let r = 0; r < rows; r++) {
    const start = counts[r];
    const end = counts[r + 1];
    order.length = 0;
    for (let p = start; p < end; p++) order.push(p);
    // Stable sort by column keeps duplicate summation in input order.
    order.sort((a, b) => cTmp[a] - cTmp[b] || a - b);
    for (const p of order) {
      if (out > rowPtr[r] && colIdx[out - 1] === cTmp[p]) {
        if (!sumDuplicates)
          throw check.rangeErrorText('(i, j)', 'unique', `duplicate (${r}, ${cTmp[p]})`);
        values[out - 1] += vTmp[p];
      } else {
        colIdx[out] = cTmp[p];
        values[out] = vTmp[p];
        out++;
      }
    }
    rowPtr[r + 1] = out;
  }
  return { rows, cols, rowPtr, colIdx: colIdx.slice(0, out), values: values.slice(0, out) };
}

/** CSR from a dense matrix, dropping entries with |a_ij| ≤ dropTolerance (default 0: exact zeros). */
export function csrFromDense(a: Mat, dropTolerance = 0): Csr {
  const rowPtr = new Int32Array(a.rows + 1);
  const cols: number[] = [];
  const vals: number[] = [];
  for (let i = 0; i < a.rows; i++) {
    const base = a.offset + i * a.stride;
    for (let j = 0; j < a.cols; j++) {
      const x = a.data[base + j];
      if (Math.abs(x) > dropTolerance || Number.isNaN(x)) {
        cols.push(j);
        vals.push(x);
      }
    }
    rowPtr[i + 1] = cols.length;
  }
  return {
    rows: a.rows,
    cols: a.cols,
    rowPtr,
    colIdx: Int32Array.from(cols),
    values: Float64Array.from(vals),
  };
}

/** The dense matrix of a CSR matrix. */
export function csrToDense(s: Csr): Mat {
  const out = mat(s.rows, s.cols);
  for (let i = 0; i < s.rows; i++) {
    for (let p = s.rowPtr[i]; p < s.rowPtr[i + 1]; p++)
      out.data[i * s.cols + s.colIdx[p]] = s.values[p];
  }
  return out;
}

/**
 * y = S·x (or Sᵀ·x with `trans`), overwriting y.
 *
 * @throws RangeError when lengths do not match.
 */
export function csrMatvec(
  s: Csr,
  x: Float64Array,
  y: Float64Array,
  options: { trans?: boolean } = {},
): void {
  const trans = options.trans ?? false;
  const xLen = trans ? s.rows : s.cols;
  const yLen = trans ? s.cols : s.rows;
  if (x.length !== xLen || y.length !== yLen) {
    throw check.rangeErrorText(
      'x and y',
      `of lengths ${xLen} and ${yLen}`,
      `${x.length} and ${y.length}`,
    );
  }
  const { rowPtr, colIdx, values, rows } = s;
  if (!trans) {
    for (let i = 0; i < rows; i++) {
      let acc = 0;
      const end = rowPtr[i + 1];
      for (let p = rowPtr[i]; p < end; p++) acc += values[p] * x[colIdx[p]];
      y[i] = acc;
    }
    return;
  }
  y.fill(0);
  for (let i = 0; i < rows; i++) {
    const xi = x[i];
    if (xi === 0) continue;
    const end = rowPtr[i + 1];
    for (let p = rowPtr[i]; p < end; p++) y[colIdx[p]] += values[p] * xi;
  }
}

/** Sᵀ in CSR form (counting sort on columns, O(nnz + cols)). */
export function csrTranspose(s: Csr): Csr {
  const { rows, cols, rowPtr, colIdx, values } = s;
  const nnz = rowPtr[rows];
  const tPtr = new Int32Array(cols + 1);
  for (let p = 0; p < nnz; p++) tPtr[colIdx[p] + 1]++;
  for (let j = 0; j < cols; j++) tPtr[j + 1] += tPtr[j];
  const next = tPtr.slice(0, cols);
  const tIdx = new Int32Array(nnz);
  const tVal = new Float64Array(nnz);
  for (let i = 0; i < rows; i++) {
    for (let p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
      const q = next[colIdx[p]]++;
      tIdx[q] = i;
      tVal[q] = values[p];
    }
  }
  return { rows: cols, cols: rows, rowPtr: tPtr, colIdx: tIdx, values: tVal };
}

/** Positions of the diagonal entries of a square CSR matrix. @throws RangeError if one is missing or zero. */
export function csrDiagonalPositions(s: Csr): Int32Array {
  const pos = new Int32Array(s.rows);
  for (let i = 0; i < s.rows; i++) {
    let found = -1;
    for (let p = s.rowPtr[i]; p < s.rowPtr[i + 1]; p++) {
      if (s.colIdx[p] === i) {
        found = p;
        break;
      }
    }
    if (found < 0 || s.values[found] === 0) {
      throw check.rangeErrorText('a', 'a matrix with a nonzero diagonal', `a[${i}][${i}] = 0`);
    }
    pos[i] = found;
  }
  return pos;
}

/** Options for {@link sorSweep}. */
export interface SorOptions {
  /** Sweep order (default 'forward'); 'symmetric' is SSOR (forward then backward). */
  direction?: 'forward' | 'backward' | 'symmetric';
  /** Number of sweeps (default 1). */
  sweeps?: number;
  /** Precomputed diagonal positions for CSR input ({@link csrDiagonalPositions}). */
  diagonal?: Int32Array;
}

/**
 * Successive over-relaxation sweeps for A·x = b, in place on x:
 * x_i ← (1 − ω)·x_i + ω·(b_i − Σ_{j≠i} a_ij·x_j) / a_ii, rows in the given order.
 * ω = 1 is Gauss-Seidel.
 *
 * @param a - square CSR or dense matrix with a nonzero diagonal.
 * @param b - right-hand side.
 * @param x - current iterate, updated in place.
 * @param omega - relaxation parameter, in (0, 2).
 * @throws RangeError for ω outside (0, 2), mismatched lengths or a zero diagonal.
 */
export function sorSweep(
  a: Csr | Mat,
  b: Float64Array,
  x: Float64Array,
  omega: number,
  options: SorOptions = {},
): void {
  const n = a.rows;
  if (a.cols !== n || b.length !== n || x.length !== n) {
    throw check.rangeErrorText(
      'a, b and x',
      'a square matrix and vectors of matching length',
      `${a.rows}x${a.cols}, ${b.length}, ${x.length}`,
    );
  }
  check.number('omega', omega, { min: 0, max: 2, exclusiveMin: true, exclusiveMax: true });
  const direction = options.direction ?? 'forward';
  const sweeps = check.integer('sweeps', options.sweeps ?? 1, { min: 0 });
  const orders: boolean[] =
    direction === 'forward' ? [true] : direction === 'backward' ? [false] : [true, false];
  if (isMat(a)) {
    for (let i = 0; i < n; i++) {
      if (a.data[a.offset + i * a.stride + i] === 0)
        throw check.rangeErrorText('a', 'a matrix with a nonzero diagonal', `a[${i}][${i}] = 0`);
    }
    for (let s = 0; s < sweeps; s++) for (const fwd of orders) denseSweep(a, b, x, omega, fwd);
    return;
  }
  const diag = options.diagonal ?? csrDiagonalPositions(a);
  for (let s = 0; s < sweeps; s++) for (const fwd of orders) csrSweep(a, b, x, omega, diag, fwd);
}

function csrSweep(
  a: Csr,
  b: Float64Array,
  x: Float64Array,
  omega: number,
  diag: Int32Array,
  forward: boolean,
) {
  const { rowPtr, colIdx, values, rows: n } = a;
  for (let t = 0; t < n; t++) {
    const i = forward ? t : n - 1 - t;
    let sigma = 0;
    const end = rowPtr[i + 1];
    for (let p = rowPtr[i]; p < end; p++) sigma += values[p] * x[colIdx[p]];
    const aii = values[diag[i]];
    sigma -= aii * x[i];
    x[i] += omega * ((b[i] - sigma) / aii - x[i]);
  }
}

function denseSweep(a: Mat, b: Float64Array, x: Float64Array, omega: number, forward: boolean) {
  const n = a.rows;
  const { data: d, stride, offset } = a;
  for (let t = 0; t < n; t++) {
    const i = forward ? t : n - 1 - t;
    const base = offset + i * stride;
    let sigma = 0;
    for (let j = 0; j < n; j++) sigma += d[base + j] * x[j];
    const aii = d[base + i];
    sigma -= aii * x[i];
    x[i] += omega * ((b[i] - sigma) / aii - x[i]);
  }
}

/** Result of {@link cg}. */
export interface CgResult {
  x: Float64Array;
  iterations: number;
  /** Final residual ‖b − A·x‖₂ (recursively updated). */
  residual: number;
  converged: boolean;
  stopReason: 'converged' | 'max-iterations' | 'breakdown';
}

/**
 * Conjugate gradient for a symmetric positive definite operator given as a matvec closure,
 * optionally with a Jacobi (diagonal) preconditioner. Stops when ‖r‖₂ ≤ max(rtol·‖b‖₂, atol).
 *
 * @param matvec - writes A·x into out.
 * @param b - right-hand side (not modified).
 * @param options - `x0`, `rtol` (1e-10), `atol` (0), `maxIterations` (10n), `diagonal` (Jacobi
 *   preconditioner: the diagonal of A).
 */
export function cg(
  matvec: (x: Float64Array, out: Float64Array) => void,
  b: Float64Array,
  options: {
    x0?: Float64Array;
    rtol?: number;
    atol?: number;
    maxIterations?: number;
    diagonal?: Float64Array;
  } = {},
): CgResult {
  check.func('matvec', matvec);
  const n = b.length;
  check.finiteArray('b', b);
  const rtol = check.number('rtol', options.rtol ?? 1e-10, { min: 0 });
  const atol = check.number('atol', options.atol ?? 0, { min: 0 });
  const maxIter = check.integer('maxIterations', options.maxIterations ?? 10 * n, { min: 0 });
  const x = options.x0 ? check.vector('x0', options.x0, { length: n }) : new Float64Array(n);
  const diag = options.diagonal ? check.vector('diagonal', options.diagonal, { length: n }) : null;
  const r = new Float64Array(n);
  const z = new Float64Array(n);
  const p = new Float64Array(n);
  const ap = new Float64Array(n);
  matvec(x, ap);
  let bNorm = 0;
  for (let i = 0; i < n; i++) {
    r[i] = b[i] - ap[i];
    bNorm += b[i] * b[i];
  }
  const target = Math.max(rtol * Math.sqrt(bNorm), atol);
  const precondition = () => {
    for (let i = 0; i < n; i++) z[i] = diag ? r[i] / diag[i] : r[i];
  };
  precondition();
  p.set(z);
  let rz = 0;
  let rr = 0;
  for (let i = 0; i < n; i++) {
    rz += r[i] * z[i];
    rr += r[i] * r[i];
  }
  let iterations = 0;
  while (Math.sqrt(rr) > target) {
    if (iterations >= maxIter)
      return {
        x,
        iterations,
        residual: Math.sqrt(rr),
        converged: false,
        stopReason: 'max-iterations',
      };
    matvec(p, ap);
    let pap = 0;
    for (let i = 0; i < n; i++) pap += p[i] * ap[i];
    if (!(pap > 0))
      return { x, iterations, residual: Math.sqrt(rr), converged: false, stopReason: 'breakdown' };
    const alpha = rz / pap;
    rr = 0;
    for (let i = 0; i < n; i++) {
      x[i] += alpha * p[i];
      r[i] -= alpha * ap[i];
      rr += r[i] * r[i];
    }
    precondition();
    let rzNew = 0;
    for (let i = 0; i < n; i++) rzNew += r[i] * z[i];
    const beta = rzNew / rz;
    rz = rzNew;
    for (let i = 0; i < n; i++) p[i] = z[i] + beta * p[i];
    iterations++;
  }
  return { x, iterations, residual: Math.sqrt(rr), converged: true, stopReason: 'converged' };
}
