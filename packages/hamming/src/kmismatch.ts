/**
 * k-bounded Hamming distances (spec B.3.4): early-exit naive, the pigeonhole filter, and exact
 * distances masked at k, with a cost-based choice among them.
 *
 * Pigeonhole: cut P into k+1 contiguous pieces. If HD[i] ≤ k, one piece has no mismatch, so it
 * occurs exactly at its offset in T. Every occurrence of a piece's hash in T gives a candidate
 * shift; candidates are verified by early-exit comparison, so hash collisions cost time only,
 * never correctness.
 */
import { check, type Encoded, encode } from './encode.js';
import { execute, planFor, resolveOptions } from './hamming.js';
import { boundedDistance, earlyExitKernel } from './naive.js';
import type { ExecutedStrategy, HammingOptions, Sequence } from './types.js';

/** How k-bounded distances are computed. */
export type KMismatchMethod = 'auto' | 'early-exit' | 'pigeonhole' | 'exact';

/** Options of {@link kMismatch}: those of `hammingDistances` (used by `'exact'`) plus `method`. */
export interface KMismatchOptions extends HammingOptions {
  /** Default `'auto'` (least predicted cost). */
  method?: KMismatchMethod;
}

/** Result of {@link kMismatch}. */
export interface KMismatchResult {
  /** distances[i] = HD[i] when HD[i] ≤ k, else −1; i = 0..n−m. */
  distances: Int32Array;
  /** The shifts i with HD[i] ≤ k, ascending. */
  positions: Int32Array;
  /** The method that ran. */
  method: Exclude<KMismatchMethod, 'auto'>;
  /** Shifts compared position by position (all W for early-exit, candidates for pigeonhole). */
  verifiedShifts: number;
  /** The exact strategy used by `'exact'`, else null. */
  exactStrategy: ExecutedStrategy | null;
  /** Predicted and measured time in milliseconds. */
  predictedMs: number;
  elapsedMs: number;
}

const METHODS: readonly KMismatchMethod[] = ['auto', 'early-exit', 'pigeonhole', 'exact'];
/** ns per comparison of the early-exit loop and per text position of one rolling-hash pass. */
const EARLY_EXIT_NS = 1.5;
const HASH_NS = 5;

/** Expected comparisons of an early-exit check of one shift on random-like text. */
function expectedCompares(e: Encoded, k: number): number {
  let match = 0;
  for (const c of e.sharedCodes) match += (e.countsT[c] / e.n) * (e.countsP[c] / e.m);
  const mismatch = 1 - match;
  return mismatch <= 0 ? e.m : Math.min(e.m, (k + 1) / mismatch);
}

/** Piece layout: k+1 pieces, the first m mod (k+1) of length q+1, the rest of length q. */
function pieces(m: number, k: number): { offsets: Int32Array; lengths: Int32Array } {
  const count = k + 1;
  const q = Math.floor(m / count);
  const r = m - q * count;
  const offsets = new Int32Array(count);
  const lengths = new Int32Array(count);
  let o = 0;
  for (let l = 0; l < count; l++) {
    offsets[l] = o;
    lengths[l] = q + (l < r ? 1 : 0);
    o += lengths[l];
  }
  return { offsets, lengths };
}

/** Expected spurious candidates: W · Σ_l Π_{u in piece l} cT(P[u])/n. */
function expectedCandidates(e: Encoded, k: number): number {
  const { offsets, lengths } = pieces(e.m, k);
  const W = e.n - e.m + 1;
  let sum = 0;
  for (let l = 0; l < offsets.length; l++) {
    let logP = 0;
    for (let u = offsets[l]; u < offsets[l] + lengths[l]; u++) {
      logP += Math.log(Math.max(e.countsT[e.p[u]], 0.5) / e.n);
    }
    sum += Math.exp(logP);
  }
  return Math.min(W, W * sum);
}

const BASE = 0x2f0b3c1d | 1;

/** Marks in flags every shift i = x − offset where a piece's hash occurs at text position x. */
function markCandidates(e: Encoded, k: number, flags: Uint8Array): void {
  const { t, p, n, m } = e;
  const W = n - m + 1;
  const { offsets, lengths } = pieces(m, k);
  const lens = [...new Set(lengths)];
  for (const len of lens) {
    // 1. Hash every piece of this length into an open-addressing table (chains for equal keys).
    const ids: number[] = [];
    for (let l = 0; l < offsets.length; l++) if (lengths[l] === len) ids.push(l);
    let size = 4;
    while (size < 2 * ids.length) size *= 2;
    const shift = 32 - Math.log2(size);
    const keys = new Int32Array(size);
    const heads = new Int32Array(size).fill(-1);
    const next = new Int32Array(offsets.length).fill(-1);
    for (const l of ids) {
      let h = 0;
      for (let u = offsets[l]; u < offsets[l] + len; u++) h = (Math.imul(h, BASE) + p[u]) | 0;
      let slot = Math.imul(h, 0x9e3779b1) >>> shift;
      while (heads[slot] >= 0 && keys[slot] !== h) slot = (slot + 1) & (size - 1);
      if (heads[slot] < 0) keys[slot] = h;
      next[l] = heads[slot];
      heads[slot] = l;
    }

    // 2. Rolling hash over the text; a table hit marks its candidate shifts.
    let top = 1;
    for (let u = 1; u < len; u++) top = Math.imul(top, BASE);
    let h = 0;
    for (let u = 0; u < len - 1; u++) h = (Math.imul(h, BASE) + t[u]) | 0;
    for (let x = 0; x + len <= n; x++) {
      h = (Math.imul(h, BASE) + t[x + len - 1]) | 0;
      let slot = Math.imul(h, 0x9e3779b1) >>> shift;
      while (heads[slot] >= 0) {
        if (keys[slot] === h) {
          for (let l = heads[slot]; l >= 0; l = next[l]) {
            const i = x - offsets[l];
            if (i >= 0 && i < W) flags[i] = 1;
          }
          break;
        }
        slot = (slot + 1) & (size - 1);
      }
      h = (h - Math.imul(t[x], top)) | 0;
    }
  }
}

/**
 * Hamming distances bounded by k: the distance where it is at most k, −1 elsewhere, and the
 * positions where the pattern occurs with at most k mismatches.
 *
 * @param text - the text (string, typed array or array of integer codes).
 * @param pattern - the pattern, 1 ≤ m ≤ n, of the same kind as the text.
 * @param k - the mismatch bound, an integer ≥ 0 (k ≥ m gives every exact distance).
 * @param options - method (`'auto'`, `'early-exit'`, `'pigeonhole'`, `'exact'`; default
 *   `'auto'`) and the options of `hammingDistances` (used by `'exact'`).
 * @returns distances (−1 above k), positions, the method that ran and timings.
 * @throws TypeError / RangeError for bad inputs, as `hammingDistances`, and for k not an integer
 *   ≥ 0.
 * @example
 * ```ts
 * kMismatch('abracadabra', 'abba', 1).positions; // Int32Array [0, 7]
 * ```
 */
export function kMismatch(
  text: Sequence,
  pattern: Sequence,
  k: number,
  options?: KMismatchOptions,
): KMismatchResult {
  const started = performance.now();
  const o = resolveOptions(options);
  const requested =
    options?.method === undefined ? 'auto' : check.oneOf('options.method', options.method, METHODS);
  check.integer('k', k, { min: 0 });
  const e = encode(text, pattern, o.codePoints);
  const { t, p, n, m } = e;
  const W = n - m + 1;

  // 1. Predicted costs (ns) of the three methods.
  const perShift = expectedCompares(e, k);
  const earlyNs = EARLY_EXIT_NS * W * perShift;
  const pigeonNs =
    k < m
      ? HASH_NS * n * (m % (k + 1) === 0 ? 1 : 2) +
        EARLY_EXIT_NS * perShift * expectedCandidates(e, k)
      : Number.POSITIVE_INFINITY;
  const exactPlan = planFor(e, o);
  const exactNs = exactPlan.predictedNs + W;
  let method: Exclude<KMismatchMethod, 'auto'>;
  if (requested !== 'auto') method = requested;
  else if (exactNs < earlyNs && exactNs < pigeonNs) method = 'exact';
  else method = pigeonNs < earlyNs ? 'pigeonhole' : 'early-exit';
  const predictedNs = method === 'exact' ? exactNs : method === 'pigeonhole' ? pigeonNs : earlyNs;

  // 2. Run it.
  const distances = new Int32Array(W);
  let verified = W;
  let exactStrategy: ExecutedStrategy | null = null;
  if (method === 'early-exit') {
    earlyExitKernel(t, p, k, distances, 0, W);
  } else if (method === 'pigeonhole') {
    const flags = new Uint8Array(W);
    if (k < m) markCandidates(e, k, flags);
    else flags.fill(1);
    verified = 0;
    for (let i = 0; i < W; i++) {
      if (flags[i] === 0) {
        distances[i] = -1;
        continue;
      }
      verified++;
      const d = boundedDistance(t, p, i, k);
      distances[i] = d <= k ? d : -1;
    }
  } else {
    const r = execute(e, exactPlan);
    exactStrategy = exactPlan.strategy;
    for (let i = 0; i < W; i++) distances[i] = r.distances[i] <= k ? r.distances[i] : -1;
  }

  // 3. Positions.
  let count = 0;
  for (let i = 0; i < W; i++) if (distances[i] >= 0) count++;
  const positions = new Int32Array(count);
  for (let i = 0, c = 0; i < W; i++) if (distances[i] >= 0) positions[c++] = i;
  return {
    distances,
    positions,
    method,
    verifiedShifts: verified,
    exactStrategy,
    predictedMs: predictedNs / 1e6,
    elapsedMs: performance.now() - started,
  };
}
