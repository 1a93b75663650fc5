/**
 * Public entry points of the regularized solvers: sparsity-constrained OT (max k nonzeros per
 * column) and smooth OT (squared 2-norm or negative entropy), both by L-BFGS on the semi-dual
 * or dual.
 */
import type { Mat } from '@optkit/core';
import {
  type SmoothOTCommonOptions,
  type SmoothOTResult,
  type SparseOTOptions,
  setup,
  solve,
} from './solve.js';
import { check } from './validate.js';

/** A cost matrix: a core `Mat`, a plain `{ rows, cols, data }` (row-major) or `number[][]`. */
export type CostMatrix =
  | Mat
  | { readonly rows: number; readonly cols: number; readonly data: Float64Array }
  | ArrayLike<ArrayLike<number>>;

/**
 * Sparsity-constrained optimal transport (Liu, Puigcerver and Blondel 2023): the plan T
 * minimizing `<T, C> + sum_j (gamma/2) ||t_j||^2` over transport plans whose columns have at
 * most k nonzeros, solved through its convex (semi-)dual by L-BFGS. The plan is the gradient
 * map of the dual, so every column has at most k nonzeros by construction; the marginals are
 * met only approximately when k is small (a k-sparse plan may not exist), and the errors are
 * reported.
 *
 * @param a - source weights (length m), nonnegative and finite.
 * @param b - target weights (length n), nonnegative, finite, same total as `a` (relative 1e-9).
 * @param C - cost matrix m x n, finite.
 * @param options - `k` (required) and the {@link SmoothOTCommonOptions}.
 * @returns the plan, potentials, dual objective, costs, marginal errors and stop information.
 * @throws RangeError or TypeError on bad input: weights negative, non-finite or of unequal
 *   mass, C of the wrong shape or non-finite, k not an integer >= 1, gamma <= 0, and so on.
 * @example
 * ```ts
 * const r = sparseOT([0.5, 0.5], [0.5, 0.5], [[0, 1], [1, 0]], { k: 1 });
 * r.plan.toDense().data; // Float64Array [0.5, 0, 0, 0.5]
 * r.maxNnzPerColumn; // 1
 * ```
 */
export function sparseOT(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  C: CostMatrix,
  options: SparseOTOptions,
): SmoothOTResult {
  if (typeof options !== 'object' || options === null) {
    throw check.typeError('options', 'an object with k', options);
  }
  const k = check.integer('k', options.k, { min: 1 });
  const s = setup(a, b, C, options);
  const m = s.a.length;
  const kk = Math.min(k, m);
  if (k > m) s.warnings.push(`k = ${k} exceeds the number of rows m = ${m}; k = ${m} was used`);
  return solve(s, { kind: 'sparse', k: kk, gamma: s.gamma }, kk);
}

/** Options of {@link smoothOT}. */
export interface SmoothOTOptions extends SmoothOTCommonOptions {
  /** `'l2'` (squared 2-norm, sparse plans; default) or `'entropy'` (negative entropy). */
  regularization?: 'l2' | 'entropy';
}

/**
 * Smooth optimal transport (Blondel, Seguy and Rolet 2018): the plan minimizing
 * `<T, C> + (gamma/2) ||T||^2` (`'l2'`) or `<T, C> + gamma sum T log T` (`'entropy'`) over
 * transport plans, solved through its (semi-)dual by L-BFGS. The l2 case equals
 * {@link sparseOT} with k >= m.
 *
 * @param a - source weights (length m), nonnegative and finite.
 * @param b - target weights (length n), nonnegative, finite, same total as `a`.
 * @param C - cost matrix m x n, finite.
 * @param options - `regularization` and the {@link SmoothOTCommonOptions}.
 * @returns as {@link sparseOT}, with `k = m`.
 * @throws RangeError or TypeError on bad input, as {@link sparseOT}.
 * @example
 * ```ts
 * const r = smoothOT([0.5, 0.5], [0.5, 0.5], [[0, 1], [1, 0]], { gamma: 4 });
 * r.plan.toDense().data; // Float64Array [0.375, 0.125, 0.125, 0.375]
 * ```
 */
export function smoothOT(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  C: CostMatrix,
  options: SmoothOTOptions = {},
): SmoothOTResult {
  if (typeof options !== 'object' || options === null) {
    throw check.typeError('options', 'an object', options);
  }
  const kind = check.oneOf('regularization', options.regularization ?? 'l2', [
    'l2',
    'entropy',
  ] as const);
  const s = setup(a, b, C, options);
  const m = s.a.length;
  const reg =
    kind === 'l2'
      ? ({ kind: 'sparse', k: m, gamma: s.gamma } as const)
      : ({ kind: 'entropy', gamma: s.gamma } as const);
  return solve(s, reg, m);
}
