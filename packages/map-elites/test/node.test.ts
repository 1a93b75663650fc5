import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GaussianEmitter, GridArchive, MapElites, sphere } from '../src/index.js';
import { workerEvaluator } from '../src/node.js';
import { snapshot } from './helpers.js';

const worker = new URL('./fixtures/sphere-worker.mjs', import.meta.url);

function setup() {
  const task = sphere(10);
  const archive = new GridArchive({ solutionDim: 10, dims: [20, 20], ranges: task.ranges });
  const e = new GaussianEmitter(archive, { sigma: 0.5, batchSize: 37, seed: 5 });
  return { task, archive, me: new MapElites(archive, [e]) };
}

describe('workerEvaluator (@optkit/map-elites/node)', () => {
  it('gives the same archive as the synchronous evaluation', async () => {
    const pool = workerEvaluator({ filename: worker, threads: 2, chunks: 3 });
    try {
      const a = setup();
      await a.me.run(pool.evaluate, { iterations: 15 });
      const b = setup();
      await b.me.run((x) => b.task.evaluate(x), { iterations: 15 });
      expect(snapshot(a.archive)).toEqual(snapshot(b.archive));
      expect(pool.threads).toBe(2);
    } finally {
      await pool.close();
    }
  });

  it('rejects a worker result of the wrong length, and bad options', async () => {
    const pool = workerEvaluator({ filename: worker, exportName: 'broken', threads: 1 });
    try {
      const { me } = setup();
      await expect(me.run(pool.evaluate, { iterations: 1 })).rejects.toThrow(
        /worker result 0: objectives must be of length 37; got length 38/,
      );
    } finally {
      await pool.close();
    }
    expect(() => workerEvaluator({ filename: '' })).toThrow(/filename must be a path/);
    expect(() => workerEvaluator({ filename: worker, threads: 0 })).toThrow(/threads must be/);
  });

  it('accepts async workers and measures as rows; chunks fit any batch size', async () => {
    const pool = workerEvaluator({
      filename: worker,
      exportName: 'rowsOfMeasures',
      threads: 2,
      chunks: 50,
    });
    try {
      const a = setup();
      await a.me.run(pool.evaluate, { iterations: 6 }); // 37 rows in 50 chunks: one row each
      const b = setup();
      await b.me.run((x) => b.task.evaluate(x), { iterations: 6 });
      expect(snapshot(a.archive)).toEqual(snapshot(b.archive));
    } finally {
      await pool.close();
    }
  });

  it('rejects only after every chunk has settled, so closing at once is safe', async () => {
    // Chunk 0 (rows 0-1) throws at once; chunk 1 (rows 2-3) answers 100 ms later and leaves a
    // marker file. The rejection must wait for chunk 1, or a caller closing the pool right away
    // leaves a task running on a closed pool.
    const marker = join(tmpdir(), `map-elites-slow-chunk-${process.pid}`);
    rmSync(marker, { force: true });
    const pool = workerEvaluator({ filename: worker, exportName: 'crashOrSlow', threads: 2 });
    const data = new Float64Array(4 * 10);
    data[0] = 1;
    try {
      await expect(
        pool.evaluate({ rows: 4, cols: 10, stride: 10, offset: 0, data }),
      ).rejects.toThrow(/first chunk failed/);
      expect(existsSync(marker)).toBe(true);
    } finally {
      await pool.close();
      rmSync(marker, { force: true });
    }
  });

  it('close() lets a running evaluation finish, then refuses new ones', async () => {
    const pool = workerEvaluator({ filename: worker, exportName: 'crashOrSlow', threads: 2 });
    const x = { rows: 4, cols: 10, stride: 10, offset: 0, data: new Float64Array(40) };
    const pending = pool.evaluate(x);
    await pool.close();
    const r = await pending;
    expect(Array.from(r.objectives)).toEqual(Array.from(sphere(10).evaluate(x).objectives));
    await expect(pool.evaluate(x)).rejects.toThrow(
      /evaluate\(\) must be called before close\(\); got a closed pool/,
    );
    rmSync(join(tmpdir(), `map-elites-slow-chunk-${process.pid}`), { force: true });
  });

  it('passes a worker error on and rejects non-finite results, archive unchanged', async () => {
    for (const exportName of ['crash', 'nanObjective']) {
      const pool = workerEvaluator({ filename: worker, exportName, threads: 1, chunks: 2 });
      try {
        const { me, archive, task } = setup();
        await me.run((x) => task.evaluate(x), { iterations: 2 });
        const before = snapshot(archive);
        await expect(me.run(pool.evaluate, { iterations: 1 })).rejects.toThrow(
          exportName === 'crash'
            ? /worker evaluation failed/
            : /worker result 0: objectives\[17\] must be finite; got NaN/,
        );
        expect(snapshot(archive)).toEqual(before);
        expect(me.iterations).toBe(2);
      } finally {
        await pool.close();
      }
    }
  });
});
