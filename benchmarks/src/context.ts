/**
 * The runner's side of the suite API: a {@link SuiteContext} that times through tinybench and
 * collects cases and figures.
 */
import { Bench } from 'tinybench';
import type { CaseResult, Figure, MeasureOptions, Quality, SuiteContext } from './types.js';

/** Timing defaults of one mode. */
export interface TimingDefaults {
  /** Minimum timed iterations when `iterations` is not given. */
  minIterations: number;
  /** Time budget in ms when neither `iterations` nor `timeMs` is given. */
  timeMs: number;
  /** Warm-up iterations when `warmup` is not given. */
  warmup: number;
  /** Upper bounds on `iterations`, `timeMs` and `warmup` asked by a suite (quick mode). */
  maxIterations: number;
  maxTimeMs: number;
  maxWarmup: number;
}

/** Full runs: at least 5 samples and about half a second per case. */
export const FULL_TIMING: TimingDefaults = {
  minIterations: 5,
  timeMs: 500,
  warmup: 2,
  maxIterations: Number.POSITIVE_INFINITY,
  maxTimeMs: Number.POSITIVE_INFINITY,
  maxWarmup: Number.POSITIVE_INFINITY,
};

/** Quick runs: a few samples, a few tens of milliseconds per case. */
export const QUICK_TIMING: TimingDefaults = {
  minIterations: 3,
  timeMs: 20,
  warmup: 1,
  maxIterations: 3,
  maxTimeMs: 50,
  maxWarmup: 1,
};

/** Progress callbacks the context reports to. */
export interface ContextEvents {
  onSteps?(total: number): void;
  onTick?(label: string | undefined): void;
  onCase?(result: CaseResult): void;
}

/** A context plus what it collected. */
export interface CollectingContext extends SuiteContext {
  readonly cases: CaseResult[];
  readonly figures: Figure[];
}

function isThenable(x: unknown): x is PromiseLike<unknown> {
  return (
    x !== null &&
    (typeof x === 'object' || typeof x === 'function') &&
    typeof (x as { then?: unknown }).then === 'function'
  );
}

function checkInteger(name: string, x: number | undefined, min: number) {
  if (x !== undefined && !(Number.isInteger(x) && x >= min)) {
    throw new RangeError(`measure: ${name} must be an integer >= ${min}; got ${x}`);
  }
}

function checkNumberOrNull(name: string, x: unknown) {
  if (x !== null && !(typeof x === 'number' && Number.isFinite(x) && x >= 0)) {
    throw new TypeError(`record: ${name} must be a finite number >= 0 or null; got ${String(x)}`);
  }
}

/** Six significant digits: well below timing noise, and short in the JSON. */
function round(ms: number): number {
  return Number(ms.toPrecision(6));
}

/**
 * Resolves the tinybench settings of one measurement.
 * @returns `iterations` (minimum timed calls), `time` (ms budget) and `warmup` (calls after the
 *   first, probing call).
 */
export function resolveTiming(options: MeasureOptions, defaults: TimingDefaults) {
  checkInteger('iterations', options.iterations, 1);
  checkInteger('warmup', options.warmup, 0);
  if (options.timeMs !== undefined && !(options.timeMs >= 0 && Number.isFinite(options.timeMs))) {
    throw new RangeError(`measure: timeMs must be a finite number >= 0; got ${options.timeMs}`);
  }
  const warmup = Math.max(0, Math.min(options.warmup ?? defaults.warmup, defaults.maxWarmup) - 1);
  if (options.iterations !== undefined) {
    const iterations = Math.min(options.iterations, defaults.maxIterations);
    return { iterations, time: 0, warmup };
  }
  const time = Math.min(options.timeMs ?? defaults.timeMs, defaults.maxTimeMs);
  return { iterations: defaults.minIterations, time, warmup };
}

/**
 * Times `fn` with tinybench and returns the case (without quality).
 * @param fn - the function to time; its last result is passed to `keep`.
 * @param options - the suite's options.
 * @param defaults - the mode's defaults.
 */
async function timeIt<R>(
  fn: () => R | Promise<R>,
  keep: (result: R) => void,
  options: MeasureOptions,
  defaults: TimingDefaults,
) {
  const { iterations, time, warmup } = resolveTiming(options, defaults);

  // The first call finds out whether fn is asynchronous; it counts as a warm-up call.
  const first = fn();
  const isAsync = isThenable(first);
  keep(isAsync ? await first : (first as R));

  const bench = new Bench({
    iterations,
    time,
    warmup: warmup > 0,
    warmupIterations: warmup,
    warmupTime: 0,
    throws: true,
  });
  const task = isAsync
    ? async () => {
        keep(await fn());
      }
    : () => {
        keep(fn() as R);
      };
  bench.add('case', task, { async: isAsync });
  await bench.run();
  const result = bench.tasks[0].result;
  if (result.state === 'errored') throw result.error;
  if (result.state !== 'completed') {
    throw new Error(`measure: tinybench ended in state ${result.state}`);
  }
  const latency = result.latency;
  return {
    medianMs: round(latency.p50),
    minMs: round(latency.min),
    maxMs: round(latency.max),
    samples: latency.samplesCount,
  };
}

/**
 * Creates the context one suite runs in.
 * @param quick - quick mode (smallest sizes, few samples).
 * @param events - progress callbacks.
 * @param timing - timing defaults (default: {@link QUICK_TIMING} or {@link FULL_TIMING}).
 */
export function createContext(
  quick: boolean,
  events: ContextEvents = {},
  timing: TimingDefaults = quick ? QUICK_TIMING : FULL_TIMING,
): CollectingContext {
  const cases: CaseResult[] = [];
  const figures: Figure[] = [];
  const keys = new Set<string>();
  let measuring = false;

  const add = (result: CaseResult) => {
    if (typeof result.problem !== 'string' || result.problem === '') {
      throw new TypeError(`record: problem must be a non-empty string; got ${result.problem}`);
    }
    if (typeof result.method !== 'string' || result.method === '') {
      throw new TypeError(`record: method must be a non-empty string; got ${result.method}`);
    }
    for (const field of ['medianMs', 'minMs', 'maxMs'] as const) {
      checkNumberOrNull(field, result[field]);
    }
    for (const [k, v] of Object.entries(result.size)) {
      if (!Number.isFinite(v)) {
        throw new TypeError(`record: size.${k} must be a finite number; got ${String(v)}`);
      }
    }
    const key = JSON.stringify([result.problem, result.method]);
    if (keys.has(key)) {
      throw new Error(
        `record: duplicate case problem "${result.problem}", method "${result.method}"`,
      );
    }
    keys.add(key);
    cases.push(result);
    events.onCase?.(result);
  };

  return {
    quick,
    cases,
    figures,
    async measure<R>(
      info: { problem: string; size?: Record<string, number>; method: string; baseline?: boolean },
      fn: () => R | Promise<R>,
      quality?: (result: R) => Quality,
      options: MeasureOptions = {},
    ): Promise<CaseResult> {
      if (measuring) {
        throw new Error(
          'measure: another measurement is still running; await each measure before the next ' +
            '(cases timed side by side would slow each other down)',
        );
      }
      let last: R | undefined;
      let times: Awaited<ReturnType<typeof timeIt>>;
      measuring = true;
      try {
        times = await timeIt(
          fn,
          (r) => {
            last = r;
          },
          options,
          timing,
        );
      } finally {
        measuring = false;
      }
      const result: CaseResult = {
        problem: info.problem,
        size: { ...(info.size ?? {}) },
        method: info.method,
        baseline: info.baseline ?? false,
        ...times,
        quality: quality ? { ...quality(last as R) } : {},
      };
      add(result);
      return result;
    },
    record(result) {
      add({
        problem: result.problem,
        size: { ...(result.size ?? {}) },
        method: result.method,
        baseline: result.baseline ?? false,
        medianMs: result.medianMs ?? null,
        minMs: result.minMs ?? null,
        maxMs: result.maxMs ?? null,
        samples: result.samples ?? (result.medianMs == null ? 0 : 1),
        quality: { ...(result.quality ?? {}) },
      });
    },
    figure(figure) {
      if (!/^[a-z0-9][a-z0-9-]*$/.test(figure.name)) {
        throw new RangeError(
          `figure: name must be lower-case letters, digits and hyphens; got "${figure.name}"`,
        );
      }
      if (figures.some((f) => f.name === figure.name)) {
        throw new Error(`figure: duplicate figure name "${figure.name}"`);
      }
      figures.push(figure);
    },
    steps(total) {
      events.onSteps?.(total);
    },
    tick(label) {
      events.onTick?.(label);
    },
  };
}
