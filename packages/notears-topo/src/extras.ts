/**
 * Order-level tools around the TOPO score: the inner fit of a given order or support, the best
 * single-swap gain (swap-local optimality certificate), the exact dynamic program over orders for
 * small d, and the sortnregress baseline (Reisach et al. 2021).
 */
import { type Mat, mat } from '@optkit/core';
import { cholPermuted, gram } from './gram.js';
import { thresholdWeights } from './graph.js';
import { L2Scorer, type OrderScorer } from './scorers.js';
import { prepare, type TopoScore } from './topo.js';
import {
  adjacency,
  check,
  dataMatrix,
  intOption,
  nonNegative,
  permutation,
  rejectConstantColumns,
} from './validate.js';

/** Score options shared by the order-level tools. */
export interface ScoreOptions {
  /** `'l2'` (default) or `'logistic'` (binary data). */
  score?: TopoScore;
  /** l1 weight of the logistic score; default 0.01. */
  lambda1?: number;
  /** Ridge weight of the l2 score; default 0. */
  lambda2?: number;
  /** Subtract column means first (l2); default true. */
  center?: boolean;
  /** Singular Gram matrix: `'error'` (default) or `'ridge'`. */
  onSingular?: 'error' | 'ridge';
}

/**
 * The inner problem alone: fits every node on all its predecessors in `order`.
 *
 * @param X - data, n x d.
 * @param order - a permutation of 0..d-1 (first = root).
 * @param options - score options.
 * @returns `{ W, score }`: the fit (row = parent) and its score F(order).
 * @throws RangeError / TypeError as {@link topo} for bad data or a non-permutation.
 * @example
 * ```ts
 * fitOrder([[1, 2], [2, 4.1], [3, 5.9]], [0, 1], { center: false }).W; // W[0][1] ~ 1.99
 * ```
 */
export function fitOrder(
  X: Mat | number[][],
  order: ArrayLike<number>,
  options: ScoreOptions = {},
): { W: Mat; score: number } {
  const { scorer, d } = prepare(X, options);
  const pi = permutation('order', order, d);
  const score = scorer.fit(pi);
  const W = mat(d, d);
  scorer.weights(W.data);
  return { W, score };
}

/**
 * Refits a given support (e.g. another method's thresholded graph): every node on its parents.
 * This is how scores of different methods are compared (spec 6.2).
 *
 * @param X - data, n x d.
 * @param support - 0/1 adjacency (row = parent), any non-zero counts as an edge.
 * @param options - score options.
 * @returns the score of the refit.
 * @throws RangeError / TypeError for bad data or a support of the wrong size.
 * @example
 * ```ts
 * fitSupport(X, [[0, 1], [0, 0]]); // least-squares score of the graph 0 -> 1
 * ```
 */
export function fitSupport(
  X: Mat | number[][],
  support: Mat | number[][] | ArrayLike<number>,
  options: ScoreOptions = {},
): number {
  const { scorer, d } = prepare(X, options);
  const flat = toSupport(support, d);
  const identity = new Int32Array(d);
  for (let k = 0; k < d; k++) identity[k] = k;
  scorer.fit(identity);
  return scorer.supportScore(flat);
}

function toSupport(support: unknown, d: number): Int8Array {
  const { B } = adjacency('support', normalise(support), [0, 1], d);
  return B;
}

function normalise(value: unknown): unknown {
  if (Array.isArray(value) && value.length > 0 && Array.isArray(value[0])) {
    return (value as number[][]).map((r) => r.map((v) => (v !== 0 ? 1 : 0)));
  }
  if (Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView))) {
    return Array.from(value as ArrayLike<number>, (v) => (v !== 0 ? 1 : 0));
  }
  if (typeof value === 'object' && value !== null && 'data' in value) {
    const m = value as Mat;
    return { ...m, data: Float64Array.from(m.data, (v) => (v !== 0 ? 1 : 0)) };
  }
  return value;
}

/** Largest `F(order) - F(order with two positions exchanged)` over all d(d-1)/2 swaps. */
export function bestSwapGain(scorer: OrderScorer, order: Int32Array): number {
  const d = scorer.d;
  scorer.fit(order);
  let best = Number.NEGATIVE_INFINITY;
  for (let p = 0; p < d; p++) {
    for (let q = p + 1; q < d; q++) {
      const gain = -scorer.delta(p, q);
      if (gain > best) best = gain;
    }
  }
  return d < 2 ? 0 : best;
}

/**
 * The best single-swap gain of an order: `max over p < q of F(order) - F(swap p, q)`. It is
 * `<= 0` exactly when no transposition of two nodes lowers the score (a swap-local optimum).
 *
 * @param X - data, n x d.
 * @param order - a permutation of 0..d-1.
 * @param options - score options.
 * @returns the best gain (positive: an improving swap exists).
 * @throws as {@link fitOrder}.
 * @example
 * ```ts
 * swapLocalOptimalityGap(X, topo(X).order) <= 1e-9; // true after a thorough search
 * ```
 */
export function swapLocalOptimalityGap(
  X: Mat | number[][],
  order: ArrayLike<number>,
  options: ScoreOptions = {},
): number {
  const { scorer, d } = prepare(X, options);
  return bestSwapGain(scorer, permutation('order', order, d));
}

/**
 * Exact minimiser of the least-squares score over all d! orders, by dynamic programming over
 * subsets: `best[S] = min over v in S of best[S \ v] + resvar(v | S \ v) / 2` (O(2^d d^2)).
 * Ground truth for small d.
 *
 * @param X - data, n x d with d <= maxD.
 * @param options - `maxD` (default 14, at most 16), `center` (default true), `lambda2`.
 * @returns `{ order, score }`: an optimal order (exact ties resolved deterministically) and its
 *   score.
 * @throws RangeError when d > maxD, or as {@link fitOrder} for bad data.
 * @example
 * ```ts
 * exactOrderSearch(X).score <= topo(X).score + 1e-9; // true
 * ```
 */
export function exactOrderSearch(
  X: Mat | number[][],
  options: { maxD?: number; center?: boolean; lambda2?: number } = {},
): { order: number[]; score: number } {
  const A = dataMatrix('X', X);
  const maxD = intOption('maxD', options.maxD, 14, 1);
  if (maxD > 16) throw check.rangeError('maxD', 'at most 16', maxD);
  const { rows: n, cols: d } = A;
  if (d > maxD)
    throw check.rangeErrorText('X', `a matrix with at most maxD = ${maxD} columns`, `${d} columns`);
  rejectConstantColumns('X', A);
  const center = options.center === undefined ? true : check.boolean('center', options.center);
  const lambda2 = nonNegative('lambda2', options.lambda2, 0);
  const C = gram(A.data, n, d, center);
  for (let k = 0; k < d; k++) C[k * d + k] += lambda2;
  const identity = new Int32Array(d);
  for (let k = 0; k < d; k++) identity[k] = k;
  if (cholPermuted(C, d, identity, new Float64Array(d * d)) <= 1e-12) {
    throw check.rangeErrorText(
      'X',
      'of full column rank (the Gram matrix is singular; set lambda2 > 0)',
      `n = ${n}, d = ${d}`,
    );
  }
  const full = 1 << d;
  // R[T * d + v] = 1/2 (resvar(v | T) - lambda2) for v not in T.
  const R = new Float64Array(full * d);
  // Depth-first over subsets built by increasing labels; z[depth][v] = L_T^-1 c_{T,v}.
  const z = new Float64Array((d + 1) * d * d);
  const res = new Float64Array((d + 1) * d);
  for (let v = 0; v < d; v++) res[v] = C[v * d + v];
  const visit = (T: number, depth: number, next: number): void => {
    const rbase = depth * d;
    for (let v = 0; v < d; v++) {
      if ((T >> v) & 1) continue;
      R[T * d + v] = 0.5 * (Math.max(res[rbase + v], 0) - lambda2);
    }
    for (let u = next; u < d; u++) {
      // Extend T by u: new Cholesky row is (z[u], sqrt(res[u])).
      const lu = Math.sqrt(Math.max(res[rbase + u], 1e-300));
      const zb = depth * d * d;
      const zc = (depth + 1) * d * d;
      for (let v = 0; v < d; v++) {
        if ((T >> v) & 1 || v === u) continue;
        let s = C[u * d + v];
        for (let t = 0; t < depth; t++) s -= z[zb + u * d + t] * z[zb + v * d + t];
        const zv = s / lu;
        for (let t = 0; t < depth; t++) z[zc + v * d + t] = z[zb + v * d + t];
        z[zc + v * d + depth] = zv;
        res[rbase + d + v] = res[rbase + v] - zv * zv;
      }
      visit(T | (1 << u), depth + 1, u + 1);
    }
  };
  visit(0, 0, 0);
  const best = new Float64Array(full).fill(Number.POSITIVE_INFINITY);
  const last = new Int8Array(full);
  best[0] = 0;
  for (let T = 0; T < full; T++) {
    const bT = best[T];
    for (let v = 0; v < d; v++) {
      if ((T >> v) & 1) continue;
      const S = T | (1 << v);
      const c = bT + R[T * d + v];
      if (c < best[S]) {
        best[S] = c;
        last[S] = v;
      }
    }
  }
  const order: number[] = [];
  let T = full - 1;
  while (T !== 0) {
    const v = last[T];
    order.push(v);
    T &= ~(1 << v);
  }
  order.reverse();
  return { order, score: best[full - 1] };
}

/** Result of {@link sortnregress}. */
export interface SortnregressResult {
  W: Mat;
  wThresholded: Mat;
  adjacency: Uint8Array;
  order: number[];
  score: number;
}

/**
 * sortnregress (Reisach et al. 2021): order the nodes by increasing marginal variance, then
 * regress each node on all its predecessors by least squares and threshold. A control for
 * "varsortability": on the standard generator variance grows along the true order.
 *
 * @param X - data, n x d.
 * @param options - `wThreshold` (default 0.3), `center` (default true).
 * @returns the fit of the variance order, its thresholded DAG and score.
 * @throws as {@link fitOrder}.
 * @example
 * ```ts
 * sortnregress(X).order; // nodes by increasing variance
 * ```
 */
export function sortnregress(
  X: Mat | number[][],
  options: { wThreshold?: number; center?: boolean } = {},
): SortnregressResult {
  const A = dataMatrix('X', X);
  rejectConstantColumns('X', A);
  const { rows: n, cols: d } = A;
  const wThreshold = nonNegative('wThreshold', options.wThreshold, 0.3);
  const center = options.center === undefined ? true : check.boolean('center', options.center);
  const C = gram(A.data, n, d, center);
  const order = Array.from({ length: d }, (_, k) => k).sort(
    (a, b) => C[a * d + a] - C[b * d + b] || a - b,
  );
  const scorer = new L2Scorer(C, d, 0);
  const score = scorer.fit(Int32Array.from(order));
  const W = mat(d, d);
  scorer.weights(W.data);
  const { Wt, B } = thresholdWeights(W.data, d, wThreshold);
  return { W, wThresholded: Wt, adjacency: B, order, score };
}
