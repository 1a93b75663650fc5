/**
 * @optkit/map-elites/node: a worker-thread batch evaluator for one machine, on a Piscina pool.
 *
 * The batch from `ask()` is split into contiguous chunks of rows; each chunk's values are
 * copied into a fresh buffer, transferred to a worker (no second copy), evaluated there by a
 * function exported from the user's module, and the results are stitched back in row order.
 * The result is an async `evaluate` for {@link MapElites.run}.
 *
 * The worker module exports (as `default`, or under `exportName`) a function
 * `({ rows, cols, data }) => ({ objectives, measures })` where `data` is a row-major
 * Float64Array, `objectives` has `rows` numbers and `measures` is `{ rows, cols, data }` or an
 * array of rows. It may be async.
 *
 * References: Piscina, a worker-thread pool for Node.js (https://github.com/piscinajs/piscina).
 *
 * @packageDocumentation
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { checker, toMat } from '@optkit/core';
import { Piscina } from 'piscina';
import type { Evaluation } from './map-elites.js';
import type { Batch } from './types.js';

const PKG = 'map-elites';
const check = checker(PKG);

/** Options of {@link workerEvaluator}. */
export interface WorkerEvaluatorOptions {
  /** Path or `file:` URL of the worker module (absolute). */
  filename: string | URL;
  /** Name of the export to call; default `"default"`. */
  exportName?: string;
  /** Worker threads; default `os.availableParallelism()`. */
  threads?: number;
  /** Chunks per batch; default the number of threads. */
  chunks?: number;
}

/** A pooled evaluator; call `close()` when done so the process can exit. */
export interface WorkerEvaluator {
  /** Evaluates a batch on the pool; pass it to `MapElites.run`. */
  evaluate(solutions: Batch): Promise<Evaluation & { objectives: Float64Array; measures: Batch }>;
  /** Number of worker threads. */
  readonly threads: number;
  /** Stops the workers once the evaluations already running have finished. */
  close(): Promise<void>;
}

interface ChunkResult {
  objectives: ArrayLike<number>;
  measures: Batch | ArrayLike<number>[];
}

/**
 * A batch evaluator that runs the user's module in worker threads.
 *
 * @param options - see {@link WorkerEvaluatorOptions}.
 * @returns the evaluator; its `evaluate` resolves to objectives and measures in row order.
 * @throws TypeError / RangeError for a bad filename, thread count or chunk count. `evaluate`
 *   rejects with a RangeError when a worker returns the wrong number of rows or a non-finite
 *   value, and with the worker's own error when it throws; it settles only after every chunk of
 *   the batch has, so no task of a rejected batch is left running.
 * @example
 * ```ts
 * import { workerEvaluator } from '@optkit/map-elites/node';
 * const pool = workerEvaluator({ filename: new URL('./evaluate.mjs', import.meta.url) });
 * await me.run(pool.evaluate, { iterations: 100 });
 * await pool.close();
 * ```
 */
export function workerEvaluator(options: WorkerEvaluatorOptions): WorkerEvaluator {
  if (typeof options !== 'object' || options === null) {
    throw check.typeError('options', 'an object with filename', options);
  }
  const f = options.filename;
  let filename: string;
  if (f instanceof URL) filename = fileURLToPath(f);
  else if (typeof f === 'string' && f.length > 0) {
    filename = f.startsWith('file:') ? fileURLToPath(f) : f;
  } else throw check.typeError('filename', 'a path or a file: URL', f);
  const threads = check.integer('threads', options.threads ?? availableParallelism(), { min: 1 });
  const chunks = check.integer('chunks', options.chunks ?? threads, { min: 1 });
  const name = options.exportName ?? 'default';
  if (typeof name !== 'string') throw check.typeError('exportName', 'a string', name);
  const pool = new Piscina({ filename, name, minThreads: threads, maxThreads: threads });

  // Batches being evaluated: close() waits for them, so no task finishes on a destroyed pool.
  const running = new Set<Promise<unknown>>();
  let closed = false;

  function evaluate(solutions: Batch) {
    if (closed) {
      return Promise.reject(
        check.rangeErrorText('evaluate()', 'called before close()', 'a closed pool'),
      );
    }
    const p = evaluateOnPool(solutions);
    running.add(p);
    const forget = () => running.delete(p);
    p.then(forget, forget);
    return p;
  }

  async function evaluateOnPool(solutions: Batch) {
    const x = toMat(PKG, 'solutions', solutions, { copy: false, finite: false });
    const rows = x.rows;
    const n = x.cols;
    const parts = Math.max(1, Math.min(chunks, rows));
    const tasks: Promise<ChunkResult>[] = [];
    const starts: number[] = [];
    for (let p = 0; p < parts; p++) {
      const r0 = Math.floor((p * rows) / parts);
      const r1 = Math.floor(((p + 1) * rows) / parts);
      starts.push(r0);
      const data = new Float64Array((r1 - r0) * n);
      for (let i = r0; i < r1; i++) {
        const o = x.offset + i * x.stride;
        data.set(x.data.subarray(o, o + n), (i - r0) * n);
      }
      tasks.push(pool.run({ rows: r1 - r0, cols: n, data }, { transferList: [data.buffer] }));
    }
    starts.push(rows);
    // Wait for every chunk, failed or not, before reporting a failure: a task still running
    // when the caller closes the pool after the rejection would finish on a destroyed pool.
    const settled = await Promise.allSettled(tasks);
    const results: ChunkResult[] = [];
    for (const s of settled) {
      if (s.status === 'rejected') throw s.reason;
      results.push(s.value);
    }
    const objectives = new Float64Array(rows);
    let k = -1;
    let measures: Float64Array | null = null;
    results.forEach((res, p) => {
      const r0 = starts[p];
      const count = starts[p + 1] - r0;
      if (typeof res !== 'object' || res === null) {
        throw check.typeError(`worker result ${p}`, 'an object { objectives, measures }', res);
      }
      const o = check.vector(`worker result ${p}: objectives`, res.objectives, { length: count });
      objectives.set(o, r0);
      const m = toMat(PKG, `worker result ${p}: measures`, res.measures, { rows: count });
      if (k < 0) {
        k = m.cols;
        measures = new Float64Array(rows * k);
      } else if (m.cols !== k) {
        throw check.rangeErrorText(`worker result ${p}: measures`, `${k} columns`, `${m.cols}`);
      }
      for (let i = 0; i < count; i++) {
        const src = m.offset + i * m.stride;
        measures!.set(m.data.subarray(src, src + k), (r0 + i) * k);
      }
    });
    const width = Math.max(k, 0);
    return {
      objectives,
      measures: {
        rows,
        cols: width,
        stride: width,
        offset: 0,
        data: measures ?? new Float64Array(0),
      },
    };
  }

  return {
    evaluate,
    threads,
    async close() {
      closed = true;
      await Promise.allSettled([...running]);
      await pool.destroy();
    },
  };
}
