import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ArchiveStats,
  type Batch,
  CVTArchive,
  GaussianEmitter,
  GridArchive,
  heatmapSpec,
  IsoLineEmitter,
  MapElites,
  planarArm,
  rastrigin,
  sphere,
} from '../src/index.js';
import { checkArchive, snapshot } from './helpers.js';

type Kind = 'gaussian' | 'isoline';

/** The pyribs sphere setup (spec A.6) at dimension n, grid `cells x cells`, batch B. */
function sphereRun(kind: Kind, n: number, cells: number, B: number, seed: number) {
  const task = sphere(n);
  const archive = new GridArchive({ solutionDim: n, dims: [cells, cells], ranges: task.ranges });
  const x0 = new Float64Array(n);
  const emitter =
    kind === 'gaussian'
      ? new GaussianEmitter(archive, { sigma: 0.5, x0, batchSize: B, seed })
      : new IsoLineEmitter(archive, { isoSigma: 0.5, lineSigma: 0.2, x0, batchSize: B, seed });
  return { task, archive, me: new MapElites(archive, [emitter]) };
}

describe('README first example', () => {
  it('prints the documented stats', async () => {
    const task = sphere(10);
    const archive = new GridArchive({ solutionDim: 10, dims: [20, 20], ranges: task.ranges });
    const emitter = new GaussianEmitter(archive, { sigma: 0.5, batchSize: 100, seed: 1 });
    const me = new MapElites(archive, [emitter]);
    const result = await me.run((x) => task.evaluate(x), { iterations: 200 });
    expect(result.stats).toEqual({
      numElites: 288,
      cells: 400,
      coverage: 0.72,
      qdScore: 23765.29258921061,
      normQdScore: 59.41323147302653,
      objMax: 99.92553622749594,
      objMean: 82.51837704587018,
    });
    expect(result.stopReason).toBe('iterations');
    expect(result.evaluations).toBe(20000);
    expect(archive.bestElite()?.objective).toBe(99.92553622749594);
  });
});

describe('sphere and Rastrigin tasks (spec A.6, A.7.9)', () => {
  it('gives 91.8367 at x0 = 0 and 100 at the shifted optimum, n = 100', () => {
    const t = sphere(100);
    const r = t.evaluate([new Array(100).fill(0), new Array(100).fill(2.048)]);
    expect(r.objectives[0]).toBeCloseTo(100 * (1 - (100 * 2.048 ** 2) / 5138.0224), 10);
    expect(r.objectives[0]).toBeCloseTo(91.8367, 4);
    expect(r.objectives[1]).toBeCloseTo(100, 12);
    const m = r.measures.data;
    expect([m[0], m[1]]).toEqual([0, 0]);
    expect(m[2]).toBeCloseTo(102.4, 10);
    expect(m[3]).toBeCloseTo(102.4, 10);
    expect(t.ranges).toEqual([
      [-256, 256],
      [-256, 256],
    ]);
    const worst = t.evaluate([new Array(100).fill(-5.12)]).objectives[0];
    expect(worst).toBeCloseTo(0, 10);
  });

  it('folds coordinates beyond 5.12 back as 5.12 / x', () => {
    const r = sphere(2).evaluate([[10.24, -51.2]]);
    expect(r.measures.data[0]).toBe(0.5);
    expect(r.measures.data[1]).toBeCloseTo(-0.1, 15);
    const q = rastrigin(2).evaluate([
      [2.048, 2.048],
      [-5.12, -5.12],
    ]).objectives;
    expect(q[0]).toBeCloseTo(100, 12);
    expect(q[1]).toBeCloseTo(0, 10);
  });

  it('rejects non-finite solutions', () => {
    expect(() => sphere(2).evaluate([[NaN, 0]])).toThrow(/solutions\[0\] must be finite/);
    expect(() => planarArm(2).evaluate([[0, Infinity]])).toThrow(/solutions\[0\] must be finite/);
  });
});

describe('planar arm (spec A.7.10)', () => {
  it('puts all-zero angles at (12, 0) with objective 0', () => {
    const r = planarArm(12).evaluate([new Array(12).fill(0)]);
    expect(r.objectives[0]).toBe(0);
    expect(r.measures.data[0]).toBeCloseTo(12, 12);
    expect(r.measures.data[1]).toBe(0);
  });

  it('stays below the reachable-disk coverage bound with objectives <= 0', async () => {
    const arm = planarArm(12);
    const ranges = arm.ranges;
    const archive = new GridArchive({ solutionDim: 12, dims: [100, 100], ranges });
    const e = new IsoLineEmitter(archive, {
      isoSigma: 0.01 * 2 * Math.PI,
      lineSigma: 0.2,
      bounds: arm.bounds!,
      batchSize: 100,
      seed: 4,
    });
    const me = new MapElites(archive, [e]);
    const r = await me.run((x) => arm.evaluate(x), { iterations: 300 });
    expect(r.stats.coverage).toBeLessThanOrEqual(0.804);
    expect(r.stats.coverage).toBeGreaterThan(0.3);
    expect(r.stats.objMax!).toBeLessThanOrEqual(0);
    for (let t = 0; t < archive.numElites; t++) {
      const c = archive.eliteCell(t);
      const [x, y] = archive.measureData.subarray(2 * c, 2 * c + 2);
      expect(Math.hypot(x, y)).toBeLessThanOrEqual(12 + 1e-9);
    }
    checkArchive(archive);
  });
});

describe('MapElites on the sphere (spec A.6 reproduced numbers)', () => {
  it('first batch from x0 = 0 has objectives near 91.84', () => {
    const { me, task } = sphereRun('gaussian', 100, 100, 540, 0);
    const f = task.evaluate(me.ask()).objectives;
    let mean = 0;
    for (const v of f) mean += v / f.length;
    expect(mean).toBeGreaterThan(90.5);
    expect(mean).toBeLessThan(92);
  });

  it('reaches the 100-iteration QD-scores of the reference (n = 100, 100 x 100, batch 540)', async () => {
    // Spec A.6, seeds 0-2: Gaussian 130.1k-133.0k, Iso+Line 214.7k-225.9k at 100 iterations.
    const g = sphereRun('gaussian', 100, 100, 540, 0);
    const rg = await g.me.run((x) => g.task.evaluate(x), { iterations: 100 });
    expect(rg.stats.qdScore).toBeGreaterThan(125_000);
    expect(rg.stats.qdScore).toBeLessThan(138_000);
    const l = sphereRun('isoline', 100, 100, 540, 0);
    const rl = await l.me.run((x) => l.task.evaluate(x), { iterations: 100 });
    expect(rl.stats.qdScore).toBeGreaterThan(205_000);
    expect(rl.stats.qdScore).toBeLessThan(235_000);
    expect(rg.evaluations).toBe(54_000);
    expect(rg.stopReason).toBe('iterations');
  });

  it('never lowers coverage, QD-score, max objective or any cell (spec A.7.5)', async () => {
    const { me, task, archive } = sphereRun('isoline', 10, 20, 50, 3);
    let prev: ArchiveStats = me.stats();
    let cells = archive.objectiveData.slice();
    await me.run((x) => task.evaluate(x), {
      iterations: 60,
      onIteration: (_it, s) => {
        expect(s.coverage).toBeGreaterThanOrEqual(prev.coverage);
        expect(s.qdScore).toBeGreaterThanOrEqual(prev.qdScore);
        if (prev.objMax !== null) expect(s.objMax!).toBeGreaterThanOrEqual(prev.objMax);
        for (let c = 0; c < cells.length; c++) {
          expect(archive.objectiveData[c]).toBeGreaterThanOrEqual(cells[c]);
        }
        checkArchive(archive);
        prev = s;
        cells = archive.objectiveData.slice();
      },
    });
  });
});

describe('determinism and checkpoints (spec A.7.6)', () => {
  const run = async (kind: Kind, iterations: number) => {
    const s = sphereRun(kind, 20, 30, 64, 17);
    await s.me.run((x) => s.task.evaluate(x), { iterations });
    return s;
  };

  it('gives the same archive for the same seed, bit for bit', async () => {
    for (const kind of ['gaussian', 'isoline'] as const) {
      const a = await run(kind, 50);
      const b = await run(kind, 50);
      expect(snapshot(b.archive)).toEqual(snapshot(a.archive));
      expect(b.archive.solutionData).toEqual(a.archive.solutionData);
    }
  });

  it('gives the same archive from run() as from a hand-written ask/tell loop', async () => {
    for (const kind of ['gaussian', 'isoline'] as const) {
      const a = await run(kind, 40);
      const b = sphereRun(kind, 20, 30, 64, 17);
      const kept: Float64Array[] = [];
      for (let it = 0; it < 40; it++) {
        const x = b.me.ask();
        kept.push(x.data);
        const r = b.task.evaluate(x);
        b.me.tell(r.objectives, r.measures);
      }
      expect(snapshot(b.archive)).toEqual(snapshot(a.archive));
      expect(new Set(kept).size).toBe(40); // ask() hands out a fresh batch every time
    }
  });

  it('resumes from toJSON and continues exactly as the uninterrupted run', async () => {
    for (const kind of ['gaussian', 'isoline'] as const) {
      const whole = await run(kind, 80);
      const half = await run(kind, 40);
      const saved = JSON.parse(JSON.stringify(half.me.toJSON()));
      const resumed = MapElites.fromJSON(saved);
      const task = sphere(20);
      await resumed.run((x) => task.evaluate(x), { iterations: 40 });
      expect(resumed.iterations).toBe(80);
      expect(resumed.evaluations).toBe(whole.me.evaluations);
      expect(snapshot(resumed.archive)).toEqual(snapshot(whole.archive));
      expect(resumed.archive.solutionData).toEqual(whole.archive.solutionData);
      // The whole state agrees, the emitters' random streams included.
      expect(resumed.toJSON()).toEqual(whole.me.toJSON());
      expect(resumed.ask().data).toEqual(whole.me.ask().data);
    }
  });

  it('resumes a checkpoint taken between ask and tell', async () => {
    const whole = await run('gaussian', 21);
    const part = await run('gaussian', 20);
    const x = part.me.ask();
    const resumed = MapElites.fromJSON(JSON.parse(JSON.stringify(part.me.toJSON())));
    const r = part.task.evaluate(x);
    resumed.tell(r.objectives, r.measures);
    expect(snapshot(resumed.archive)).toEqual(snapshot(whole.archive));
  });

  it('round-trips a CVT run with several emitters', async () => {
    const task = sphere(6);
    const mk = () => {
      const archive = new CVTArchive({
        solutionDim: 6,
        cells: 64,
        ranges: task.ranges,
        samples: 3000,
        seed: 2,
      });
      return new MapElites(archive, [
        new GaussianEmitter(archive, { sigma: 0.3, batchSize: 10, seed: 1 }),
        new IsoLineEmitter(archive, { isoSigma: 0.3, lineSigma: 0.2, batchSize: 7, seed: 2 }),
      ]);
    };
    const whole = mk();
    await whole.run((x) => task.evaluate(x), { iterations: 30 });
    const first = mk();
    await first.run((x) => task.evaluate(x), { iterations: 12 });
    const resumed = MapElites.fromJSON(JSON.parse(JSON.stringify(first.toJSON())));
    await resumed.run((x) => task.evaluate(x), { iterations: 18 });
    expect(snapshot(resumed.archive)).toEqual(snapshot(whole.archive));
    expect(resumed.toJSON()).toEqual(whole.toJSON()); // both emitters' streams included
    expect(whole.evaluations).toBe(30 * 17);
  });

  it('gives the same archive with an async evaluator and with addMode "single"', async () => {
    const a = await run('gaussian', 30);
    const b = sphereRun('gaussian', 20, 30, 64, 17);
    await b.me.run(async (x) => b.task.evaluate(x), { iterations: 30 });
    expect(snapshot(b.archive)).toEqual(snapshot(a.archive));
    const c = sphereRun('gaussian', 20, 30, 64, 17);
    const single = new MapElites(c.archive, c.me.emitters, { addMode: 'single' });
    await single.run((x) => c.task.evaluate(x), { iterations: 30 });
    // Same final elites per cell; insertion order may differ.
    for (let cell = 0; cell < c.archive.cells; cell++) {
      expect(c.archive.elite(cell)).toEqual(a.archive.elite(cell));
    }
  });
});

describe('ask/tell protocol and bad input (spec A.9)', () => {
  it('throws on two asks, a tell without ask, and leaves the archive unchanged on bad tells', () => {
    const { me, task, archive } = sphereRun('gaussian', 4, 10, 8, 1);
    expect(() => me.tell([1], [[0, 0]])).toThrow(
      /tell\(\) must be preceded by ask\(\); got no pending batch/,
    );
    const x = me.ask();
    expect(() => me.ask()).toThrow(/ask\(\) must be followed by tell\(\)/);
    const good = task.evaluate(x);
    const before = snapshot(archive);
    expect(() => me.tell(good.objectives.subarray(0, 7), good.measures)).toThrow(
      /objectives must be of length 8; got length 7/,
    );
    const nanF = Float64Array.from(good.objectives);
    nanF[3] = NaN;
    expect(() => me.tell(nanF, good.measures)).toThrow(/objectives\[3\] must be finite; got NaN/);
    const badM = Array.from({ length: 8 }, () => [0, 0, 0]);
    expect(() => me.tell(good.objectives, badM)).toThrow(/measures must be a matrix with 2 col/);
    const nanM = Array.from({ length: 8 }, () => [0, 0]);
    nanM[5][1] = -Infinity;
    expect(() => me.tell(good.objectives, nanM)).toThrow(/measures\[5\]\[1\] must be finite/);
    // The same rules for measures given as a dense Mat (the form evaluations usually return).
    const nanMat = { ...good.measures, data: Float64Array.from(good.measures.data) };
    nanMat.data[2 * 6] = NaN;
    expect(() => me.tell(good.objectives, nanMat)).toThrow(/measures\[6\]\[0\] must be finite/);
    const shortMat = { ...good.measures, rows: 7 };
    expect(() => me.tell(good.objectives, shortMat)).toThrow(
      /measures must be a matrix with 8 rows/,
    );
    const infF = Float64Array.from(good.objectives);
    infF[7] = Infinity;
    expect(() => me.tell(infF, good.measures)).toThrow(
      /objectives\[7\] must be finite; got Infinity/,
    );
    expect(snapshot(archive)).toEqual(before);
    expect(me.iterations).toBe(0);
    const info = me.tell(good.objectives, good.measures); // the pending batch is still there
    expect(info.status.length).toBe(8);
    expect(me.iterations).toBe(1);
  });

  it('validates run options and stops on each cap with its reason', async () => {
    const { me, task } = sphereRun('gaussian', 4, 10, 8, 1);
    const evaluate = (x: Parameters<typeof task.evaluate>[0]) => task.evaluate(x);
    await expect(me.run(evaluate, { iterations: -1 })).rejects.toThrow(/iterations must be/);
    await expect(me.run(evaluate, { maxEvaluations: 0 })).rejects.toThrow(/maxEvaluations/);
    const byEvals = await me.run(evaluate, { iterations: 100, maxEvaluations: 20 });
    expect(byEvals.stopReason).toBe('maxEvaluations');
    expect(byEvals.evaluations).toBe(24);
    const byCallback = await me.run(evaluate, {
      iterations: 100,
      onIteration: (it) => (it >= 5 ? 'stop' : undefined),
    });
    expect(byCallback.stopReason).toBe('callback');
    expect(byCallback.history.length).toBe(byCallback.iterations);
    const bad = await me
      .run(() => ({ objectives: [NaN], measures: [[0, 0]] }), { iterations: 1 })
      .catch((e: Error) => e);
    expect(String(bad)).toMatch(/objectives must be of length 8/);
    expect(() => me.ask()).not.toThrow(); // a failed run leaves no pending batch behind
  });

  it('rejects bad constructor arguments', () => {
    const archive = new GridArchive({
      solutionDim: 2,
      dims: [2, 2],
      ranges: [
        [0, 1],
        [0, 1],
      ],
    });
    expect(() => new MapElites(archive, [])).toThrow(/emitters must be non-empty/);
    expect(
      () =>
        new MapElites(archive, [new GaussianEmitter(archive, { sigma: 1 })], {
          addMode: 'x' as 'batch',
        }),
    ).toThrow(/addMode must be one of "batch", "single"; got "x"/);
  });
});

describe('heatmapSpec', () => {
  it('emits one rectangle per elite with its cell bounds and objective', () => {
    const a = new GridArchive({
      solutionDim: 1,
      dims: [4, 2],
      ranges: [
        [0, 4],
        [-1, 1],
      ],
    });
    a.add(
      [[0], [0]],
      [3, 5],
      [
        [0.5, -0.5],
        [3.5, 0.5],
      ],
    );
    const spec = heatmapSpec(a, { title: 't', domain: [0, 10] });
    const values = (spec.data as { values: Record<string, number>[] }).values;
    expect(values).toEqual([
      { x: 0, x2: 1, y: -1, y2: 0, objective: 3 },
      { x: 3, x2: 4, y: 0, y2: 1, objective: 5 },
    ]);
    expect(spec.mark).toEqual({ type: 'rect', aria: false });
    expect(spec.title).toBe('t');
    const enc = spec.encoding as Record<string, { scale?: { domain?: number[] } }>;
    expect(enc.color.scale!.domain).toEqual([0, 10]);
    expect(enc.x.scale!.domain).toEqual([0, 4]);
  });

  it('draws CVT elites at their centroids and rejects non-2-D archives', () => {
    const c = new CVTArchive({
      solutionDim: 1,
      cells: 2,
      ranges: [
        [0, 1],
        [0, 1],
      ],
      centroids: [
        [0.25, 0.5],
        [0.75, 0.5],
      ],
    });
    c.add([[0]], [2], [[0.9, 0.5]]);
    const spec = heatmapSpec(c);
    expect((spec.data as { values: unknown[] }).values).toEqual([
      { x: 0.75, y: 0.5, objective: 2 },
    ]);
    const g3 = new GridArchive({
      solutionDim: 1,
      dims: [2, 2, 2],
      ranges: [
        [0, 1],
        [0, 1],
        [0, 1],
      ],
    });
    expect(() => heatmapSpec(g3)).toThrow(/archive must be a 2-D measure space; got 3-D/);
    expect(() => heatmapSpec(c, { domain: [1, 1] })).toThrow(
      /domain must be a pair with vmin < vmax; got \[1, 1\]/,
    );
    expect(() => heatmapSpec(c, { width: 0 })).toThrow(/width must be an integer in \[1,/);
  });
});

describe('projection tasks against the formulas of spec A.6', () => {
  it('equal a direct evaluation for odd and even n, inside and outside [-5.12, 5.12]', () => {
    const coord = fc.double({ min: -40, max: 40, noNaN: true });
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 9 }),
        fc.array(coord, { minLength: 9, maxLength: 9 }),
        (n, raw) => {
          const x = raw.slice(0, n);
          const s = 2.048;
          const clip = (v: number) => (v >= -5.12 && v <= 5.12 ? v : 5.12 / v);
          const half = Math.floor(n / 2);
          let sph = 0;
          let ras = 10 * n;
          let m0 = 0;
          let m1 = 0;
          for (let j = 0; j < n; j++) {
            const t = x[j] - s;
            sph += t * t;
            ras += t * t - 10 * Math.cos(2 * Math.PI * t);
            if (j < half) m0 += clip(x[j]);
            else m1 += clip(x[j]);
          }
          const v0 = -5.12 - s;
          const rasWorst = n * (10 + v0 * v0 - 10 * Math.cos(2 * Math.PI * v0));
          const a = sphere(n).evaluate([x]);
          const b = rastrigin(n).evaluate([x]);
          expect(a.objectives[0]).toBe(100 - sph * (100 / (n * v0 * v0)));
          expect(b.objectives[0]).toBe(100 - ras * (100 / rasWorst));
          expect(Array.from(a.measures.data)).toEqual([m0, m1]);
          expect(Array.from(b.measures.data)).toEqual([m0, m1]);
        },
      ),
      { numRuns: 300, seed: 5 },
    );
  });
});

describe('evaluator failures and custom emitters', () => {
  const setup = () => sphereRun('gaussian', 6, 10, 16, 9);

  it('a throwing sync evaluator or a rejecting async one stops run with that error', async () => {
    for (const mode of ['sync', 'async'] as const) {
      const { me, task, archive } = setup();
      await me.run((x) => task.evaluate(x), { iterations: 3 });
      const before = snapshot(archive);
      const boom = new Error('simulator crashed');
      const evaluate =
        mode === 'sync'
          ? () => {
              throw boom;
            }
          : async () => {
              await Promise.resolve();
              throw boom;
            };
      await expect(me.run(evaluate, { iterations: 5 })).rejects.toBe(boom);
      expect(snapshot(archive)).toEqual(before);
      expect(me.iterations).toBe(3);
      expect(() => me.ask()).not.toThrow(); // no pending batch left behind
    }
  });

  it('rejects an async evaluation with a NaN measure, archive unchanged', async () => {
    const { me, task, archive } = setup();
    await me.run((x) => task.evaluate(x), { iterations: 2 });
    const before = snapshot(archive);
    const bad = async (x: Batch) => {
      const r = task.evaluate(x);
      const m = Float64Array.from(r.measures.data);
      m[7] = NaN;
      return { objectives: r.objectives, measures: { ...r.measures, data: m } };
    };
    await expect(me.run(bad, { iterations: 1 })).rejects.toThrow(
      /@optkit\/map-elites: measures\[3\]\[1\] must be finite; got NaN/,
    );
    expect(snapshot(archive)).toEqual(before);
    await expect(me.run(async () => null as never, { iterations: 1 })).rejects.toThrow(
      /evaluate\(x\) must be an object \{ objectives, measures \}; got null/,
    );
  });

  it('checks custom emitters: finite rows of the right width, at least one row in all', () => {
    const archive = new GridArchive({
      solutionDim: 2,
      dims: [4, 4],
      ranges: [
        [0, 1],
        [0, 1],
      ],
    });
    const custom = (rows: number[][]) => ({ batchSize: rows.length, ask: () => rows, tell() {} });
    const asBatch = (e: ReturnType<typeof custom>) => e as unknown as GaussianEmitter;
    const ok = new MapElites(archive, [asBatch(custom([[0.1, 0.2]]))]);
    expect(Array.from(ok.ask().data)).toEqual([0.1, 0.2]);
    const nan = new MapElites(archive, [asBatch(custom([[0.1, NaN]]))]);
    expect(() => nan.ask()).toThrow(/emitters\[0\]\.ask\(\)\[0\]\[1\] must be finite; got NaN/);
    const wide = new MapElites(archive, [asBatch(custom([[0.1, 0.2, 0.3]]))]);
    expect(() => wide.ask()).toThrow(/emitters\[0\]\.ask\(\) must be a matrix with 2 columns/);
    const none = new MapElites(archive, [asBatch(custom([]))]);
    expect(() => none.ask()).toThrow(/ask\(\) must be a batch of at least 1 row; got 0 rows/);
    expect(() => none.tell([], [])).toThrow(/tell\(\) must be preceded by ask\(\)/);
  });

  it('rejects a built-in emitter made on another archive', () => {
    const a = sphereRun('gaussian', 4, 10, 8, 1);
    const other = new GridArchive({ solutionDim: 4, dims: [10, 10], ranges: a.task.ranges });
    const stray = new GaussianEmitter(other, { sigma: 0.5 });
    expect(() => new MapElites(a.archive, [stray])).toThrow(
      /emitters\[0\] must be built on the run's archive; got an emitter built on another archive/,
    );
  });

  it('rejects a checkpoint whose pending row counts do not add up', () => {
    const { me } = setup();
    me.ask();
    const json = JSON.parse(JSON.stringify(me.toJSON()));
    json.pending.sizes = [3];
    expect(() => MapElites.fromJSON(json)).toThrow(
      /json.pending.sizes must be summing to 16 rows; got 3/,
    );
  });
});
