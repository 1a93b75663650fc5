/**
 * Support repair of a k-sparse plan (the primal side of the semi-dual, spec fact 7).
 *
 * At a kink of the semi-dual (a column whose k-th and (k+1)-th scores tie at the optimum), the
 * k-sparse plan read off the gradient map misses the row marginals by a fixed amount however
 * long L-BFGS runs: 0 lies in the subdifferential, but no single gradient is 0 there. The
 * repair fixes each column's support to the k rows with the largest scores `alpha_i - C_ij` at
 * the dual point and solves l2-regularized OT restricted to that support,
 *
 *   min <T, C> + (gamma/2) ||T||^2  over T >= 0 with T 1 = a, T^T 1 = b, T_ij = 0 off the support,
 *
 * through its semi-dual (the l2 semi-dual with each column's simplex cut down to its support:
 * smooth, no top-k choice left). When the restricted problem is feasible, its plan has at most
 * k nonzeros per column and meets the marginals; it is a feasible point of the nonconvex primal,
 * so its regularized cost is at least OPT_k, the optimum of the convex dual. When the support
 * admits no plan with the marginals, the restricted semi-dual is unbounded above; its value
 * then passes `max C + (gamma/2) ||b||^2`, the cost of any transport plan, and the repair gives
 * up (the ceiling is max |C_ij| times the total mass, for general masses).
 */
import { minimizeLbfgs } from '@optkit/core';
import { ColumnWork, selectTopKAffine, simplexThreshold } from './kernels.js';
import { polishConvex } from './polish.js';

/** A repaired plan in fixed column slots of width k (count[j] entries in column j). */
export interface RepairResult {
  count: Int32Array;
  rowIdx: Int32Array;
  values: Float64Array;
  /** Inf-norm of the row marginal error of the repaired plan. */
  rowError: number;
  /** The restricted semi-dual at the end: about the repaired plan's regularized cost. */
  value: number;
  iterations: number;
}

/** The derivative-only polish runs only when the marginal error is below this. */
const POLISH_RANGE = 1e-4;

/** The semi-dual of l2-regularized OT restricted to a fixed support of at most k rows a column. */
export interface SupportSemiDual {
  /** S(x) (concave); fills grad = a - T 1 and `values` with T on the support. */
  evaluate(x: Float64Array, grad: Float64Array): number;
  /** Entries of column j: slots `j * k .. j * k + count[j]`. */
  count: Int32Array;
  rows: Int32Array;
  values: Float64Array;
  /** max |C_ij| over the support times sum(b), plus (gamma/2) ||b||^2: no plan there costs more. */
  ceiling: number;
}

/**
 * The restricted semi-dual whose support is, in each column j with b_j > 0, the k rows with the
 * largest `alpha_i - C_ij` (ties to the lower index).
 *
 * @param ct - C transposed (n x m, row-major).
 */
export function supportSemiDual(
  a: Float64Array,
  b: Float64Array,
  ct: Float64Array,
  gamma: number,
  k: number,
  alpha: Float64Array,
): SupportSemiDual {
  const m = a.length;
  const n = b.length;
  const work = new ColumnWork(m);
  const count = new Int32Array(n);
  const sup = new Int32Array(n * k);
  const cs = new Float64Array(n * k);
  let cmax = 0;
  let bb = 0;
  let mass = 0;
  for (let j = 0; j < n; j++) {
    if (!(b[j] > 0)) continue;
    bb += b[j] * b[j];
    mass += b[j];
    const cj = j * m;
    const r = selectTopKAffine(alpha, 0, ct, cj, 1, m, k, false, work);
    count[j] = r;
    for (let t = 0; t < r; t++) {
      const i = work.idx[t];
      sup[j * k + t] = i;
      cs[j * k + t] = ct[cj + i];
      if (Math.abs(ct[cj + i]) > cmax) cmax = Math.abs(ct[cj + i]);
    }
  }
  const values = new Float64Array(n * k);
  const { val } = work;
  const evaluate = (x: Float64Array, grad: Float64Array): number => {
    let obj = 0;
    for (let i = 0; i < m; i++) {
      obj += x[i] * a[i];
      grad[i] = a[i];
    }
    for (let j = 0; j < n; j++) {
      const c = count[j];
      if (c === 0) continue;
      const bj = b[j];
      const scale = 1 / (gamma * bj);
      const base = j * k;
      for (let t = 0; t < c; t++) val[t] = (x[sup[base + t]] - cs[base + t]) * scale;
      const tau = simplexThreshold(val, c, 1, false, work);
      let xy = 0;
      let yy = 0;
      for (let t = 0; t < c; t++) {
        const y = val[t] > tau ? val[t] - tau : 0;
        const i = sup[base + t];
        xy += (x[i] - cs[base + t]) * y;
        yy += y * y;
        grad[i] -= bj * y;
        values[base + t] = bj * y;
      }
      obj -= bj * (xy - 0.5 * gamma * bj * yy);
    }
    return obj;
  };
  return { evaluate, count, rows: sup, values, ceiling: cmax * mass + 0.5 * gamma * bb };
}

/**
 * Solves the support-restricted l2 problem from `alpha` (the dual point of the k-sparse
 * solve); returns null when the support is infeasible or the tolerance is not met.
 *
 * @param ct - C transposed (n x m, row-major), on the scale the dual was solved on.
 * @param counter - its `evaluations` grows by the restricted semi-dual calls made.
 */
export function repairSupport(
  a: Float64Array,
  b: Float64Array,
  ct: Float64Array,
  gamma: number,
  k: number,
  alpha: Float64Array,
  tolerance: number,
  maxIterations: number,
  memory: number,
  counter: { evaluations: number },
): RepairResult | null {
  const m = a.length;
  const n = b.length;
  const restricted = supportSemiDual(a, b, ct, gamma, k, alpha);
  const { count, rows: sup, values } = restricted;
  const semiDual = (x: Float64Array, grad: Float64Array): number => {
    counter.evaluations++;
    return restricted.evaluate(x, grad);
  };
  // No plan on the support costs more than this; a larger dual value proves infeasibility.
  const ceiling = restricted.ceiling * (1 + 1e-6) + 1e-12;
  const negated = (x: Float64Array, grad: Float64Array): number => {
    const f = semiDual(x, grad);
    for (let i = 0; i < m; i++) grad[i] = -grad[i];
    return -f;
  };
  let unbounded = false;
  const r = minimizeLbfgs(negated, alpha, {
    memory,
    gradientTolerance: tolerance,
    functionTolerance: 0,
    maxIterations,
    maxEvaluations: Math.max(20 * maxIterations, 1000),
    callback: (_it, _x, f) => {
      if (-f > ceiling) {
        unbounded = true;
        return true;
      }
      return undefined;
    },
  });
  if (unbounded) return null;
  let x = r.x;
  let iterations = r.iterations;
  const g = new Float64Array(m);
  const inf = () => {
    let e = 0;
    for (let i = 0; i < m; i++) e = Math.max(e, Math.abs(g[i]));
    return e;
  };
  let value = semiDual(x, g);
  if (value > ceiling) return null;
  let err = inf();
  if (err > tolerance && err <= POLISH_RANGE) {
    const p = polishConvex(negated, x, tolerance, maxIterations, memory);
    x = p.x;
    iterations += p.iterations;
    value = semiDual(x, g);
    if (value > ceiling) return null;
    err = inf();
  }
  if (!(err <= tolerance)) return null;
  // The plan slots hold the plan at x (the last evaluation); drop exact zeros.
  const rowIdx = new Int32Array(n * k);
  for (let j = 0; j < n; j++) {
    const base = j * k;
    let q = 0;
    for (let t = 0; t < count[j]; t++) {
      if (values[base + t] > 0) {
        rowIdx[base + q] = sup[base + t];
        values[base + q++] = values[base + t];
      }
    }
    count[j] = q;
  }
  return { count, rowIdx, values, rowError: err, value, iterations };
}
