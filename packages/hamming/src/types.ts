/**
 * Public types of @optkit/hamming: inputs, options, cost model, results and the precision error.
 */

/**
 * A text or a pattern: a string (UTF-16 code units, or code points with `codePoints: true`) or
 * an array of non-negative integer symbol codes below 2^32.
 */
export type Sequence =
  | string
  | Uint8Array
  | Uint16Array
  | Uint32Array
  | Int32Array
  | readonly number[];

/** How exact distances are computed. `auto` picks the cheapest by the cost model. */
export type Strategy = 'auto' | 'naive' | 'bitparallel' | 'fft' | 'abrahamson';

/** The strategy that actually ran (never `auto`). */
export type ExecutedStrategy = Exclude<Strategy, 'auto'>;

/**
 * Predicted cost, in nanoseconds per unit of work, of each kernel. The defaults were measured
 * on the machine that produced the benchmark report; `calibrate()` measures them on yours.
 */
export interface CostModel {
  /** Per character comparison of the naive loop (W·m comparisons). */
  naive: number;
  /** Per packed 32-bit word of the bit-parallel scan (W·⌈m·b/32⌉ words). */
  bitParallel: number;
  /** Per N·log2 N per FFT symbol per block (half a complex transform, fill and multiply). */
  fftPerNlogN: number;
  /** Per N·log2 N per block for the inverse transform and rounding. */
  ifftPerNlogN: number;
  /** Per increment of the direct (infrequent-symbol) counting, Σ cT(c)·cP(c) increments. */
  directIncrement: number;
  /** Extra factor per doubling of N above 2^14 (cache misses of large transforms). */
  fftLargeSizePenalty: number;
}

/** Options of {@link hammingDistances}. */
export interface HammingOptions {
  /** Which exact method to run; default `'auto'`. */
  strategy?: Strategy;
  /** FFT size N (a power of two, at least the pattern length); default: cost-optimal. */
  blockSize?: number;
  /** Overrides of the default cost model (nanoseconds per unit of work). */
  costModel?: Partial<CostModel>;
  /** For strings: one symbol per Unicode code point instead of per UTF-16 unit; default false. */
  codePoints?: boolean;
  /** Cap on the FFT working memory in bytes; default 64 MiB. */
  memoryBudgetBytes?: number;
}

/** What ran and what it cost. Every field is always present (0 when it does not apply). */
export interface HammingStats {
  /** The strategy that ran. */
  strategy: ExecutedStrategy;
  /** The strategy that was asked for. */
  requested: Strategy;
  /** Text length n and pattern length m (in symbols). */
  n: number;
  m: number;
  /** Symbols occurring in both text and pattern (σ_PT). */
  sharedSymbols: number;
  /** FFT size N (0 when no FFT ran). */
  fftSize: number;
  /** Number of overlap-save blocks per symbol group (0 when no FFT ran). */
  blocks: number;
  /** Symbols counted by FFT correlation. */
  fftSymbols: number;
  /** Symbol groups that each made one pass over the text (more than 1 under a tight budget). */
  symbolGroups: number;
  /** Whether the one-correlation ±1 path for two-letter alphabets ran. */
  binary: boolean;
  /** Whether three ±1 character correlations replaced four indicators (4 shared symbols). */
  walsh: boolean;
  /** Symbols counted directly (Abrahamson's infrequent symbols). */
  directSymbols: number;
  /** Increments done by direct counting, Σ cT(c)·cP(c) over direct symbols. */
  directIncrements: number;
  /** Largest |r − round(r)| seen over all FFT outputs (0 when no FFT ran). */
  maxRoundingError: number;
  /** Cost predicted by the cost model, in milliseconds. */
  predictedMs: number;
  /** Wall time of the call, in milliseconds. */
  elapsedMs: number;
}

/** Result of {@link hammingDistances}. */
export interface HammingResult {
  /** distances[i] = number of mismatches of the pattern at text offset i, i = 0..n−m. */
  distances: Int32Array;
  stats: HammingStats;
}

/**
 * Thrown when an FFT correlation is more than 0.25 from an integer, so that rounding could
 * give a wrong count. Never seen with float64 on inputs a JavaScript heap can hold.
 */
export class PrecisionError extends RangeError {
  /** The largest distance to an integer that was seen. */
  readonly maxRoundingError: number;

  constructor(maxRoundingError: number) {
    super(
      `@optkit/hamming: FFT correlations must be within 0.25 of an integer; got an error of ${maxRoundingError}`,
    );
    this.name = 'PrecisionError';
    this.maxRoundingError = maxRoundingError;
  }
}
