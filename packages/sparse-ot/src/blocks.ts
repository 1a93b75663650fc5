/**
 * Building blocks exported for users who embed the objectives in their own solvers (and for
 * the tests): the top-k squared ReLU conjugate and the semi-dual and dual objectives with
 * their gradients and plans.
 */
import { TransportOracle } from './oracles.js';
import { makePlan, type SparsePlan } from './plan.js';
import type { CostMatrix } from './sparse-ot.js';
import { check, checkProblem } from './validate.js';

/**
 * The conjugate `delta_k(s) = (1 / (2 gamma)) sum_{i in topk(s)} max(s_i, 0)^2` of the
 * k-sparse squared 2-norm (spec P2), with its gradient `max(s_i, 0) / gamma` on topk(s) (ties
 * to the lower index) and 0 elsewhere.
 *
 * @param s - the scores, finite.
 * @param k - an integer >= 1 (values above s.length keep every entry).
 * @param gamma - regularization > 0.
 * @param grad - optional output for the gradient, length s.length (overwritten).
 * @returns the value delta_k(s).
 * @throws RangeError or TypeError on bad input.
 * @example
 * ```ts
 * const g = new Float64Array(4);
 * topkSquaredRelu(Float64Array.of(3, -1, 2, 1), 2, 1, g); // 6.5; g = [3, 0, 2, 0]
 * ```
 */
export function topkSquaredRelu(
  s: ArrayLike<number>,
  k: number,
  gamma: number,
  grad?: Float64Array,
): number {
  const v = check.vector('s', s, { minLength: 1 });
  check.integer('k', k, { min: 1 });
  check.positive('gamma', gamma);
  if (grad !== undefined && (!(grad instanceof Float64Array) || grad.length !== v.length)) {
    throw check.typeError('grad', `a Float64Array of length ${v.length}`, grad);
  }
  const m = v.length;
  // Keep the positive entries that rank in the top k (ties to the lower index).
  const order = Int32Array.from({ length: m }, (_, i) => i).sort((p, q) => v[q] - v[p] || p - q);
  if (grad !== undefined) grad.fill(0);
  let value = 0;
  for (let t = 0; t < Math.min(k, m); t++) {
    const i = order[t];
    if (!(v[i] > 0)) break;
    value += v[i] * v[i];
    if (grad !== undefined) grad[i] = v[i] / gamma;
  }
  return value / (2 * gamma);
}

/** An objective value with its gradient and the plan it induces. */
export interface ObjectiveEvaluation {
  /** The (semi-)dual objective (to be maximized). */
  value: number;
  /** Its gradient: `a - T 1` (and `b - T^T 1` for the dual). */
  gradient: Float64Array;
  /** The plan T read off the gradient map. */
  plan: SparsePlan;
}

/** Regularizer options of the objective building blocks. */
export interface ObjectiveOptions {
  /** Most nonzeros per column (integer >= 1; >= m gives plain l2). */
  k: number;
  /** Regularization > 0 (default 1). */
  gamma?: number;
}

function oracleFor(a: unknown, b: unknown, C: unknown, options: ObjectiveOptions) {
  const p = checkProblem(a, b, C);
  const k = Math.min(check.integer('k', options.k, { min: 1 }), p.m);
  const gamma = check.positive('gamma', options.gamma ?? 1);
  const ct = new Float64Array(p.m * p.n);
  for (let i = 0; i < p.m; i++) {
    for (let j = 0; j < p.n; j++) ct[j * p.m + i] = p.C.data[p.C.offset + i * p.C.stride + j];
  }
  return new TransportOracle(p.a, p.b, ct, { kind: 'sparse', k, gamma });
}

function planOf(o: TransportOracle): SparsePlan {
  const colPtr = new Int32Array(o.n + 1);
  for (let j = 0; j < o.n; j++) colPtr[j + 1] = colPtr[j] + o.count[j];
  const rowIdx = new Int32Array(colPtr[o.n]);
  const values = new Float64Array(colPtr[o.n]);
  for (let j = 0; j < o.n; j++) {
    for (let t = 0; t < o.count[j]; t++) {
      rowIdx[colPtr[j] + t] = o.rowIdx[j * o.cap + t];
      values[colPtr[j] + t] = o.values[j * o.cap + t];
    }
  }
  return makePlan(o.m, o.n, colPtr, rowIdx, values);
}

/**
 * The semi-dual objective of sparsity-constrained OT (spec P3),
 * `S(alpha) = <alpha, a> - sum_j b_j maxk(alpha - c_j; b_j)`, with its gradient `a - T 1`.
 *
 * @param alpha - source potentials (length m), finite.
 * @param a - source weights (as {@link sparseOT}).
 * @param b - target weights (as {@link sparseOT}).
 * @param C - cost matrix m x n (as {@link sparseOT}).
 * @param options - `k` and `gamma`.
 * @returns value, gradient and plan.
 * @throws RangeError or TypeError on bad input.
 * @example
 * ```ts
 * semiDualObjective([0, 0], [0.5, 0.5], [0.5, 0.5], [[0, 1], [1, 0]], { k: 1 }).value; // 0.25
 * ```
 */
export function semiDualObjective(
  alpha: ArrayLike<number>,
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  C: CostMatrix,
  options: ObjectiveOptions,
): ObjectiveEvaluation {
  const o = oracleFor(a, b, C, options);
  const x = check.vector('alpha', alpha, { length: o.m });
  const gradient = new Float64Array(o.m);
  const value = o.semiDual(x, gradient);
  return { value, gradient, plan: planOf(o) };
}

/**
 * The dual objective of sparsity-constrained OT (spec P4),
 * `D(alpha, beta) = <alpha, a> + <beta, b> - sum_j delta_k(alpha + beta_j - c_j)`, with its
 * gradient `(a - T 1, b - T^T 1)` (length m + n).
 *
 * @param alpha - source potentials (length m), finite.
 * @param beta - target potentials (length n), finite.
 * @param a - source weights (as {@link sparseOT}).
 * @param b - target weights (as {@link sparseOT}).
 * @param C - cost matrix m x n (as {@link sparseOT}).
 * @param options - `k` and `gamma`.
 * @returns value, gradient (alpha part then beta part) and plan.
 * @throws RangeError or TypeError on bad input.
 * @example
 * ```ts
 * dualObjective([0, 0], [0, 0], [0.5, 0.5], [0.5, 0.5], [[0, 1], [1, 0]], { k: 1 }).value; // 0
 * ```
 */
export function dualObjective(
  alpha: ArrayLike<number>,
  beta: ArrayLike<number>,
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  C: CostMatrix,
  options: ObjectiveOptions,
): ObjectiveEvaluation {
  const o = oracleFor(a, b, C, options);
  const x = new Float64Array(o.m + o.n);
  x.set(check.vector('alpha', alpha, { length: o.m }));
  x.set(check.vector('beta', beta, { length: o.n }), o.m);
  const gradient = new Float64Array(o.m + o.n);
  const value = o.dual(x, gradient);
  return { value, gradient, plan: planOf(o) };
}
