/**
 * The MAP-Elites loop (Mouret and Clune 2015) in ask/tell form, after pyribs's `Scheduler`:
 * `ask()` concatenates every emitter's batch, the caller evaluates it however it likes, and
 * `tell(objectives, measures)` inserts the whole batch into the archive at once, then hands each
 * emitter its slice.
 */
import { checker, toMat } from '@optkit/core';
import { type AddMode, type AnyArchive, archiveFromJSON, batchArg, vectorArg } from './archive.js';
import {
  type Emitter,
  EmitterBase,
  type EmitterJSON,
  GaussianEmitter,
  IsoLineEmitter,
} from './emitters.js';
import type { AddInfo, ArchiveJSON, ArchiveStats, Batch, BatchInput } from './types.js';

const PKG = 'map-elites';
const check = checker(PKG);

/** What an evaluation returns for a batch of `rows` solutions. */
export interface Evaluation {
  /** One finite objective per row (maximized). */
  objectives: ArrayLike<number>;
  /** `rows x measureDim` finite measures. */
  measures: BatchInput;
}

/** A batch evaluator: synchronous or async. */
export type Evaluate = (solutions: Batch) => Evaluation | Promise<Evaluation>;

/** Options of {@link MapElites.run}. */
export interface RunOptions {
  /** Iterations (ask/evaluate/tell rounds) to run; default 1000. */
  iterations?: number;
  /** Stop once this many evaluations were made in this run; default unlimited. */
  maxEvaluations?: number;
  /** Stop after this much wall time in ms (checked after each iteration); default unlimited. */
  timeLimitMs?: number;
  /** Keep the archive stats after each iteration in `history`; default true. */
  history?: boolean;
  /** Called after each tell with the iteration count and stats; return `"stop"` to stop. */
  onIteration?: (iteration: number, stats: ArchiveStats) => unknown;
}

/** Why {@link MapElites.run} stopped. */
export type StopReason = 'iterations' | 'maxEvaluations' | 'timeLimit' | 'callback';

/** Result of {@link MapElites.run}. */
export interface RunResult {
  /** Stats of the archive at the end. */
  stats: ArchiveStats;
  /** Stats after each iteration of this run (empty with `history: false`). */
  history: ArchiveStats[];
  /** Iterations run in this call. */
  iterations: number;
  /** Evaluations made in this call. */
  evaluations: number;
  /** MAP-Elites has no convergence test: always false. */
  converged: false;
  stopReason: StopReason;
  warnings: string[];
}

/** Options of {@link MapElites}. */
export interface MapElitesOptions {
  /** `"batch"` (default, pyribs) or `"single"` (row by row, as pymap_elites and sferes2). */
  addMode?: AddMode;
}

/** Plain-JSON state of a whole run, from {@link MapElites.toJSON}. */
export interface MapElitesJSON {
  version: 1;
  addMode: AddMode;
  iterations: number;
  evaluations: number;
  archive: ArchiveJSON;
  emitters: EmitterJSON[];
  /** The batch of an ask not yet told, if any. */
  pending: { rows: number; cols: number; data: number[]; sizes: number[] } | null;
}

/**
 * A MAP-Elites run: one archive, one or more emitters, an ask/tell loop and a `run` driver.
 *
 * @example
 * ```ts
 * const task = sphere(10);
 * const archive = new GridArchive({ solutionDim: 10, dims: [20, 20], ranges: task.ranges });
 * const me = new MapElites(archive, [new GaussianEmitter(archive, { sigma: 0.5, seed: 1 })]);
 * const x = me.ask();                       // 64 x 10
 * const { objectives, measures } = task.evaluate(x);
 * me.tell(objectives, measures);
 * me.stats().numElites;                     // cells filled by the first batch
 * ```
 */
export class MapElites {
  /** The archive of elites (shared with the emitters). */
  readonly archive: AnyArchive;
  /** The emitters, in the order their batches are concatenated. */
  readonly emitters: readonly Emitter[];
  readonly addMode: AddMode;
  private iterationCount = 0;
  private evaluationCount = 0;
  private pending: Batch | null = null;
  private sizes: number[] = [];
  /** The batch buffer `run` reuses across iterations. */
  private scratch: Float64Array | null = null;

  /**
   * @param archive - a {@link GridArchive} or {@link CVTArchive}.
   * @param emitters - at least one emitter built on the same archive.
   * @param options - see {@link MapElitesOptions}.
   * @throws TypeError for a missing archive or emitter; RangeError for an empty emitter list
   *   or a built-in emitter made on another archive.
   */
  constructor(archive: AnyArchive, emitters: readonly Emitter[], options: MapElitesOptions = {}) {
    if (typeof archive !== 'object' || archive === null || typeof archive.add !== 'function') {
      throw check.typeError('archive', 'a GridArchive or CVTArchive', archive);
    }
    if (!Array.isArray(emitters)) throw check.typeError('emitters', 'an array', emitters);
    if (emitters.length < 1) throw check.rangeErrorText('emitters', 'non-empty', 'an empty array');
    emitters.forEach((e, i) => {
      if (
        typeof e !== 'object' ||
        e === null ||
        typeof e.ask !== 'function' ||
        typeof e.tell !== 'function'
      ) {
        throw check.typeError(`emitters[${i}]`, 'an emitter with ask() and tell()', e);
      }
      // A built-in emitter on another archive would never see this run's elites.
      if (e instanceof EmitterBase && e.archive !== archive) {
        throw check.rangeErrorText(
          `emitters[${i}]`,
          "built on the run's archive",
          'an emitter built on another archive',
        );
      }
    });
    this.archive = archive;
    this.emitters = [...emitters];
    this.addMode = check.oneOf('addMode', options.addMode ?? 'batch', ['batch', 'single']);
  }

  /** Completed iterations (tells) over the life of this run, resumes included. */
  get iterations(): number {
    return this.iterationCount;
  }

  /** Evaluations told over the life of this run. */
  get evaluations(): number {
    return this.evaluationCount;
  }

  /**
   * The next batch of candidates: every emitter's `ask()`, concatenated in order. Do not
   * modify it before `tell`: tell inserts these rows.
   *
   * @returns a `rows x solutionDim` batch.
   * @throws RangeError when the previous ask was not told yet, when a custom emitter returns
   *   rows of the wrong width or non-finite values, or when the emitters return no row at all.
   */
  ask(): Batch {
    return this.nextBatch(false);
  }

  /** The next batch; with `reuse`, built-in emitters write into one buffer kept across calls. */
  private nextBatch(reuse: boolean): Batch {
    if (this.pending !== null) {
      throw check.rangeErrorText(
        'ask()',
        'followed by tell() before the next ask()',
        `a pending batch of ${this.pending.rows} rows`,
      );
    }
    const n = this.archive.solutionDim;
    let out: Batch;
    if (reuse && this.emitters.every((e) => e instanceof EmitterBase)) {
      const emitters = this.emitters as readonly EmitterBase[];
      this.sizes = emitters.map((e) => e.nextRows());
      const rows = this.sizes.reduce((a, b) => a + b, 0);
      if (this.scratch === null || this.scratch.length < rows * n) {
        this.scratch = new Float64Array(rows * n);
      }
      let offset = 0;
      for (const e of emitters) offset += e.askInto(this.scratch, offset) * n;
      out = { rows, cols: n, stride: n, offset: 0, data: this.scratch };
    } else {
      // Custom emitters' batches are checked like user input: shape and finite values.
      const parts = this.emitters.map((e, i) =>
        e instanceof EmitterBase ? e.ask() : batchArg(`emitters[${i}].ask()`, e.ask(), n),
      );
      let rows = 0;
      for (const b of parts) rows += b.rows;
      if (rows < 1) {
        throw check.rangeErrorText(
          'ask()',
          'a batch of at least 1 row',
          '0 rows from the emitters',
        );
      }
      if (parts.length === 1 && parts[0].stride === n && parts[0].offset === 0) {
        out = parts[0];
      } else {
        const data = new Float64Array(rows * n);
        let r = 0;
        for (const b of parts) {
          for (let i = 0; i < b.rows; i++, r++) {
            const o = b.offset + i * b.stride;
            data.set(b.data.subarray(o, o + n), r * n);
          }
        }
        out = { rows, cols: n, stride: n, offset: 0, data };
      }
      this.sizes = parts.map((b) => b.rows);
    }
    this.pending = out;
    return out;
  }

  /**
   * Inserts the evaluated batch of the last `ask()` and informs the emitters.
   *
   * @param objectives - one finite objective per asked row.
   * @param measures - `rows x measureDim` finite measures.
   * @returns the insertion status, value and cell of every row.
   * @throws RangeError when there was no ask, for a length or width mismatch, or for NaN or
   *   infinite values; the archive and the pending batch are then unchanged.
   */
  tell(objectives: ArrayLike<number>, measures: BatchInput): AddInfo {
    const x = this.pending;
    if (x === null) {
      throw check.rangeErrorText('tell()', 'preceded by ask()', 'no pending batch');
    }
    const f = vectorArg('objectives', objectives, x.rows);
    const m = batchArg('measures', measures, this.archive.measureDim, x.rows);
    const info = this.archive.addChecked(x, f, m, this.addMode);
    this.pending = null;
    this.iterationCount++;
    this.evaluationCount += x.rows;
    let r = 0;
    this.emitters.forEach((e, i) => {
      const b = this.sizes[i];
      e.tell(slice(x, r, b), f.subarray(r, r + b), slice(m, r, b), {
        status: info.status.subarray(r, r + b),
        value: info.value.subarray(r, r + b),
        index: info.index.subarray(r, r + b),
      });
      r += b;
    });
    return info;
  }

  /**
   * Archive metrics now: numElites, coverage, QD-score (pyribs sign: offset subtracted),
   * normalized QD-score, max and mean objective.
   *
   * @returns the stats.
   */
  stats(): ArchiveStats {
    return this.archive.stats();
  }

  /**
   * Runs ask / evaluate / tell until a cap is reached. `evaluate` may be synchronous or return
   * a promise (e.g. a worker pool from `@optkit/map-elites/node`). With the built-in emitters
   * the batch handed to `evaluate` lives in one buffer reused by every iteration: copy rows you
   * want to keep. The draws are the same as with `ask()`, so `run` and a hand-written ask/tell
   * loop give the same archive.
   *
   * @param evaluate - maps a batch to objectives and measures.
   * @param options - see {@link RunOptions}.
   * @returns final stats, per-iteration history, counts and why it stopped.
   * @throws RangeError / TypeError for bad options or a bad evaluation (NaN, wrong length); the
   *   archive keeps every batch told before the error.
   */
  async run(evaluate: Evaluate, options: RunOptions = {}): Promise<RunResult> {
    check.func('evaluate', evaluate);
    const iterations = check.integer('iterations', options.iterations ?? 1000, { min: 0 });
    const maxEvals =
      options.maxEvaluations === undefined
        ? Infinity
        : check.integer('maxEvaluations', options.maxEvaluations, { min: 1 });
    const timeLimit =
      options.timeLimitMs === undefined
        ? Infinity
        : check.positive('timeLimitMs', options.timeLimitMs);
    const keep = options.history ?? true;
    const onIteration = options.onIteration;
    if (onIteration !== undefined) check.func('onIteration', onIteration);
    const history: ArchiveStats[] = [];
    const start = Date.now();
    let done = 0;
    let evals = 0;
    let stopReason: StopReason = 'iterations';
    while (done < iterations) {
      if (evals >= maxEvals) {
        stopReason = 'maxEvaluations';
        break;
      }
      if (Date.now() - start >= timeLimit) {
        stopReason = 'timeLimit';
        break;
      }
      const x = this.nextBatch(true);
      let result: Evaluation | Promise<Evaluation>;
      try {
        result = evaluate(x);
        if (isPromise(result)) result = await result;
      } catch (err) {
        this.pending = null;
        throw err;
      }
      if (typeof result !== 'object' || result === null) {
        this.pending = null;
        throw check.typeError('evaluate(x)', 'an object { objectives, measures }', result);
      }
      try {
        this.tell(result.objectives, result.measures);
      } catch (err) {
        this.pending = null;
        throw err;
      }
      done++;
      evals += x.rows;
      const stats = keep || onIteration !== undefined ? this.archive.stats() : null;
      if (keep && stats !== null) history.push(stats);
      if (onIteration !== undefined && onIteration(this.iterationCount, stats!) === 'stop') {
        stopReason = 'callback';
        break;
      }
    }
    return {
      stats: this.archive.stats(),
      history,
      iterations: done,
      evaluations: evals,
      converged: false,
      stopReason,
      warnings: [],
    };
  }

  /**
   * The full state as plain JSON: archive (with insertion order), emitters (with their random
   * streams), counters and any pending batch. {@link MapElites.fromJSON} continues the run bit
   * for bit.
   *
   * @returns the state.
   * @throws TypeError when an emitter has no `toJSON` (custom emitters).
   */
  toJSON(): MapElitesJSON {
    const emitters = this.emitters.map((e, i) => {
      if (typeof e.toJSON !== 'function') {
        throw check.typeError(`emitters[${i}]`, 'an emitter with toJSON()', e);
      }
      return e.toJSON();
    });
    const p = this.pending;
    return {
      version: 1,
      addMode: this.addMode,
      iterations: this.iterationCount,
      evaluations: this.evaluationCount,
      archive: this.archive.toJSON(),
      emitters,
      pending:
        p === null
          ? null
          : {
              rows: p.rows,
              cols: p.cols,
              data: Array.from(toMat(PKG, 'pending', p, { copy: true }).data),
              sizes: [...this.sizes],
            },
    };
  }

  /**
   * A run restored from {@link MapElites.toJSON} (built-in archives and emitters).
   *
   * @param json - the saved state.
   * @returns the run, ready for `ask()` (or `tell()` if a batch was pending).
   * @throws TypeError / RangeError for a malformed state.
   */
  static fromJSON(json: MapElitesJSON): MapElites {
    if (typeof json !== 'object' || json === null || !Array.isArray(json.emitters)) {
      throw check.typeError('json', 'a MapElites state', json);
    }
    const archive = archiveFromJSON(json.archive);
    const emitters = json.emitters.map((e) =>
      e !== null && typeof e === 'object' && e.kind === 'isoline'
        ? IsoLineEmitter.fromJSON(archive, e)
        : GaussianEmitter.fromJSON(archive, e),
    );
    const me = new MapElites(archive, emitters, { addMode: json.addMode });
    me.iterationCount = check.integer('json.iterations', json.iterations, { min: 0 });
    me.evaluationCount = check.integer('json.evaluations', json.evaluations, { min: 0 });
    if (json.pending !== null && json.pending !== undefined) {
      const p = json.pending;
      me.pending = toMat(PKG, 'json.pending', {
        rows: p.rows,
        cols: p.cols,
        stride: p.cols,
        offset: 0,
        data: check.vector('json.pending.data', p.data, { length: p.rows * p.cols }),
      });
      const sizes = p.sizes as unknown;
      if (!Array.isArray(sizes) || sizes.length !== emitters.length) {
        throw check.typeError('json.pending.sizes', 'one row count per emitter', sizes);
      }
      let total = 0;
      sizes.forEach((r, i) => {
        total += check.integer(`json.pending.sizes[${i}]`, r, { min: 0 });
      });
      if (total !== p.rows) {
        throw check.rangeErrorText('json.pending.sizes', `summing to ${p.rows} rows`, `${total}`);
      }
      me.sizes = [...sizes];
    }
    return me;
  }
}

function slice(b: Batch, r0: number, rows: number): Batch {
  return { rows, cols: b.cols, stride: b.stride, offset: b.offset + r0 * b.stride, data: b.data };
}

function isPromise<T>(v: T | Promise<T>): v is Promise<T> {
  return typeof (v as { then?: unknown } | null)?.then === 'function';
}
