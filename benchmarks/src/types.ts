/**
 * The suite API every package's comparison suite plugs into. A suite generates its problems
 * from fixed seeds, times each method through the context, records quality figures beside the
 * times, and declares the claims (headline ratios) its package's issue names; the runner
 * computes each claim from the recorded cases of the same run.
 */

/** Quality figures of one case: objective, error, ratio, oracle calls, iterations, ... */
export type Quality = Record<string, number | string | boolean | null>;

/** One timed (or quality-only) measurement: one method on one problem. */
export interface CaseResult {
  /** Problem label, e.g. `"dna n=1e6 m=1024"`. */
  problem: string;
  /** Numeric size parameters of the problem, used for plots (e.g. `{ n: 1e6, m: 1024 }`). */
  size: Record<string, number>;
  /** Method label, e.g. `"auto"`, `"naive"`. */
  method: string;
  /** True for methods the package is compared against. */
  baseline: boolean;
  medianMs: number | null;
  minMs: number | null;
  maxMs: number | null;
  samples: number;
  quality: Quality;
}

/** A headline claim, as declared by a suite. */
export interface ClaimSpec {
  name: string;
  target: number;
  /** Whether a higher or a lower measured value is better. */
  better: 'higher' | 'lower';
  unit?: string;
  /** Computes the measured value from this run's cases; `null` when they do not cover it. */
  compute(cases: readonly CaseResult[]): number | null;
}

/** A claim as reported. */
export interface ClaimResult {
  name: string;
  measured: number | null;
  target: number;
  better: 'higher' | 'lower';
  unit?: string;
  met: boolean;
}

/** Options for one timed measurement. */
export interface MeasureOptions {
  /**
   * Fixed number of timed iterations (for long runs); at most 3 in quick mode. Default: a time
   * budget with at least 5 samples (3 in quick mode).
   */
  iterations?: number;
  /** Time budget in ms when `iterations` is not given; default 500 (quick mode: at most 50). */
  timeMs?: number;
  /**
   * Warm-up iterations; default 2 (always 1 in quick mode). The first call, which also tells
   * whether `fn` returns a promise, counts as one, so `0` behaves as `1`.
   */
  warmup?: number;
}

/** A figure: a vega-lite spec the runner renders to `docs/benchmarks/<suite>-<name>.svg`. */
export interface Figure {
  name: string;
  title: string;
  /** A complete vega-lite spec with inline data (`data: { values: [...] }`). */
  spec: Record<string, unknown>;
}

/** What the runner hands a suite. */
export interface SuiteContext {
  /** True under `pnpm bench --quick`: smallest sizes, few samples. */
  readonly quick: boolean;
  /**
   * Times `fn` (tinybench), records a case, and returns it. The returned object is the recorded
   * case itself, so a suite may add figures derived from its times (e.g. GFLOP/s) to
   * `case.quality` after the call. `fn`'s last return value is passed
   * to `quality` to compute the case's quality figures (quality is not timed).
   */
  measure<R>(
    info: { problem: string; size?: Record<string, number>; method: string; baseline?: boolean },
    fn: () => R | Promise<R>,
    quality?: (result: R) => Quality,
    options?: MeasureOptions,
  ): Promise<CaseResult>;
  /**
   * Records a case measured some other way (e.g. a quality-only run, or a mean over seeds).
   * `size` defaults to `{}`, `baseline` to false, `minMs`/`maxMs` to null and `samples` to 1
   * (0 when `medianMs` is null).
   */
  record(
    result: Omit<CaseResult, 'size' | 'baseline' | 'samples' | 'minMs' | 'maxMs'> &
      Partial<CaseResult>,
  ): void;
  /** Adds a figure to the report. */
  figure(figure: Figure): void;
  /** Declares how many steps the suite will report through `tick`, for the progress bar. */
  steps(total: number): void;
  /** Advances the progress bar by one step, with an optional label. */
  tick(label?: string): void;
}

/** A package's comparison suite. */
export interface Suite {
  /** Short name used by `--only` and in file names, e.g. `"hamming"`. */
  name: string;
  /** The npm package it measures, e.g. `"@optkit/hamming"`. */
  package: string;
  /** One paragraph for the report: what is compared and how. */
  description: string;
  /** Runs every case through `ctx`. */
  run(ctx: SuiteContext): Promise<void>;
  /** The claims its issue names, computed from the cases after `run`. */
  claims: ClaimSpec[];
  /**
   * The method the report's speed-up column compares with. Default: in each problem, the first
   * recorded baseline case.
   */
  reference?: string;
  /** Settings for the figures the runner draws from the cases (see {@link DefaultFigures}). */
  defaultFigures?: DefaultFigures;
}

/**
 * The figures the runner draws for every suite from its cases, beside the suite's own figures.
 * Each is skipped when the cases cannot fill it.
 */
export interface DefaultFigures {
  /**
   * Median time against a size parameter, log-log, one line per method (`<suite>-time.svg`).
   * `size` picks the parameter (default: the one with the most distinct values); `false` turns
   * the figure off.
   */
  timeVsSize?: { size?: string } | false;
  /**
   * Median time (and min–max) of every timed case, one row per case, baselines in a second
   * colour (`<suite>-cases.svg`; drawn for up to 80 timed cases); `false` turns it off.
   */
  cases?: false;
  /**
   * A quality figure against median time, one colour per method (`<suite>-quality.svg`).
   * `metric` picks the quality key (default: the first numeric key that varies across timed
   * cases); `log` puts it on a log axis (default: when all values are positive and span more
   * than two decades); `false` turns the figure off.
   */
  qualityVsTime?: { metric?: string; log?: boolean } | false;
}

/** The JSON written to `docs/benchmarks/<name>.json`. */
export interface SuiteReport {
  package: string;
  suite: string;
  description: string;
  date: string;
  commit: string;
  node: string;
  cpu: string;
  cores: number;
  command: string;
  quick: boolean;
  durationMs: number;
  /** The suite's {@link Suite.reference}, when set. */
  reference?: string;
  cases: CaseResult[];
  claims: ClaimResult[];
  figures: { name: string; title: string; file: string }[];
}
