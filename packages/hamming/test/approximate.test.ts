import { describe, expect, it } from 'vitest';
import { approximateHammingDistances } from '../src/index.js';
import { bruteForce, randomCodes } from './helpers.js';

/** Text of 30 symbols with a pattern cut from it and perturbed, so distances spread widely. */
function instance(seed: number) {
  const t = randomCodes(1500, 30, seed);
  const p = t.slice(400, 520);
  for (let j = 0; j < p.length; j += 5) p[j] = (p[j] + 1) % 30;
  return { t, p, hd: bruteForce(t, p) };
}

describe('approximate distances stay within their stated guarantee (spec B.7.8)', () => {
  it('hash-max: lower ≤ HD always and HD ≤ estimate ≤ (1+ε)·HD, over 50 seeds', () => {
    const { t, p, hd } = instance(3);
    const eps = 0.5;
    let failures = 0;
    for (let seed = 0; seed < 50; seed++) {
      const r = approximateHammingDistances(t, p, { epsilon: eps, seed, reps: 12 });
      expect(r.exact).toBe(false);
      expect(r.repetitions).toBe(12);
      let ok = true;
      let lowerAbove = 0;
      for (let i = 0; i < hd.length; i++) {
        if (r.lower![i] > hd[i]) lowerAbove++;
        if (r.estimates[i] < hd[i] - 1e-9 || r.estimates[i] > (1 + eps) * hd[i] + 1e-9) ok = false;
      }
      expect(lowerAbove).toBe(0);
      if (!ok) failures++;
    }
    // Failure probability per run ≤ W·2^-12 ≈ 0.34; the bound is loose, real failures are rare.
    expect(failures).toBeLessThanOrEqual(17);
  });

  it('hash-max with the default repetitions holds at every shift', () => {
    const { t, p, hd } = instance(4);
    const r = approximateHammingDistances(t, p, { epsilon: 0.25, seed: 9 });
    expect(r.failureProbability).toBeLessThanOrEqual(1e-3);
    for (let i = 0; i < hd.length; i++) {
      expect(r.estimates[i]).toBeGreaterThanOrEqual(hd[i] - 1e-9);
      expect(r.estimates[i]).toBeLessThanOrEqual(1.25 * hd[i] + 1e-9);
    }
  });

  it('hash-max is exact when the alphabet fits in the buckets', () => {
    const t = 'acgtacgttgca'.repeat(10);
    const r = approximateHammingDistances(t, 'acgtt', { epsilon: 0.5 });
    expect(r.exact).toBe(true);
    expect(Array.from(r.estimates)).toEqual(
      Array.from(
        bruteForce(
          [...t].map((c) => c.charCodeAt(0)),
          [...'acgtt'].map((c) => c.charCodeAt(0)),
        ),
      ),
    );
  });

  it('karloff: |estimate − HD| ≤ ε·HD with the default repetitions', () => {
    const { t, p, hd } = instance(5);
    const eps = 0.5;
    for (const seed of [1, 2, 3]) {
      const r = approximateHammingDistances(t, p, { epsilon: eps, method: 'karloff', seed });
      for (let i = 0; i < hd.length; i++) {
        expect(Math.abs(r.estimates[i] - hd[i])).toBeLessThanOrEqual(eps * hd[i] + 1e-9);
      }
    }
  });

  it('sample: |estimate − HD| ≤ ε·m with the default sample size', () => {
    const { t, p, hd } = instance(6);
    const eps = 0.1;
    for (const seed of [1, 2, 3, 4, 5]) {
      const r = approximateHammingDistances(t, p, { epsilon: eps, method: 'sample', seed });
      expect(r.lower).toBeNull();
      for (let i = 0; i < hd.length; i++) {
        expect(Math.abs(r.estimates[i] - hd[i])).toBeLessThanOrEqual(eps * p.length + 1e-9);
      }
    }
  });

  it('same seed, same result; another seed, another result', () => {
    const { t, p } = instance(7);
    for (const method of ['hash-max', 'karloff', 'sample'] as const) {
      const a = approximateHammingDistances(t, p, {
        epsilon: 0.3,
        method,
        seed: 11,
        reps: 4,
        samples: 40,
      });
      const b = approximateHammingDistances(t, p, {
        epsilon: 0.3,
        method,
        seed: 11,
        reps: 4,
        samples: 40,
      });
      const c = approximateHammingDistances(t, p, {
        epsilon: 0.3,
        method,
        seed: 12,
        reps: 4,
        samples: 40,
      });
      expect(a.estimates).toEqual(b.estimates);
      expect(a.estimates).not.toEqual(c.estimates);
    }
  });

  it('rejects epsilon, delta, reps and samples out of range', () => {
    const call = (o: object) => () => approximateHammingDistances('abcabc', 'ab', o as never);
    expect(call({ epsilon: 0 })).toThrow(/options.epsilon must be in \(0, 1\); got 0/);
    expect(call({ epsilon: 1 })).toThrow(/options.epsilon must be in \(0, 1\); got 1/);
    expect(call({ epsilon: Number.NaN })).toThrow(
      /options.epsilon must be a finite number; got NaN/,
    );
    expect(call({})).toThrow(/options.epsilon must be a number; got undefined/);
    expect(call({ epsilon: 0.1, delta: 2 })).toThrow(/options.delta must be in \(0, 1\); got 2/);
    expect(call({ epsilon: 0.1, reps: 0 })).toThrow(
      /options.reps must be an integer in \[1, Infinity\]; got 0/,
    );
    expect(call({ epsilon: 0.1, samples: 2.5 })).toThrow(
      /options.samples must be an integer; got 2.5/,
    );
    expect(call({ epsilon: 0.1, seed: -1 })).toThrow(/options.seed/);
  });
});
