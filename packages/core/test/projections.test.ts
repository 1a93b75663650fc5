import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  projectBox,
  projectCappedSimplex,
  projectL1Ball,
  projectSimplex,
  projectSparseSimplex,
  projectTopK,
} from '../src/index.js';

const vec = (min = 1, max = 30) =>
  fc
    .array(fc.double({ min: -10, max: 10, noNaN: true, noDefaultInfinity: true }), {
      minLength: min,
      maxLength: max,
    })
    .map((a) => Float64Array.from(a));

function sum(x: Float64Array): number {
  return x.reduce((s, v) => s + v, 0);
}

describe('simplex and l1 ball', () => {
  it('known answers', () => {
    const p = projectSimplex(Float64Array.of(0.3, -0.2, 0.9));
    expect(p[0]).toBeCloseTo(0.2, 15);
    expect(p[1]).toBe(0);
    expect(p[2]).toBeCloseTo(0.8, 15);
    expect(Array.from(projectSimplex(Float64Array.of(1, 1)))).toEqual([0.5, 0.5]);
    expect(Array.from(projectSimplex(Float64Array.of(2, 0)))).toEqual([1, 0]);
    expect(Array.from(projectL1Ball(Float64Array.of(3, -1), 1))).toEqual([1, 0]);
    expect(Array.from(projectL1Ball(Float64Array.of(0.2, -0.1), 1))).toEqual([0.2, -0.1]);
  });

  it('lands in the simplex, is idempotent, agrees across methods and satisfies the variational inequality', () => {
    fc.assert(
      fc.property(vec(), fc.double({ min: 0.1, max: 5, noNaN: true }), (y, radius) => {
        const copy = Float64Array.from(y);
        const x = projectSimplex(y, { radius });
        expect(y).toEqual(copy);
        for (const v of x) expect(v).toBeGreaterThanOrEqual(0);
        expect(Math.abs(sum(x) - radius)).toBeLessThanOrEqual(
          1e-12 * Math.max(1, radius) * y.length,
        );
        const sorted = projectSimplex(y, { radius, method: 'sort' });
        for (let i = 0; i < x.length; i++)
          expect(Math.abs(x[i] - sorted[i])).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(y[i])));
        const again = projectSimplex(x, { radius });
        for (let i = 0; i < x.length; i++)
          expect(Math.abs(again[i] - x[i])).toBeLessThanOrEqual(1e-12);
        // ⟨y − x, z − x⟩ ≤ 0 for a point z of the simplex (a vertex here).
        for (let j = 0; j < x.length; j++) {
          let inner = 0;
          for (let i = 0; i < x.length; i++)
            inner += (y[i] - x[i]) * ((i === j ? radius : 0) - x[i]);
          expect(inner).toBeLessThanOrEqual(1e-9 * (1 + radius * radius));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('l1 ball projection has norm at most the radius and is idempotent', () => {
    fc.assert(
      fc.property(vec(), (y) => {
        const x = projectL1Ball(y, 2);
        expect(x.reduce((s, v) => s + Math.abs(v), 0)).toBeLessThanOrEqual(2 + 1e-12);
        const again = projectL1Ball(x, 2);
        for (let i = 0; i < x.length; i++) expect(again[i]).toBeCloseTo(x[i], 12);
      }),
    );
  });
});

describe('top-k and sparse simplex', () => {
  it('known answers and the tie rule', () => {
    expect(Array.from(projectTopK(Float64Array.of(3, -5, 1, 5), 2))).toEqual([0, -5, 0, 5]);
    expect(Array.from(projectTopK(Float64Array.of(3, -5, 1, 5), 1))).toEqual([0, -5, 0, 0]);
    const s = projectSparseSimplex(Float64Array.of(0.5, 0.4, 0.3), 2);
    expect(s[0]).toBeCloseTo(0.55, 15);
    expect(s[1]).toBeCloseTo(0.45, 15);
    expect(s[2]).toBe(0);
    expect(Array.from(projectTopK(Float64Array.of(1, 2), 5))).toEqual([1, 2]);
  });

  it('sparse simplex: in the simplex with ≤ k nonzeros, idempotent, equal to the brute-force best support', () => {
    fc.assert(
      fc.property(vec(1, 7), fc.integer({ min: 1, max: 7 }), (y, k) => {
        const x = projectSparseSimplex(y, k);
        expect(x.filter((v) => v !== 0).length).toBeLessThanOrEqual(k);
        expect(Math.abs(sum(x) - 1)).toBeLessThan(1e-12);
        const again = projectSparseSimplex(x, k);
        for (let i = 0; i < x.length; i++) expect(again[i]).toBeCloseTo(x[i], 12);
        // Brute force over supports of size min(k, n).
        const n = y.length;
        let best = Number.POSITIVE_INFINITY;
        for (let mask = 1; mask < 1 << n; mask++) {
          let bits = 0;
          for (let i = 0; i < n; i++) if (mask & (1 << i)) bits++;
          if (bits > k) continue;
          const idx = [...Array(n).keys()].filter((i) => mask & (1 << i));
          const p = projectSimplex(Float64Array.from(idx, (i) => y[i]));
          let d = 0;
          const z = new Float64Array(n);
          idx.forEach((i, t) => {
            z[i] = p[t];
          });
          for (let i = 0; i < n; i++) d += (z[i] - y[i]) ** 2;
          best = Math.min(best, d);
        }
        let dx = 0;
        for (let i = 0; i < n; i++) dx += (x[i] - y[i]) ** 2;
        expect(dx).toBeLessThanOrEqual(best + 1e-9);
      }),
      { numRuns: 200 },
    );
  });

  it('top-k keeps exactly min(k, n) entries of largest magnitude', () => {
    fc.assert(
      fc.property(vec(), fc.integer({ min: 0, max: 40 }), (y, k) => {
        const x = projectTopK(y, k);
        const kept = Array.from(x.keys()).filter((i) => x[i] !== 0 || (y[i] === 0 && false));
        expect(kept.length).toBeLessThanOrEqual(Math.min(k, y.length));
        const minKept = Math.min(...kept.map((i) => Math.abs(y[i])), Number.POSITIVE_INFINITY);
        for (let i = 0; i < y.length; i++)
          if (x[i] === 0) expect(Math.abs(y[i])).toBeLessThanOrEqual(minKept);
      }),
    );
  });
});

describe('box and capped simplex', () => {
  it('box clips and capped simplex respects caps and the sum', () => {
    expect(Array.from(projectBox(Float64Array.of(-1, 0.5, 2), 0, 1))).toEqual([0, 0.5, 1]);
    fc.assert(
      fc.property(vec(2, 20), (y) => {
        const cap = 0.6;
        const radius = Math.min(1, 0.6 * y.length);
        const x = projectCappedSimplex(y, cap, radius);
        for (const v of x) {
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(cap);
        }
        expect(Math.abs(sum(x) - radius)).toBeLessThan(1e-9);
      }),
    );
    expect(() => projectCappedSimplex(Float64Array.of(1, 2), 0.1, 1)).toThrow(
      /cap must be summing/,
    );
  });
});

describe('bad input', () => {
  it('names the argument, the rule and the value', () => {
    expect(() => projectSimplex(Float64Array.of(1, Number.NaN))).toThrow(
      '@optkit/core: y[1] must be finite; got NaN',
    );
    expect(() => projectSimplex(Float64Array.of(1), { radius: 0 })).toThrow(
      /radius must be in \(0, Infinity\); got 0/,
    );
    expect(() => projectSimplex(new Float64Array(0))).toThrow(/non-empty/);
    expect(() => projectTopK(Float64Array.of(1), -1)).toThrow(
      /k must be an integer in \[0, Infinity\]; got -1/,
    );
    expect(() => projectSparseSimplex(Float64Array.of(1), 1.5)).toThrow(/k must be an integer/);
    expect(() => projectBox(Float64Array.of(1), 2, 1)).toThrow(/lower\[0\] must be <= upper\[0\]/);
  });
});
