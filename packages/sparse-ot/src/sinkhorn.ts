/**
 * Entropic optimal transport by Sinkhorn's matrix scaling (Cuturi 2013), in the plain form
 * (scalings u, v of K = exp(-C / epsilon)) or the log-domain form (potentials f, g updated by
 * log-sum-exp), which does not underflow for small epsilon (Schmitzer 2019; Peyre and Cuturi
 * 2019, Remark 4.23). Symbols: epsilon the regularization, f, g the dual potentials.
 */
import type { Mat } from '@optkit/core';
import type { CostMatrix } from './sparse-ot.js';
import { check, checkProblem } from './validate.js';

/** Options of {@link sinkhorn}. */
export interface SinkhornOptions {
  /** Entropic regularization epsilon > 0 (required; in the units of C). */
  epsilon: number;
  /** Iteration cap (one iteration updates both scalings; default 10000). */
  maxIterations?: number;
  /** Stop when `||T^T 1 - b||_1` (row sums are exact after each update) <= this (1e-9). */
  tolerance?: number;
  /** Log-domain updates (default true: stable for any epsilon; the plain form is faster). */
  logDomain?: boolean;
}

/** Result of {@link sinkhorn}. */
export interface SinkhornResult {
  /** The dense plan T = diag(u) K diag(v), m x n. */
  plan: Mat;
  /** Transport cost `<T, C>`. */
  cost: number;
  /** Dual potentials f (length m) and g (length n): `T_ij = exp((f_i + g_j - C_ij) / eps)`. */
  f: Float64Array;
  g: Float64Array;
  /** `||T 1 - a||_inf` and `||T^T 1 - b||_inf` at the end. */
  rowMarginalError: number;
  colMarginalError: number;
  iterations: number;
  converged: boolean;
  stopReason: 'converged' | 'max-iterations' | 'numerical-failure';
  warnings: string[];
}

/**
 * Entropy-regularized optimal transport by Sinkhorn iterations: the plan minimizing
 * `<T, C> + epsilon sum T_ij (log T_ij - 1)` over transport plans. Plans are dense.
 *
 * @param a - source weights (length m), nonnegative, finite.
 * @param b - target weights (length n), nonnegative, finite, same total as `a`.
 * @param C - cost matrix m x n, finite.
 * @param options - {@link SinkhornOptions}; `epsilon` is required.
 * @returns the dense plan, its cost, potentials, marginal errors and stop information.
 * @throws RangeError or TypeError on bad input.
 * @example
 * ```ts
 * const r = sinkhorn([0.5, 0.5], [0.5, 0.5], [[0, 1], [1, 0]], { epsilon: 0.1 });
 * r.plan.data; // ≈ Float64Array [0.499977, 0.0000227, 0.0000227, 0.499977]
 * ```
 */
export function sinkhorn(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  C: CostMatrix,
  options: SinkhornOptions,
): SinkhornResult {
  if (typeof options !== 'object' || options === null) {
    throw check.typeError('options', 'an object with epsilon', options);
  }
  const p = checkProblem(a, b, C);
  const eps = check.positive('epsilon', options.epsilon);
  const maxIterations = check.integer('maxIterations', options.maxIterations ?? 10000, { min: 1 });
  const tolerance = check.positive('tolerance', options.tolerance ?? 1e-9);
  const logDomain = check.boolean('logDomain', options.logDomain ?? true);
  const { m, n } = p;
  const av = p.a;
  const bv = p.b;
  const c = p.C;
  const cd = c.data;
  const f = new Float64Array(m);
  const g = new Float64Array(n);
  const logA = av.map((x) => (x > 0 ? Math.log(x) : -Infinity));
  const logB = bv.map((x) => (x > 0 ? Math.log(x) : -Infinity));
  const colSum = new Float64Array(n);
  const colMax = new Float64Array(n);
  let iterations = 0;
  let stopReason: SinkhornResult['stopReason'] = 'max-iterations';
  const warnings: string[] = [];

  if (logDomain) {
    // f_i = eps log a_i - eps LSE_j((g_j - C_ij) / eps), then the same for g; the column
    // log-sum-exp is accumulated row by row with a running max, so C is read row-major.
    for (;;) {
      for (let i = 0; i < m; i++) {
        const row = c.offset + i * c.stride;
        let mx = -Infinity;
        for (let j = 0; j < n; j++) {
          const v = g[j] - cd[row + j];
          if (v > mx) mx = v;
        }
        let s = 0;
        for (let j = 0; j < n; j++) s += Math.exp((g[j] - cd[row + j] - mx) / eps);
        f[i] = av[i] > 0 ? eps * logA[i] - mx - eps * Math.log(s) : -Infinity;
      }
      colMax.fill(-Infinity);
      for (let i = 0; i < m; i++) {
        if (!(av[i] > 0)) continue;
        const row = c.offset + i * c.stride;
        for (let j = 0; j < n; j++) {
          const v = f[i] - cd[row + j];
          if (v > colMax[j]) colMax[j] = v;
        }
      }
      colSum.fill(0);
      for (let i = 0; i < m; i++) {
        if (!(av[i] > 0)) continue;
        const row = c.offset + i * c.stride;
        for (let j = 0; j < n; j++) colSum[j] += Math.exp((f[i] - cd[row + j] - colMax[j]) / eps);
      }
      // Marginal error of the columns before the g update (rows are exact after the f update).
      let err = 0;
      for (let j = 0; j < n; j++) {
        const t = Math.exp((g[j] + colMax[j]) / eps) * colSum[j];
        err += Math.abs(t - bv[j]);
      }
      for (let j = 0; j < n; j++) {
        g[j] = bv[j] > 0 ? eps * logB[j] - colMax[j] - eps * Math.log(colSum[j]) : -Infinity;
      }
      iterations++;
      if (!Number.isFinite(err)) {
        stopReason = 'numerical-failure';
        break;
      }
      if (err <= tolerance) {
        stopReason = 'converged';
        break;
      }
      if (iterations >= maxIterations) break;
    }
  } else {
    // u = a / (K v), v = b / (K^T u) with K = exp(-C / eps).
    const K = new Float64Array(m * n);
    for (let i = 0; i < m; i++) {
      const row = c.offset + i * c.stride;
      for (let j = 0; j < n; j++) K[i * n + j] = Math.exp(-cd[row + j] / eps);
    }
    const u = new Float64Array(m);
    const v = new Float64Array(n).fill(1);
    for (;;) {
      for (let i = 0; i < m; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += K[i * n + j] * v[j];
        u[i] = av[i] / s;
      }
      colSum.fill(0);
      for (let i = 0; i < m; i++) {
        const ui = u[i];
        for (let j = 0; j < n; j++) colSum[j] += K[i * n + j] * ui;
      }
      let err = 0;
      for (let j = 0; j < n; j++) {
        err += Math.abs(colSum[j] * v[j] - bv[j]);
        v[j] = bv[j] / colSum[j];
      }
      iterations++;
      if (!Number.isFinite(err)) {
        stopReason = 'numerical-failure';
        break;
      }
      if (err <= tolerance) {
        stopReason = 'converged';
        break;
      }
      if (iterations >= maxIterations) break;
    }
    for (let i = 0; i < m; i++) f[i] = eps * Math.log(u[i]);
    for (let j = 0; j < n; j++) g[j] = eps * Math.log(v[j]);
  }

  const data = new Float64Array(m * n);
  const rowSum = new Float64Array(m);
  colSum.fill(0);
  let cost = 0;
  for (let i = 0; i < m; i++) {
    const row = c.offset + i * c.stride;
    for (let j = 0; j < n; j++) {
      const t = Math.exp((f[i] + g[j] - cd[row + j]) / eps);
      const tv = Number.isFinite(t) ? t : 0;
      data[i * n + j] = tv;
      rowSum[i] += tv;
      colSum[j] += tv;
      cost += tv * cd[row + j];
    }
  }
  let rowMarginalError = 0;
  let colMarginalError = 0;
  for (let i = 0; i < m; i++)
    rowMarginalError = Math.max(rowMarginalError, Math.abs(rowSum[i] - av[i]));
  for (let j = 0; j < n; j++)
    colMarginalError = Math.max(colMarginalError, Math.abs(colSum[j] - bv[j]));
  if (stopReason === 'numerical-failure') {
    warnings.push(
      `the scalings overflowed or underflowed at epsilon = ${eps}; ` +
        'use logDomain: true or a larger epsilon',
    );
  } else if (stopReason === 'max-iterations') {
    warnings.push(
      `not converged after ${iterations} iterations (maxIterations); ` +
        `column error ${colMarginalError.toExponential(3)}`,
    );
  }
  return {
    plan: { rows: m, cols: n, stride: n, offset: 0, data },
    cost,
    f,
    g,
    rowMarginalError,
    colMarginalError,
    iterations,
    converged: stopReason === 'converged',
    stopReason,
    warnings,
  };
}
