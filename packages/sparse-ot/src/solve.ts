/**
 * The smooth (semi-)dual solver shared by {@link sparseOT} and {@link smoothOT}: validation,
 * L-BFGS from core on the negated concave objective, stopping rules, and plan recovery as the
 * gradient map at the best point (spec P5, P6).
 */
import { type Mat, minimizeLbfgs } from '@optkit/core';
import { networkSimplex } from './emd.js';
import { type Regularizer, TransportOracle } from './oracles.js';
import { makePlan, planStats, type SparsePlan } from './plan.js';
import { polishConvex } from './polish.js';
import { repairSupport } from './repair.js';
import { check, checkProblem, maxAbs } from './validate.js';

/** Options shared by {@link sparseOT} and {@link smoothOT}. */
export interface SmoothOTCommonOptions {
  /** Regularization strength gamma > 0 (default 1); scale-dependent, so normalize C. */
  gamma?: number;
  /** `'semi-dual'` (default: fewer variables, exact column marginals) or `'dual'`. */
  formulation?: 'semi-dual' | 'dual';
  /** L-BFGS iteration cap (default 2000). */
  maxIterations?: number;
  /** Stop when the largest marginal violation (gradient inf-norm) is at most this (1e-9). */
  tolerance?: number;
  /** L-BFGS history size (default 10). */
  memory?: number;
  /** `'max'` divides C by max |C_ij| before solving; default `'none'`. */
  normalizeCost?: 'none' | 'max';
  /**
   * `'auto'` (default): when plain L-BFGS stops short of `tolerance` with k < m, continue on a
   * smoothed dual with the smoothing driven to zero, then polish with L-BFGS, and keep the
   * better point. `'none'`: plain L-BFGS only (faster; can stall at kinks for small k).
   */
  smoothing?: 'auto' | 'none';
  /**
   * `'support'` (default): when the k-sparse plan read off the dual misses `tolerance` (a kink
   * of the dual at the optimum, spec fact 7), fix each column's support to its k best rows at
   * the dual point and solve l2-regularized OT on that support; the repaired plan replaces the
   * gradient-map plan when it meets `tolerance` (see `repaired`). `'none'`: always return the
   * gradient-map plan.
   */
  repair?: 'support' | 'none';
  /**
   * Warm start: alpha (length m) and, for the dual, beta (length n); parts not given are zero.
   * Default (no `init`): the network simplex's source potentials for the l2 and k-sparse
   * regularizers, whose value is already inside the spec's bounds; zeros for the entropy.
   */
  init?: { alpha?: ArrayLike<number>; beta?: ArrayLike<number> };
  /**
   * Called after each L-BFGS iteration with the dual objective (higher is better) and the
   * largest marginal violation at that point; return `true` to stop.
   */
  onIteration?: (
    iteration: number,
    objective: number,
    marginalError: number,
  ) => boolean | undefined;
}

/** Options of {@link sparseOT}. */
export interface SparseOTOptions extends SmoothOTCommonOptions {
  /** Most nonzeros per column of the plan, an integer >= 1; values above m are clamped to m. */
  k: number;
}

/** Why the solver stopped. */
export type SmoothOTStopReason =
  | 'converged'
  | 'stalled'
  | 'max-iterations'
  | 'line-search-failed'
  | 'callback-stop';

/** Result of {@link sparseOT} and {@link smoothOT}. */
export interface SmoothOTResult {
  /** The plan read off the gradient map at the best point, in CSC form. */
  plan: SparsePlan;
  /** Potentials of the sources (length m). */
  alpha: Float64Array;
  /** Potentials of the targets (length n; the dual formulation only, else null). */
  beta: Float64Array | null;
  /** The dual (or semi-dual) objective at alpha (beta): a lower bound on the optimum value. */
  dualObjective: number;
  /** `<T, C>` on the cost as given (not normalized). */
  transportCost: number;
  /** `<T, C> + Omega(T)` on the cost as given (`gamma/2 ||T||^2`, or `gamma sum T log T`). */
  regularizedCost: number;
  /** `||T 1 - a||_inf`. */
  rowMarginalError: number;
  /** `||T^T 1 - b||_inf` (rounding level for the semi-dual). */
  colMarginalError: number;
  /** Largest number of nonzeros in a column of the plan. */
  maxNnzPerColumn: number;
  /** The cardinality used (k clamped to m; m for smoothOT). */
  k: number;
  /** The gamma used. */
  gamma: number;
  formulation: 'semi-dual' | 'dual';
  iterations: number;
  /** True when the smoothing continuation ran (see `smoothing`). */
  smoothed: boolean;
  /**
   * True when the plan is the support repair's (see `repair`), not the gradient map at alpha:
   * it has at most k nonzeros per column and meets the marginals to `tolerance`, so its
   * `regularizedCost` is at least the optimum that `dualObjective` bounds from below, and the
   * difference bounds how far the plan can be from the best k-sparse plan.
   */
  repaired: boolean;
  /** Objective evaluations (oracle calls, the support repair's included). */
  evaluations: number;
  /** True when the returned plan's marginal error met `tolerance`. */
  converged: boolean;
  stopReason: SmoothOTStopReason;
  warnings: string[];
}

/** Relative objective change under which an iteration counts as stalled. */
const STALL_TOLERANCE = 1e-15;
/** Consecutive stalled iterations before stopping. */
const STALL_ITERATIONS = 5;
/** Row error above which a warning says that the k-sparse plan misses the marginals. */
const MARGINAL_WARNING = 1e-3;

/** Validated options and problem, in the form the solver runs on. */
interface Setup {
  a: Float64Array;
  b: Float64Array;
  C: Mat;
  ct: Float64Array;
  costScale: number;
  gamma: number;
  formulation: 'semi-dual' | 'dual';
  maxIterations: number;
  tolerance: number;
  memory: number;
  smoothing: 'auto' | 'none';
  repair: 'support' | 'none';
  alpha0: Float64Array;
  /** Whether the caller gave `init`. */
  hasInit: boolean;
  beta0: Float64Array;
  onIteration: SmoothOTCommonOptions['onIteration'];
  warnings: string[];
}

/** Checks the problem and the options common to both entry points. */
export function setup(a: unknown, b: unknown, C: unknown, options: SmoothOTCommonOptions): Setup {
  if (typeof options !== 'object' || options === null) {
    throw check.typeError('options', 'an object', options);
  }
  const p = checkProblem(a, b, C);
  const gamma = check.positive('gamma', options.gamma ?? 1);
  const formulation = check.oneOf('formulation', options.formulation ?? 'semi-dual', [
    'semi-dual',
    'dual',
  ] as const);
  const maxIterations = check.integer('maxIterations', options.maxIterations ?? 2000, { min: 1 });
  const tolerance = check.positive('tolerance', options.tolerance ?? 1e-9);
  const memory = check.integer('memory', options.memory ?? 10, { min: 1 });
  const normalize = check.oneOf('normalizeCost', options.normalizeCost ?? 'none', [
    'none',
    'max',
  ] as const);
  const smoothing = check.oneOf('smoothing', options.smoothing ?? 'auto', [
    'auto',
    'none',
  ] as const);
  const repair = check.oneOf('repair', options.repair ?? 'support', ['support', 'none'] as const);
  const onIteration =
    options.onIteration === undefined
      ? undefined
      : check.func<NonNullable<SmoothOTCommonOptions['onIteration']>>(
          'onIteration',
          options.onIteration,
        );
  const { m, n } = p;
  const mx = maxAbs(p.C);
  const costScale = normalize === 'max' && mx > 0 ? 1 / mx : 1;
  const ct = new Float64Array(m * n);
  const d = p.C.data;
  for (let i = 0; i < m; i++) {
    const base = p.C.offset + i * p.C.stride;
    for (let j = 0; j < n; j++) ct[j * m + i] = d[base + j] * costScale;
  }
  const init = options.init ?? {};
  const alpha0 =
    init.alpha === undefined
      ? new Float64Array(m)
      : check.vector('init.alpha', init.alpha, { length: m });
  const beta0 =
    init.beta === undefined
      ? new Float64Array(n)
      : check.vector('init.beta', init.beta, { length: n });
  return {
    a: p.a,
    b: p.b,
    C: p.C,
    ct,
    costScale,
    gamma,
    formulation,
    maxIterations,
    tolerance,
    memory,
    smoothing,
    repair,
    alpha0,
    hasInit: options.init !== undefined,
    beta0,
    onIteration,
    warnings: [],
  };
}

/** One L-BFGS run on the negated objective `evaluate`, with the package's stopping rules. */
function runLbfgs(
  evaluate: (x: Float64Array, g: Float64Array) => number,
  x0: Float64Array,
  maxIterations: number,
  s: Setup,
  report: boolean,
): { x: Float64Array; iterations: number; stopReason: SmoothOTStopReason } {
  const size = x0.length;
  // Remember the last evaluated point so the per-iteration callback can report its marginal
  // error without a new evaluation.
  const lastX = new Float64Array(size);
  let lastErr = Infinity;
  const fg = (x: Float64Array, g: Float64Array): number => {
    const f = evaluate(x, g);
    let err = 0;
    for (let i = 0; i < size; i++) {
      const v = Math.abs(g[i]);
      if (v > err) err = v;
      g[i] = -g[i];
    }
    lastX.set(x);
    lastErr = err;
    return -f;
  };
  let stalled = 0;
  let previous = Number.NaN;
  let stopReason: SmoothOTStopReason | null = null;
  const callback = (it: number, x: Float64Array, f: number): boolean | undefined => {
    if (report && s.onIteration !== undefined) {
      let err = lastErr;
      for (let i = 0; i < size; i++) {
        if (x[i] !== lastX[i]) {
          err = Number.NaN;
          break;
        }
      }
      if (s.onIteration(it, -f, err) === true) {
        stopReason = 'callback-stop';
        return true;
      }
    }
    if (Number.isFinite(previous)) {
      const change = Math.abs(previous - f) / Math.max(Math.abs(previous), Math.abs(f), 1e-300);
      stalled = change < STALL_TOLERANCE ? stalled + 1 : 0;
      if (stalled >= STALL_ITERATIONS) {
        stopReason = 'stalled';
        return true;
      }
    }
    previous = f;
    return undefined;
  };
  const r = minimizeLbfgs(fg, x0, {
    memory: s.memory,
    gradientTolerance: s.tolerance,
    functionTolerance: 0,
    maxIterations,
    maxEvaluations: Math.max(20 * maxIterations, 1000),
    callback,
  });
  if (stopReason === null) {
    if (r.stopReason === 'converged-gtol') stopReason = 'converged';
    else if (r.stopReason === 'converged-ftol') stopReason = 'stalled';
    else if (r.stopReason === 'line-search-failed') stopReason = 'line-search-failed';
    else stopReason = 'max-iterations';
  }
  return { x: r.x, iterations: r.iterations, stopReason };
}

/** The derivative-only polish runs only when the marginal error is below this. */
const POLISH_RANGE = 1e-4;
/** Continuation stages of the smoothed dual (mu divided by 10 at each). */
const SMOOTHING_STAGES = 6;
/** First smoothing mu, relative to gamma max(b)^2. */
const SMOOTHING_START = 0.0025;
/** Relative gain of the unsmoothed objective under which the continuation stops. */
const STAGE_GAIN = 1e-10;
/** L-BFGS iteration cap per continuation stage. */
const STAGE_ITERATIONS = 300;

/** Runs L-BFGS on the chosen formulation and assembles the result. */
export function solve(s: Setup, reg: Regularizer, k: number): SmoothOTResult {
  const { a, b, formulation, tolerance } = s;
  const m = a.length;
  const n = b.length;
  const oracle = new TransportOracle(a, b, s.ct, reg);
  const dual = formulation === 'dual';
  const size = dual ? m + n : m;
  const evaluate = (x: Float64Array, g: Float64Array): number =>
    dual ? oracle.dual(x, g) : oracle.semiDual(x, g);
  const g = new Float64Array(size);
  const marginalError = (): number => {
    let e = 0;
    for (let i = 0; i < size; i++) e = Math.max(e, Math.abs(g[i]));
    return e;
  };

  // 1. Plain L-BFGS on the (semi-)dual, from the warm start or zero.
  const x0 = new Float64Array(size);
  x0.set(s.alpha0);
  if (dual) x0.set(s.beta0, m);
  // Without a caller's start, begin at the network simplex's source potentials u (spec fact
  // 2): with u_i + v_j <= C_ij, every column's top score is at most -v_j and a k-sparse
  // simplex vector has ||y||^2 >= 1/k, so S(u) >= EMD + (gamma/2k)||b||^2, the lower bound
  // on OPT_k, before the first step; L-BFGS only raises the value from there. For k = 1 the
  // semi-dual is the unregularized one shifted by a constant (spec fact 3), so u is an exact
  // maximizer. The dual's beta is read off the semi-dual at u.
  const emdStart = reg.kind === 'sparse' && m > 1 && !s.hasInit;
  let exactStart = false;
  if (emdStart) {
    const exact = networkSimplex(a, b, s.C, 100 * (m + n) + 100000);
    for (let i = 0; i < m; i++) x0[i] = exact.u[i] * s.costScale;
    if (dual) {
      oracle.semiDual(x0.subarray(0, m), new Float64Array(m));
      x0.set(oracle.beta, m);
    }
    exactStart = k === 1 && exact.converged;
  }
  const first = runLbfgs(evaluate, x0, s.maxIterations, s, true);
  let best: Float64Array = first.x;
  let stopReason = first.stopReason;
  let iterations = first.iterations;
  let objective = evaluate(best, g);
  let smoothed = false;

  // 2. Near the optimum the Armijo test drowns in the rounding of f; finish with the
  // derivative-only polish (the objectives are concave), which needs gradients alone.
  const negated = (x: Float64Array, grad: Float64Array): number => {
    const f = evaluate(x, grad);
    for (let i = 0; i < size; i++) grad[i] = -grad[i];
    return -f;
  };
  const polishIfStuck = (x: Float64Array, reason: SmoothOTStopReason) => {
    if (reason !== 'stalled' && reason !== 'line-search-failed') return null;
    const gx = new Float64Array(size);
    const before = evaluate(x, gx);
    let err = 0;
    for (let i = 0; i < size; i++) err = Math.max(err, Math.abs(gx[i]));
    if (err <= tolerance || err > POLISH_RANGE) return null;
    const p = polishConvex(negated, x, tolerance, s.maxIterations, s.memory);
    const after = evaluate(p.x, gx);
    return after >= before - 1e-12 * Math.abs(before) && p.gradientInf < err ? p : null;
  };
  const p1 = polishIfStuck(best, stopReason);
  if (p1 !== null) {
    best = p1.x;
    iterations += p1.iterations;
    if (p1.gradientInf <= tolerance) stopReason = 'converged';
  }
  objective = evaluate(best, g);

  // 3. Still off the marginals with k < m: try the support repair (repair.ts) at once. When
  // the repaired plan's cost is within the resolution of the tolerance of the dual value
  // (tolerance times the spread of alpha, what a marginal error of that size is worth), the
  // plan is as good as the dual can certify, and the continuation below is skipped.
  const mayRepair = () =>
    reg.kind === 'sparse' &&
    k < m &&
    s.repair === 'support' &&
    marginalError() > tolerance &&
    stopReason !== 'callback-stop';
  const repairCalls = { evaluations: 0 };
  const tryRepair = () =>
    repairSupport(
      a,
      b,
      s.ct,
      reg.gamma,
      k,
      best.subarray(0, m),
      tolerance,
      s.maxIterations,
      s.memory,
      repairCalls,
    );
  /** What a marginal error of `tolerance` is worth in objective: tolerance times spread(alpha). */
  const resolution = (x: Float64Array) => {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < m; i++) {
      if (!(a[i] > 0)) continue;
      lo = Math.min(lo, x[i]);
      hi = Math.max(hi, x[i]);
    }
    return tolerance * Math.max(hi - lo, 1e-300);
  };
  let fixed: ReturnType<typeof repairSupport> = null;
  let early: ReturnType<typeof repairSupport> = null;
  if (mayRepair()) {
    early = tryRepair();
    if (early !== null) {
      iterations += early.iterations;
      if (early.value - objective <= resolution(best)) fixed = early;
    }
  }

  // 4. Small k leaves kinks where L-BFGS stalls short of the optimum. Continuation on the
  // smoothed dual (mu -> 0, see TransportOracle.smoothedDual) from the stalled point, then
  // plain L-BFGS again from its end; the better of the two final points is kept.
  // Columns that use fewer than k entries do not feel the constraint; when none uses k, the
  // point is in the smooth (l2) regime and smoothing cannot help.
  let fullest = 0;
  for (let j = 0; j < n; j++) fullest = Math.max(fullest, oracle.count[j]);
  let moved = false;
  if (
    reg.kind === 'sparse' &&
    k < m &&
    fullest >= k &&
    s.smoothing === 'auto' &&
    fixed === null &&
    !exactStart &&
    marginalError() > tolerance &&
    stopReason !== 'callback-stop'
  ) {
    smoothed = true;
    let z: Float64Array = new Float64Array(m + n);
    if (dual) z.set(best);
    else {
      z.set(best);
      z.set(oracle.beta, m);
    }
    let bmax = 0;
    for (let j = 0; j < n; j++) bmax = Math.max(bmax, b[j]);
    let mu = SMOOTHING_START * reg.gamma * bmax * bmax;
    const smoothFg = (x: Float64Array, grad: Float64Array) => oracle.smoothedDual(x, grad, k, mu);
    // The unsmoothed objective at a continuation point (for the semi-dual, at its alpha part).
    const scratch = new Float64Array(m + n);
    const plainValue = (zz: Float64Array) =>
      dual ? oracle.dual(zz, scratch) : oracle.semiDual(zz.subarray(0, m), scratch);
    let previousValue = Number.NEGATIVE_INFINITY;
    for (let t = 0; t < SMOOTHING_STAGES; t++, mu /= 10) {
      const r = runLbfgs(smoothFg, z, STAGE_ITERATIONS, s, false);
      z = r.x;
      iterations += r.iterations;
      // Stop once a stage no longer raises the unsmoothed objective.
      const v = plainValue(z);
      if (t > 0 && v - previousValue <= STAGE_GAIN * Math.abs(v)) break;
      previousValue = v;
    }
    const start = dual ? z : z.slice(0, m);
    const polish = runLbfgs(evaluate, start, s.maxIterations, s, true);
    iterations += polish.iterations;
    let xp = polish.x;
    const p2 = polishIfStuck(xp, polish.stopReason);
    if (p2 !== null) {
      xp = p2.x;
      iterations += p2.iterations;
    }
    const gp = new Float64Array(size);
    const value = evaluate(xp, gp);
    if (value > objective) {
      best = xp;
      moved = true;
      stopReason = polish.stopReason;
    }
  }

  // 5. Plan recovery: the gradient map at the best point, or the support repair there.
  objective = evaluate(best, g);
  let marginal = marginalError();
  let slots: { cap: number; count: Int32Array; rowIdx: Int32Array; values: Float64Array } = oracle;
  if (fixed === null && moved && mayRepair()) {
    // The continuation moved the dual point: repair from there (or keep the first repair).
    fixed = tryRepair();
    if (fixed !== null) iterations += fixed.iterations;
  }
  if (fixed === null) fixed = early;
  const repaired = fixed !== null && marginal > tolerance;
  if (fixed !== null && repaired) {
    marginal = fixed.rowError;
    slots = { cap: k, count: fixed.count, rowIdx: fixed.rowIdx, values: fixed.values };
  }
  const converged = marginal <= tolerance;
  if (converged) stopReason = 'converged';
  else if (stopReason === 'converged') stopReason = 'stalled';

  const colPtr = new Int32Array(n + 1);
  const { cap, count } = slots;
  const rowIdx = new Int32Array(n * cap);
  const values = new Float64Array(n * cap);
  let q = 0;
  for (let j = 0; j < n; j++) {
    const base = j * cap;
    for (let t = 0; t < count[j]; t++) {
      rowIdx[q] = slots.rowIdx[base + t];
      values[q++] = slots.values[base + t];
    }
    colPtr[j + 1] = q;
  }
  const plan = makePlan(m, n, colPtr, rowIdx, values);
  const stats = planStats(plan, a, b, s.C);
  let omega = 0;
  if (reg.kind === 'sparse') omega = 0.5 * reg.gamma * stats.squaredNorm;
  else {
    for (let p = 0; p < plan.values.length; p++) {
      const t = plan.values[p];
      omega += reg.gamma * t * Math.log(t);
    }
  }
  // The regularizer acts on the (possibly normalized) cost's scale; report it in C's units.
  const regularizedCost = stats.transportCost + omega / s.costScale;

  const warnings = s.warnings;
  if (repaired) {
    // Both on the solver's (possibly normalized) cost scale.
    const gap = stats.transportCost * s.costScale + omega - objective;
    if (gap > resolution(best)) {
      warnings.push(
        `the plan is the support repair's: its regularized cost exceeds the dual value by ` +
          `${gap.toExponential(3)}, so it is within that of the best plan with at most k = ${k} ` +
          `nonzeros per column (the convex relaxation may not be tight at this k)`,
      );
    }
  }
  if (!converged) {
    const why: Record<SmoothOTStopReason, string> = {
      converged: '',
      stalled: 'the objective stopped changing',
      'max-iterations': `maxIterations = ${s.maxIterations} was reached`,
      'line-search-failed': 'the line search found no acceptable step (a kink of the objective)',
      'callback-stop': 'onIteration asked to stop',
    };
    warnings.push(
      `not converged: ${why[stopReason]} with marginal error ${marginal.toExponential(3)} > ` +
        `tolerance ${tolerance}`,
    );
  }
  if (reg.kind === 'sparse' && k < m && stats.rowMarginalError > MARGINAL_WARNING) {
    warnings.push(
      `row marginal error ${stats.rowMarginalError.toExponential(3)} > ${MARGINAL_WARNING}: ` +
        `a plan with at most k = ${k} nonzeros per column may not meet the marginals exactly`,
    );
  }
  return {
    plan,
    alpha: best.slice(0, m),
    beta: dual ? best.slice(m) : null,
    dualObjective: objective,
    transportCost: stats.transportCost,
    regularizedCost,
    rowMarginalError: stats.rowMarginalError,
    colMarginalError: stats.colMarginalError,
    maxNnzPerColumn: stats.maxNnzPerColumn,
    k,
    gamma: reg.gamma,
    formulation,
    iterations,
    smoothed,
    repaired,
    evaluations: oracle.evaluations + repairCalls.evaluations,
    converged,
    stopReason,
    warnings,
  };
}
