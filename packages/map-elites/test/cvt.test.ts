import { Rng } from '@optkit/core';
import { describe, expect, it } from 'vitest';
import { KdTree, nearestBrute } from '../src/cvt.js';
import { CVTArchive, GridArchive, kMeansCentroids } from '../src/index.js';
import { checkArchive, snapshot } from './helpers.js';

/** pyribs's centroid quality score: sum over cells of |share of probes - 1/C|. */
function quality(centroids: Float64Array, C: number, probes: number, seed: number): number {
  const tree = new KdTree(centroids, 2);
  const rng = new Rng(seed);
  const counts = new Float64Array(C);
  const q = new Float64Array(2);
  for (let i = 0; i < probes; i++) {
    q[0] = rng.next();
    q[1] = rng.next();
    counts[tree.nearest(q, 0)]++;
  }
  let s = 0;
  for (let c = 0; c < C; c++) s += Math.abs(counts[c] / probes - 1 / C);
  return s;
}

describe('k-d tree nearest centroid', () => {
  it('equals brute force on 10^4 random points, in 2-D and 5-D', () => {
    for (const k of [2, 5]) {
      const rng = new Rng(11 + k);
      const C = 700;
      const cen = new Float64Array(C * k);
      rng.fillUniform(cen, -1, 1);
      const tree = new KdTree(cen, k);
      const q = new Float64Array(10_000 * k);
      rng.fillUniform(q, -1.2, 1.2);
      for (let i = 0; i < 10_000; i++) {
        expect(tree.nearest(q, i * k)).toBe(nearestBrute(cen, k, q, i * k));
      }
    }
  });

  it('breaks exact ties toward the lower index, as the brute-force scan', () => {
    // Integer lattice centroids in shuffled order; half-integer queries are equidistant.
    const pts: number[] = [];
    const order = new Rng(5).permutation(36);
    for (const p of order) pts.push(p % 6, Math.floor(p / 6));
    const cen = Float64Array.from(pts);
    const tree = new KdTree(cen, 2);
    const q = new Float64Array(2);
    for (let x = -0.5; x <= 5.5; x += 0.5) {
      for (let y = -0.5; y <= 5.5; y += 0.5) {
        q[0] = x;
        q[1] = y;
        expect(tree.nearest(q, 0)).toBe(nearestBrute(cen, 2, q, 0));
      }
    }
  });
});

describe('CVTArchive', () => {
  it('assigns every measure to its nearest centroid (brute force on 10^4 points)', () => {
    const a = new CVTArchive({
      solutionDim: 1,
      cells: 1000,
      ranges: [
        [-2, 2],
        [0, 1],
      ],
      samples: 20_000,
      seed: 3,
    });
    const rng = new Rng(8);
    const m = new Float64Array(20_000);
    for (let i = 0; i < 10_000; i++) {
      m[2 * i] = rng.uniform(-2.5, 2.5);
      m[2 * i + 1] = rng.uniform(-0.5, 1.5);
    }
    const batch = { rows: 10_000, cols: 2, stride: 2, offset: 0, data: m };
    expect(Array.from(a.indexOf(batch))).toEqual(Array.from(a.indexOfBruteForce(batch)));
  });

  it('builds C centroids inside the box, with the same seed giving the same centroids', () => {
    const opts = {
      cells: 200,
      ranges: [
        [0, 1],
        [-3, 3],
      ] as [number, number][],
      samples: 5000,
    };
    const r = kMeansCentroids({ ...opts, seed: 4 });
    expect(r.centroids.length).toBe(400);
    for (let c = 0; c < 200; c++) {
      expect(r.centroids[2 * c]).toBeGreaterThanOrEqual(0);
      expect(r.centroids[2 * c]).toBeLessThanOrEqual(1);
      expect(r.centroids[2 * c + 1]).toBeGreaterThanOrEqual(-3);
      expect(r.centroids[2 * c + 1]).toBeLessThanOrEqual(3);
    }
    expect(r.stopReason).toBe(r.converged ? 'converged' : 'maxIterations');
    expect(r.iterations).toBeLessThanOrEqual(300);
    expect(kMeansCentroids({ ...opts, seed: 4 }).centroids).toEqual(r.centroids);
    expect(kMeansCentroids({ ...opts, seed: 5 }).centroids).not.toEqual(r.centroids);
  });

  it('k-means centroids score better than uniform random ones (spec A.7.8, C = 512)', () => {
    const C = 512;
    const km = kMeansCentroids({
      cells: C,
      ranges: [
        [0, 1],
        [0, 1],
      ],
      samples: 50_000,
      seed: 1,
    });
    const random = new Float64Array(2 * C);
    new Rng(2).fillUniform(random);
    const qk = quality(km.centroids, C, 100_000, 9);
    const qr = quality(random, C, 100_000, 9);
    expect(qk).toBeLessThan(0.6 * qr);
  });

  it('with grid-centre centroids matches the grid archive away from cell boundaries', () => {
    const n = 10;
    const cen: number[][] = [];
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) cen.push([i + 0.5, j + 0.5]);
    const ranges: [number, number][] = [
      [0, n],
      [0, n],
    ];
    const cvt = new CVTArchive({ solutionDim: 1, cells: n * n, ranges, centroids: cen });
    const grid = new GridArchive({ solutionDim: 1, dims: [n, n], ranges });
    const rng = new Rng(21);
    const pts: number[][] = [];
    while (pts.length < 5000) {
      const p = [rng.uniform(0, n), rng.uniform(0, n)];
      const frac = p.map((v) => v - Math.floor(v));
      if (frac.every((f) => f > 1e-3 && f < 1 - 1e-3)) pts.push(p);
    }
    expect(Array.from(cvt.indexOf(pts))).toEqual(Array.from(grid.indexOf(pts)));
  });

  it('inserts like the grid archive and round-trips through JSON', () => {
    const a = new CVTArchive({
      solutionDim: 2,
      cells: 50,
      ranges: [
        [0, 1],
        [0, 1],
      ],
      samples: 2000,
      qdScoreOffset: -1,
    });
    const rng = new Rng(1);
    for (let it = 0; it < 10; it++) {
      const s: number[][] = [];
      const f: number[] = [];
      const m: number[][] = [];
      for (let i = 0; i < 20; i++) {
        s.push([rng.next(), rng.next()]);
        f.push(rng.normal());
        m.push([rng.next(), rng.next()]);
      }
      a.add(s, f, m);
      checkArchive(a);
    }
    const b = CVTArchive.fromJSON(JSON.parse(JSON.stringify(a.toJSON())));
    expect(snapshot(b)).toEqual(snapshot(a));
    expect(b.centroids).toEqual(a.centroids);
  });

  it('warns on duplicate centroids and rejects bad options', () => {
    const ranges: [number, number][] = [
      [0, 1],
      [0, 1],
    ];
    const dup = new CVTArchive({
      solutionDim: 1,
      cells: 3,
      ranges,
      centroids: [
        [0.1, 0.1],
        [0.5, 0.5],
        [0.1, 0.1],
      ],
    });
    expect(dup.warnings[0]).toMatch(/centroid 2 duplicates/);
    expect(() => new CVTArchive({ solutionDim: 1, cells: 0, ranges })).toThrow(
      /cells must be an integer in \[1, Infinity\]; got 0/,
    );
    expect(() => new CVTArchive({ solutionDim: 1, cells: 10, ranges, samples: 5 })).toThrow(
      /samples must be an integer in \[10, Infinity\]; got 5/,
    );
    expect(
      () =>
        new CVTArchive({
          solutionDim: 1,
          cells: 2,
          ranges,
          centroids: [
            [0, 0, 0],
            [1, 1, 1],
          ],
        }),
    ).toThrow(/centroids must be a matrix with 2 columns/);
    expect(
      () =>
        new CVTArchive({
          solutionDim: 1,
          cells: 2,
          ranges,
          centroids: new Float64Array([0, 0, 1]),
        }),
    ).toThrow(/centroids must be of length 4/);
    expect(() => new CVTArchive({ solutionDim: 1, cells: 2, ranges: [] })).toThrow(
      /@optkit\/map-elites: ranges must be a non-empty array of \[lo, hi\] pairs; got an array/,
    );
    expect(() => kMeansCentroids({ cells: 2, ranges, samples: 10, seed: -1 })).toThrow(
      /@optkit\/map-elites: seed must be an integer in \[0, Infinity\]; got -1/,
    );
  });
});
