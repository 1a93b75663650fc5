import FFT from 'fft.js';
import { describe, expect, it } from 'vitest';
import {
  chooseStrategy,
  DEFAULT_COST_MODEL,
  hammingDistances,
  matchCountsFFT,
} from '../src/index.js';
import { bruteForce, expectSame, randomCodes } from './helpers.js';

describe('fft.js contract (spec B.7.10)', () => {
  it('realTransform + completeSpectrum equals transform of the complexified input', () => {
    for (const N of [4, 8, 64, 1024]) {
      const f = new FFT(N);
      const x = Float64Array.from({ length: N }, (_, i) => Math.sin(i * 1.7) + (i % 3));
      const real = new Float64Array(2 * N);
      f.realTransform(real, x);
      f.completeSpectrum(real);
      const cx = new Float64Array(2 * N);
      for (let i = 0; i < N; i++) cx[2 * i] = x[i];
      const full = new Float64Array(2 * N);
      f.transform(full, cx);
      for (let k = 0; k < 2 * N; k++) expect(Math.abs(real[k] - full[k])).toBeLessThan(1e-9);
    }
  });

  it('inverseTransform(transform(x)) ≈ x to 1e-12, with the 1/N scaling included', () => {
    const N = 2048;
    const f = new FFT(N);
    const x = Float64Array.from({ length: 2 * N }, (_, i) => Math.cos(i * 0.37));
    const X = new Float64Array(2 * N);
    const y = new Float64Array(2 * N);
    f.transform(X, x);
    f.inverseTransform(y, X);
    for (let k = 0; k < 2 * N; k++) expect(Math.abs(y[k] - x[k])).toBeLessThan(1e-12);
  });
});

describe('matchCountsFFT', () => {
  it('counts matches of the listed symbols only', () => {
    expect(Array.from(matchCountsFFT([0, 1, 0, 1], [0, 1], [0]))).toEqual([1, 0, 1]);
    const t = randomCodes(3000, 5, 1);
    const p = randomCodes(300, 5, 2);
    const M = matchCountsFFT(t, p, [1, 3, 4], { blockSize: 512 });
    for (let i = 0; i < M.length; i += 97) {
      let c = 0;
      for (let j = 0; j < 300; j++) if (t[i + j] === p[j] && p[j] !== 0 && p[j] !== 2) c++;
      expect(M[i]).toBe(c);
    }
  });
});

describe('memory stays bounded (blocks)', () => {
  it('N depends on m, not n; a small budget splits the symbols into groups', () => {
    const m = 100;
    const t = randomCodes(200_000, 8, 1);
    const p = t.slice(5000, 5000 + m);
    p[3] = (p[3] + 1) % 8;
    const sizes = [20_000, 200_000].map(
      (n) => hammingDistances(t.subarray(0, n), p, { strategy: 'fft' }).stats,
    );
    for (const s of sizes) {
      expect(s.fftSize).toBeLessThanOrEqual(256 * 128);
      expect(s.blocks).toBe(Math.ceil((s.n - m + 1) / (s.fftSize - m + 1)));
    }
    expect(sizes[1].blocks).toBeGreaterThan(4);
    // 8 symbols = 4 pairs of spectra; a budget of 2 pairs at N = 256 needs two text passes.
    const N = 256;
    const ref = hammingDistances(t, p, { strategy: 'naive' }).distances;
    const grouped = hammingDistances(t, p, {
      strategy: 'fft',
      blockSize: N,
      memoryBudgetBytes: 14 * 8 * N + 2 * 16 * N,
    });
    expect(grouped.stats.symbolGroups).toBe(2);
    expectSame(grouped.distances, ref);
    expect(grouped.distances[5000]).toBe(1);
  });
});

describe('precision (spec B.3.7, B.7.9)', () => {
  // B.7.9 asks for n = 2^22, m = 2^20; these are 4× (σ = 2) and 16× (σ = 64) smaller to keep
  // the suite fast. The a-priori bound grows like sqrt(m·N)·log N, so the margin shrinks by
  // less than 5× at the full size.
  it.each([
    [2, 2 ** 20, 2 ** 18],
    [64, 2 ** 18, 2 ** 16],
  ])(
    'sigma = %i, n = %i, m = %i: rounding error < 1e-6, counts exact',
    (sigma, n, m) => {
      const t = randomCodes(n, sigma, sigma);
      const p = t.slice(12345, 12345 + m);
      const r = hammingDistances(t, p, { strategy: 'fft' });
      expect(r.stats.binary).toBe(sigma === 2);
      expect(r.stats.maxRoundingError).toBeLessThan(1e-6);
      expect(r.distances[12345]).toBe(0);
      for (const i of [0, 1, 777, 99_999, n - m]) {
        let d = 0;
        for (let j = 0; j < m; j++) if (t[i + j] !== p[j]) d++;
        expect(r.distances[i]).toBe(d);
      }
    },
    60_000,
  );
});

describe('cost model and choice', () => {
  it('auto takes naive for tiny inputs and the FFT for long DNA patterns', () => {
    expect(chooseStrategy(100, 10, [25, 25, 25, 25], [3, 3, 2, 2]).strategy).toBe('naive');
    const dna = chooseStrategy(
      1_000_000,
      1024,
      [250000, 250000, 250000, 250000],
      [256, 256, 256, 256],
    );
    expect(dna.strategy).toBe('fft');
    expect(dna.fftSymbols.length).toBe(4);
  });

  it('abrahamson puts frequent symbols on the FFT side and rare ones on the direct side', () => {
    const countsT = Array.from({ length: 95 }, (_, r) => Math.round(1e6 / (r + 1) / 5.14));
    const countsP = Array.from({ length: 95 }, (_, r) => Math.round(8192 / (r + 1) / 5.14));
    const c = chooseStrategy(1_000_000, 8192, countsT, countsP);
    expect(c.strategy).toBe('abrahamson');
    expect(c.fftSymbols.length).toBeGreaterThan(0);
    expect(c.directSymbols.length).toBeGreaterThan(0);
    // The split is by rank of cT·cP: every FFT symbol is more frequent than every direct one.
    expect(Math.max(...c.fftSymbols)).toBeLessThan(Math.min(...c.directSymbols));
  });

  it('a user cost model changes the choice', () => {
    const cheapNaive = chooseStrategy(
      1_000_000,
      1024,
      [250000, 250000, 250000, 250000],
      [256, 256, 256, 256],
      {
        naive: 0.001,
      },
    );
    expect(cheapNaive.strategy).toBe('naive');
    expect(DEFAULT_COST_MODEL.naive).toBeGreaterThan(0.001);
  });

  it('the chosen strategy gives the same distances as brute force on its example', () => {
    const t = randomCodes(4000, 4, 3);
    const p = t.slice(100, 400);
    expect(hammingDistances(t, p).distances).toEqual(bruteForce(t, p));
  });
});
