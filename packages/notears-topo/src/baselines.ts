/**
 * The gradient-based methods TOPO is compared with, on the same least-squares score:
 *
 * - NOTEARS (Zheng et al. 2018): augmented Lagrangian on `h(W) = tr(e^{W o W}) - d`; inner
 *   problems by bounded L-BFGS on `W = W+ - W-`, `W+-` >= 0, diagonal fixed to 0 (core's
 *   `minimizeLbfgs` with bounds). Symbols: rho the penalty, alpha the multiplier.
 * - DAGMA (Bello et al. 2022): central path on `h_s(W) = -log det(sI - W o W) + d log s` with
 *   Adam; mu the score weight, s the M-matrix domain parameter.
 *
 * Both work on the Gram matrix `C = X^T X / n`: `(1/2n)|X - XW|^2 = 1/2 tr((I-W)^T C (I-W))`.
 */
import { ExpmWorkspace, gemm, lu, type Mat, mat, minimizeLbfgs } from '@optkit/core';
import { invertMMatrix } from './acyclicity.js';
import { gram } from './gram.js';
import { isAcyclic, thresholdWeights } from './graph.js';
import { check, dataMatrix, intOption, nonNegative, rejectConstantColumns } from './validate.js';

/** Result of {@link notears} and {@link dagma}. */
export interface GradientDagResult {
  /** Final continuous W (not thresholded). */
  W: Mat;
  /** W with |w| < wThreshold set to 0. */
  wThresholded: Mat;
  /** 0/1 row-major d*d adjacency of wThresholded (may be cyclic; see `isDag`). */
  adjacency: Uint8Array;
  /** Whether `adjacency` is acyclic. */
  isDag: boolean;
  /** Acyclicity value h of the final W. */
  h: number;
  /** Least-squares part `(1/2n)|X - XW|^2` of the final W. */
  loss: number;
  /** Outer iterations (NOTEARS dual steps / DAGMA path steps). */
  iterations: number;
  /** Inner iterations summed (L-BFGS iterations / Adam steps). */
  innerIterations: number;
  converged: boolean;
  stopReason: 'h-tolerance' | 'rho-max' | 'max-iterations' | 'path-complete' | 'time-limit';
  elapsedMs: number;
  warnings: string[];
}

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

function prepareGram(X: unknown, center: boolean): { C: Mat; d: number } {
  const A = dataMatrix('X', X);
  rejectConstantColumns('X', A);
  const { rows: n, cols: d } = A;
  return { C: mat(d, d, gram(A.data, n, d, center)), d };
}

/** `1/2 tr((I-W)^T C (I-W))` and its gradient `-C (I - W)` (into G). */
function lsLossGrad(C: Mat, W: Mat, IW: Mat, G: Mat): number {
  const d = C.rows;
  for (let t = 0; t < d * d; t++) IW.data[t] = -W.data[t];
  for (let k = 0; k < d; k++) IW.data[k * d + k] += 1;
  gemm(1, C, IW, 0, G);
  let loss = 0;
  for (let t = 0; t < d * d; t++) {
    loss += IW.data[t] * G.data[t];
    G.data[t] = -G.data[t];
  }
  return 0.5 * loss;
}

/** Options of {@link notears}. */
export interface NotearsOptions {
  /** l1 weight; default 0.1. */
  lambda1?: number;
  /** Dual (outer) steps; default 100. */
  maxIterations?: number;
  /** Stop when h <= hTolerance; default 1e-8. */
  hTolerance?: number;
  /** Stop when rho reaches this; default 1e16. */
  rhoMax?: number;
  /** Threshold for `adjacency`; default 0.3. */
  wThreshold?: number;
  /** Subtract column means; default true. */
  center?: boolean;
  /** Wall-clock budget; default Infinity (checked between inner solves). */
  timeLimitMs?: number;
}

/**
 * NOTEARS for linear SEMs with the least-squares score (Zheng et al. 2018), following the
 * reference implementation's schedule: rho *= 10 while h does not drop below h/4, alpha += rho h.
 *
 * @param X - data, n x d.
 * @param options - see {@link NotearsOptions}.
 * @returns the final W, its thresholding and the stop reason.
 * @throws RangeError / TypeError for bad data or options.
 * @example
 * ```ts
 * const r = notears(X, { lambda1: 0.1 });
 * r.adjacency; // thresholded at 0.3
 * ```
 */
export function notears(X: Mat | number[][], options: NotearsOptions = {}): GradientDagResult {
  const t0 = now();
  const center = options.center === undefined ? true : check.boolean('center', options.center);
  const { C, d } = prepareGram(X, center);
  const lambda1 = nonNegative('lambda1', options.lambda1, 0.1);
  const maxIterations = intOption('maxIterations', options.maxIterations, 100, 1);
  const hTol = nonNegative('hTolerance', options.hTolerance, 1e-8);
  const rhoMax = options.rhoMax === undefined ? 1e16 : check.positive('rhoMax', options.rhoMax);
  const wThreshold = nonNegative('wThreshold', options.wThreshold, 0.3);
  const timeLimit =
    options.timeLimitMs === undefined
      ? Number.POSITIVE_INFINITY
      : check.number('timeLimitMs', options.timeLimitMs, { min: 0 });
  const dd = d * d;
  const W = mat(d, d);
  const IW = mat(d, d);
  const G = mat(d, d);
  const S = mat(d, d);
  const upper = new Float64Array(2 * dd).fill(Number.POSITIVE_INFINITY);
  for (let k = 0; k < d; k++) {
    upper[k * d + k] = 0;
    upper[dd + k * d + k] = 0;
  }
  const expmWork = new ExpmWorkspace(d);
  const hOf = (Wm: Mat, E: Mat): number => {
    for (let t = 0; t < dd; t++) S.data[t] = Wm.data[t] * Wm.data[t];
    expmWork.expm(S, E);
    let tr = 0;
    for (let k = 0; k < d; k++) tr += E.data[k * d + k];
    return tr - d;
  };
  const E = mat(d, d);
  let rho = 1;
  let alpha = 0;
  let h = Number.POSITIVE_INFINITY;
  let w: Float64Array = new Float64Array(2 * dd);
  let inner = 0;
  let iterations = 0;
  let stopReason: GradientDagResult['stopReason'] = 'max-iterations';
  const warnings: string[] = [];
  const fg = (x: Float64Array, grad: Float64Array): number => {
    for (let t = 0; t < dd; t++) W.data[t] = x[t] - x[dd + t];
    const loss = lsLossGrad(C, W, IW, G);
    const hv = hOf(W, E);
    const coef = rho * hv + alpha;
    let l1 = 0;
    for (let t = 0; t < 2 * dd; t++) l1 += x[t];
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        const t = i * d + j;
        // grad h = 2 W o E^T
        const gs = G.data[t] + coef * 2 * W.data[t] * E.data[j * d + i];
        grad[t] = gs + lambda1;
        grad[dd + t] = -gs + lambda1;
      }
    }
    return loss + 0.5 * rho * hv * hv + alpha * hv + lambda1 * l1;
  };
  outer: for (let it = 0; it < maxIterations; it++) {
    let wNew: Float64Array = w;
    let hNew = h;
    while (rho < rhoMax) {
      if (now() - t0 > timeLimit) {
        stopReason = 'time-limit';
        break outer;
      }
      const r = minimizeLbfgs(fg, w, { lower: 0, upper });
      inner += r.iterations;
      wNew = r.x;
      for (let t = 0; t < dd; t++) W.data[t] = wNew[t] - wNew[dd + t];
      hNew = hOf(W, E);
      if (hNew > 0.25 * h) rho *= 10;
      else break;
    }
    w = wNew;
    h = hNew;
    alpha += rho * h;
    iterations = it + 1;
    if (h <= hTol) {
      stopReason = 'h-tolerance';
      break;
    }
    if (rho >= rhoMax) {
      stopReason = 'rho-max';
      break;
    }
  }
  for (let t = 0; t < dd; t++) W.data[t] = w[t] - w[dd + t];
  return finishResult(
    C,
    W,
    h,
    iterations,
    inner,
    stopReason === 'h-tolerance',
    stopReason,
    wThreshold,
    t0,
    warnings,
  );
}

function finishResult(
  C: Mat,
  W: Mat,
  h: number,
  iterations: number,
  inner: number,
  converged: boolean,
  stopReason: GradientDagResult['stopReason'],
  wThreshold: number,
  t0: number,
  warnings: string[],
): GradientDagResult {
  const d = C.rows;
  const { Wt, B } = thresholdWeights(W.data, d, wThreshold);
  const loss = lsLossGrad(C, W, mat(d, d), mat(d, d));
  const dag = isAcyclic(B, d);
  if (!dag) warnings.push('the thresholded graph has a cycle; repair it with thresholdTillDag');
  if (stopReason === 'time-limit') warnings.push('stopped at timeLimitMs');
  return {
    W: mat(d, d, W.data),
    wThresholded: Wt,
    adjacency: B,
    isDag: dag,
    h,
    loss,
    iterations,
    innerIterations: inner,
    converged,
    stopReason,
    elapsedMs: now() - t0,
    warnings,
  };
}

/** Options of {@link dagma}. */
export interface DagmaOptions {
  /** l1 weight; default 0.03. */
  lambda1?: number;
  /** Central-path steps T; default 5. */
  pathSteps?: number;
  /** Initial score weight mu; default 1. */
  muInit?: number;
  /** mu multiplier per step; default 0.1. */
  muFactor?: number;
  /** s per step (length pathSteps, or one number); default [1, 0.9, 0.8, 0.7, 0.6]. */
  s?: number | number[];
  /** Adam steps of the first T-1 path steps; default 30000. */
  warmIterations?: number;
  /** Adam steps of the last path step; default 60000. */
  maxIterations?: number;
  /** Adam learning rate; default 3e-4. */
  learningRate?: number;
  /** Adam beta1, beta2; default 0.99, 0.999. */
  beta1?: number;
  beta2?: number;
  /** Objective check every this many steps; stop when relative change <= tolerance. */
  checkpoint?: number;
  /** default 1e-6. */
  tolerance?: number;
  /** default 0.3. */
  wThreshold?: number;
  /** default true. */
  center?: boolean;
  /** Wall-clock budget; default Infinity (checked every checkpoint). */
  timeLimitMs?: number;
}

/**
 * DAGMA for linear SEMs with the least-squares score (Bello et al. 2022), following the reference
 * implementation: Adam on `mu (score + lambda1 |W|_1) + h_s(W)` along a decreasing mu, halving
 * the step and raising s by 0.1 when an iterate leaves the M-matrix domain.
 *
 * @param X - data, n x d.
 * @param options - see {@link DagmaOptions}.
 * @returns the final W, its thresholding and the stop reason.
 * @throws RangeError / TypeError for bad data or options.
 * @example
 * ```ts
 * const r = dagma(X, { lambda1: 0.02 });
 * r.adjacency; // thresholded at 0.3
 * ```
 */
export function dagma(X: Mat | number[][], options: DagmaOptions = {}): GradientDagResult {
  const t0 = now();
  const center = options.center === undefined ? true : check.boolean('center', options.center);
  const { C, d } = prepareGram(X, center);
  const lambda1 = nonNegative('lambda1', options.lambda1, 0.03);
  const T = intOption('pathSteps', options.pathSteps, 5, 1);
  let mu = options.muInit === undefined ? 1 : check.positive('muInit', options.muInit);
  const muFactor =
    options.muFactor === undefined
      ? 0.1
      : check.number('muFactor', options.muFactor, { min: 0, max: 1, exclusiveMin: true });
  const sList: number[] = [];
  const sOpt = options.s ?? [1, 0.9, 0.8, 0.7, 0.6];
  if (typeof sOpt === 'number') {
    check.positive('s', sOpt);
    for (let i = 0; i < T; i++) sList.push(sOpt);
  } else {
    const v = check.vector('s', sOpt, { length: T });
    for (let i = 0; i < v.length; i++) sList.push(check.positive(`s[${i}]`, v[i]));
  }
  const warm = intOption('warmIterations', options.warmIterations, 30000, 1);
  const last = intOption('maxIterations', options.maxIterations, 60000, 1);
  const lr0 =
    options.learningRate === undefined
      ? 3e-4
      : check.positive('learningRate', options.learningRate);
  const beta1 =
    options.beta1 === undefined
      ? 0.99
      : check.number('beta1', options.beta1, { min: 0, max: 1, exclusiveMax: true });
  const beta2 =
    options.beta2 === undefined
      ? 0.999
      : check.number('beta2', options.beta2, { min: 0, max: 1, exclusiveMax: true });
  const checkpoint = intOption('checkpoint', options.checkpoint, 1000, 1);
  const tol = nonNegative('tolerance', options.tolerance, 1e-6);
  const wThreshold = nonNegative('wThreshold', options.wThreshold, 0.3);
  const timeLimit =
    options.timeLimitMs === undefined
      ? Number.POSITIVE_INFINITY
      : check.number('timeLimitMs', options.timeLimitMs, { min: 0 });
  const dd = d * d;
  const M = mat(d, d);
  const IW = mat(d, d);
  const G = mat(d, d);
  const Minv = mat(d, d);
  const mAdam = new Float64Array(dd);
  const vAdam = new Float64Array(dd);
  const step = new Float64Array(dd);
  let W = mat(d, d);
  let inner = 0;
  let timedOut = false;
  const warnings: string[] = [];

  /**
   * log |det(sI - W o W)|: from the M-matrix elimination inside the domain, otherwise (an iterate
   * just outside it, seen only at a checkpoint) from a pivoted LU, like the reference's slogdet.
   */
  const logAbsDetShifted = (Wm: Mat, s: number): number => {
    const v = invertMMatrix(Wm.data, s, d, M.data);
    if (!Number.isNaN(v)) return v;
    for (let t = 0; t < dd; t++) M.data[t] = -Wm.data[t] * Wm.data[t];
    for (let k = 0; k < d; k++) M.data[k * d + k] += s;
    try {
      return lu(M).logAbsDet();
    } catch {
      return Number.NEGATIVE_INFINITY;
    }
  };
  /** Minv = (sI - W o W)^-1; false when not an M-matrix (a negative entry) or singular. */
  const inverse = (Wm: Mat, s: number): boolean =>
    !Number.isNaN(invertMMatrix(Wm.data, s, d, Minv.data));
  const objective = (Wm: Mat, s: number): number => {
    const score = lsLossGrad(C, Wm, IW, G);
    let l1 = 0;
    for (let t = 0; t < dd; t++) l1 += Math.abs(Wm.data[t]);
    const h = -logAbsDetShifted(Wm, s) + d * Math.log(s);
    return mu * (score + lambda1 * l1) + h;
  };

  /** One inner solve; returns null when the iterate left the domain and must be retried. */
  const minimize = (W0: Mat, s: number, iters: number, lrStart: number): Mat | null => {
    const Wm = mat(d, d, W0.data);
    let lr = lrStart;
    let objPrev = 1e16;
    mAdam.fill(0);
    vAdam.fill(0);
    for (let it = 1; it <= iters; it++) {
      while (!inverse(Wm, s)) {
        if (it === 1 || s <= 0.9) return null;
        // Undo the last step, halve the rate, retry the step.
        for (let t = 0; t < dd; t++) Wm.data[t] += lr * step[t];
        lr *= 0.5;
        if (lr <= 1e-16) return Wm;
        for (let t = 0; t < dd; t++) Wm.data[t] -= lr * step[t];
      }
      lsLossGrad(C, Wm, IW, G);
      adamStep(
        Wm.data,
        G.data,
        Minv.data,
        mAdam,
        vAdam,
        step,
        d,
        mu,
        lambda1,
        lr,
        beta1,
        beta2,
        1 - beta1 ** it,
        1 - beta2 ** it,
      );
      inner++;
      if (it % checkpoint === 0 || it === iters) {
        const obj = objective(Wm, s);
        if (Math.abs((objPrev - obj) / objPrev) <= tol) break;
        objPrev = obj;
        if (now() - t0 > timeLimit) {
          timedOut = true;
          break;
        }
      }
    }
    return Wm;
  };

  let iterations = 0;
  for (let i = 0; i < T && !timedOut; i++) {
    let lr = lr0;
    const iters = i === T - 1 ? last : warm;
    let result: Mat | null = null;
    let retries = 0;
    while (result === null) {
      result = minimize(W, sList[i], iters, lr);
      if (result === null) {
        lr *= 0.5;
        sList[i] += 0.1;
        retries++;
        if (retries > 60) {
          warnings.push(`path step ${i}: could not stay in the M-matrix domain`);
          result = W;
        }
      }
    }
    W = result;
    mu *= muFactor;
    iterations = i + 1;
  }
  const h = -logAbsDetShifted(W, 1);
  const stopReason = timedOut ? 'time-limit' : 'path-complete';
  return finishResult(C, W, h, iterations, inner, !timedOut, stopReason, wThreshold, t0, warnings);
}

/**
 * One Adam step of DAGMA on `mu (score + lambda1 |W|_1) + h_s(W)`, in place: the gradient is
 * `mu (G + lambda1 sign(W)) + 2 W o (sI - W o W)^-T`, with `G` the score gradient and `Minv` the
 * inverse; `step` keeps the applied direction (before the rate) so a step can be undone.
 */
function adamStep(
  W: Float64Array,
  G: Float64Array,
  Minv: Float64Array,
  m: Float64Array,
  v: Float64Array,
  step: Float64Array,
  d: number,
  mu: number,
  lambda1: number,
  lr: number,
  beta1: number,
  beta2: number,
  bias1: number,
  bias2: number,
): void {
  const muL1 = mu * lambda1;
  const c1 = 1 - beta1;
  const c2 = 1 - beta2;
  const ib1 = 1 / bias1;
  const ib2 = 1 / bias2;
  for (let i = 0; i < d; i++) {
    const row = i * d;
    for (let j = 0; j < d; j++) {
      const t = row + j;
      const w = W[t];
      const sign = w > 0 ? 1 : w < 0 ? -1 : 0;
      const g = mu * G[t] + muL1 * sign + 2 * w * (Minv[j * d + i] + 1e-16);
      const mt = beta1 * m[t] + c1 * g;
      const vt = beta2 * v[t] + c2 * g * g;
      m[t] = mt;
      v[t] = vt;
      const st = (mt * ib1) / (Math.sqrt(vt * ib2) + 1e-8);
      step[t] = st;
      W[t] = w - lr * st;
    }
  }
}
