/**
 * Cost model and method choice (spec B.3.2 per-symbol rule, B.3.6 decision rule).
 *
 * Symbols: W = n − m + 1 shifts, N FFT size, L = N − m + 1, B = ⌈W/L⌉ blocks,
 * π(c) = cT(c)·cP(c) direct increments of symbol c, k = number of symbols counted by FFT.
 * Predicted times in nanoseconds:
 * - naive:        κ_nv · W · m
 * - bit-parallel: κ_bp · (W · (⌈m·b/32⌉ + 4) + 2n)   (4 words' worth of per-shift overhead)
 * - split:        g(N) · N·log2 N · (κ_f · k · (B + 1) + κ_i · B · groups)
 *                 + κ_inc · (Σ_{c ∉ F} π(c) + n)
 *   (k symbols on the FFT side cost k/2 complex transforms per block: two per transform, an
 *   odd one carrying two blocks; with exactly 4 symbol classes the three ±1 characters of
 *   Z_2^2 replace the 4 indicators, k = 3)
 *   where g(N) = 1 + penalty · max(0, log2 N − 14) models cache misses of large transforms, and
 *   the FFT set F is the k symbols of largest π(c). For a given k that set is optimal, and
 *   trying every k gives the per-symbol optimum of B.3.2, with the pairing of symbols into
 *   complex transforms priced in.
 */
import { fixedBufferBytes, pairSpectrumBytes } from './fft.js';
import type { CostModel, ExecutedStrategy } from './types.js';

/**
 * Default constants (ns per unit), measured with `calibrate()` on the machine of the benchmark
 * report (AMD EPYC, Node 20).
 */
export const DEFAULT_COST_MODEL: Readonly<CostModel> = Object.freeze({
  naive: 0.9,
  bitParallel: 3.0,
  fftPerNlogN: 1.0,
  ifftPerNlogN: 1.9,
  directIncrement: 3.8,
  fftLargeSizePenalty: 0.1,
});

/** Default cap on the FFT working memory: 64 MiB. */
export const DEFAULT_MEMORY_BUDGET = 64 * 1024 * 1024;

/** Symbol statistics the planner needs. Shared symbols are those with cT·cP > 0. */
export interface Counts {
  n: number;
  m: number;
  /** Shared symbols, by decreasing cT·cP. */
  order: Int32Array;
  /** cT·cP of order[r]. */
  products: Float64Array;
  /** Distinct symbols after merging text-only and pattern-only ones (alphabet of the scan). */
  codesUsed: number;
}

/** A planned run. */
export interface Plan {
  strategy: ExecutedStrategy;
  fftSize: number;
  fftSymbols: Int32Array;
  directSymbols: Int32Array;
  binary: boolean;
  /** Three ±1 character channels instead of four indicators (exactly 4 shared symbols). */
  walsh: boolean;
  pairsPerGroup: number;
  groups: number;
  blocks: number;
  predictedNs: number;
}

/** Counts from per-symbol arrays (entries with both counts positive are shared). */
export function countsFrom(
  n: number,
  m: number,
  countsT: ArrayLike<number>,
  countsP: ArrayLike<number>,
): Counts {
  const ids: number[] = [];
  let textOnly = false;
  let patternOnly = false;
  for (let c = 0; c < countsT.length; c++) {
    const a = countsT[c];
    const b = c < countsP.length ? countsP[c] : 0;
    if (a > 0 && b > 0) ids.push(c);
    else if (a > 0) textOnly = true;
    else if (b > 0) patternOnly = true;
  }
  for (let c = countsT.length; c < countsP.length; c++) if (countsP[c] > 0) patternOnly = true;
  ids.sort((x, y) => countsT[y] * countsP[y] - countsT[x] * countsP[x] || x - y);
  const order = Int32Array.from(ids);
  const products = Float64Array.from(ids, (c) => countsT[c] * countsP[c]);
  const codesUsed = ids.length + (textOnly ? 1 : 0) + (patternOnly ? 1 : 0);
  return { n, m, order, products, codesUsed };
}

function nextPow2(x: number): number {
  let p = 1;
  while (p < x) p *= 2;
  return p;
}

/** Candidate FFT sizes: powers of two from nextPow2(m) up, at least 4, at most ~2n. */
export function candidateSizes(n: number, m: number): number[] {
  const lo = Math.max(4, nextPow2(m));
  const hi = Math.max(lo * 2, nextPow2(n) * 2);
  const out: number[] = [];
  for (let N = lo; N <= hi && N <= 2 ** 24 && out.length < 9; N *= 2) out.push(N);
  return out;
}

function sizeFactor(N: number, cost: CostModel): number {
  const lg = Math.log2(N);
  return N * lg * (1 + cost.fftLargeSizePenalty * Math.max(0, lg - 14));
}

/** Predicted naive time, ns. */
export function naiveCost(n: number, m: number, cost: CostModel): number {
  return cost.naive * (n - m + 1) * m;
}

/** Predicted bit-parallel time, ns (Infinity for more than 4 symbols). */
export function bitParallelCost(c: Counts, cost: CostModel): number {
  if (c.codesUsed > 4) return Number.POSITIVE_INFINITY;
  const S = c.codesUsed <= 2 ? 32 : 16;
  const W = c.n - c.m + 1;
  return cost.bitParallel * (W * (Math.ceil(c.m / S) + 4) + 2 * c.n);
}

function emptyPlan(strategy: ExecutedStrategy, predictedNs: number): Plan {
  return {
    strategy,
    fftSize: 0,
    fftSymbols: new Int32Array(0),
    directSymbols: new Int32Array(0),
    binary: false,
    walsh: false,
    pairsPerGroup: 0,
    groups: 0,
    blocks: 0,
    predictedNs,
  };
}

/**
 * Plans the FFT / direct split. `mode: 'fft'` puts every shared symbol on the FFT side;
 * `'abrahamson'` chooses the split (and N) of least predicted cost.
 *
 * @throws RangeError when the memory budget cannot hold one block at any candidate size.
 */
export function planSplit(
  c: Counts,
  cost: CostModel,
  mode: 'fft' | 'abrahamson',
  blockSize: number | undefined,
  budget: number,
): Plan {
  const { n, m, order, products } = c;
  const S = order.length;
  const W = n - m + 1;
  const strategy: ExecutedStrategy = mode;
  if (S === 0) return emptyPlan(strategy, 0);

  // Suffix sums of π: direct cost when the first k symbols go to the FFT side.
  const tail = new Float64Array(S + 1);
  for (let r = S - 1; r >= 0; r--) tail[r] = tail[r + 1] + products[r];
  const direct = (k: number) => (k >= S ? 0 : cost.directIncrement * (tail[k] + n));

  let best = emptyPlan(strategy, mode === 'abrahamson' ? direct(0) : Number.POSITIVE_INFINITY);
  let bestK = 0;
  const sizes = blockSize === undefined ? candidateSizes(n, m) : [blockSize];
  const binaryOk = c.codesUsed === 2;
  let feasible = false;
  let needed = Number.POSITIVE_INFINITY;
  for (const N of sizes) {
    const free = budget - fixedBufferBytes(N);
    const ppg = Math.floor(free / pairSpectrumBytes(N));
    needed = Math.min(needed, fixedBufferBytes(N) + pairSpectrumBytes(N));
    if (ppg < 1) continue;
    feasible = true;
    const L = N - m + 1;
    const B = Math.ceil(W / L);
    const f = sizeFactor(N, cost);
    if (binaryOk) {
      const t = f * (cost.fftPerNlogN * (B + 1) + cost.ifftPerNlogN * B);
      if (t < best.predictedNs) {
        best = { ...emptyPlan(strategy, t), fftSize: N, binary: true, groups: 1, blocks: B };
        best.pairsPerGroup = 1;
        bestK = S;
      }
      continue;
    }
    const kFrom = mode === 'fft' ? S : 1;
    for (let k = kFrom; k <= S; k++) {
      const walsh = k === 4 && S === 4 && c.codesUsed === 4;
      const channels = walsh ? 3 : k;
      const groups = Math.ceil(Math.ceil(channels / 2) / ppg);
      const t =
        f * (cost.fftPerNlogN * channels * (B + 1) + cost.ifftPerNlogN * B * groups) + direct(k);
      if (t < best.predictedNs) {
        best = { ...emptyPlan(strategy, t), fftSize: N, groups, blocks: B, walsh };
        best.pairsPerGroup = ppg;
        bestK = k;
      }
    }
  }
  if (!feasible && (mode === 'fft' || blockSize !== undefined)) {
    throw new RangeError(
      `@optkit/hamming: memoryBudgetBytes must be at least ${needed} for an FFT of size ` +
        `${sizes[0]}; got ${budget}`,
    );
  }
  best.fftSymbols = order.slice(0, bestK);
  best.directSymbols = order.slice(bestK);
  return best;
}

/**
 * Plans a run for a requested strategy; `auto` takes the least predicted cost among naive,
 * bit-parallel (at most 4 symbols) and the per-symbol split.
 */
export function plan(
  c: Counts,
  cost: CostModel,
  strategy: 'auto' | ExecutedStrategy,
  blockSize: number | undefined,
  budget: number,
): Plan {
  if (strategy === 'naive') return emptyPlan('naive', naiveCost(c.n, c.m, cost));
  if (strategy === 'bitparallel') return emptyPlan('bitparallel', bitParallelCost(c, cost));
  if (strategy === 'fft' || strategy === 'abrahamson') {
    return planSplit(c, cost, strategy, blockSize, budget);
  }
  let best = planSplit(c, cost, 'abrahamson', blockSize, budget);
  if (best.directSymbols.length === 0 && best.fftSymbols.length > 0) best.strategy = 'fft';
  const bp = bitParallelCost(c, cost);
  if (bp < best.predictedNs) best = emptyPlan('bitparallel', bp);
  const nv = naiveCost(c.n, c.m, cost);
  if (nv <= best.predictedNs) best = emptyPlan('naive', nv);
  return best;
}
