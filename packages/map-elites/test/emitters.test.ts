import { Rng } from '@optkit/core';
import { describe, expect, it } from 'vitest';
import { GaussianEmitter, GridArchive, IsoLineEmitter } from '../src/index.js';
import { Stream } from '../src/random.js';
import { ksNormal, ksTwo } from './helpers.js';

/** KS critical value at alpha = 0.001: 1.95 / sqrt(n) (one sample), scaled for two. */
const ks1 = (n: number) => 1.95 / Math.sqrt(n);
const ks2 = (n: number, m: number) => 1.95 * Math.sqrt((n + m) / (n * m));

const archiveOf = (n: number) =>
  new GridArchive({
    solutionDim: n,
    dims: [10, 10],
    ranges: [
      [-1, 1],
      [-1, 1],
    ],
  });

describe('random stream', () => {
  it("reproduces core's xoshiro128** outputs for the same seed", () => {
    const s = new Stream(12345);
    const r = new Rng(12345);
    for (let i = 0; i < 1000; i++) expect(s.nextU32()).toBe(r.nextU32());
    for (let i = 0; i < 100; i++) expect(s.next()).toBe(r.next());
  });

  it('gives standard normal deviates (KS, moments, tail mass beyond the ziggurat base)', () => {
    const s = new Stream(99);
    const N = 200_000;
    const z = new Float64Array(N);
    const zero = new Float64Array(N);
    s.addNormal(z, 0, zero, 0, N, 1);
    expect(ksNormal(z)).toBeLessThan(ks1(N));
    let m1 = 0;
    let m2 = 0;
    let tail = 0;
    for (const v of z) {
      m1 += v;
      m2 += v * v;
      if (Math.abs(v) > 3.442619855899) tail++;
    }
    expect(Math.abs(m1 / N)).toBeLessThan(4 / Math.sqrt(N));
    expect(Math.abs(m2 / N - 1)).toBeLessThan(4 * Math.sqrt(2 / N));
    // P(|Z| > 3.4426) = 5.76e-4: 115 expected, sd about 11.
    expect(tail).toBeGreaterThan(70);
    expect(tail).toBeLessThan(160);
    const scalar = new Float64Array(N);
    for (let i = 0; i < N; i++) scalar[i] = s.normal();
    expect(ksNormal(scalar)).toBeLessThan(ks1(N));
  });

  it('continues bit for bit after a JSON round trip', () => {
    const s = new Stream(7);
    s.normal();
    const t = Stream.fromJSON(JSON.parse(JSON.stringify(s.toJSON())));
    const a = new Float64Array(500);
    const b = new Float64Array(500);
    s.addNormal(a, 0, new Float64Array(500), 0, 500, 1);
    t.addNormal(b, 0, new Float64Array(500), 0, 500, 1);
    expect(b).toEqual(a);
  });
});

describe('GaussianEmitter', () => {
  it('starts from x0 + sigma N(0, I), then mutates elites with sigma', () => {
    const n = 4;
    const archive = archiveOf(n);
    const e = new GaussianEmitter(archive, { sigma: 0.5, x0: [1, 2, 3, 4], batchSize: 5000 });
    const first = e.ask();
    expect(first.rows).toBe(5000);
    const z: number[] = [];
    for (let i = 0; i < first.rows; i++) {
      for (let j = 0; j < n; j++) z.push((first.data[i * n + j] - (j + 1)) / 0.5);
    }
    expect(ksNormal(z)).toBeLessThan(ks1(z.length));

    archive.add([[0, 0, 0, 0]], [1], [[0, 0]]);
    const next = e.ask();
    const d = Array.from(next.data, (v) => v / 0.5);
    expect(ksNormal(d)).toBeLessThan(ks1(d.length));
  });

  it('clips offspring to the bounds and draws the initial batch uniformly in them', () => {
    const archive = archiveOf(2);
    const bounds: [number, number][] = [
      [0, 1],
      [-1, 0],
    ];
    const e = new GaussianEmitter(archive, { sigma: 5, bounds, batchSize: 200, seed: 3 });
    const init = e.ask();
    for (let i = 0; i < 200; i++) {
      expect(init.data[2 * i]).toBeGreaterThanOrEqual(0);
      expect(init.data[2 * i]).toBeLessThan(1);
      expect(init.data[2 * i + 1]).toBeGreaterThanOrEqual(-1);
      expect(init.data[2 * i + 1]).toBeLessThan(0);
    }
    archive.add([[0.5, -0.5]], [0], [[0, 0]]);
    const x = e.ask();
    let atBound = 0;
    for (let i = 0; i < 200; i++) {
      const a = x.data[2 * i];
      const b = x.data[2 * i + 1];
      expect(a >= 0 && a <= 1 && b >= -1 && b <= 0).toBe(true);
      if (a === 0 || a === 1) atBound++;
    }
    expect(atBound).toBeGreaterThan(100); // sigma 5 pushes most draws past a bound
  });

  it('returns initialSolutions while the archive is empty', () => {
    const archive = archiveOf(2);
    const init = [
      [1, 2],
      [3, 4],
      [5, 6],
    ];
    const e = new GaussianEmitter(archive, { sigma: 1, initialSolutions: init });
    expect(Array.from(e.ask().data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(e.ask().data)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('supports a per-coordinate sigma', () => {
    const archive = archiveOf(2);
    archive.add([[0, 0]], [0], [[0, 0]]);
    const e = new GaussianEmitter(archive, { sigma: [1, 1e-3], batchSize: 4000, seed: 8 });
    const x = e.ask();
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < x.rows; i++) {
      a.push(x.data[2 * i]);
      b.push(x.data[2 * i + 1] / 1e-3);
    }
    expect(ksNormal(a)).toBeLessThan(ks1(4000));
    expect(ksNormal(b)).toBeLessThan(ks1(4000));
  });

  it('rejects bad options with clear messages', () => {
    const archive = archiveOf(3);
    expect(() => new GaussianEmitter(archive, { sigma: 0 })).toThrow(
      /@optkit\/map-elites: sigma must be in \(0, Infinity\); got 0/,
    );
    expect(() => new GaussianEmitter(archive, { sigma: NaN })).toThrow(/sigma must be a finite/);
    expect(() => new GaussianEmitter(archive, { sigma: [1, 1] })).toThrow(
      /sigma must be of length 3; got length 2/,
    );
    expect(() => new GaussianEmitter(archive, { sigma: 1, batchSize: 0 })).toThrow(
      /batchSize must be an integer in \[1, Infinity\]; got 0/,
    );
    expect(() => new GaussianEmitter(archive, { sigma: 1, x0: [0, 0] })).toThrow(
      /x0 must be of length 3/,
    );
    expect(
      () =>
        new GaussianEmitter(archive, {
          sigma: 1,
          bounds: [
            [0, 1],
            [1, 0],
            [0, 1],
          ],
        }),
    ).toThrow(/bounds\[1\] must be a pair with lo <= hi; got \[1, 0\]/);
    expect(() => new GaussianEmitter(archive, { sigma: 1, initialSolutions: [[1, 2]] })).toThrow(
      /initialSolutions must be a matrix with 3 columns/,
    );
  });
});

describe('IsoLineEmitter', () => {
  it('reduces to Gaussian mutation with sigma_iso when both parents coincide (spec A.7.7)', () => {
    const n = 5;
    const parent = [0.3, -0.2, 0.1, 0.7, -0.9];
    const iso = archiveOf(n);
    iso.add([parent], [1], [[0, 0]]);
    const gauss = archiveOf(n);
    gauss.add([parent], [1], [[0, 0]]);
    const a = new IsoLineEmitter(iso, { isoSigma: 0.05, lineSigma: 0.2, batchSize: 2000, seed: 1 });
    const b = new GaussianEmitter(gauss, { sigma: 0.05, batchSize: 2000, seed: 2 });
    const xa = a.ask();
    const xb = b.ask();
    const za = Array.from(xa.data, (v, t) => (v - parent[t % n]) / 0.05);
    const zb = Array.from(xb.data, (v, t) => (v - parent[t % n]) / 0.05);
    expect(ksNormal(za)).toBeLessThan(ks1(za.length));
    expect(ksTwo(za, zb)).toBeLessThan(ks2(za.length, zb.length));
  });

  it('moves along the line between two elites with one shared scalar', () => {
    const archive = archiveOf(3);
    archive.add(
      [
        [0, 0, 0],
        [1, 2, 3],
      ],
      [1, 1],
      [
        [-0.9, -0.9],
        [0.9, 0.9],
      ],
    );
    // A tiny isotropic step exposes the line term: each offspring is x_i + g (x_j - x_i).
    const e = new IsoLineEmitter(archive, { isoSigma: 1e-12, lineSigma: 1, batchSize: 400 });
    const x = e.ask();
    let onLine = 0;
    for (let i = 0; i < x.rows; i++) {
      const r = [x.data[3 * i], x.data[3 * i + 1], x.data[3 * i + 2]];
      const fromOrigin = Math.abs(r[1] - 2 * r[0]) < 1e-9 && Math.abs(r[2] - 3 * r[0]) < 1e-9;
      const fromOther =
        Math.abs(r[1] - 2 - 2 * (r[0] - 1)) < 1e-9 && Math.abs(r[2] - 3 - 3 * (r[0] - 1)) < 1e-9;
      expect(fromOrigin || fromOther).toBe(true);
      if (Math.abs(r[0]) > 1e-6 && Math.abs(r[0] - 1) > 1e-6) onLine++;
    }
    expect(onLine).toBeGreaterThan(150); // about half the pairs are distinct parents
  });

  it('uses the pyribs defaults and rejects bad scales', () => {
    const archive = archiveOf(2);
    const e = new IsoLineEmitter(archive);
    expect(e.isoSigma).toBe(0.01);
    expect(e.lineSigma).toBe(0.2);
    expect(e.batchSize).toBe(64);
    expect(() => new IsoLineEmitter(archive, { isoSigma: -1 })).toThrow(/isoSigma must be in/);
    expect(() => new IsoLineEmitter(archive, { lineSigma: -1 })).toThrow(
      /lineSigma must be in \[0, Infinity\); got -1/,
    );
  });
});

describe('exact draws (replayed on a Stream with the same seed)', () => {
  const n = 6;
  const parent = [0.3, -0.2, 0.1, 0.7, -0.9, 2.5];
  const single = () => {
    const a = archiveOf(n);
    a.add([parent], [1], [[0, 0]]);
    return a;
  };

  it('Gaussian: parent index, then n normals per offspring', () => {
    const e = new GaussianEmitter(single(), { sigma: 0.3, batchSize: 50, seed: 21 });
    const x = e.ask();
    const s = new Stream(21);
    const want = new Float64Array(50 * n);
    for (let i = 0; i < 50; i++) {
      expect(s.index(1)).toBe(0);
      s.addNormal(want, i * n, Float64Array.from(parent), 0, n, 0.3);
    }
    expect(x.data).toEqual(want);
  });

  it('Iso+LineDD with coinciding parents is x + isoSigma z exactly (spec A.7.7)', () => {
    // With x_i = x_j the line term adds lineSigma * g * 0: every offspring is the Gaussian
    // mutation of the parent with isoSigma; the line normal g is drawn and has no effect.
    const e = new IsoLineEmitter(single(), {
      isoSigma: 0.3,
      lineSigma: 0.7,
      batchSize: 50,
      seed: 21,
    });
    const x = e.ask();
    const s = new Stream(21);
    const want = new Float64Array(50 * n);
    for (let i = 0; i < 50; i++) {
      s.index(1);
      s.index(1);
      s.addNormal(want, i * n, Float64Array.from(parent), 0, n, 0.3);
      s.normal();
    }
    expect(x.data).toEqual(want);
  });

  it('Iso+LineDD with two elites follows x_i + isoSigma z + lineSigma g (x_j - x_i)', () => {
    const a = archiveOf(2);
    a.add(
      [
        [0, 1],
        [4, -1],
      ],
      [1, 1],
      [
        [-0.5, 0],
        [0.5, 0],
      ],
    );
    const e = new IsoLineEmitter(a, { isoSigma: 0.1, lineSigma: 0.5, batchSize: 30, seed: 3 });
    const x = e.ask();
    const s = new Stream(3);
    const first = a.indexOf([[-0.5, 0]])[0];
    // The elite of the k-th occupied cell (uniform parent draws index the insertion order).
    const eliteAt = (k: number) => (a.eliteCell(k) === first ? [0, 1] : [4, -1]);
    for (let r = 0; r < 30; r++) {
      const xi = eliteAt(s.index(2));
      const xj = eliteAt(s.index(2));
      const z = new Float64Array(2);
      s.addNormal(z, 0, new Float64Array(2), 0, 2, 1);
      const g = 0.5 * s.normal();
      for (let t = 0; t < 2; t++) {
        const want = xi[t] + 0.1 * z[t] + g * (xj[t] - xi[t]);
        expect(x.data[2 * r + t]).toBeCloseTo(want, 12);
      }
    }
  });
});

describe('batch size < 1 (spec A.9)', () => {
  it('rejects 0, negative and fractional batch sizes and leaves the archive unchanged', () => {
    const archive = archiveOf(2);
    archive.add([[0, 0]], [1], [[0, 0]]);
    const before = JSON.stringify(archive.toJSON());
    for (const batchSize of [0, -3, 2.5, NaN]) {
      expect(() => new GaussianEmitter(archive, { sigma: 1, batchSize })).toThrow(
        /@optkit\/map-elites: batchSize must be an integer/,
      );
      expect(() => new IsoLineEmitter(archive, { batchSize })).toThrow(
        /@optkit\/map-elites: batchSize must be an integer/,
      );
    }
    expect(() => new GaussianEmitter(archive, { sigma: 1, batchSize: 0 })).toThrow(
      /batchSize must be an integer in \[1, Infinity\]; got 0/,
    );
    expect(JSON.stringify(archive.toJSON())).toBe(before);
  });
});
