/**
 * Exact text-to-pattern Hamming distances: option checks, planning and dispatch.
 */
import { bitParallelKernel } from './bitparallel.js';
import { type Counts, DEFAULT_COST_MODEL, DEFAULT_MEMORY_BUDGET, type Plan, plan } from './cost.js';
import { addMatchesDirect } from './direct.js';
import { check, type Encoded, encode } from './encode.js';
import { addMatchesBinary, addMatchesFFT, indicatorChannels, walshChannels } from './fft.js';
import { naiveKernel } from './naive.js';
import {
  type CostModel,
  type HammingOptions,
  type HammingResult,
  type HammingStats,
  PrecisionError,
  type Sequence,
  type Strategy,
} from './types.js';

const STRATEGIES: readonly Strategy[] = ['auto', 'naive', 'bitparallel', 'fft', 'abrahamson'];
const COST_KEYS: readonly (keyof CostModel)[] = [
  'naive',
  'bitParallel',
  'fftPerNlogN',
  'ifftPerNlogN',
  'directIncrement',
  'fftLargeSizePenalty',
];

/** Checked options (blockSize is checked against m later). */
export interface ResolvedOptions {
  strategy: Strategy;
  blockSize: number | undefined;
  cost: CostModel;
  codePoints: boolean;
  budget: number;
}

/** Checks an options object and fills in defaults. */
export function resolveOptions(options: unknown, name = 'options'): ResolvedOptions {
  if (options === undefined) options = {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw check.typeError(name, 'an object', options);
  }
  const o = options as HammingOptions;
  const strategy =
    o.strategy === undefined ? 'auto' : check.oneOf(`${name}.strategy`, o.strategy, STRATEGIES);
  const codePoints =
    o.codePoints === undefined ? false : check.boolean(`${name}.codePoints`, o.codePoints);
  const budget =
    o.memoryBudgetBytes === undefined
      ? DEFAULT_MEMORY_BUDGET
      : check.positive(`${name}.memoryBudgetBytes`, o.memoryBudgetBytes);
  let blockSize: number | undefined;
  if (o.blockSize !== undefined) {
    blockSize = check.integer(`${name}.blockSize`, o.blockSize, { min: 4 });
    if ((blockSize & (blockSize - 1)) !== 0 || blockSize > 2 ** 26) {
      throw check.rangeError(`${name}.blockSize`, 'a power of two in [4, 2^26]', blockSize);
    }
  }
  const cost: CostModel = { ...DEFAULT_COST_MODEL };
  if (o.costModel !== undefined) {
    if (typeof o.costModel !== 'object' || o.costModel === null) {
      throw check.typeError(`${name}.costModel`, 'an object', o.costModel);
    }
    for (const key of COST_KEYS) {
      const v = o.costModel[key];
      if (v === undefined) continue;
      cost[key] =
        key === 'fftLargeSizePenalty'
          ? check.number(`${name}.costModel.${key}`, v, { min: 0 })
          : check.positive(`${name}.costModel.${key}`, v);
    }
  }
  return { strategy, blockSize, cost, codePoints, budget };
}

/** Planner counts of an encoding. */
export function countsOf(e: Encoded): Counts {
  const order = e.sharedCodes;
  const products = new Float64Array(e.shared);
  for (let r = 0; r < e.shared; r++) products[r] = e.countsT[order[r]] * e.countsP[order[r]];
  return { n: e.n, m: e.m, order, products, codesUsed: e.codesUsed };
}

/** Runs a plan on encoded input; returns distances and the run's figures. */
export function execute(
  e: Encoded,
  pl: Plan,
): { distances: Int32Array; maxRoundingError: number; directIncrements: number } {
  const { t, p, n, m } = e;
  const W = n - m + 1;
  const out = new Int32Array(W);
  if (pl.strategy === 'naive') {
    naiveKernel(t, p, out, 0, W);
    return { distances: out, maxRoundingError: 0, directIncrements: 0 };
  }
  if (pl.strategy === 'bitparallel') {
    bitParallelKernel(t, p, e.sigma, out);
    return { distances: out, maxRoundingError: 0, directIncrements: 0 };
  }
  // Split: `out` first holds match counts M[i], then HD[i] = m − M[i].
  let maxErr = 0;
  if (pl.binary) {
    maxErr = addMatchesBinary(t, p, pl.fftSymbols[0], pl.fftSize, out).maxRoundingError;
  } else if (pl.fftSymbols.length > 0) {
    const ch = pl.walsh
      ? walshChannels(pl.fftSymbols, e.sigma, m)
      : indicatorChannels(pl.fftSymbols, e.sigma);
    maxErr = addMatchesFFT(t, p, ch, pl.fftSize, pl.pairsPerGroup, out).maxRoundingError;
  }
  if (maxErr > 0.25) throw new PrecisionError(maxErr);
  const inc = addMatchesDirect(t, p, pl.directSymbols, e.sigma, out);
  for (let i = 0; i < W; i++) out[i] = m - out[i];
  return { distances: out, maxRoundingError: maxErr, directIncrements: inc };
}

/** Checks the options that depend on the input, then plans. */
export function planFor(e: Encoded, o: ResolvedOptions): Plan {
  if (o.blockSize !== undefined && o.blockSize < e.m) {
    throw check.rangeError('options.blockSize', `at least the pattern length ${e.m}`, o.blockSize);
  }
  if (o.strategy === 'bitparallel' && e.codesUsed > 4) {
    throw check.rangeErrorText(
      'options.strategy',
      '"bitparallel" only for at most 4 symbol classes (shared symbols, one class for ' +
        'text-only and one for pattern-only symbols)',
      `${e.codesUsed} classes`,
    );
  }
  return plan(countsOf(e), o.cost, o.strategy, o.blockSize, o.budget);
}

/** Plans and runs on encoded input (shared by the exact, k-bounded and approximate entries). */
export function runEncoded(e: Encoded, o: ResolvedOptions, started: number): HammingResult {
  const strategy = o.strategy;
  const pl = planFor(e, o);
  const r = execute(e, pl);
  const stats: HammingStats = {
    strategy: pl.strategy,
    requested: strategy,
    n: e.n,
    m: e.m,
    sharedSymbols: e.shared,
    fftSize: pl.fftSize,
    blocks: pl.blocks,
    fftSymbols: pl.binary ? e.shared : pl.fftSymbols.length,
    symbolGroups: pl.groups,
    binary: pl.binary,
    walsh: pl.walsh,
    directSymbols: pl.directSymbols.length,
    directIncrements: r.directIncrements,
    maxRoundingError: r.maxRoundingError,
    predictedMs: pl.predictedNs / 1e6,
    elapsedMs: performance.now() - started,
  };
  return { distances: r.distances, stats };
}

/**
 * Exact Hamming distance between the pattern and every window of the text.
 *
 * @param text - the text T (string, typed array or array of integer codes), length n.
 * @param pattern - the pattern P, 1 ≤ m ≤ n, of the same kind as the text.
 * @param options - strategy (default `'auto'`), blockSize, costModel, codePoints,
 *   memoryBudgetBytes (default 64 MiB).
 * @returns `distances[i]` = #{j : T[i+j] ≠ P[j]} for i = 0..n−m, and run statistics.
 * @throws TypeError for inputs of the wrong kind; RangeError for an empty or too long pattern,
 *   codes that are not integers in [0, 2^32), bad options; {@link PrecisionError} if an FFT
 *   count is more than 0.25 from an integer.
 * @example
 * ```ts
 * hammingDistances('abracadabra', 'abra').distances;
 * // Int32Array [0, 4, 3, 3, 3, 3, 4, 0]
 * ```
 */
export function hammingDistances(
  text: Sequence,
  pattern: Sequence,
  options?: HammingOptions,
): HammingResult {
  const started = performance.now();
  const o = resolveOptions(options);
  const e = encode(text, pattern, o.codePoints);
  return runEncoded(e, o, started);
}
