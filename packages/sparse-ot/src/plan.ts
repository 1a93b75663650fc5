/**
 * Column-compressed transport plans. A plan `T` (m x n) stores, for each column j, the rows
 * `rowIdx[colPtr[j] .. colPtr[j + 1])` and their masses `values[...]`; row indices within a
 * column are increasing.
 */
import type { Mat } from '@optkit/core';

/** A transport plan in compressed sparse column (CSC) form. */
export interface SparsePlan {
  /** Number of rows m (sources). */
  readonly rows: number;
  /** Number of columns n (targets). */
  readonly cols: number;
  /** Column pointers, length `cols + 1`. */
  readonly colPtr: Int32Array;
  /** Row index of each stored entry, increasing within a column. */
  readonly rowIdx: Int32Array;
  /** Mass of each stored entry (all > 0). */
  readonly values: Float64Array;
  /** The plan as a dense row-major m x n matrix (a new matrix on every call). */
  toDense(): Mat;
}

/**
 * Builds a {@link SparsePlan} from column-grouped triplets, sorting rows inside each column and
 * dropping zeros. Kernels trust their callers: `colPtr` is nondecreasing and in range.
 */
export function makePlan(
  rows: number,
  cols: number,
  colPtr: Int32Array,
  rowIdx: Int32Array,
  values: Float64Array,
): SparsePlan {
  const outPtr = new Int32Array(cols + 1);
  let nnz = 0;
  for (let j = 0; j < cols; j++) {
    for (let p = colPtr[j]; p < colPtr[j + 1]; p++) if (values[p] > 0) nnz++;
  }
  const outIdx = new Int32Array(nnz);
  const outVal = new Float64Array(nnz);
  let q = 0;
  for (let j = 0; j < cols; j++) {
    const start = q;
    for (let p = colPtr[j]; p < colPtr[j + 1]; p++) {
      const v = values[p];
      if (!(v > 0)) continue;
      // Insertion keeps each (short) column sorted by row.
      let t = q++;
      const r = rowIdx[p];
      while (t > start && outIdx[t - 1] > r) {
        outIdx[t] = outIdx[t - 1];
        outVal[t] = outVal[t - 1];
        t--;
      }
      outIdx[t] = r;
      outVal[t] = v;
    }
    outPtr[j + 1] = q;
  }
  return planFromCsc(rows, cols, outPtr, outIdx, outVal);
}

/** Wraps already-sorted CSC arrays as a {@link SparsePlan} without copying. */
export function planFromCsc(
  rows: number,
  cols: number,
  colPtr: Int32Array,
  rowIdx: Int32Array,
  values: Float64Array,
): SparsePlan {
  return {
    rows,
    cols,
    colPtr,
    rowIdx,
    values,
    toDense(): Mat {
      const data = new Float64Array(rows * cols);
      for (let j = 0; j < cols; j++) {
        for (let p = colPtr[j]; p < colPtr[j + 1]; p++) data[rowIdx[p] * cols + j] += values[p];
      }
      return { rows, cols, stride: cols, offset: 0, data };
    },
  };
}

/** Summary figures of a plan against its marginals and cost. */
export interface PlanStats {
  transportCost: number;
  squaredNorm: number;
  rowMarginalError: number;
  colMarginalError: number;
  maxNnzPerColumn: number;
}

/**
 * Transport cost `<T, C>`, `||T||^2`, marginal errors `||T1 - a||_inf`, `||T^T 1 - b||_inf` and
 * the largest number of nonzeros in a column.
 */
export function planStats(plan: SparsePlan, a: Float64Array, b: Float64Array, C: Mat): PlanStats {
  const { colPtr, rowIdx, values, cols } = plan;
  const rowSum = new Float64Array(plan.rows);
  let transportCost = 0;
  let squaredNorm = 0;
  let colMarginalError = 0;
  let maxNnzPerColumn = 0;
  const d = C.data;
  for (let j = 0; j < cols; j++) {
    let s = 0;
    const p0 = colPtr[j];
    const p1 = colPtr[j + 1];
    if (p1 - p0 > maxNnzPerColumn) maxNnzPerColumn = p1 - p0;
    for (let p = p0; p < p1; p++) {
      const i = rowIdx[p];
      const t = values[p];
      s += t;
      rowSum[i] += t;
      transportCost += t * d[C.offset + i * C.stride + j];
      squaredNorm += t * t;
    }
    colMarginalError = Math.max(colMarginalError, Math.abs(s - b[j]));
  }
  let rowMarginalError = 0;
  for (let i = 0; i < plan.rows; i++) {
    rowMarginalError = Math.max(rowMarginalError, Math.abs(rowSum[i] - a[i]));
  }
  return { transportCost, squaredNorm, rowMarginalError, colMarginalError, maxNnzPerColumn };
}
