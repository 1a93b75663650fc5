import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GridArchive } from '../src/index.js';
import { checkArchive, snapshot } from './helpers.js';

const R = 256;
const grid100 = (extra: Partial<ConstructorParameters<typeof GridArchive>[0]> = {}) =>
  new GridArchive({
    solutionDim: 2,
    dims: [100, 100],
    ranges: [
      [-R, R],
      [-R, R],
    ],
    ...extra,
  });

describe('GridArchive cell index (spec A.7.1, pyribs GridArchive rule)', () => {
  it('puts an exact interior boundary in the upper cell', () => {
    // 358.4 * 100 / 512 = 70 exactly; the +1e-6 keeps it in cell 70.
    const a = grid100();
    expect(Array.from(a.indexOf([[102.4, 102.4]]))).toEqual([7070]);
    expect(a.gridIndex(7070)).toEqual([70, 70]);
  });

  it('maps the lower corner to 0 and clamps the upper corner and outside values', () => {
    const a = grid100();
    expect(Array.from(a.indexOf([[-256, -256]]))).toEqual([0]);
    expect(Array.from(a.indexOf([[256, 256]]))).toEqual([9999]);
    expect(a.gridIndex(a.indexOf([[-1e9, 1e9]])[0])).toEqual([0, 99]);
    expect(a.gridIndex(a.indexOf([[1e300, -1e300]])[0])).toEqual([99, 0]);
  });

  it('agrees with floor arithmetic on exact cell boundaries of a small grid', () => {
    const a = new GridArchive({
      solutionDim: 1,
      dims: [4, 3],
      ranges: [
        [0, 4],
        [0, 3],
      ],
    });
    for (let i = 0; i <= 4; i++) {
      for (let j = 0; j <= 3; j++) {
        const c = a.indexOf([[i, j]])[0];
        expect(a.gridIndex(c)).toEqual([Math.min(i, 3), Math.min(j, 2)]);
      }
    }
  });

  it('follows the spec formula per row in 1, 2 and 3 dimensions, clamped or discarded', () => {
    // Spec A.2.2 written out for one row; the archive computes whole batches (a 2-D clamp
    // kernel and a general one), which must agree with it row for row.
    const formula = (v: number[], dims: number[], lo: number[], hi: number[], discard: boolean) => {
      let idx = 0;
      for (let j = 0; j < dims.length; j++) {
        if (discard && (v[j] < lo[j] || v[j] > hi[j])) return -1;
        const g = Math.trunc((dims[j] * (v[j] - lo[j]) + 1e-6) / (hi[j] - lo[j]));
        idx = idx * dims[j] + Math.min(Math.max(g, 0), dims[j] - 1);
      }
      return idx;
    };
    // Values on a lattice of the cell boundaries, a bit beyond the ranges, plus arbitrary reals.
    const coord = fc.oneof(
      fc.integer({ min: -12, max: 12 }).map((t) => t / 2),
      fc.double({ min: -10, max: 10, noNaN: true }),
    );
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 3 })
          .chain((k) =>
            fc.tuple(
              fc.array(fc.integer({ min: 1, max: 6 }), { minLength: k, maxLength: k }),
              fc.array(fc.array(coord, { minLength: k, maxLength: k }), { maxLength: 30 }),
              fc.boolean(),
            ),
          ),
        ([dims, rows, discard]) => {
          const lo = dims.map((_, j) => -3 + j);
          const hi = dims.map((_, j) => 3 + 0.5 * j);
          const a = new GridArchive({
            solutionDim: 1,
            dims,
            ranges: dims.map((_, j) => [lo[j], hi[j]] as [number, number]),
            outOfBounds: discard ? 'discard' : 'clamp',
          });
          const want = rows.map((v) => formula(v, dims, lo, hi, discard));
          expect(Array.from(a.indexOf(rows))).toEqual(want);
        },
      ),
      { numRuns: 300, seed: 3 },
    );
  });

  it('discards rows outside the ranges with outOfBounds "discard"', () => {
    const a = grid100({ outOfBounds: 'discard' });
    expect(
      Array.from(
        a.indexOf([
          [300, 0],
          [0, -256.5],
          [256, 256],
        ]),
      ),
    ).toEqual([-1, -1, 9999]);
    const info = a.add(
      [
        [0, 0],
        [1, 1],
      ],
      [5, 6],
      [
        [300, 0],
        [0, 0],
      ],
    );
    expect(Array.from(info.status)).toEqual([0, 2]);
    expect(Array.from(info.index)).toEqual([-1, a.indexOf([[0, 0]])[0]]);
    expect(a.numElites).toBe(1);
    checkArchive(a);
  });
});

describe('batch insertion (spec A.7.2)', () => {
  it('keeps the first maximum, marks every row of a new cell as new, then 0 and 1', () => {
    const a = grid100();
    const m = [
      [1, 1],
      [1.5, 1.5],
      [1.2, 1.2],
    ];
    const info = a.add(
      [
        [0, 0],
        [1, 1],
        [2, 2],
      ],
      [5, 7, 7],
      m,
    );
    expect(new Set(info.index).size).toBe(1);
    expect(Array.from(info.status)).toEqual([2, 2, 2]);
    expect(Array.from(info.value)).toEqual([5, 7, 7]);
    const cell = info.index[0];
    const e = a.elite(cell)!;
    expect(Array.from(e.solution)).toEqual([1, 1]); // row 1: first of the two 7s
    expect(e.objective).toBe(7);
    expect(Array.from(e.measures)).toEqual([1.5, 1.5]);

    const worse = a.add([[9, 9]], [6], [[1, 1]]);
    expect(Array.from(worse.status)).toEqual([0]);
    expect(Array.from(worse.value)).toEqual([-1]);
    expect(a.elite(cell)!.objective).toBe(7);

    const tie = a.add([[8, 8]], [7], [[1, 1]]);
    expect(Array.from(tie.status)).toEqual([0]);
    expect(Array.from(tie.value)).toEqual([0]);
    expect(Array.from(a.elite(cell)!.solution)).toEqual([1, 1]); // strict improvement only

    const better = a.add([[3, 3]], [8], [[1, 1]]);
    expect(Array.from(better.status)).toEqual([1]);
    expect(Array.from(better.value)).toEqual([1]);
    expect(Array.from(a.elite(cell)!.solution)).toEqual([3, 3]);
    checkArchive(a);
  });

  it('gives statuses relative to the archive before the batch', () => {
    const a = grid100();
    a.add([[0, 0]], [10], [[0, 0]]);
    const info = a.add(
      [
        [1, 1],
        [2, 2],
        [3, 3],
      ],
      [11, 12, 9],
      [
        [0, 0],
        [0, 0],
        [0, 0],
      ],
    );
    expect(Array.from(info.status)).toEqual([1, 1, 0]);
    expect(Array.from(info.value)).toEqual([1, 2, -1]);
    expect(a.elite(info.index[0])!.objective).toBe(12);
  });

  it('single mode gives the same archive as batch mode (spec A.7.3), statuses aside', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.integer({ min: -3, max: 3 }),
            fc.integer({ min: -3, max: 3 }),
            fc.integer({ min: -5, max: 5 }),
          ),
          { minLength: 1, maxLength: 60 },
        ),
        (rows) => {
          const mk = () =>
            new GridArchive({
              solutionDim: 1,
              dims: [3, 3],
              ranges: [
                [-3, 3],
                [-3, 3],
              ],
            });
          const batch = mk();
          const single = mk();
          const s = rows.map((_, i) => [i]);
          const f = rows.map((r) => r[2]);
          const m = rows.map((r) => [r[0], r[1]]);
          batch.add(s, f, m, 'batch');
          single.add(s, f, m, 'single');
          checkArchive(batch);
          checkArchive(single);
          // Brute force: per cell the first row with the maximal objective.
          for (let c = 0; c < 9; c++) {
            const members = rows.map((_, i) => i).filter((i) => batch.indexOf([m[i]])[0] === c);
            const eb = batch.elite(c);
            const es = single.elite(c);
            if (members.length === 0) {
              expect(eb).toBeNull();
              expect(es).toBeNull();
              continue;
            }
            const best = Math.max(...members.map((i) => f[i]));
            const first = members.find((i) => f[i] === best)!;
            expect(eb!.objective).toBe(best);
            expect(es!.objective).toBe(best);
            expect(eb!.solution[0]).toBe(first);
            expect(es!.solution[0]).toBe(first);
          }
        },
      ),
      { numRuns: 200, seed: 7 },
    );
  });
});

describe('metrics (spec A.2.7, A.7.4)', () => {
  it('subtracts the QD-score offset (pyribs sign)', () => {
    const a = grid100({ qdScoreOffset: -10 });
    a.add([[0, 0]], [-3], [[0, 0]]);
    const s = a.stats();
    expect(s.qdScore).toBe(7);
    expect(s.coverage).toBe(1 / 10000);
    expect(s.normQdScore).toBe(7 / 10000);
    expect(s.objMax).toBe(-3);
    expect(s.objMean).toBe(-3);
  });

  it('reports coverage 0, QD 0 and null objective stats for an empty archive', () => {
    expect(grid100().stats()).toEqual({
      numElites: 0,
      cells: 10000,
      coverage: 0,
      qdScore: 0,
      normQdScore: 0,
      objMax: null,
      objMean: null,
    });
    expect(grid100().bestElite()).toBeNull();
  });

  it('sums QD-score, max and mean over several elites', () => {
    const a = grid100({ qdScoreOffset: 1 });
    a.add(
      [
        [0, 0],
        [0, 0],
        [0, 0],
      ],
      [2, 4, 9],
      [
        [-200, 0],
        [0, 0],
        [200, 0],
      ],
    );
    const s = a.stats();
    expect(s.qdScore).toBe(1 + 3 + 8);
    expect(s.objMean).toBe(5);
    expect(s.objMax).toBe(9);
    expect(a.bestElite()!.objective).toBe(9);
  });

  it('builds the 2-D heatmap matrix with NaN for empty cells', () => {
    const a = new GridArchive({
      solutionDim: 1,
      dims: [2, 3],
      ranges: [
        [0, 2],
        [0, 3],
      ],
    });
    a.add(
      [[0], [0]],
      [4, 5],
      [
        [0.5, 2.5],
        [1.5, 0.5],
      ],
    );
    const h = a.heatmap();
    expect(h.nx).toBe(2);
    expect(h.ny).toBe(3);
    expect(Array.from(h.values)).toEqual([NaN, NaN, 4, 5, NaN, NaN]);
  });
});

describe('accessors and serialization', () => {
  it('round-trips through JSON with the same insertion order', () => {
    const a = grid100({ qdScoreOffset: -1 });
    a.add(
      [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
      [1, 2, 3],
      [
        [10, 10],
        [-100, 5],
        [200, -200],
      ],
    );
    const b = GridArchive.fromJSON(JSON.parse(JSON.stringify(a.toJSON())));
    expect(b.toJSON()).toEqual(a.toJSON());
    expect(b.stats()).toEqual(a.stats());
    for (let t = 0; t < a.numElites; t++) expect(b.eliteCell(t)).toBe(a.eliteCell(t));
    checkArchive(b);
  });

  it('retrieves elites by measures and samples only stored solutions', async () => {
    const { Rng } = await import('@optkit/core');
    const a = grid100();
    a.add(
      [
        [1, 2],
        [3, 4],
      ],
      [1, 2],
      [
        [10, 10],
        [-100, 5],
      ],
    );
    const r = a.retrieve([
      [10.1, 10.1],
      [0, 0],
    ]);
    expect(Array.from(r.occupied)).toEqual([1, 0]);
    expect(r.objectives[0]).toBe(1);
    expect(Number.isNaN(r.objectives[1])).toBe(true);
    expect(Array.from(r.solutions.data.subarray(0, 2))).toEqual([1, 2]);
    const s = a.sampleElites(50, new Rng(3));
    for (let i = 0; i < 50; i++) {
      const row = `${s.data[2 * i]},${s.data[2 * i + 1]}`;
      expect(['1,2', '3,4']).toContain(row);
    }
    expect(() => grid100().sampleElites(1, new Rng(1))).toThrow(/non-empty/);
  });

  it('re-inserts another archive with addAll', () => {
    const a = grid100();
    a.add(
      [
        [1, 2],
        [3, 4],
      ],
      [1, 2],
      [
        [10, 10],
        [-100, 5],
      ],
    );
    const coarse = new GridArchive({
      solutionDim: 2,
      dims: [1, 1],
      ranges: [
        [-R, R],
        [-R, R],
      ],
    });
    const info = coarse.addAll(a);
    expect(Array.from(info.status)).toEqual([2, 2]);
    expect(coarse.bestElite()!.objective).toBe(2);
  });

  it('does not mutate its inputs', () => {
    const a = grid100();
    const s = new Float64Array([1, 2, 3, 4]);
    const f = new Float64Array([1, 2]);
    const m = new Float64Array([0, 0, 100, 100]);
    const copies = [s.slice(), f.slice(), m.slice()];
    a.add({ rows: 2, cols: 2, stride: 2, offset: 0, data: s }, f, {
      rows: 2,
      cols: 2,
      stride: 2,
      offset: 0,
      data: m,
    });
    s[0] = 99;
    expect(a.elite(a.indexOf([[0, 0]])[0])!.solution[0]).toBe(1); // copied, not aliased
    s[0] = 1;
    expect([s, f, m]).toEqual(copies);
  });
});

describe('bad input (spec A.9): clear errors, archive unchanged', () => {
  it('rejects bad construction options', () => {
    const ranges: [number, number][] = [
      [0, 1],
      [0, 1],
    ];
    expect(() => new GridArchive({ solutionDim: 1, dims: [0, 2], ranges })).toThrow(
      /@optkit\/map-elites: dims\[0\] must be an integer in \[1, Infinity\]; got 0/,
    );
    expect(() => new GridArchive({ solutionDim: 1, dims: [2.5, 2], ranges })).toThrow(/dims\[0\]/);
    expect(() => new GridArchive({ solutionDim: 1, dims: [2], ranges })).toThrow(
      /ranges must be of length dims.length = 1; got length 2/,
    );
    expect(
      () =>
        new GridArchive({
          solutionDim: 1,
          dims: [2, 2],
          ranges: [
            [0, 1],
            [1, 1],
          ],
        }),
    ).toThrow(/ranges\[1\] must be a range with lo < hi; got \[1, 1\]/);
    expect(
      () =>
        new GridArchive({
          solutionDim: 1,
          dims: [2, 2],
          ranges: [
            [0, 1],
            [0, Infinity],
          ],
        }),
    ).toThrow(/ranges\[1\]\[1\] must be a finite number; got Infinity/);
    expect(() => new GridArchive({ solutionDim: 1, dims: [], ranges: [] })).toThrow(RangeError);
    expect(() => new GridArchive({ solutionDim: 0, dims: [2, 2], ranges })).toThrow(
      /solutionDim must be an integer in \[1, Infinity\]; got 0/,
    );
    expect(() => new GridArchive({ solutionDim: 1, dims: [2, 2], ranges, epsilon: -1 })).toThrow(
      /epsilon must be in \[0, Infinity\); got -1/,
    );
    expect(
      () => new GridArchive({ solutionDim: 1, dims: [2, 2], ranges, qdScoreOffset: NaN }),
    ).toThrow(/qdScoreOffset must be a finite number; got NaN/);
    expect(() => new GridArchive({ solutionDim: 1000, dims: [1000, 1000], ranges })).toThrow(
      /cells \* solutionDim must be at most .*MiB/,
    );
  });

  it('rejects wrong measure width, NaN objective or measure, and length mismatches', () => {
    const a = grid100();
    a.add([[1, 1]], [1], [[0, 0]]);
    const before = snapshot(a);
    expect(() => a.add([[1, 1]], [2], [[0, 0, 0]])).toThrow(
      /measures must be a matrix with 2 columns; got 1x3/,
    );
    expect(() => a.add([[1, 1]], [NaN], [[5, 5]])).toThrow(
      /objectives\[0\] must be finite; got NaN/,
    );
    expect(() =>
      a.add(
        [
          [1, 1],
          [2, 2],
        ],
        [1, 2],
        [
          [5, 5],
          [Infinity, 0],
        ],
      ),
    ).toThrow(/measures\[1\]\[0\] must be finite; got Infinity/);
    expect(() => a.add([[1, 1]], [1, 2], [[5, 5]])).toThrow(/objectives must be of length 1/);
    expect(() => a.add([[1, 1, 1]], [1], [[5, 5]])).toThrow(/solutions must be a matrix with 2/);
    expect(() => a.indexOf([[NaN, 0]])).toThrow(/measures\[0\]\[0\] must be finite/);
    expect(snapshot(a)).toEqual(before);
  });
});

describe('batch insertion against a reference model', () => {
  /** Spec A.2.2 written out per row, on plain maps: statuses and values against `before`. */
  function reference(
    cells: Map<number, { f: number; s: number }>,
    idx: number[],
    f: number[],
    s: number[],
  ) {
    const status: number[] = [];
    const value: number[] = [];
    for (let i = 0; i < idx.length; i++) {
      const old = cells.get(idx[i]);
      if (old === undefined) {
        status.push(2);
        value.push(f[i]);
      } else {
        status.push(f[i] > old.f ? 1 : 0);
        value.push(f[i] - old.f);
      }
    }
    // Per cell the first row with the highest objective; it replaces iff strictly better.
    const best = new Map<number, number>();
    for (let i = 0; i < idx.length; i++) {
      const b = best.get(idx[i]);
      if (b === undefined || f[i] > f[b]) best.set(idx[i], i);
    }
    for (const [c, i] of best) {
      const old = cells.get(c);
      if (old === undefined || f[i] > old.f) cells.set(c, { f: f[i], s: s[i] });
    }
    return { status, value };
  }

  it('matches the model over successive batches, ties and repeated cells included', () => {
    const row = fc.tuple(
      fc.integer({ min: -4, max: 4 }),
      fc.integer({ min: -4, max: 4 }),
      fc.integer({ min: -3, max: 3 }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.array(row, { maxLength: 25 }), { minLength: 1, maxLength: 6 }),
        (batches) => {
          const a = new GridArchive({
            solutionDim: 1,
            dims: [3, 3],
            ranges: [
              [-3, 3],
              [-3, 3],
            ],
          });
          const model = new Map<number, { f: number; s: number }>();
          let id = 0;
          for (const rows of batches) {
            const m = rows.map((r) => [r[0], r[1]]);
            const f = rows.map((r) => r[2]);
            const s = rows.map(() => id++);
            const info = a.add(
              s.map((v) => [v]),
              f,
              m,
            );
            const idx = Array.from(a.indexOf(m));
            expect(Array.from(info.index)).toEqual(idx);
            const want = reference(model, idx, f, s);
            expect(Array.from(info.status)).toEqual(want.status);
            expect(Array.from(info.value)).toEqual(want.value);
            checkArchive(a);
            expect(a.numElites).toBe(model.size);
            for (const [c, e] of model) {
              expect(a.elite(c)!.objective).toBe(e.f);
              expect(a.elite(c)!.solution[0]).toBe(e.s);
            }
          }
        },
      ),
      { numRuns: 100, seed: 11 },
    );
  });
});

describe('bad input: empty ranges and addAll', () => {
  it('rejects empty ranges and empty intervals with the offending value', () => {
    expect(() => new GridArchive({ solutionDim: 1, dims: [2, 2], ranges: [] })).toThrow(
      /@optkit\/map-elites: ranges must be of length dims.length = 2; got length 0/,
    );
    expect(() => new GridArchive({ solutionDim: 1, dims: [], ranges: [] })).toThrow(
      /@optkit\/map-elites: dims must be non-empty; got an empty array/,
    );
    expect(
      () =>
        new GridArchive({
          solutionDim: 1,
          dims: [2],
          ranges: [[3, -3]],
        }),
    ).toThrow(/ranges\[0\] must be a range with lo < hi; got \[3, -3\]/);
  });

  it('rejects a non-archive or a mismatched archive in addAll, leaving the target unchanged', () => {
    const a = grid100();
    a.add([[1, 1]], [1], [[0, 0]]);
    const before = snapshot(a);
    expect(() => a.addAll({} as GridArchive)).toThrow(
      /other must be a GridArchive or CVTArchive; got an object/,
    );
    const other = new GridArchive({
      solutionDim: 3,
      dims: [2, 2],
      ranges: [
        [0, 1],
        [0, 1],
      ],
    });
    expect(() => a.addAll(other)).toThrow(/other must be an archive with solutionDim 2/);
    expect(snapshot(a)).toEqual(before);
  });
});
