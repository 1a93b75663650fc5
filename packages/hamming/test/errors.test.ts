import { describe, expect, it } from 'vitest';
import { chooseStrategy, hammingDistances, matchCountsFFT } from '../src/index.js';

describe('bad input gets a clear error (spec B.9)', () => {
  it('empty pattern and pattern longer than the text', () => {
    expect(() => hammingDistances('abc', '')).toThrow(
      '@optkit/hamming: pattern must be non-empty; got length 0',
    );
    expect(() => hammingDistances([1, 2], [1, 2, 3])).toThrow(
      /@optkit\/hamming: pattern must be no longer than the text \(2 symbols\); got 3 symbols/,
    );
    expect(() => hammingDistances('', 'a')).toThrow(RangeError);
  });

  it('NaN, infinite, negative, fractional and too large codes', () => {
    expect(() => hammingDistances([1, Number.NaN, 2], [1])).toThrow(
      '@optkit/hamming: text[1] must be an integer in [0, 4294967295]; got NaN',
    );
    expect(() => hammingDistances([1, 2, 3], [Number.POSITIVE_INFINITY])).toThrow(
      /pattern\[0\] must be an integer in \[0, 4294967295\]; got Infinity/,
    );
    expect(() => hammingDistances([1, 2, 3], [-1])).toThrow(/pattern\[0\].*got -1/);
    expect(() => hammingDistances([1, 2.5, 3], [1])).toThrow(/text\[1\].*got 2.5/);
    expect(() => hammingDistances([1, 2 ** 32], [1])).toThrow(/text\[1\].*got 4294967296/);
    expect(() => hammingDistances(Int32Array.of(1, -3), [1])).toThrow(RangeError);
    expect(() => hammingDistances(Float64Array.of(1, 0.5), [1])).toThrow(/text\[1\].*got 0.5/);
    expect(() => hammingDistances([1, '2' as never], [1])).toThrow(TypeError);
  });

  it('wrong kinds and mixed kinds', () => {
    expect(() => hammingDistances(42 as never, 'a')).toThrow(
      /text must be a string, a typed array or an array of integer codes; got 42/,
    );
    expect(() => hammingDistances('abc', [97])).toThrow(/pattern must be a string like text/);
    expect(() => hammingDistances([97, 98], 'a')).toThrow(TypeError);
  });

  it('bad options', () => {
    expect(() => hammingDistances('abc', 'a', { strategy: 'fastest' as never })).toThrow(
      /options.strategy must be one of "auto", "naive", "bitparallel", "fft", "abrahamson"; got "fastest"/,
    );
    expect(() => hammingDistances('abcd', 'ab', { blockSize: 12 })).toThrow(
      /options.blockSize must be a power of two in \[4, 2\^26\]; got 12/,
    );
    expect(() => hammingDistances('a'.repeat(100), 'a'.repeat(20), { blockSize: 16 })).toThrow(
      /options.blockSize must be at least the pattern length 20; got 16/,
    );
    expect(() => hammingDistances('abcdefgh', 'abcde', { strategy: 'bitparallel' })).toThrow(
      /options.strategy must be "bitparallel" only for at most 4 symbol classes .*; got 6 classes/,
    );
    // Symbols absent from the pattern share one class, so this text still qualifies.
    expect(hammingDistances('abcdefgh', 'ab', { strategy: 'bitparallel' }).stats.strategy).toBe(
      'bitparallel',
    );
    expect(() => hammingDistances('abc', 'a', { memoryBudgetBytes: -1 })).toThrow(
      /options.memoryBudgetBytes must be in \(0, Infinity\); got -1/,
    );
    expect(() => hammingDistances('abc', 'a', { costModel: { naive: Number.NaN } })).toThrow(
      /options.costModel.naive must be a finite number; got NaN/,
    );
    expect(() => hammingDistances('abc', 'a', 'fft' as never)).toThrow(/options must be an object/);
    expect(() =>
      hammingDistances('ab'.repeat(5000), 'ab'.repeat(1000), {
        strategy: 'fft',
        memoryBudgetBytes: 1000,
      }),
    ).toThrow(/memoryBudgetBytes must be at least \d+ for an FFT of size 2048; got 1000/);
  });

  it('chooseStrategy and matchCountsFFT check their arguments', () => {
    expect(() => chooseStrategy(10, 20, [1], [1])).toThrow(
      /m must be an integer in \[1, 10\]; got 20/,
    );
    expect(() => chooseStrategy(10, 2, [1, -1], [1])).toThrow(/countsT\[1\]/);
    expect(() => matchCountsFFT([0, 1], [0], [0, 0])).toThrow(/symbols must be distinct codes/);
    expect(() => matchCountsFFT([0, 1], [], [0])).toThrow(/patternCodes must be non-empty/);
    expect(() => matchCountsFFT([0, 1.5], [0], [0])).toThrow(/textCodes\[1\]/);
  });
});
