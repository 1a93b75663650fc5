/** Cost matrix helpers: squared Euclidean costs between point clouds, and normalization. */
import { type Mat, toMat } from '@optkit/core';
import type { CostMatrix } from './sparse-ot.js';
import { check, checkCost } from './validate.js';

/**
 * The squared Euclidean cost `C_ij = ||x_i - y_j||^2` between the rows of x (m x d) and y
 * (n x d).
 *
 * @param x - source points, a core `Mat` or `number[][]` (one point per row), finite.
 * @param y - target points with the same number of columns d, finite.
 * @returns a new m x n matrix.
 * @throws RangeError or TypeError when x or y is not a finite matrix or their widths differ.
 * @example
 * ```ts
 * squaredEuclideanCost([[0, 0], [1, 0]], [[0, 1]]).data; // Float64Array [1, 2]
 * ```
 */
export function squaredEuclideanCost(
  x: Mat | ArrayLike<ArrayLike<number>>,
  y: Mat | ArrayLike<ArrayLike<number>>,
): Mat {
  const X = toMat('sparse-ot', 'x', toRowsInput(x), { copy: false });
  const Y = toMat('sparse-ot', 'y', toRowsInput(y), { cols: X.cols, copy: false });
  const m = X.rows;
  const n = Y.rows;
  const d = X.cols;
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    const xi = X.offset + i * X.stride;
    for (let j = 0; j < n; j++) {
      const yj = Y.offset + j * Y.stride;
      let s = 0;
      for (let t = 0; t < d; t++) {
        const diff = X.data[xi + t] - Y.data[yj + t];
        s += diff * diff;
      }
      out[i * n + j] = s;
    }
  }
  return { rows: m, cols: n, stride: n, offset: 0, data: out };
}

function toRowsInput(v: unknown): unknown {
  if (Array.isArray(v) || (typeof v === 'object' && v !== null && 'data' in v)) return v;
  if (typeof v === 'object' && v !== null && typeof (v as ArrayLike<unknown>).length === 'number') {
    return Array.from(v as ArrayLike<ArrayLike<number>>, (r) => Array.from(r));
  }
  return v;
}

/**
 * A copy of C divided by its largest absolute entry (`'max'`, default) or by the mean of its
 * absolute entries (`'mean'`); an all-zero C is returned unchanged. Normalizing makes one
 * gamma or epsilon work across problem scales.
 *
 * @param C - cost matrix, a core `Mat`, `{ rows, cols, data }` or `number[][]`, finite.
 * @param by - `'max'` (default) or `'mean'`.
 * @returns `{ cost, scale }`: the normalized matrix and the factor it was divided by.
 * @throws RangeError or TypeError when C is not a finite matrix or `by` is unknown.
 * @example
 * ```ts
 * normalizeCost([[0, 2], [4, 1]]).cost.data; // Float64Array [0, 0.5, 1, 0.25]
 * ```
 */
export function normalizeCost(
  C: CostMatrix,
  by: 'max' | 'mean' = 'max',
): { cost: Mat; scale: number } {
  check.oneOf('by', by, ['max', 'mean'] as const);
  const probe = C as { rows?: unknown; length?: unknown };
  const rows = typeof probe.rows === 'number' ? probe.rows : Number(probe.length);
  const first = (C as ArrayLike<ArrayLike<number>>)[0];
  const cols =
    typeof (C as { cols?: unknown }).cols === 'number'
      ? (C as { cols: number }).cols
      : first === undefined
        ? 0
        : first.length;
  const M = checkCost(C, rows, cols);
  const out = new Float64Array(M.rows * M.cols);
  let mx = 0;
  let sum = 0;
  for (let i = 0; i < M.rows; i++) {
    for (let j = 0; j < M.cols; j++) {
      const v = M.data[M.offset + i * M.stride + j];
      out[i * M.cols + j] = v;
      const av = Math.abs(v);
      if (av > mx) mx = av;
      sum += av;
    }
  }
  const count = M.rows * M.cols;
  const scale = by === 'max' ? mx : count > 0 ? sum / count : 0;
  if (scale > 0) for (let t = 0; t < out.length; t++) out[t] /= scale;
  return {
    cost: { rows: M.rows, cols: M.cols, stride: M.cols, offset: 0, data: out },
    scale: scale > 0 ? scale : 1,
  };
}
