import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type KMismatchMethod, kMismatch } from '../src/index.js';
import { bruteForce, randomCodes } from './helpers.js';

const METHODS: KMismatchMethod[] = ['auto', 'early-exit', 'pigeonhole', 'exact'];

function masked(d: Int32Array, k: number): Int32Array {
  return d.map((v) => (v <= k ? v : -1));
}

describe('kMismatch equals exact distances masked at k (spec B.7.7)', () => {
  it.each(METHODS)('%s, k ∈ {0, 1, m/10, m−1, m}', (method) => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 500 }),
        fc.integer({ min: 1, max: 2 ** 30 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.boolean(),
        (sigma, n, seed, mFrac, cut) => {
          const t = randomCodes(n, sigma, seed);
          const m = 1 + Math.min(n - 1, Math.floor(mFrac * n));
          const p = cut ? t.slice(n - m) : randomCodes(m, sigma, seed + 1);
          if (cut && m > 2) p[m >> 1] = (p[m >> 1] + 1) % sigma;
          const exact = bruteForce(t, p);
          for (const k of [0, 1, Math.floor(m / 10), m - 1, m]) {
            const r = kMismatch(t, p, k, { method });
            const want = masked(exact, k);
            expect(r.distances).toEqual(want);
            const pos = [...want.keys()].filter((i) => want[i] >= 0);
            expect(Array.from(r.positions)).toEqual(pos);
            if (method !== 'auto') expect(r.method).toBe(method);
          }
        },
      ),
      { numRuns: 60, seed: 9 },
    );
  });

  it('k = 0 reproduces the exact occurrences found by indexOf', () => {
    const t = 'abracadabra abracadabra cadabra'.repeat(20);
    for (const p of ['abra', 'cad', 'a', 'abracadabra ']) {
      const want: number[] = [];
      for (let i = t.indexOf(p); i >= 0; i = t.indexOf(p, i + 1)) want.push(i);
      for (const method of METHODS) {
        expect(Array.from(kMismatch(t, p, 0, { method }).positions)).toEqual(want);
      }
    }
  });

  it('pigeonhole verifies only a few candidates on random DNA with a selective filter', () => {
    const t = randomCodes(20000, 4, 5);
    const p = t.slice(1000, 1400);
    p[7] = (p[7] + 1) % 4;
    const r = kMismatch(t, p, 3, { method: 'pigeonhole' });
    expect(Array.from(r.positions)).toEqual([1000]);
    expect(r.distances[1000]).toBe(1);
    expect(r.verifiedShifts).toBeLessThan(50);
    expect(r.method).toBe('pigeonhole');
  });

  it('rejects bad k', () => {
    expect(() => kMismatch('abc', 'a', -1)).toThrow(
      /k must be an integer in \[0, Infinity\]; got -1/,
    );
    expect(() => kMismatch('abc', 'a', 1.5)).toThrow(/k must be an integer; got 1.5/);
    expect(() => kMismatch('abc', 'a', Number.NaN)).toThrow(RangeError);
    expect(() => kMismatch('abc', 'a', 1, { method: 'fast' as never })).toThrow(
      /options.method must be one of/,
    );
  });
});
