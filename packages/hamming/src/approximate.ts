/**
 * Approximate Hamming distances with stated guarantees (spec B.3.5). W = n − m + 1 shifts.
 *
 * - hash-max (Kopelowitz–Porat style): merge symbols by a random map h into s = ⌈2/ε'⌉
 *   buckets (ε' = ε/(1+ε)); merging only creates matches, so HD_h ≤ HD, and
 *   E[HD − HD_h] = HD/s, so by Markov one repetition loses more than ε'·HD with probability
 *   ≤ 1/2. The maximum over R = ⌈log2(W/δ)⌉ repetitions is ≥ (1−ε')·HD at every shift with
 *   probability ≥ 1 − δ; dividing by 1−ε' gives HD ≤ estimate ≤ (1+ε)·HD.
 * - karloff: random φ: Σ → {±1}; D_φ = #{j : φ(T[i+j]) ≠ φ(P[j])} has E[2D_φ] = HD and
 *   2D_φ ∈ [0, 2HD]; by Hoeffding the mean of r = ⌈2 ln(2W/δ)/ε²⌉ repetitions is within ε·HD of
 *   HD at every shift with probability ≥ 1 − δ.
 * - sample: r pattern positions drawn uniformly (shared by all shifts);
 *   estimate = (m/r)·#{sampled j : T[i+j] ≠ P[j]}; by Hoeffding |estimate − HD| ≤ ε·m at every
 *   shift with probability ≥ 1 − δ for r = ⌈ln(2W/δ)/(2ε²)⌉.
 */
import { Rng } from '@optkit/core';
import { DEFAULT_COST_MODEL, DEFAULT_MEMORY_BUDGET, plan } from './cost.js';
import { check, denseCodes, type Encoded, encode } from './encode.js';
import { countsOf, execute } from './hamming.js';
import type { Sequence } from './types.js';

/** Which estimator to run. */
export type ApproximateMethod = 'hash-max' | 'karloff' | 'sample';

/** Options of {@link approximateHammingDistances}. */
export interface ApproximateOptions {
  /** Relative error ε in (0, 1) (hash-max, karloff) or additive error ε·m (sample). */
  epsilon: number;
  /** Failure probability δ in (0, 1) for all shifts together; default 1e−3. */
  delta?: number;
  /** Default `'hash-max'`. */
  method?: ApproximateMethod;
  /** Repetitions (hash-max, karloff); default from ε and δ. Fewer weaken the guarantee. */
  reps?: number;
  /** Sampled positions (sample); default from ε and δ. */
  samples?: number;
  /** Seed of the random maps and samples; default 0. Same seed, same result. */
  seed?: number;
  /** For strings: one symbol per code point; default false. */
  codePoints?: boolean;
}

/** Result of {@link approximateHammingDistances}. */
export interface ApproximateResult {
  /** The estimates, one per shift i = 0..n−m. */
  estimates: Float64Array;
  /** hash-max only: a lower bound that always holds (HD_h ≤ HD); null for other methods. */
  lower: Int32Array | null;
  method: ApproximateMethod;
  /** Repetitions run (hash-max, karloff) or positions sampled (sample). */
  repetitions: number;
  /** The failure probability the run guarantees (δ, or larger when reps/samples were set). */
  failureProbability: number;
  /** The guarantee in words. */
  guarantee: string;
  /** True when the estimate is exact (hash-max with at most s symbols needs no hashing). */
  exact: boolean;
  elapsedMs: number;
}

const METHODS: readonly ApproximateMethod[] = ['hash-max', 'karloff', 'sample'];

/** Exact distances of a relabelled pair of code arrays. */
function exactOf(t: Int32Array, p: Int32Array): Int32Array {
  const e = denseCodes(t, p);
  const pl = plan(countsOf(e), DEFAULT_COST_MODEL, 'auto', undefined, DEFAULT_MEMORY_BUDGET);
  return execute(e, pl).distances;
}

/** Applies a code map to a code array. */
function mapCodes(codes: Int32Array, map: Int32Array): Int32Array {
  const out = new Int32Array(codes.length);
  for (let x = 0; x < codes.length; x++) out[x] = map[codes[x]];
  return out;
}

function hashMax(e: Encoded, eps: number, delta: number, reps: number | undefined, rng: Rng) {
  const W = e.n - e.m + 1;
  const e1 = eps / (1 + eps);
  const s = Math.ceil(2 / e1);
  const lower = new Int32Array(W);
  if (e.codesUsed <= s) {
    lower.set(
      execute(e, plan(countsOf(e), DEFAULT_COST_MODEL, 'auto', undefined, DEFAULT_MEMORY_BUDGET))
        .distances,
    );
    return { lower, estimates: Float64Array.from(lower), R: 0, fail: 0, exact: true, s };
  }
  const R = reps ?? Math.ceil(Math.log2(W / delta));
  const map = new Int32Array(e.sigma);
  for (let rep = 0; rep < R; rep++) {
    for (let c = 0; c < e.sigma; c++) map[c] = rng.int(s);
    // The text-only and pattern-only codes never match anything: keep them apart.
    map[e.textOther] = s;
    map[e.patternOther] = s + 1;
    const d = exactOf(mapCodes(e.t, map), mapCodes(e.p, map));
    for (let i = 0; i < W; i++) if (d[i] > lower[i]) lower[i] = d[i];
  }
  const estimates = new Float64Array(W);
  for (let i = 0; i < W; i++) estimates[i] = lower[i] / (1 - e1);
  return { lower, estimates, R, fail: Math.min(1, W * 2 ** -R), exact: false, s };
}

function karloff(e: Encoded, eps: number, delta: number, reps: number | undefined, rng: Rng) {
  const W = e.n - e.m + 1;
  const r = reps ?? Math.ceil((2 * Math.log((2 * W) / delta)) / (eps * eps));
  const sum = new Float64Array(W);
  const map = new Int32Array(e.sigma);
  for (let rep = 0; rep < r; rep++) {
    for (let c = 0; c < e.sigma; c++) map[c] = rng.int(2);
    // φ(text-only) and φ(pattern-only) are independent fair signs as well.
    const d = exactOf(mapCodes(e.t, map), mapCodes(e.p, map));
    for (let i = 0; i < W; i++) sum[i] += d[i];
  }
  const estimates = new Float64Array(W);
  for (let i = 0; i < W; i++) estimates[i] = (2 * sum[i]) / r;
  return { estimates, r, fail: Math.min(1, 2 * W * Math.exp((-r * eps * eps) / 2)) };
}

function sample(e: Encoded, eps: number, delta: number, samples: number | undefined, rng: Rng) {
  const { t, p, n, m } = e;
  const W = n - m + 1;
  const r = samples ?? Math.ceil(Math.log((2 * W) / delta) / (2 * eps * eps));
  const js = new Int32Array(r);
  for (let u = 0; u < r; u++) js[u] = rng.int(m);
  js.sort();
  const pj = new Int32Array(r);
  for (let u = 0; u < r; u++) pj[u] = p[js[u]];
  const estimates = new Float64Array(W);
  const scale = m / r;
  for (let i = 0; i < W; i++) {
    let mis = 0;
    for (let u = 0; u < r; u++) mis += +(t[i + js[u]] !== pj[u]);
    estimates[i] = mis * scale;
  }
  return { estimates, r, fail: Math.min(1, 2 * W * Math.exp(-2 * r * eps * eps)) };
}

/**
 * Approximate Hamming distances with a stated probabilistic guarantee, reproducible by seed.
 *
 * @param text - the text (string, typed array or array of integer codes).
 * @param pattern - the pattern, 1 ≤ m ≤ n, of the same kind as the text.
 * @param options - epsilon (required, in (0, 1)), delta (1e−3), method (`'hash-max'`), reps,
 *   samples, seed (0), codePoints (false).
 * @returns estimates, a lower bound (hash-max), the guarantee and the failure probability.
 * @throws TypeError / RangeError for bad inputs, epsilon or delta outside (0, 1), reps or
 *   samples not integers ≥ 1, a seed that is not an integer in [0, 2^53).
 * @example
 * ```ts
 * const r = approximateHammingDistances('abracadabra', 'abra', { epsilon: 0.5, seed: 1 });
 * r.guarantee; // "HD ≤ estimate ≤ (1 + 0.5)·HD at every shift (exact: ...)"
 * ```
 */
export function approximateHammingDistances(
  text: Sequence,
  pattern: Sequence,
  options: ApproximateOptions,
): ApproximateResult {
  const started = performance.now();
  if (typeof options !== 'object' || options === null) {
    throw check.typeError('options', 'an object with epsilon', options);
  }
  const eps = check.number('options.epsilon', options.epsilon, {
    min: 0,
    max: 1,
    exclusiveMin: true,
    exclusiveMax: true,
  });
  const delta =
    options.delta === undefined
      ? 1e-3
      : check.number('options.delta', options.delta, {
          min: 0,
          max: 1,
          exclusiveMin: true,
          exclusiveMax: true,
        });
  const method =
    options.method === undefined
      ? 'hash-max'
      : check.oneOf('options.method', options.method, METHODS);
  const reps =
    options.reps === undefined
      ? undefined
      : check.integer('options.reps', options.reps, { min: 1 });
  const samples =
    options.samples === undefined
      ? undefined
      : check.integer('options.samples', options.samples, { min: 1 });
  const seed =
    options.seed === undefined
      ? 0
      : check.integer('options.seed', options.seed, { min: 0, max: 2 ** 53 - 1 });
  const codePoints =
    options.codePoints === undefined
      ? false
      : check.boolean('options.codePoints', options.codePoints);
  const e = encode(text, pattern, codePoints);
  const rng = new Rng(seed);

  if (method === 'hash-max') {
    const h = hashMax(e, eps, delta, reps, rng);
    const guarantee = h.exact
      ? `HD ≤ estimate ≤ (1 + ${eps})·HD at every shift (exact: at most ${h.s} symbols)`
      : `lower ≤ HD always; HD ≤ estimate ≤ (1 + ${eps})·HD at every shift with probability ` +
        `≥ 1 − ${h.fail.toPrecision(3)}`;
    return {
      estimates: h.estimates,
      lower: h.lower,
      method,
      repetitions: h.R,
      failureProbability: h.fail,
      guarantee,
      exact: h.exact,
      elapsedMs: performance.now() - started,
    };
  }
  const k =
    method === 'karloff' ? karloff(e, eps, delta, reps, rng) : sample(e, eps, delta, samples, rng);
  const guarantee =
    method === 'karloff'
      ? `|estimate − HD| ≤ ${eps}·HD at every shift with probability ≥ 1 − ${k.fail.toPrecision(3)}`
      : `|estimate − HD| ≤ ${eps}·m = ${eps * e.m} at every shift with probability ≥ 1 − ` +
        `${k.fail.toPrecision(3)}`;
  return {
    estimates: k.estimates,
    lower: null,
    method,
    repetitions: k.r,
    failureProbability: k.fail,
    guarantee,
    exact: false,
    elapsedMs: performance.now() - started,
  };
}
