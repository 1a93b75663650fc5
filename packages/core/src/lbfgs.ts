/**
 * Limited-memory BFGS, unconstrained (strong-Wolfe line search) and with box bounds (projected
 * L-BFGS with active-set identification).
 *
 * Symbols: x iterate, f objective, g gradient, d search direction, (s_i, y_i) the m most recent
 * curvature pairs s = x⁺ − x, y = g⁺ − g, ρ_i = 1/(y_iᵀs_i), γ = sᵀy/yᵀy the initial Hessian
 * scaling (Nocedal and Wright, eq. 7.20). Defaults follow scipy's L-BFGS-B where a counterpart
 * exists: m = 10, gtol = 1e-5 on the (projected) gradient's ∞-norm, ftol = 2.2e-9 relative
 * decrease, 15000 iterations and evaluations.
 *
 * Bounded problems (`lower`/`upper`) use the two-metric projection idea (Bertsekas 1982): a
 * variable at a bound whose gradient pushes it outward is held fixed for the iteration; the
 * L-BFGS direction is computed on the free variables; the step follows the projected arc
 * P(x + αd) with Armijo backtracking. It is not the Byrd-Lu-Nocedal-Zhu generalized-Cauchy-point
 * algorithm, but it has the same fixed points and stopping test ‖P(x − g) − x‖∞ ≤ gtol.
 *
 * References: J. Nocedal and S. J. Wright (2006), "Numerical Optimization", 2nd ed., Alg. 7.4,
 * 3.5 and 3.6. D. C. Liu and J. Nocedal (1989), "On the limited memory BFGS method for large scale
 * optimization", Math. Programming 45. D. P. Bertsekas (1982), "Projected Newton methods for
 * optimization problems with simple constraints", SIAM J. Control Optim. 20(2).
 */
import { checker } from './checks.js';
import { optResult } from './result.js';

const check = checker('core');

/** Objective and gradient: fills `grad` at x and returns f(x). */
export type ValueGrad = (x: Float64Array, grad: Float64Array) => number;

/** Why an optimizer stopped. */
export type StopReason =
  | 'converged-gtol'
  | 'converged-ftol'
  | 'max-iterations'
  | 'max-evaluations'
  | 'line-search-failed'
  | 'callback-stop';

/** Result shared by the optimizers in core. */
export interface OptResult {
  /** The final iterate. */
  x: Float64Array;
  /** f at x. */
  f: number;
  /** Gradient at x. */
  gradient: Float64Array;
  /** ∞-norm of the projected gradient P(x − g) − x (the gradient when unconstrained). */
  projGradInf: number;
  iterations: number;
  /** Number of calls to the objective. */
  evaluations: number;
  /** True for `converged-gtol` and `converged-ftol`. */
  converged: boolean;
  stopReason: StopReason;
  /** One sentence on the stop. */
  message: string;
  /** f after each iteration (when `recordHistory`). */
  history?: Float64Array;
}

/** Options for {@link minimizeLbfgs}. */
export interface LbfgsOptions {
  /** Number of curvature pairs kept (default 10). */
  memory?: number;
  /** Stop when the (projected) gradient's ∞-norm is at most this (default 1e-5). */
  gradientTolerance?: number;
  /** Stop when (f − f⁺)/max(|f|, |f⁺|, 1) is at most this (default 2.2e-9). */
  functionTolerance?: number;
  /** Iteration cap (default 15000). */
  maxIterations?: number;
  /** Objective evaluation cap (default 15000). */
  maxEvaluations?: number;
  /** Trials per line search (default 20). */
  maxLineSearch?: number;
  /** Armijo constant c1 (default 1e-4). */
  sufficientDecrease?: number;
  /** Curvature constant c2 of the strong Wolfe conditions (default 0.9). */
  curvature?: number;
  /** Lower bounds (a number applies to every variable; -Infinity for none). */
  lower?: Float64Array | number;
  /** Upper bounds (a number applies to every variable; Infinity for none). */
  upper?: Float64Array | number;
  /** Called after each iteration; returning `true` stops with `callback-stop`. */
  callback?: (iteration: number, x: Float64Array, f: number) => boolean | undefined;
  /** Record f per iteration in `history` (default false). */
  recordHistory?: boolean;
}

function bounds(
  argument: string,
  value: Float64Array | number | undefined,
  n: number,
  fallback: number,
): Float64Array | null {
  if (value === undefined) return null;
  if (typeof value === 'number') {
    if (Number.isNaN(value)) throw check.rangeError(argument, 'a number, not NaN', value);
    if (value === fallback) return null;
    return new Float64Array(n).fill(value);
  }
  if (!(value instanceof Float64Array) || value.length !== n) {
    throw check.rangeErrorText(
      argument,
      `a number or a Float64Array of length ${n}`,
      String(value?.length),
    );
  }
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(value[i]))
      throw check.rangeError(`${argument}[${i}]`, 'a number, not NaN', value[i]);
  }
  return value;
}

/** Ring buffer of curvature pairs and the two-loop recursion (Nocedal and Wright, Alg. 7.4). */
class Memory {
  readonly s: Float64Array[];
  readonly y: Float64Array[];
  readonly rho: Float64Array;
  readonly alpha: Float64Array;
  /** Indices of the free variables of the current direction (bounded runs). */
  private readonly freeIdx: Int32Array;
  count = 0;
  head = 0;

  constructor(
    readonly m: number,
    n: number,
  ) {
    this.s = Array.from({ length: m }, () => new Float64Array(n));
    this.y = Array.from({ length: m }, () => new Float64Array(n));
    this.rho = new Float64Array(m);
    this.alpha = new Float64Array(m);
    this.freeIdx = new Int32Array(n);
  }

  reset(): void {
    this.count = 0;
    this.head = 0;
  }

  /** Stores s, y if sᵀy > 1e-10‖s‖‖y‖; returns whether it did. */
  push(s: Float64Array, y: Float64Array): boolean {
    let sy = 0;
    let ss = 0;
    let yy = 0;
    for (let i = 0; i < s.length; i++) {
      sy += s[i] * y[i];
      ss += s[i] * s[i];
      yy += y[i] * y[i];
    }
    if (!(sy > 1e-10 * Math.sqrt(ss * yy))) return false;
    const slot = (this.head + this.count) % this.m;
    this.s[slot].set(s);
    this.y[slot].set(y);
    this.rho[slot] = 1 / sy;
    if (this.count < this.m) this.count++;
    else this.head = (this.head + 1) % this.m;
    return true;
  }

  /**
   * d = −H·g. When `free` is given, the product acts on the free variables only (entries where
   * free[i] = 0 are treated as absent) and d is zero on the fixed ones.
   */
  direction(g: Float64Array, d: Float64Array, free: Uint8Array | null): void {
    const n = g.length;
    let nFree = n;
    if (free !== null) {
      nFree = 0;
      for (let i = 0; i < n; i++) if (free[i]) this.freeIdx[nFree++] = i;
    }
    if (nFree === n) this.directionDense(g, d);
    else this.directionOn(this.freeIdx, nFree, g, d);
  }

  /** The two-loop recursion on all n variables. */
  private directionDense(g: Float64Array, d: Float64Array): void {
    const n = g.length;
    const { s, y, rho, alpha, m } = this;
    d.set(g);
    for (let k = this.count - 1; k >= 0; k--) {
      const j = (this.head + k) % m;
      const sj = s[j];
      const yj = y[j];
      let a = 0;
      for (let i = 0; i < n; i++) a += sj[i] * d[i];
      a *= rho[j];
      alpha[j] = a;
      for (let i = 0; i < n; i++) d[i] -= a * yj[i];
    }
    if (this.count > 0) {
      const j = (this.head + this.count - 1) % m;
      let sy = 0;
      let yy = 0;
      for (let i = 0; i < n; i++) {
        sy += s[j][i] * y[j][i];
        yy += y[j][i] * y[j][i];
      }
      const gamma = yy > 0 && sy > 0 ? sy / yy : 1;
      for (let i = 0; i < n; i++) d[i] *= gamma;
    }
    for (let k = 0; k < this.count; k++) {
      const j = (this.head + k) % m;
      const sj = s[j];
      const yj = y[j];
      let b = 0;
      for (let i = 0; i < n; i++) b += yj[i] * d[i];
      b *= rho[j];
      const c = alpha[j] - b;
      for (let i = 0; i < n; i++) d[i] += c * sj[i];
    }
    for (let i = 0; i < n; i++) d[i] = -d[i];
  }

  /**
   * The two-loop recursion restricted to the variables idx[0..nf): the same sums in the same
   * order as masking the fixed entries to zero after every update, at O(nf) per pass.
   */
  private directionOn(idx: Int32Array, nf: number, g: Float64Array, d: Float64Array): void {
    const { s, y, rho, alpha, m } = this;
    d.fill(0);
    for (let t = 0; t < nf; t++) d[idx[t]] = g[idx[t]];
    for (let k = this.count - 1; k >= 0; k--) {
      const j = (this.head + k) % m;
      const sj = s[j];
      const yj = y[j];
      let a = 0;
      for (let t = 0; t < nf; t++) a += sj[idx[t]] * d[idx[t]];
      a *= rho[j];
      alpha[j] = a;
      for (let t = 0; t < nf; t++) d[idx[t]] -= a * yj[idx[t]];
    }
    if (this.count > 0) {
      const j = (this.head + this.count - 1) % m;
      const sj = s[j];
      const yj = y[j];
      let sy = 0;
      let yy = 0;
      for (let t = 0; t < nf; t++) {
        const i = idx[t];
        sy += sj[i] * yj[i];
        yy += yj[i] * yj[i];
      }
      const gamma = yy > 0 && sy > 0 ? sy / yy : 1;
      for (let t = 0; t < nf; t++) d[idx[t]] *= gamma;
    }
    for (let k = 0; k < this.count; k++) {
      const j = (this.head + k) % m;
      const sj = s[j];
      const yj = y[j];
      let b = 0;
      for (let t = 0; t < nf; t++) b += yj[idx[t]] * d[idx[t]];
      b *= rho[j];
      const c = alpha[j] - b;
      for (let t = 0; t < nf; t++) d[idx[t]] += c * sj[idx[t]];
    }
    for (let t = 0; t < nf; t++) d[idx[t]] = -d[idx[t]];
  }
}

/**
 * Minimizes a smooth function by L-BFGS; with `lower`/`upper`, over a box (projected L-BFGS).
 *
 * @param fg - objective: fills the gradient and returns f. Must not keep references to x.
 * @param x0 - starting point (not modified; projected onto the box when bounded).
 * @param options - see {@link LbfgsOptions}.
 * @returns the result with `stopReason`; never throws for a failed line search.
 * @throws RangeError when x0 is not finite, f or g at x0 is not finite, bounds cross or the
 *   gradient has the wrong length.
 * @example
 * ```ts
 * // Rosenbrock from (-1.2, 1)
 * const r = minimizeLbfgs((x, g) => {
 *   const a = 1 - x[0], b = x[1] - x[0] * x[0];
 *   g[0] = -2 * a - 400 * x[0] * b; g[1] = 200 * b;
 *   return a * a + 100 * b * b;
 * }, Float64Array.of(-1.2, 1));
 * r.x; // ≈ [1, 1]
 * ```
 */
export function minimizeLbfgs(
  fg: ValueGrad,
  x0: Float64Array | ArrayLike<number>,
  options: LbfgsOptions = {},
): OptResult {
  check.func('fg', fg);
  const x = check.vector('x0', x0);
  const n = x.length;
  const m = check.integer('memory', options.memory ?? 10, { min: 1 });
  const gtol = check.number('gradientTolerance', options.gradientTolerance ?? 1e-5, { min: 0 });
  const ftol = check.number('functionTolerance', options.functionTolerance ?? 2.2e-9, { min: 0 });
  const maxIter = check.integer('maxIterations', options.maxIterations ?? 15000, { min: 0 });
  const maxEval = check.integer('maxEvaluations', options.maxEvaluations ?? 15000, { min: 1 });
  const maxLs = check.integer('maxLineSearch', options.maxLineSearch ?? 20, { min: 1 });
  const c1 = check.number('sufficientDecrease', options.sufficientDecrease ?? 1e-4, {
    min: 0,
    max: 1,
    exclusiveMin: true,
    exclusiveMax: true,
  });
  const c2 = check.number('curvature', options.curvature ?? 0.9, {
    min: c1,
    max: 1,
    exclusiveMin: true,
    exclusiveMax: true,
  });
  const lo = bounds('lower', options.lower, n, -Infinity);
  const hi = bounds('upper', options.upper, n, Infinity);
  const bounded = lo !== null || hi !== null;
  if (lo !== null && hi !== null) {
    for (let i = 0; i < n; i++) {
      if (lo[i] > hi[i])
        throw check.rangeErrorText(`lower[${i}]`, `<= upper[${i}]`, `${lo[i]} > ${hi[i]}`);
    }
  }
  const project = (v: Float64Array) => {
    for (let i = 0; i < n; i++) {
      if (lo !== null && v[i] < lo[i]) v[i] = lo[i];
      if (hi !== null && v[i] > hi[i]) v[i] = hi[i];
    }
  };
  if (bounded) project(x);

  let evaluations = 0;
  const g = new Float64Array(n);
  const evaluate = (at: Float64Array, grad: Float64Array): number => {
    evaluations++;
    const value = fg(at, grad);
    if (grad.length !== n)
      throw check.rangeErrorText('gradient', `of length ${n}`, `length ${grad.length}`);
    return value;
  };
  let f = evaluate(x, g);
  if (!Number.isFinite(f)) throw check.rangeError('f(x0)', 'finite', f);
  check.finiteArray('gradient at x0', g);

  const memory = new Memory(m, n);
  const d = new Float64Array(n);
  const xNew = new Float64Array(n);
  const gNew = new Float64Array(n);
  const s = new Float64Array(n);
  const y = new Float64Array(n);
  const free = bounded ? new Uint8Array(n) : null;
  const history: number[] = [];

  const projectedGradInf = (): number => {
    let r = 0;
    for (let i = 0; i < n; i++) {
      let v = x[i] - g[i];
      if (lo !== null && v < lo[i]) v = lo[i];
      if (hi !== null && v > hi[i]) v = hi[i];
      const a = Math.abs(v - x[i]);
      if (a > r) r = a;
    }
    return r;
  };

  let stopReason: StopReason = 'max-iterations';
  let iterations = 0;
  let pg = projectedGradInf();
  for (;;) {
    if (pg <= gtol) {
      stopReason = 'converged-gtol';
      break;
    }
    if (iterations >= maxIter) {
      stopReason = 'max-iterations';
      break;
    }
    if (evaluations >= maxEval) {
      stopReason = 'max-evaluations';
      break;
    }

    // 1. Direction: two-loop recursion (on the free variables when bounded).
    if (free !== null) {
      const eps = 1e-10;
      for (let i = 0; i < n; i++) {
        const atLo = lo !== null && x[i] <= lo[i] + eps * Math.max(1, Math.abs(lo[i])) && g[i] > 0;
        const atHi = hi !== null && x[i] >= hi[i] - eps * Math.max(1, Math.abs(hi[i])) && g[i] < 0;
        free[i] = atLo || atHi ? 0 : 1;
      }
    }
    memory.direction(g, d, free);
    let gd = 0;
    for (let i = 0; i < n; i++) gd += g[i] * d[i];
    if (!(gd < 0)) {
      memory.reset();
      gd = 0;
      for (let i = 0; i < n; i++) {
        d[i] = free === null || free[i] ? -g[i] : 0;
        gd -= d[i] * g[i];
      }
      gd = -gd;
      if (!(gd < 0)) {
        stopReason = 'converged-gtol';
        break;
      }
    }
    let dNorm = 0;
    for (let i = 0; i < n; i++) dNorm += d[i] * d[i];
    dNorm = Math.sqrt(dNorm);
    const alpha0 = memory.count === 0 ? Math.min(1, 1 / dNorm) : 1;

    // 2. Line search.
    const budget = Math.min(maxLs, maxEval - evaluations);
    const ls = bounded
      ? projectedArmijo(evaluate, project, x, f, g, d, alpha0, c1, budget, xNew, gNew)
      : strongWolfe(evaluate, x, f, d, gd, alpha0, c1, c2, budget, xNew, gNew);
    if (ls === null) {
      if (memory.count > 0) {
        // Retry once along steepest descent before giving up.
        memory.reset();
        continue;
      }
      stopReason = evaluations >= maxEval ? 'max-evaluations' : 'line-search-failed';
      break;
    }
    const fNew = ls;

    // 3. Update the pair and the iterate.
    for (let i = 0; i < n; i++) {
      s[i] = xNew[i] - x[i];
      y[i] = gNew[i] - g[i];
    }
    memory.push(s, y);
    const fOld = f;
    x.set(xNew);
    g.set(gNew);
    f = fNew;
    iterations++;
    pg = projectedGradInf();
    if (options.recordHistory) history.push(f);
    if (options.callback?.(iterations, x, f) === true) {
      stopReason = 'callback-stop';
      break;
    }
    if ((fOld - f) / Math.max(Math.abs(fOld), Math.abs(f), 1) <= ftol) {
      stopReason = pg <= gtol ? 'converged-gtol' : 'converged-ftol';
      break;
    }
  }
  const messages: Record<StopReason, string> = {
    'converged-gtol': `projected gradient ∞-norm ${pg} <= ${gtol}`,
    'converged-ftol': `relative decrease of f <= ${ftol}`,
    'max-iterations': `reached maxIterations = ${maxIter}`,
    'max-evaluations': `reached maxEvaluations = ${maxEval}`,
    'line-search-failed': 'the line search found no acceptable step',
    'callback-stop': 'the callback asked to stop',
  };
  return optResult(
    x,
    f,
    g,
    pg,
    iterations,
    evaluations,
    stopReason,
    messages[stopReason],
    options.recordHistory ? history : null,
  );
}

/**
 * Backtracking along the projected arc x(α) = P(x + α·d), accepting the first α with
 * f(x(α)) ≤ f + c1·gᵀ(x(α) − x). Returns f at the accepted point (xNew, gNew filled) or null.
 */
function projectedArmijo(
  evaluate: ValueGrad,
  project: (v: Float64Array) => void,
  x: Float64Array,
  f: number,
  g: Float64Array,
  d: Float64Array,
  alpha0: number,
  c1: number,
  budget: number,
  xNew: Float64Array,
  gNew: Float64Array,
): number | null {
  const n = x.length;
  let alpha = alpha0;
  for (let trial = 0; trial < budget; trial++) {
    for (let i = 0; i < n; i++) xNew[i] = x[i] + alpha * d[i];
    project(xNew);
    let decrease = 0;
    let moved = false;
    for (let i = 0; i < n; i++) {
      const step = xNew[i] - x[i];
      if (step !== 0) moved = true;
      decrease += g[i] * step;
    }
    if (!moved) return null;
    const fNew = evaluate(xNew, gNew);
    if (Number.isFinite(fNew) && fNew <= f + c1 * decrease) return fNew;
    // Quadratic interpolation on the arc, safeguarded to [0.1, 0.5] of the step.
    let next = 0.5;
    if (Number.isFinite(fNew) && decrease < 0) {
      const q = -decrease / (2 * (fNew - f - decrease));
      if (q > 0.1 && q < 0.5) next = q;
    }
    alpha *= next;
  }
  return null;
}

/** Cubic interpolation minimizer on [a, b] from values and slopes at both ends (NW eq. 3.59). */
function cubicMin(a: number, fa: number, da: number, b: number, fb: number, db: number): number {
  const d1 = da + db - (3 * (fa - fb)) / (a - b);
  const disc = d1 * d1 - da * db;
  if (disc < 0) return Number.NaN;
  const d2 = Math.sign(b - a) * Math.sqrt(disc);
  return b - ((b - a) * (db + d2 - d1)) / (db - da + 2 * d2);
}

/**
 * Strong-Wolfe line search by bracketing and zoom with cubic interpolation (Nocedal and Wright,
 * Alg. 3.5 and 3.6). Returns f at the accepted point (xNew, gNew filled) or null.
 */
function strongWolfe(
  evaluate: ValueGrad,
  x: Float64Array,
  f0: number,
  d: Float64Array,
  dphi0: number,
  alpha1: number,
  c1: number,
  c2: number,
  budget: number,
  xNew: Float64Array,
  gNew: Float64Array,
): number | null {
  const n = x.length;
  let evals = 0;
  const phi = (alpha: number): [number, number] => {
    for (let i = 0; i < n; i++) xNew[i] = x[i] + alpha * d[i];
    evals++;
    const f = evaluate(xNew, gNew);
    let slope = 0;
    for (let i = 0; i < n; i++) slope += gNew[i] * d[i];
    return [f, slope];
  };
  let aPrev = 0;
  let fPrev = f0;
  let dPrev = dphi0;
  let alpha = alpha1;
  const zoom = (
    lo: number,
    flo: number,
    dlo: number,
    hi: number,
    fhi: number,
    dhi: number,
  ): number | null => {
    while (evals < budget) {
      let a = cubicMin(lo, flo, dlo, hi, fhi, dhi);
      const left = Math.min(lo, hi);
      const width = Math.abs(hi - lo);
      if (!Number.isFinite(a) || a < left + 0.1 * width || a > left + 0.9 * width) {
        a = 0.5 * (lo + hi);
      }
      const [fa, da] = phi(a);
      if (!Number.isFinite(fa) || fa > f0 + c1 * a * dphi0 || fa >= flo) {
        hi = a;
        fhi = Number.isFinite(fa) ? fa : Number.MAX_VALUE;
        dhi = Number.isFinite(da) ? da : 0;
      } else {
        if (Math.abs(da) <= -c2 * dphi0) return fa;
        if (da * (hi - lo) >= 0) {
          hi = lo;
          fhi = flo;
          dhi = dlo;
        }
        lo = a;
        flo = fa;
        dlo = da;
      }
      if (Math.abs(hi - lo) < 1e-16 * Math.max(1, Math.abs(lo))) break;
    }
    // Out of budget: accept the best point seen if it decreased f enough.
    if (lo > 0 && flo <= f0 + c1 * lo * dphi0) {
      phi(lo);
      return flo;
    }
    return null;
  };
  while (evals < budget) {
    const [fa, da] = phi(alpha);
    if (!Number.isFinite(fa) || !Number.isFinite(da)) {
      // Step into a region where f is not finite: shrink toward the last good point.
      alpha = aPrev + 0.5 * (alpha - aPrev);
      continue;
    }
    if (fa > f0 + c1 * alpha * dphi0 || (evals > 1 && fa >= fPrev)) {
      return zoom(aPrev, fPrev, dPrev, alpha, fa, da);
    }
    if (Math.abs(da) <= -c2 * dphi0) return fa;
    if (da >= 0) return zoom(alpha, fa, da, aPrev, fPrev, dPrev);
    aPrev = alpha;
    fPrev = fa;
    dPrev = da;
    alpha = 2 * aPrev;
  }
  return null;
}
