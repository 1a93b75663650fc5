/**
 * First-order methods for constrained and composite problems: spectral projected gradient (SPG)
 * for any convex set given by its projection, and FISTA with backtracking and adaptive restart for
 * smooth-plus-prox problems.
 *
 * References: E. G. Birgin, J. M. Martínez and M. Raydan (2000), "Nonmonotone spectral projected
 * gradient methods on convex sets", SIAM J. Optim. 10(4). A. Beck and M. Teboulle (2009), "A fast
 * iterative shrinkage-thresholding algorithm for linear inverse problems", SIAM J. Imaging Sci.
 * 2(1). B. O'Donoghue and E. Candès (2015), "Adaptive restart for accelerated gradient schemes",
 * Found. Comput. Math. 15.
 */
import { checker } from './checks.js';
import type { OptResult, StopReason, ValueGrad } from './lbfgs.js';
import { optResult } from './result.js';

const check = checker('core');

/** Options for {@link minimizeSpg}. */
export interface SpgOptions {
  /** Nonmonotone memory M (default 10). */
  memory?: number;
  /** Sufficient decrease γ (default 1e-4). */
  sufficientDecrease?: number;
  /** Stop when ‖P(x − g) − x‖∞ is at most this (default 1e-6). */
  tolerance?: number;
  /** Iteration cap (default 10000). */
  maxIterations?: number;
  /** Evaluation cap (default 100000). */
  maxEvaluations?: number;
  /** Spectral step range (defaults 1e-10 and 1e10). */
  stepMin?: number;
  stepMax?: number;
  recordHistory?: boolean;
}

/**
 * Minimizes f over a closed convex set by nonmonotone spectral projected gradient.
 *
 * @param fg - objective: fills the gradient, returns f.
 * @param x0 - start (projected first; not modified).
 * @param project - Euclidean projection onto the set, in place.
 * @param options - see {@link SpgOptions}.
 * @returns result with `stopReason`.
 * @throws RangeError when x0, f(x0) or its gradient is not finite.
 * @example
 * ```ts
 * // min ½‖x − (2, −1, 0.5)‖² over [0, 1]³ → (1, 0, 0.5)
 * const c = [2, -1, 0.5];
 * minimizeSpg((x, g) => { let f = 0; for (let i = 0; i < 3; i++) { g[i] = x[i] - c[i];
 *   f += 0.5 * g[i] * g[i]; } return f; }, new Float64Array(3),
 *   (x) => { for (let i = 0; i < 3; i++) x[i] = Math.min(1, Math.max(0, x[i])); }).x;
 * ```
 */
export function minimizeSpg(
  fg: ValueGrad,
  x0: Float64Array | ArrayLike<number>,
  project: (x: Float64Array) => void,
  options: SpgOptions = {},
): OptResult {
  check.func('fg', fg);
  check.func('project', project);
  const x = check.vector('x0', x0);
  const n = x.length;
  const M = check.integer('memory', options.memory ?? 10, { min: 1 });
  const gamma = check.number('sufficientDecrease', options.sufficientDecrease ?? 1e-4, {
    min: 0,
    max: 1,
    exclusiveMin: true,
    exclusiveMax: true,
  });
  const tol = check.number('tolerance', options.tolerance ?? 1e-6, { min: 0 });
  const maxIter = check.integer('maxIterations', options.maxIterations ?? 10000, { min: 0 });
  const maxEval = check.integer('maxEvaluations', options.maxEvaluations ?? 100000, { min: 1 });
  const aMin = check.positive('stepMin', options.stepMin ?? 1e-10);
  const aMax = check.positive('stepMax', options.stepMax ?? 1e10);
  project(x);
  const g = new Float64Array(n);
  let evaluations = 1;
  let f = fg(x, g);
  if (!Number.isFinite(f)) throw check.rangeError('f(x0)', 'finite', f);
  check.finiteArray('gradient at x0', g);
  const history = options.recordHistory ? ([] as number[]) : null;
  const recent = new Float64Array(M).fill(f);
  const t = new Float64Array(n);
  const d = new Float64Array(n);
  const xNew = new Float64Array(n);
  const gNew = new Float64Array(n);
  const pgNorm = () => {
    for (let i = 0; i < n; i++) t[i] = x[i] - g[i];
    project(t);
    let r = 0;
    for (let i = 0; i < n; i++) r = Math.max(r, Math.abs(t[i] - x[i]));
    return r;
  };
  let pg = pgNorm();
  let alpha = pg > 0 ? Math.min(aMax, Math.max(aMin, 1 / pg)) : 1;
  let iterations = 0;
  for (;;) {
    if (pg <= tol)
      return optResult(
        x,
        f,
        g,
        pg,
        iterations,
        evaluations,
        'converged-gtol',
        `projected gradient ∞-norm ${pg} <= ${tol}`,
        history,
      );
    if (iterations >= maxIter)
      return optResult(
        x,
        f,
        g,
        pg,
        iterations,
        evaluations,
        'max-iterations',
        `reached maxIterations = ${maxIter}`,
        history,
      );
    for (let i = 0; i < n; i++) t[i] = x[i] - alpha * g[i];
    project(t);
    let gd = 0;
    for (let i = 0; i < n; i++) {
      d[i] = t[i] - x[i];
      gd += g[i] * d[i];
    }
    let fMax = recent[0];
    for (let i = 1; i < M; i++) fMax = Math.max(fMax, recent[i]);
    let lambda = 1;
    let fNew = 0;
    let accepted = false;
    while (evaluations < maxEval) {
      for (let i = 0; i < n; i++) xNew[i] = x[i] + lambda * d[i];
      fNew = fg(xNew, gNew);
      evaluations++;
      if (Number.isFinite(fNew) && fNew <= fMax + gamma * lambda * gd) {
        accepted = true;
        break;
      }
      const denom = fNew - f - lambda * gd;
      const lt =
        Number.isFinite(fNew) && denom > 0 ? (-0.5 * lambda * lambda * gd) / denom : Number.NaN;
      lambda = lt >= 0.1 * lambda && lt <= 0.9 * lambda ? lt : lambda / 2;
      if (lambda < 1e-20) break;
    }
    if (!accepted) {
      const reason: StopReason = evaluations >= maxEval ? 'max-evaluations' : 'line-search-failed';
      return optResult(
        x,
        f,
        g,
        pg,
        iterations,
        evaluations,
        reason,
        reason === 'max-evaluations'
          ? `reached maxEvaluations = ${maxEval}`
          : 'the line search found no acceptable step',
        history,
      );
    }
    let ss = 0;
    let sy = 0;
    for (let i = 0; i < n; i++) {
      const s = xNew[i] - x[i];
      const y = gNew[i] - g[i];
      ss += s * s;
      sy += s * y;
    }
    alpha = sy <= 0 ? aMax : Math.min(aMax, Math.max(aMin, ss / sy));
    x.set(xNew);
    g.set(gNew);
    f = fNew;
    iterations++;
    recent[iterations % M] = f;
    history?.push(f);
    pg = pgNorm();
  }
}

/** Options for {@link minimizeFista}. */
export interface FistaOptions {
  /** Initial Lipschitz estimate L0 (default 1). */
  lipschitz?: number;
  /** Backtracking factor η > 1 (default 2). */
  backtrack?: number;
  /** Stop when ‖x⁺ − x‖∞ ≤ tolerance·max(1, ‖x‖∞) (default 1e-8). */
  tolerance?: number;
  /** Iteration cap (default 10000). */
  maxIterations?: number;
  /** Restart the momentum when f increases (default true). */
  restart?: boolean;
  recordHistory?: boolean;
}

/**
 * Minimizes f(x) + h(x) for smooth f and a prox-friendly h by FISTA with backtracking.
 *
 * @param fg - smooth part: fills the gradient, returns f.
 * @param prox - prox of step·h, applied in place: x ← argmin_z h(z)·step + ½‖z − x‖².
 * @param x0 - start (not modified).
 * @param options - see {@link FistaOptions}.
 * @returns result; `f` is the smooth part at x (h is not evaluated).
 */
export function minimizeFista(
  fg: ValueGrad,
  prox: (x: Float64Array, step: number) => void,
  x0: Float64Array | ArrayLike<number>,
  options: FistaOptions = {},
): OptResult {
  check.func('fg', fg);
  check.func('prox', prox);
  const x = check.vector('x0', x0);
  const n = x.length;
  let L = check.positive('lipschitz', options.lipschitz ?? 1);
  const eta = check.number('backtrack', options.backtrack ?? 2, { min: 1, exclusiveMin: true });
  const tol = check.number('tolerance', options.tolerance ?? 1e-8, { min: 0 });
  const maxIter = check.integer('maxIterations', options.maxIterations ?? 10000, { min: 0 });
  const restart = options.restart ?? true;
  const history = options.recordHistory ? ([] as number[]) : null;
  const y = Float64Array.from(x);
  const gy = new Float64Array(n);
  const xNew = new Float64Array(n);
  const gx = new Float64Array(n);
  let evaluations = 0;
  let fx = fg(x, gx);
  evaluations++;
  if (!Number.isFinite(fx)) throw check.rangeError('f(x0)', 'finite', fx);
  let t = 1;
  let iterations = 0;
  let change = Number.POSITIVE_INFINITY;
  while (iterations < maxIter) {
    const fy = fg(y, gy);
    evaluations++;
    let fNew = 0;
    for (let bt = 0; bt < 60; bt++) {
      for (let i = 0; i < n; i++) xNew[i] = y[i] - gy[i] / L;
      prox(xNew, 1 / L);
      fNew = fg(xNew, gx);
      evaluations++;
      let q = fy;
      let dd = 0;
      for (let i = 0; i < n; i++) {
        const di = xNew[i] - y[i];
        q += gy[i] * di;
        dd += di * di;
      }
      q += 0.5 * L * dd;
      if (fNew <= q + 1e-12 * Math.abs(q)) break;
      L *= eta;
    }
    const tNew = 0.5 * (1 + Math.sqrt(1 + 4 * t * t));
    let xMax = 0;
    change = 0;
    const restarting = restart && fNew > fx;
    for (let i = 0; i < n; i++) {
      const dx = xNew[i] - x[i];
      change = Math.max(change, Math.abs(dx));
      xMax = Math.max(xMax, Math.abs(xNew[i]));
      y[i] = restarting ? xNew[i] : xNew[i] + ((t - 1) / tNew) * dx;
    }
    t = restarting ? 1 : tNew;
    x.set(xNew);
    fx = fNew;
    iterations++;
    history?.push(fx);
    if (change <= tol * Math.max(1, xMax)) {
      return optResult(
        x,
        fx,
        gx,
        change,
        iterations,
        evaluations,
        'converged-ftol',
        `step ∞-norm ${change} <= tolerance`,
        history,
      );
    }
  }
  return optResult(
    x,
    fx,
    gx,
    change,
    iterations,
    evaluations,
    'max-iterations',
    `reached maxIterations = ${maxIter}`,
    history,
  );
}
