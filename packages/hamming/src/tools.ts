/**
 * Lower-level entry points: the planner on its own, the FFT match counter on its own, and the
 * calibration of the cost model.
 */
import { Rng } from '@optkit/core';
import { bitParallelKernel } from './bitparallel.js';
import { countsFrom, DEFAULT_COST_MODEL, plan as planRun, planSplit } from './cost.js';
import { addMatchesDirect } from './direct.js';
import { check } from './encode.js';
import { addMatchesFFT, fixedBufferBytes, indicatorChannels, pairSpectrumBytes } from './fft.js';
import { resolveOptions } from './hamming.js';
import { naiveKernel } from './naive.js';
import { type CostModel, type ExecutedStrategy, PrecisionError } from './types.js';

/** Result of {@link chooseStrategy}. */
export interface StrategyChoice {
  strategy: ExecutedStrategy;
  /** FFT size N (0 when no FFT would run). */
  fftSize: number;
  /** Symbols (indices into the counts) counted by FFT, and those counted directly. */
  fftSymbols: Int32Array;
  directSymbols: Int32Array;
  /** Predicted time in milliseconds under the cost model. */
  predictedMs: number;
}

function countArray(name: string, value: unknown): ArrayLike<number> {
  if (!(Array.isArray(value) || ArrayBuffer.isView(value))) {
    throw check.typeError(name, 'an array of counts', value);
  }
  const a = value as ArrayLike<unknown>;
  for (let c = 0; c < a.length; c++) check.integer(`${name}[${c}]`, a[c], { min: 0 });
  return a as ArrayLike<number>;
}

/**
 * The strategy `hammingDistances` would pick (`strategy: 'auto'`) for the given sizes and
 * per-symbol counts, without running it.
 *
 * @param n - text length (integer ≥ 1).
 * @param m - pattern length (integer in [1, n]).
 * @param countsT - countsT[c] = occurrences of symbol c in the text.
 * @param countsP - countsP[c] = occurrences of symbol c in the pattern.
 * @param costModel - overrides of the default cost model.
 * @returns the strategy, FFT size, the FFT/direct split of the symbols and the predicted time.
 * @throws RangeError / TypeError for sizes or counts that are not non-negative integers.
 * @example
 * ```ts
 * chooseStrategy(1_000_000, 1024, [250000, 250000, 250000, 250000], [256, 256, 256, 256]);
 * // { strategy: 'fft', fftSize: 8192, ... }
 * ```
 */
export function chooseStrategy(
  n: number,
  m: number,
  countsT: ArrayLike<number>,
  countsP: ArrayLike<number>,
  costModel?: Partial<CostModel>,
): StrategyChoice {
  check.integer('n', n, { min: 1 });
  check.integer('m', m, { min: 1, max: n });
  const cT = countArray('countsT', countsT);
  const cP = countArray('countsP', countsP);
  const o = resolveOptions({ costModel }, 'options');
  const pl = planRun(countsFrom(n, m, cT, cP), o.cost, 'auto', undefined, o.budget);
  return {
    strategy: pl.strategy,
    fftSize: pl.fftSize,
    fftSymbols: pl.fftSymbols,
    directSymbols: pl.directSymbols,
    predictedMs: pl.predictedNs / 1e6,
  };
}

function codeArray(name: string, value: unknown): Int32Array {
  if (!(Array.isArray(value) || ArrayBuffer.isView(value))) {
    throw check.typeError(name, 'an Int32Array or an array of integer codes', value);
  }
  const a = value as ArrayLike<unknown>;
  const out = new Int32Array(a.length);
  for (let i = 0; i < a.length; i++) {
    out[i] = check.integer(`${name}[${i}]`, a[i], { min: 0, max: 2 ** 31 - 1 });
  }
  return out;
}

/**
 * Match counts restricted to some symbols, by blocked FFT cross-correlation:
 * M[i] = #{j : P[j] = T[i+j] ∈ symbols}, i = 0..n−m.
 *
 * @param textCodes - text codes, integers in [0, 2^31).
 * @param patternCodes - pattern codes, 1 ≤ m ≤ n.
 * @param symbols - distinct codes to count.
 * @param options - blockSize: FFT size N, a power of two ≥ max(4, m); default cost-optimal.
 * @returns M as an Int32Array of length n − m + 1.
 * @throws RangeError / TypeError for bad codes, sizes or a bad blockSize;
 *   {@link PrecisionError} if a count is more than 0.25 from an integer.
 * @example
 * ```ts
 * matchCountsFFT([0, 1, 0, 1], [0, 1], [0]); // Int32Array [1, 0, 1]
 * ```
 */
export function matchCountsFFT(
  textCodes: Int32Array | readonly number[],
  patternCodes: Int32Array | readonly number[],
  symbols: Int32Array | readonly number[],
  options?: { blockSize?: number },
): Int32Array {
  const t = codeArray('textCodes', textCodes);
  const p = codeArray('patternCodes', patternCodes);
  const F = codeArray('symbols', symbols);
  const n = t.length;
  const m = p.length;
  if (m === 0) throw check.rangeErrorText('patternCodes', 'non-empty', 'length 0');
  if (m > n) {
    throw check.rangeErrorText('patternCodes', `no longer than textCodes (${n})`, `length ${m}`);
  }
  if (new Set(F).size !== F.length) {
    throw check.rangeErrorText('symbols', 'distinct codes', `${F.length} codes with repeats`);
  }
  const o = resolveOptions({ blockSize: options?.blockSize }, 'options');
  if (o.blockSize !== undefined && o.blockSize < m) {
    throw check.rangeError('options.blockSize', `at least the pattern length ${m}`, o.blockSize);
  }
  const M = new Int32Array(n - m + 1);
  if (F.length === 0) return M;
  // Plan N as if every listed symbol were shared with equal counts (only N matters here).
  const counts = new Float64Array(F.length).fill(1);
  const c = countsFrom(n, m, counts, counts);
  const pl = planSplit({ ...c, codesUsed: 3 }, o.cost, 'fft', o.blockSize, o.budget);
  const ppg = Math.max(
    1,
    Math.floor((o.budget - fixedBufferBytes(pl.fftSize)) / pairSpectrumBytes(pl.fftSize)),
  );
  // Dense codes: listed symbols 0..|F|−1, everything else |F|.
  const index = new Map<number, number>();
  for (let q = 0; q < F.length; q++) index.set(F[q], q);
  const dense = (a: Int32Array) => a.map((c) => index.get(c) ?? F.length);
  const codes = Int32Array.from(F, (_, q) => q);
  const ch = indicatorChannels(codes, F.length + 1);
  const r = addMatchesFFT(dense(t), dense(p), ch, pl.fftSize, ppg, M);
  if (r.maxRoundingError > 0.25) {
    throw new PrecisionError(r.maxRoundingError);
  }
  return M;
}

/** `length` codes uniform in [0, sigma) from core's seeded generator. */
function randomCodes(length: number, sigma: number, seed: number): Int32Array {
  const rng = new Rng(seed);
  const out = new Int32Array(length);
  for (let i = 0; i < length; i++) out[i] = rng.int(sigma);
  return out;
}

function medianMs(f: () => void, reps: number): number {
  const times: number[] = [];
  f();
  f();
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    f();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1];
}

/**
 * Measures the cost-model constants on this machine with small runs of each kernel (about
 * 0.5 s in all with the default budget). Pass the result as `costModel` to
 * `hammingDistances` or `chooseStrategy`.
 *
 * @param options - budgetMs: rough time budget in milliseconds (default 500); smaller budgets
 *   use fewer repetitions.
 * @returns a complete cost model (nanoseconds per unit of work).
 * @throws RangeError if budgetMs is not a positive number.
 * @example
 * ```ts
 * const costModel = calibrate();
 * hammingDistances(text, pattern, { costModel });
 * ```
 */
export function calibrate(options?: { budgetMs?: number }): CostModel {
  const budget =
    options?.budgetMs === undefined ? 500 : check.positive('options.budgetMs', options.budgetMs);
  const reps = Math.max(1, Math.min(7, Math.round(budget / 80)));
  const model: CostModel = { ...DEFAULT_COST_MODEL };

  // 1. Naive and bit-parallel on 4 symbols.
  const m0 = 256;
  const t0 = randomCodes(20000 + m0, 4, 7);
  const p0 = randomCodes(m0, 4, 11);
  const W0 = t0.length - m0 + 1;
  const out = new Int32Array(W0);
  model.naive = (medianMs(() => naiveKernel(t0, p0, out, 0, W0), reps) * 1e6) / (W0 * m0);
  const words = W0 * (Math.ceil(m0 / 16) + 4) + 2 * t0.length;
  model.bitParallel = (medianMs(() => bitParallelKernel(t0, p0, 4, out), reps) * 1e6) / words;

  // 2. FFT: one pair and two pairs of symbols at N = 4096 separate the per-symbol and the
  //    per-block (inverse) costs; N = 2^17 gives the large-size penalty.
  const fftRun = (N: number, symbols: number[], blocks: number) => {
    const t = randomCodes(blocks * (N - m0 + 1) + m0 - 1, 4, 13);
    const M = new Int32Array(t.length - m0 + 1);
    const ch = indicatorChannels(Int32Array.from(symbols), 4);
    return medianMs(() => addMatchesFFT(t, p0, ch, N, 64, M), reps);
  };
  const N1 = 4096;
  const B1 = 24;
  const nl1 = N1 * Math.log2(N1);
  fftRun(N1, [0, 1, 2, 3], 4);
  const one = fftRun(N1, [0, 1], B1) * 1e6;
  const two = fftRun(N1, [0, 1, 2, 3], B1) * 1e6;
  const perPair = Math.max(two - one, 1e-3 * one);
  model.fftPerNlogN = perPair / (2 * nl1 * (B1 + 1));
  model.ifftPerNlogN = Math.max(0.05, (one - perPair) / (nl1 * B1));
  const N2 = 2 ** 17;
  const B2 = 2;
  const nl2 = N2 * Math.log2(N2);
  const big = fftRun(N2, [0, 1], B2) * 1e6;
  const predictedBig = nl2 * (2 * model.fftPerNlogN * (B2 + 1) + model.ifftPerNlogN * B2);
  model.fftLargeSizePenalty = Math.max(0, (big / predictedBig - 1) / 3);

  // 3. Direct counting on 64 equiprobable symbols.
  const m3 = 512;
  const t3 = randomCodes(50000, 64, 17);
  const p3 = randomCodes(m3, 64, 19);
  const M3 = new Int32Array(t3.length - m3 + 1);
  const all = Int32Array.from({ length: 64 }, (_, c) => c);
  let increments = 0;
  const direct = medianMs(() => {
    increments = addMatchesDirect(t3, p3, all, 64, M3);
  }, reps);
  model.directIncrement = (direct * 1e6) / (increments + t3.length);
  return model;
}
