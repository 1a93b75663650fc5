import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hammingDistances, type Strategy } from '../src/index.js';
import { bruteForce, checkInvariants, expectSame, randomCodes } from './helpers.js';

const EXACT: Strategy[] = ['naive', 'fft', 'abrahamson', 'auto'];

/** Text over an alphabet of 2..300 symbols; pattern cut from it or random; 1 ≤ m ≤ n. */
const instance = fc
  .record({
    sigma: fc.integer({ min: 2, max: 300 }),
    n: fc.integer({ min: 1, max: 400 }),
    seed: fc.integer({ min: 1, max: 2 ** 30 }),
    mFrac: fc.double({ min: 0, max: 1, noNaN: true }),
    cut: fc.boolean(),
    offset: fc.nat(),
  })
  .map(({ sigma, n, seed, mFrac, cut, offset }) => {
    const t = randomCodes(n, sigma, seed);
    const m = 1 + Math.min(n - 1, Math.floor(mFrac * n));
    const at = offset % (n - m + 1);
    const p = cut ? t.slice(at, at + m) : randomCodes(m, sigma, seed ^ 0x5bd1e995);
    return { t, p, sigma };
  });

describe('every strategy equals the brute-force count (fast-check)', () => {
  it.each(EXACT)('%s', (strategy) => {
    fc.assert(
      fc.property(instance, ({ t, p }) => {
        const d = hammingDistances(t, p, { strategy }).distances;
        expectSame(d, bruteForce(t, p));
        checkInvariants(t, p, d);
      }),
      { numRuns: 150, seed: 42 },
    );
  });

  it('bitparallel on alphabets of at most 4 symbols (text and pattern codes mixed)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 700 }),
        fc.integer({ min: 1, max: 2 ** 30 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (sigma, n, seed, mFrac) => {
          const t = randomCodes(n, sigma, seed);
          const m = 1 + Math.min(n - 1, Math.floor(mFrac * n));
          const p = randomCodes(m, sigma, seed + 7);
          const d = hammingDistances(t, p, { strategy: 'bitparallel' }).distances;
          expectSame(d, bruteForce(t, p));
        },
      ),
      { numRuns: 200, seed: 7 },
    );
  });

  it('fft and abrahamson with every forced block size and a budget forcing symbol groups', () => {
    fc.assert(
      fc.property(instance, fc.integer({ min: 0, max: 3 }), ({ t, p }, extra) => {
        let N = 4;
        while (N < p.length) N *= 2;
        N *= 2 ** extra;
        const ref = bruteForce(t, p);
        expectSame(hammingDistances(t, p, { strategy: 'fft', blockSize: N }).distances, ref);
        const tight = 14 * 8 * N + 16 * N;
        const grouped = hammingDistances(t, p, {
          strategy: 'fft',
          blockSize: N,
          memoryBudgetBytes: tight,
        });
        expectSame(grouped.distances, ref);
        expectSame(hammingDistances(t, p, { strategy: 'abrahamson', blockSize: N }).distances, ref);
      }),
      { numRuns: 120, seed: 3 },
    );
  });
});

/** Codes skewed towards 0 (u^4 quantised), so symbol frequencies spread over orders of size. */
function skewedCodes(length: number, sigma: number, seed: number): Int32Array {
  const u = randomCodes(length, 2 ** 30, seed);
  return u.map((x) => Math.floor(sigma * (x / 2 ** 30) ** 4));
}

describe('every execution path on fast-check random inputs', () => {
  it('abrahamson with mixed FFT / direct splits (forced through the cost model)', () => {
    // With uniform codes and default costs the split is almost always all-direct or all-FFT
    // on small inputs; skewed frequencies and a ladder of direct-increment costs move the
    // per-symbol threshold through the mixed range.
    let mixedInstances = 0;
    let runs = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 300 }),
        fc.integer({ min: 64, max: 1500 }),
        fc.integer({ min: 1, max: 2 ** 30 }),
        fc.double({ min: 0.05, max: 0.6, noNaN: true }),
        fc.boolean(),
        (sigma, n, seed, mFrac, cut) => {
          runs++;
          const t = skewedCodes(n, sigma, seed);
          const m = Math.max(1, Math.floor(mFrac * n));
          const p = cut ? t.slice(n - m) : skewedCodes(m, sigma, seed ^ 0x5bd1e995);
          const ref = bruteForce(t, p);
          let mixed = false;
          for (let e = 0; e <= 12; e++) {
            const r = hammingDistances(t, p, {
              strategy: 'abrahamson',
              costModel: { directIncrement: 2 ** e },
            });
            expectSame(r.distances, ref);
            if (r.stats.fftSymbols > 0 && r.stats.directSymbols > 0) mixed = true;
          }
          if (mixed) mixedInstances++;
        },
      ),
      { numRuns: 100, seed: 21 },
    );
    // The property must have exercised the mixed split on most instances.
    expect(mixedInstances).toBeGreaterThanOrEqual(runs / 2);
  });

  it('auto equals brute force under any cost model (the model changes the plan, not the answer)', () => {
    const chosen = new Set<string>();
    const logUniform = fc.integer({ min: -10, max: 10 }).map((e) => 2 ** e);
    fc.assert(
      fc.property(
        instance,
        fc.record({
          naive: logUniform,
          bitParallel: logUniform,
          fftPerNlogN: logUniform,
          ifftPerNlogN: logUniform,
          directIncrement: logUniform,
        }),
        ({ t, p }, costModel) => {
          const r = hammingDistances(t, p, { costModel });
          chosen.add(r.stats.strategy);
          expectSame(r.distances, bruteForce(t, p));
        },
      ),
      { numRuns: 200, seed: 13 },
    );
    expect([...chosen].sort()).toEqual(['abrahamson', 'bitparallel', 'fft', 'naive']);
  });
});

describe('block boundaries and alphabet sizes of spec B.7.2', () => {
  it.each([1, 2, 3, 4, 26, 1000])('sigma = %i, W ≡ 0, 1, L−1 (mod L) and N = m', (sigma) => {
    for (const m of [16, 33, 64]) {
      const N = 64;
      const L = N - m + 1;
      for (const W of [L, 3 * L, 3 * L + 1, 4 * L - 1, 1, 2]) {
        const n = W + m - 1;
        const t = randomCodes(n, sigma, 11 * W + m + sigma);
        const p = randomCodes(m, sigma, 13 * W + m);
        const ref = bruteForce(t, p);
        for (const strategy of ['fft', 'abrahamson'] as const) {
          expectSame(hammingDistances(t, p, { strategy, blockSize: N }).distances, ref);
        }
      }
    }
  });

  it('larger random inputs, n = 5000', () => {
    for (const sigma of [2, 4, 26, 1000]) {
      for (const m of [1, 40, 700, 2500, 5000]) {
        const t = randomCodes(5000, sigma, sigma + m);
        const p = t.slice(5000 - m);
        p[0] = (p[0] + 1) % sigma;
        const ref = bruteForce(t, p);
        for (const strategy of EXACT) {
          expectSame(hammingDistances(t, p, { strategy }).distances, ref);
        }
        if (sigma <= 4) {
          expectSame(hammingDistances(t, p, { strategy: 'bitparallel' }).distances, ref);
        }
      }
    }
  });
});

describe('symmetries (spec B.7.4)', () => {
  it('relabelling symbols by a bijection leaves HD unchanged; reversal reverses it', () => {
    fc.assert(
      fc.property(instance, fc.integer({ min: 1, max: 1000 }), ({ t, p, sigma }, shift) => {
        const d = hammingDistances(t, p).distances;
        const relabel = (a: Int32Array) => a.map((c) => (c * 7 + shift) % (7 * sigma + 1));
        expectSame(hammingDistances(relabel(t), relabel(p)).distances, d);
        const rt = t.slice().reverse();
        const rp = p.slice().reverse();
        expect(hammingDistances(rt, rp).distances).toEqual(d.slice().reverse());
      }),
      { numRuns: 100, seed: 5 },
    );
  });

  it('the three ±1 characters (4 shared symbols) equal the indicator path and brute force', () => {
    for (let s = 1; s <= 20; s++) {
      const t = randomCodes(500 + 37 * s, 4, s);
      const p = randomCodes(1 + ((s * 53) % 400), 4, s + 50);
      const w = hammingDistances(t, p, { strategy: 'fft' });
      expect(w.stats.walsh).toBe(true);
      expect(w.distances).toEqual(bruteForce(t, p));
      // A fifth symbol in the text turns the characters off (5 classes).
      const t5 = Int32Array.from([...t, 4]);
      const ind = hammingDistances(t5, p, { strategy: 'fft' });
      expect(ind.stats.walsh).toBe(false);
      expect(ind.distances.subarray(0, w.distances.length)).toEqual(w.distances);
    }
  });

  it('the binary ±1 path equals the general path', () => {
    for (let s = 1; s <= 30; s++) {
      const t = randomCodes(300 + 17 * s, 2, s);
      const p = randomCodes(1 + ((s * 37) % 250), 2, s + 100);
      const bin = hammingDistances(t, p, { strategy: 'fft' });
      expect(bin.stats.binary).toBe(true);
      // A third symbol in the text (at a position no window uses) disables the binary path.
      const t3 = Int32Array.from([...t, 2]);
      const gen = hammingDistances(t3, p, { strategy: 'fft' });
      expect(gen.stats.binary).toBe(false);
      expect(gen.distances.subarray(0, bin.distances.length)).toEqual(bin.distances);
    }
  });
});
