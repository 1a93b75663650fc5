import { describe, expect, it } from 'vitest';
import { hammingDistances, type Strategy } from '../src/index.js';
import { bruteForce, checkInvariants, units } from './helpers.js';

const ALL: Strategy[] = ['auto', 'naive', 'fft', 'abrahamson'];
const list = (d: Int32Array) => Array.from(d);

describe('known answers (spec B.7.1)', () => {
  it.each(ALL)('%s: "abab" / "ab", "aaaa" / "aa", "abc" / "xyz"', (strategy) => {
    expect(list(hammingDistances('abab', 'ab', { strategy }).distances)).toEqual([0, 2, 0]);
    expect(list(hammingDistances('aaaa', 'aa', { strategy }).distances)).toEqual([0, 0, 0]);
    expect(list(hammingDistances('abc', 'xyz', { strategy }).distances)).toEqual([3]);
  });

  it('bit-parallel on the small-alphabet cases', () => {
    const strategy = 'bitparallel';
    expect(list(hammingDistances('abab', 'ab', { strategy }).distances)).toEqual([0, 2, 0]);
    expect(list(hammingDistances('aaaa', 'aa', { strategy }).distances)).toEqual([0, 0, 0]);
    expect(list(hammingDistances('abc', 'xyz', { strategy }).distances)).toEqual([3]);
  });

  it('the README example', () => {
    const r = hammingDistances('abracadabra', 'abra');
    expect(list(r.distances)).toEqual([0, 4, 3, 3, 3, 3, 4, 0]);
  });

  it.each(ALL)('%s: m = n gives the plain Hamming distance', (strategy) => {
    expect(list(hammingDistances('karolin', 'kathrin', { strategy }).distances)).toEqual([3]);
    expect(
      list(hammingDistances([1, 0, 1, 1, 1, 0, 1], [1, 0, 0, 1, 0, 0, 1], { strategy }).distances),
    ).toEqual([2]);
  });

  it.each(ALL)('%s: m = 1 gives HD[i] = [T[i] ≠ P[0]]', (strategy) => {
    const t = 'mississippi';
    const d = hammingDistances(t, 's', { strategy }).distances;
    expect(list(d)).toEqual(Array.from(t, (c) => (c === 's' ? 0 : 1)));
  });

  it.each(ALL)('%s: disjoint alphabets give m everywhere', (strategy) => {
    const r = hammingDistances('aaaabbbbabab', 'xyz', { strategy });
    expect(list(r.distances)).toEqual(new Array(10).fill(3));
    expect(r.stats.sharedSymbols).toBe(0);
  });

  it.each(ALL)('%s: a pattern symbol absent from the text always mismatches', (strategy) => {
    const t = 'acgtacgtaacc';
    const p = 'acz';
    const d = hammingDistances(t, p, { strategy }).distances;
    expect(d).toEqual(bruteForce(units(t), units(p)));
  });

  it.each([...ALL, 'bitparallel' as const])(
    '%s: periodic (ab)^{n/2} against (ab)^{m/2} alternates 0 and m (spec B.7.5)',
    (strategy) => {
      const t = 'ab'.repeat(500);
      const p = 'ab'.repeat(40);
      const d = hammingDistances(t, p, { strategy }).distances;
      expect(d.length).toBe(921);
      for (let i = 0; i < d.length; i++) expect(d[i]).toBe(i % 2 === 0 ? 0 : 80);
    },
  );
});

describe('inputs', () => {
  it('strings, typed arrays and number arrays give the same distances', () => {
    const t = 'the quick brown fox jumps over the lazy dog';
    const p = 'the';
    const ref = hammingDistances(t, p).distances;
    expect(hammingDistances(units(t), units(p)).distances).toEqual(ref);
    expect(
      hammingDistances(Uint16Array.from(units(t)), Uint8Array.from(units(p))).distances,
    ).toEqual(ref);
    expect(
      hammingDistances(Int32Array.from(units(t)), Uint32Array.from(units(p))).distances,
    ).toEqual(ref);
    checkInvariants(units(t), units(p), ref);
  });

  it('unicode: code units by default, code points with codePoints: true', () => {
    const t = 'a😀b😀c';
    const p = '😀';
    // Code units: the emoji is two units, so the pattern has length 2.
    expect(list(hammingDistances(t, p).distances)).toEqual([2, 0, 2, 2, 0, 2]);
    // Code points: one symbol each.
    expect(list(hammingDistances(t, p, { codePoints: true }).distances)).toEqual([1, 0, 1, 0, 1]);
    expect(list(hammingDistances('ñandú', 'ú', { codePoints: true }).distances)).toEqual([
      1, 1, 1, 1, 0,
    ]);
  });

  it.each([...ALL, 'bitparallel' as const])(
    '%s: unicode text with astral code points, by code unit and by code point',
    (strategy) => {
      // 4 code units (two emoji share a high surrogate) and 3 code points: bit-parallel applies.
      const t = `${'😀a😁😀😁a'.repeat(40)}a😀😀😁`;
      const p = '😁😀a😀😁';
      const cu = hammingDistances(t, p, { strategy }).distances;
      expect(cu).toEqual(bruteForce(units(t), units(p)));
      const cps = (s: string) => Array.from(s, (c) => c.codePointAt(0) as number);
      const cp = hammingDistances(t, p, { strategy, codePoints: true }).distances;
      expect(cp).toEqual(bruteForce(cps(t), cps(p)));
      expect(cp.length).toBe(cps(t).length - cps(p).length + 1);
    },
  );

  it('large symbol codes (up to 2^32 − 1) are handled through a hash map', () => {
    const big = 4294967295;
    const t = [big, 7, big, 7, 1e9];
    const p = [big, 7];
    for (const strategy of ALL) {
      expect(list(hammingDistances(t, p, { strategy }).distances)).toEqual([0, 2, 0, 2]);
    }
  });

  it('inputs are not mutated', () => {
    const t = Int32Array.from([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9]);
    const p = [5, 9, 2];
    const t0 = t.slice();
    const p0 = p.slice();
    for (const strategy of ALL) hammingDistances(t, p, { strategy });
    expect(t).toEqual(t0);
    expect(p).toEqual(p0);
  });

  it('stats say what ran', () => {
    const t = 'ACGT'.repeat(3000);
    const r = hammingDistances(t, t.slice(100, 1124), { strategy: 'fft' });
    expect(r.stats.strategy).toBe('fft');
    expect(r.stats.requested).toBe('fft');
    expect(r.stats.fftSize).toBeGreaterThanOrEqual(1024);
    expect(r.stats.fftSymbols).toBe(4);
    expect(r.stats.blocks).toBe(Math.ceil((12000 - 1024 + 1) / (r.stats.fftSize - 1024 + 1)));
    expect(r.stats.maxRoundingError).toBeLessThan(1e-6);
    const a = hammingDistances(t, t.slice(0, 20), { strategy: 'abrahamson', blockSize: 64 });
    expect(a.stats.fftSize === 64 || a.stats.fftSize === 0).toBe(true);
    expect(a.stats.fftSymbols + a.stats.directSymbols).toBe(4);
  });
});
