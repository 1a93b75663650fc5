/**
 * TOPO: local search over topological orders by swapping pairs (Deng et al. 2023), numbered as
 * the pseudo-code of spec section 2.6.
 *
 * Symbols: `pi` the order, `pos` its inverse, `F` the score of the current order, `P` the path
 * matrix `(I - |W|)^-1` in position coordinates (so `Gh[i][j] = P[pos j][pos i]` for a forbidden
 * pair, pos i > pos j), `tauSmall` / `tauLarge` the values at ranks sizeSmall / sizeLarge.
 */
import { type Mat, mat, Rng } from '@optkit/core';
import { gatherAbs, gram, pathMatrix } from './gram.js';
import { kahnOrder, thresholdWeights } from './graph.js';
import { L2Scorer, LogisticScorer, type OrderScorer } from './scorers.js';
import {
  check,
  dataMatrix,
  intOption,
  nonNegative,
  permutation,
  rejectConstantColumns,
  squareMatrix,
} from './validate.js';

/** Inner score: least squares (default) or l1-penalised logistic for binary data. */
export type TopoScore = 'l2' | 'logistic';

/** Candidate-set sizes: `'thorough'` (default) or the `'dagrad'` library defaults. */
export type TopoPreset = 'thorough' | 'dagrad';

/** Why the search stopped. */
export type TopoStopReason =
  | 'local-optimum'
  | 'large-search-budget-exhausted'
  | 'no-candidates'
  | 'max-iterations'
  | 'time-limit'
  | 'callback';

/** Progress reported after each accepted pass. */
export interface TopoIterationInfo {
  /** Accepted passes so far (in this start). */
  iteration: number;
  /** Score after the pass. */
  score: number;
  /** Swaps applied in the pass. */
  accepted: number;
  /** Whether the pass used the large candidate set. */
  large: boolean;
  /** Index of the current start (0-based; see `restarts`). */
  start: number;
  elapsedMs: number;
}

/** Options of {@link topo}. */
export interface TopoOptions {
  /** `'l2'` (default): `(1/2n)|X - XW|_F^2 (+ lambda2/2 |W|_F^2)`; `'logistic'`: binary data. */
  score?: TopoScore;
  /** l1 weight of the logistic score (mean loss, applied once); default 0.01. */
  lambda1?: number;
  /** Ridge weight of the l2 score; default 0. */
  lambda2?: number;
  /** Subtract column means first (l2 only); default true. */
  center?: boolean;
  /** Starting order (a permutation of 0..d-1); default a seeded random permutation. */
  initialOrder?: ArrayLike<number>;
  /** Post-processing: start from a topological order of this DAG's support (d x d). */
  initialWeights?: Mat | number[][];
  /** Seed of the random starting orders; default 0. */
  seed?: number;
  /** Number of starts (the first uses initialOrder/initialWeights if given); default 1. */
  restarts?: number;
  /** Candidate-set sizes preset; default `'thorough'`. */
  preset?: TopoPreset;
  /** Size of the small candidate set (overrides the preset); clamped to d(d-1)/2. */
  sizeSmall?: number;
  /** Size of the small + large candidate set (overrides the preset); clamped to d(d-1)/2. */
  sizeLarge?: number;
  /** Successful large-set searches allowed (overrides the preset). */
  maxLargeSearches?: number;
  /** A swap improves when `F_c < F - relTol * max(1, |F|)`; default 1e-10 (0 = official). */
  relTol?: number;
  /** Cap on accepted passes per start; default `10 d + 100`. */
  maxIterations?: number;
  /** Wall-clock budget for the whole call; default Infinity. */
  timeLimitMs?: number;
  /** Edges with |w| >= wThreshold form `adjacency`; default 0.3. */
  wThreshold?: number;
  /** Singular Gram matrix: `'error'` (default) or `'ridge'` (adds 1e-10 trace(C)/d). */
  onSingular?: 'error' | 'ridge';
  /** Called after each accepted pass; return false to stop (stopReason `'callback'`). */
  onIteration?: (info: TopoIterationInfo) => undefined | boolean;
}

/** Result of {@link topo}. */
export interface TopoResult {
  /** Inner solution of the final order (dense on the allowed entries for plain l2). */
  W: Mat;
  /** W with entries |w| < wThreshold set to 0. */
  wThresholded: Mat;
  /** 0/1 row-major d*d, `[i*d + j] = 1` for an edge i -> j; always a DAG. */
  adjacency: Uint8Array;
  /** Final topological order (node labels). */
  order: number[];
  /** Search score F(order). */
  score: number;
  /** Score of the refit on the thresholded support (l2: least squares; logistic: l1-logistic). */
  scoreRefit: number;
  /** Score after each fit of the best start: strictly decreasing. */
  scoreHistory: number[];
  /** Accepted passes of the best start. */
  iterations: number;
  /** Candidate swaps evaluated, all starts. */
  candidateEvaluations: number;
  /** Successful large-set searches of the best start. */
  largeSearchesUsed: number;
  /** Final score of each start, in start order. */
  startScores: number[];
  stopReason: TopoStopReason;
  /** True when the best start stopped at a swap-local optimum of its candidate sets. */
  converged: boolean;
  /** The sizes used: `[sizeSmall, sizeLarge, maxLargeSearches]`. */
  sizes: [number, number, number];
  elapsedMs: number;
  warnings: string[];
}

/**
 * The candidate-set sizes of a preset for d nodes (spec 2.3), clamped to m = d(d-1)/2 and with
 * `1 <= sizeSmall <= sizeLarge`. `'thorough'`: `min(5d, m)`, `min(50d, m)`, 5. `'dagrad'`: the
 * dagrad library's `set_sizes_linear` defaults.
 *
 * @param d - number of nodes (>= 2).
 * @param preset - `'thorough'` or `'dagrad'`.
 * @returns `[sizeSmall, sizeLarge, maxLargeSearches]`.
 * @throws never (callers pass validated values).
 * @example
 * ```ts
 * presetSizes(20, 'dagrad'); // [30, 110, 1]
 * ```
 */
export function presetSizes(d: number, preset: TopoPreset): [number, number, number] {
  const m = (d * (d - 1)) / 2;
  let small: number;
  let large: number;
  let searches: number;
  if (preset === 'dagrad') {
    const a = Math.floor(1.5 * d);
    const b = Math.floor(Math.sqrt(d) * (d - 1) * Math.log10(d));
    small = Math.min(a, b, m);
    large = Math.max(a, Math.min(b, m));
    searches = Math.min(Math.floor(d / 10), 1);
  } else {
    small = Math.min(5 * d, m);
    large = Math.min(m, 50 * d);
    searches = 5;
  }
  large = Math.max(1, Math.min(large, m));
  small = Math.max(1, Math.min(small, large));
  return [small, large, searches];
}

interface SearchConfig {
  sizeSmall: number;
  sizeLarge: number;
  maxLarge: number;
  relTol: number;
  maxIterations: number;
  deadline: number;
  t0: number;
  start: number;
  onIteration?: (info: TopoIterationInfo) => undefined | boolean;
}

interface SearchOutcome {
  order: Int32Array;
  score: number;
  history: number[];
  iterations: number;
  evaluations: number;
  largeUsed: number;
  stopReason: TopoStopReason;
}

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** One start of the search (steps 2-15 of spec 2.6). */
export function search(scorer: OrderScorer, order0: Int32Array, cfg: SearchConfig): SearchOutcome {
  const d = scorer.d;
  const order = Int32Array.from(order0);
  const pos = new Int32Array(d);
  const W = new Float64Array(d * d);
  const A = new Float64Array(d * d);
  const P = new Float64Array(d * d);
  const m = (d * (d - 1)) / 2;
  const values = new Float64Array(m);
  const candI: number[] = [];
  const candJ: number[] = [];
  const largeI: number[] = [];
  const largeJ: number[] = [];
  const marks = new Uint8Array(d);
  const history: number[] = [];
  let iterations = 0;
  let evaluations = 0;
  let largeUsed = 0;
  let lastPass: { accepted: number; large: boolean } | null = null;

  for (;;) {
    // 4. Inner fit of the current order.
    const F = scorer.fit(order);
    history.push(F);
    for (let k = 0; k < d; k++) pos[order[k]] = k;
    if (lastPass !== null && cfg.onIteration !== undefined) {
      const info: TopoIterationInfo = {
        iteration: iterations,
        score: F,
        accepted: lastPass.accepted,
        large: lastPass.large,
        start: cfg.start,
        elapsedMs: now() - cfg.t0,
      };
      if (cfg.onIteration(info) === false) return finish('callback');
    }
    if (d < 2) return finish('no-candidates');
    if (iterations >= cfg.maxIterations) return finish('max-iterations');
    if (now() > cfg.deadline) return finish('time-limit');

    // 5. Path matrix of |W| in position coordinates.
    scorer.weights(W);
    gatherAbs(W, d, order, A);
    pathMatrix(A, d, P);

    // 6. Rank the m forbidden pairs by Gh and cut at ranks sizeSmall and sizeLarge (ties kept).
    let t = 0;
    for (let a = 0; a < d; a++) for (let b = a + 1; b < d; b++) values[t++] = P[a * d + b];
    const sorted = values.slice().sort();
    const tauSmall = sorted[cfg.sizeSmall - 1];
    const tauLarge = sorted[cfg.sizeLarge - 1];
    candI.length = 0;
    candJ.length = 0;
    largeI.length = 0;
    largeJ.length = 0;
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        if (pos[i] <= pos[j]) continue;
        const g = P[pos[j] * d + pos[i]];
        if (g <= tauSmall) {
          candI.push(i);
          candJ.push(j);
        } else if (g <= tauLarge) {
          largeI.push(i);
          largeJ.push(j);
        }
      }
    }
    // 7.
    if (candI.length === 0) return finish('no-candidates');

    // 8-9. Small set.
    const tol = cfg.relTol * Math.max(1, Math.abs(F));
    let accepted = evaluateAndApply(candI, candJ, F, tol);
    let large = false;
    if (accepted === 0) {
      // 10-14. Large set.
      if (largeUsed >= cfg.maxLarge) return finish('large-search-budget-exhausted');
      accepted = evaluateAndApply(largeI, largeJ, F, tol);
      if (accepted === 0) return finish('local-optimum');
      largeUsed++;
      large = true;
    }
    iterations++;
    lastPass = { accepted, large };
  }

  /** Evaluates every candidate, applies the greedy disjoint set (spec 2.5); returns its size. */
  function evaluateAndApply(ci: number[], cj: number[], F: number, tol: number): number {
    const improving: { k: number; f: number }[] = [];
    for (let k = 0; k < ci.length; k++) {
      const f = F + scorer.delta(pos[cj[k]], pos[ci[k]]);
      if (f < F - tol) improving.push({ k, f });
    }
    evaluations += ci.length;
    if (improving.length === 0) return 0;
    improving.sort((a, b) => a.f - b.f || a.k - b.k);
    marks.fill(0);
    let count = 0;
    for (const { k } of improving) {
      const p = pos[cj[k]];
      const q = pos[ci[k]];
      let free = true;
      for (let r = p; r <= q && free; r++) if (marks[r] === 1) free = false;
      if (!free) continue;
      marks.fill(1, p, q + 1);
      order[p] = ci[k];
      order[q] = cj[k];
      count++;
    }
    return count;
  }

  function finish(stopReason: TopoStopReason): SearchOutcome {
    return {
      order,
      score: history[history.length - 1],
      history,
      iterations,
      evaluations,
      largeUsed,
      stopReason,
    };
  }
}

/** Validated data and scorer shared by topo, fitOrder and the baselines. */
export interface Prepared {
  scorer: OrderScorer;
  n: number;
  d: number;
  warnings: string[];
}

/** Builds the scorer for X (spec section 9 checks). */
export function prepare(
  Xin: unknown,
  options: {
    score?: TopoScore;
    lambda1?: number;
    lambda2?: number;
    center?: boolean;
    onSingular?: 'error' | 'ridge';
  },
): Prepared {
  const X = dataMatrix('X', Xin);
  const { rows: n, cols: d } = X;
  const score =
    options.score === undefined
      ? 'l2'
      : check.oneOf('score', options.score, ['l2', 'logistic'] as const);
  const warnings: string[] = [];
  if (score === 'logistic') {
    for (let t = 0; t < n * d; t++) {
      const v = X.data[t];
      if (v !== 0 && v !== 1) {
        const i = Math.floor(t / d);
        throw check.rangeErrorText(
          `X[${i}][${t - i * d}]`,
          '0 or 1 for the logistic score',
          String(v),
        );
      }
    }
    if (options.lambda2 !== undefined && options.lambda2 !== 0) {
      throw check.rangeError('lambda2', '0 (ridge applies to the l2 score only)', options.lambda2);
    }
    const lambda1 = nonNegative('lambda1', options.lambda1, 0.01);
    return { scorer: new LogisticScorer(X.data, n, d, lambda1), n, d, warnings };
  }
  if (options.lambda1 !== undefined && options.lambda1 !== 0) {
    throw check.rangeError(
      'lambda1',
      '0 for the l2 score (l1 applies to the logistic score)',
      options.lambda1,
    );
  }
  rejectConstantColumns('X', X);
  const lambda2 = nonNegative('lambda2', options.lambda2, 0);
  const center = options.center === undefined ? true : check.boolean('center', options.center);
  const onSingular =
    options.onSingular === undefined
      ? 'error'
      : check.oneOf('onSingular', options.onSingular, ['error', 'ridge'] as const);
  const C = gram(X.data, n, d, center);
  let ridge = lambda2;
  for (let k = 0; k < d; k++) C[k * d + k] += lambda2;
  const scorer = new L2Scorer(C, d, ridge);
  const identity = new Int32Array(d);
  for (let k = 0; k < d; k++) identity[k] = k;
  scorer.fit(identity);
  if (scorer.minPivotRatio <= 1e-12) {
    if (onSingular === 'error') {
      throw check.rangeErrorText(
        'X',
        'of full column rank (the Gram matrix is singular; set lambda2 > 0 or onSingular: "ridge")',
        `n = ${n}, d = ${d}, smallest pivot ratio ${scorer.minPivotRatio.toExponential(2)}`,
      );
    }
    let trace = 0;
    for (let k = 0; k < d; k++) trace += C[k * d + k];
    const jitter = (1e-10 * trace) / d;
    for (let k = 0; k < d; k++) C[k * d + k] += jitter;
    ridge += jitter;
    warnings.push(
      `singular Gram matrix: added a ridge of ${jitter.toExponential(2)} to its diagonal`,
    );
    return { scorer: new L2Scorer(C, d, ridge), n, d, warnings };
  }
  return { scorer, n, d, warnings };
}

/** Order of a DAG's support, for post-processing (throws on a cyclic W). */
export function orderFromWeights(argument: string, value: unknown, d: number): Int32Array {
  const W0 = squareMatrix(argument, value, d);
  const order = kahnOrder(W0.data, d);
  if (order.length !== d) {
    throw check.rangeErrorText(
      argument,
      'acyclic (repair it first, e.g. with thresholdTillDag)',
      'a graph with a directed cycle',
    );
  }
  return Int32Array.from(order);
}

/**
 * Learns a DAG by TOPO: a swap-based local search over topological orders, each order scored
 * exactly by its inner fit (least squares through the Gram matrix by default).
 *
 * @param X - data, n x d (rows = samples), n >= 2, finite, no constant column (l2).
 * @param options - see {@link TopoOptions}.
 * @returns the best start's order, W, thresholded DAG, score and counters; see {@link TopoResult}.
 * @throws RangeError / TypeError for bad data (NaN, < 2 rows, constant or collinear columns,
 *   non-binary data for `'logistic'`), an initial order that is not a permutation, a cyclic
 *   `initialWeights`, or bad options.
 * @example
 * ```ts
 * const B = simulateDag(10, 20, 'ER', 1);
 * const X = simulateLinearSem(simulateParameter(B, 2), 1000, 'gauss', 3);
 * const r = topo(X, { seed: 4 });
 * countAccuracy(B, r.adjacency).shd; // 0
 * ```
 */
export function topo(X: Mat | number[][], options: TopoOptions = {}): TopoResult {
  const t0 = now();
  if (typeof options !== 'object' || options === null)
    throw check.typeError('options', 'an object', options);
  const prep = prepare(X, options);
  const { scorer, d } = prep;
  const warnings = [...prep.warnings];
  const preset =
    options.preset === undefined
      ? 'thorough'
      : check.oneOf('preset', options.preset, ['thorough', 'dagrad'] as const);
  const m = (d * (d - 1)) / 2;
  const base = presetSizes(d, preset);
  let sizeSmall = intOption('sizeSmall', options.sizeSmall, base[0], 1);
  let sizeLarge = intOption('sizeLarge', options.sizeLarge, Math.max(base[1], sizeSmall), 1);
  if (options.sizeLarge !== undefined && sizeLarge < sizeSmall) {
    throw check.rangeErrorText('sizeLarge', `at least sizeSmall (${sizeSmall})`, String(sizeLarge));
  }
  sizeLarge = Math.max(1, Math.min(sizeLarge, m));
  sizeSmall = Math.max(1, Math.min(sizeSmall, sizeLarge));
  const maxLarge = intOption('maxLargeSearches', options.maxLargeSearches, base[2]);
  const relTol = nonNegative('relTol', options.relTol, 1e-10);
  const maxIterations = intOption('maxIterations', options.maxIterations, 10 * d + 100);
  const timeLimitMs =
    options.timeLimitMs === undefined || options.timeLimitMs === Number.POSITIVE_INFINITY
      ? Number.POSITIVE_INFINITY
      : check.number('timeLimitMs', options.timeLimitMs, { min: 0 });
  const wThreshold = nonNegative('wThreshold', options.wThreshold, 0.3);
  const restarts = intOption('restarts', options.restarts, 1, 1);
  const seed = intOption('seed', options.seed, 0);
  const onIteration =
    options.onIteration === undefined
      ? undefined
      : check.func<NonNullable<TopoOptions['onIteration']>>('onIteration', options.onIteration);
  if (options.initialOrder !== undefined && options.initialWeights !== undefined) {
    throw check.rangeErrorText('initialOrder', 'unset when initialWeights is given', 'both');
  }
  let first: Int32Array | null = null;
  if (options.initialOrder !== undefined)
    first = permutation('initialOrder', options.initialOrder, d);
  if (options.initialWeights !== undefined)
    first = orderFromWeights('initialWeights', options.initialWeights, d);

  const rng = new Rng(seed);
  let best: SearchOutcome | null = null;
  const startScores: number[] = [];
  let evaluations = 0;
  for (let s = 0; s < restarts; s++) {
    const order0 = s === 0 && first !== null ? first : rng.permutation(d);
    const outcome = search(scorer, order0, {
      sizeSmall,
      sizeLarge,
      maxLarge,
      relTol,
      maxIterations,
      deadline: t0 + timeLimitMs,
      t0,
      start: s,
      onIteration,
    });
    evaluations += outcome.evaluations;
    startScores.push(outcome.score);
    if (best === null || outcome.score < best.score) best = outcome;
    if (outcome.stopReason === 'time-limit' || outcome.stopReason === 'callback') {
      if (s < restarts - 1)
        warnings.push(`stopped after ${s + 1} of ${restarts} starts (${outcome.stopReason})`);
      break;
    }
  }
  const b = best as SearchOutcome;
  // Refit the best order (the scorer holds the last start's fit).
  const score = scorer.fit(b.order);
  const Wd = new Float64Array(d * d);
  scorer.weights(Wd);
  const { Wt, B } = thresholdWeights(Wd, d, wThreshold);
  if (b.stopReason === 'max-iterations')
    warnings.push(`stopped at maxIterations = ${maxIterations}`);
  if (b.stopReason === 'time-limit') warnings.push(`stopped at timeLimitMs = ${timeLimitMs}`);
  return {
    W: mat(d, d, Wd),
    wThresholded: Wt,
    adjacency: B,
    order: Array.from(b.order),
    score,
    scoreRefit: scorer.supportScore(B),
    scoreHistory: b.history,
    iterations: b.iterations,
    candidateEvaluations: evaluations,
    largeSearchesUsed: b.largeUsed,
    startScores,
    stopReason: b.stopReason,
    converged:
      b.stopReason === 'local-optimum' ||
      b.stopReason === 'large-search-budget-exhausted' ||
      b.stopReason === 'no-candidates',
    sizes: [sizeSmall, sizeLarge, maxLarge],
    elapsedMs: now() - t0,
    warnings,
  };
}
