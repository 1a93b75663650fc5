/** Brute-force references and an invariant checker shared by the tests. */
import { Rng } from '@optkit/core';
import { expect } from 'vitest';

/** HD by definition, on any array-likes of codes. */
export function bruteForce(t: ArrayLike<number>, p: ArrayLike<number>): Int32Array {
  const W = t.length - p.length + 1;
  const out = new Int32Array(Math.max(0, W));
  for (let i = 0; i < W; i++) {
    let d = 0;
    for (let j = 0; j < p.length; j++) if (t[i + j] !== p[j]) d++;
    out[i] = d;
  }
  return out;
}

/** Codes of a string by UTF-16 unit. */
export function units(s: string): number[] {
  return Array.from({ length: s.length }, (_, i) => s.charCodeAt(i));
}

/**
 * Invariants of every exact result: length W, 0 ≤ HD ≤ m, and the checksum of spec B.7.3:
 * Σ_i (m − HD[i]) = Σ_j #{x ∈ [j, j + W) : T[x] = P[j]}, computed by per-symbol prefix counts.
 */
export function checkInvariants(t: ArrayLike<number>, p: ArrayLike<number>, d: Int32Array) {
  const n = t.length;
  const m = p.length;
  const W = n - m + 1;
  expect(d.length).toBe(W);
  let matches = 0;
  let outside = 0;
  for (let i = 0; i < W; i++) {
    if (!(d[i] >= 0 && d[i] <= m)) outside++;
    matches += m - d[i];
  }
  expect(outside).toBe(0);
  const prefix = new Map<number, Int32Array>();
  for (let j = 0; j < m; j++) {
    const c = p[j];
    if (!prefix.has(c)) {
      const a = new Int32Array(n + 1);
      for (let x = 0; x < n; x++) a[x + 1] = a[x] + (t[x] === c ? 1 : 0);
      prefix.set(c, a);
    }
  }
  let expected = 0;
  for (let j = 0; j < m; j++) {
    const a = prefix.get(p[j]) as Int32Array;
    expected += a[j + W] - a[j];
  }
  expect(matches).toBe(expected);
}

/** Test data: `length` codes uniform in [0, sigma) from core's seeded generator. */
export function randomCodes(length: number, sigma: number, seed: number): Int32Array {
  const rng = new Rng(seed);
  const out = new Int32Array(length);
  for (let i = 0; i < length; i++) out[i] = rng.int(sigma);
  return out;
}

/**
 * Asserts that two integer arrays are equal; reports the first differing index. (Deep equality
 * of long typed arrays through `toEqual` costs seconds.)
 */
export function expectSame(actual: ArrayLike<number>, expected: ArrayLike<number>): void {
  expect(actual.length).toBe(expected.length);
  let first = -1;
  for (let i = 0; i < expected.length; i++) {
    if (actual[i] !== expected[i]) {
      first = i;
      break;
    }
  }
  expect(
    first === -1 ? 'equal' : `differ at ${first}: ${actual[first]} vs ${expected[first]}`,
  ).toBe('equal');
}
