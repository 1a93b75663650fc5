import { describe, expect, it } from 'vitest';
import { Rng } from '../src/index.js';

// Reference values: the xoshiro128** C code of Blackman and Vigna, and splitmix64, run on the
// same seeds (spec §7). The state after jump() from [1,2,3,4] is the C reference's output.
describe('Rng', () => {
  it('matches the reference xoshiro128** outputs from state [1, 2, 3, 4]', () => {
    const rng = Rng.fromState([1, 2, 3, 4]);
    const out = Array.from({ length: 6 }, () => rng.nextU32());
    expect(out).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
  });

  it('matches the reference jump()', () => {
    const rng = Rng.fromState([1, 2, 3, 4]);
    rng.jump();
    expect(Array.from(rng.state())).toEqual([2843103750, 2038079848, 1533207345, 44816753]);
    expect(rng.nextU32()).toBe(1194304935);
  });

  it('seeds through splitmix64', () => {
    const rng = new Rng(42);
    expect(Array.from(rng.state())).toEqual([803958421, 3184996902, 2993090819, 686809907]);
    expect([rng.nextU32(), rng.nextU32(), rng.nextU32(), rng.nextU32()]).toEqual([
      1776835114, 4165204688, 17111135, 2317295270,
    ]);
    const d = new Rng(42);
    expect(d.next()).toBe(0.41370166815658871);
    expect(d.next()).toBe(0.0039839933778147429);
    expect(d.next()).toBe(0.65008370276388672);
  });

  it('accepts bigint seeds equal to the number seed', () => {
    expect(Array.from(new Rng(42n).state())).toEqual(Array.from(new Rng(42).state()));
  });

  it('rejects bad seeds and states', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, -1, 1.5, 2 ** 53]) {
      expect(() => new Rng(bad)).toThrow(/@optkit\/core: seed must be/);
    }
    expect(() => new Rng(-1n)).toThrow(RangeError);
    expect(() => new Rng('1' as unknown as number)).toThrow(TypeError);
    expect(() => Rng.fromState([0, 0, 0, 0])).toThrow(/not all zeros/);
    expect(() => Rng.fromState([1, 2, 3])).toThrow(/four 32-bit words/);
    expect(() => Rng.fromState([1, 2, 3, 2 ** 32])).toThrow(/state\[3\]/);
  });

  it('gives doubles in [0, 1) and unbiased integers', () => {
    const rng = new Rng(7);
    const counts = new Array(6).fill(0);
    const N = 60000;
    for (let i = 0; i < N; i++) {
      const u = rng.next();
      expect(u >= 0 && u < 1).toBe(true);
      counts[rng.int(6)]++;
    }
    // Chi-square with 5 degrees of freedom; 20.5 is the 0.999 quantile.
    const chi2 = counts.reduce((s, c) => s + (c - N / 6) ** 2 / (N / 6), 0);
    expect(chi2).toBeLessThan(20.5);
    expect(() => rng.int(0)).toThrow(RangeError);
    const big = rng.int(2 ** 40);
    expect(Number.isInteger(big) && big >= 0 && big < 2 ** 40).toBe(true);
    expect(rng.int(1)).toBe(0);
  });

  it('draws normals with mean 0 and variance 1', () => {
    const rng = new Rng(3);
    const x = rng.fillNormal(new Float64Array(100000));
    const mean = x.reduce((s, v) => s + v, 0) / x.length;
    const variance = x.reduce((s, v) => s + (v - mean) ** 2, 0) / x.length;
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(Math.abs(variance - 1)).toBeLessThan(0.02);
  });

  it('resumes bit for bit from toJSON, including the cached normal', () => {
    const a = new Rng(11);
    a.normal();
    const saved = JSON.parse(JSON.stringify(a.toJSON()));
    const b = Rng.fromJSON(saved);
    for (let i = 0; i < 10; i++) expect(b.normal()).toBe(a.normal());
    expect(b.next()).toBe(a.next());
  });

  it('shuffles to a permutation and splits into distinct streams', () => {
    const rng = new Rng(5);
    const p = rng.permutation(50);
    expect(Array.from(p).sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    const parent = new Rng(9);
    const c1 = parent.split();
    const c2 = parent.split();
    expect(c1.nextU32()).not.toBe(c2.nextU32());
    expect(new Rng(9).nextU32()).toBe(new Rng(9).split().nextU32());
  });
});

describe('Rng.fillUniform', () => {
  it('gives the same stream as uniform() in a loop', () => {
    const a = new Rng(123);
    const b = new Rng(123);
    const bulk = a.fillUniform(new Float64Array(1001), -2, 3);
    for (let i = 0; i < bulk.length; i++) expect(bulk[i]).toBe(b.uniform(-2, 3));
    expect(a.nextU32()).toBe(b.nextU32());
  });
});
