import { describe, expect, it } from 'vitest';
import { checker, fromRows, mat, toMat, view } from '../src/index.js';

describe('checker', () => {
  const check = checker('demo');

  it('formats messages as "@optkit/<pkg>: <argument> must be <rule>; got <actual>"', () => {
    expect(() => check.integer('k', -1, { min: 0 })).toThrow(
      '@optkit/demo: k must be an integer in [0, Infinity]; got -1',
    );
    expect(() => check.number('epsilon', Number.NaN)).toThrow(
      '@optkit/demo: epsilon must be a finite number; got NaN',
    );
    expect(() =>
      check.number('epsilon', 1, { min: 0, max: 1, exclusiveMin: true, exclusiveMax: true }),
    ).toThrow('@optkit/demo: epsilon must be in (0, 1); got 1');
    expect(() => check.oneOf('method', 'x', ['a', 'b'])).toThrow(
      '@optkit/demo: method must be one of "a", "b"; got "x"',
    );
    expect(() => check.number('n', '3')).toThrow(TypeError);
    expect(() => check.vector('x', [1, Number.POSITIVE_INFINITY])).toThrow(
      '@optkit/demo: x[1] must be finite; got Infinity',
    );
    expect(() => check.vector('x', [1, 2], { length: 3 })).toThrow(
      '@optkit/demo: x must be of length 3; got length 2',
    );
  });

  it('vector copies by default and never mutates', () => {
    const input = Float64Array.of(1, 2);
    const out = check.vector('x', input);
    out[0] = 9;
    expect(input[0]).toBe(1);
    expect(check.vector('x', input, { copy: false })).toBe(input);
    expect(Array.from(check.vector('x', Int8Array.of(3, -4)))).toEqual([3, -4]);
  });

  it('vector names the first non-finite entry of a Float64Array, unless finite is false', () => {
    const x = Float64Array.of(0, 1, Number.NaN, Number.NEGATIVE_INFINITY);
    expect(() => check.vector('x', x, { copy: false })).toThrow(
      '@optkit/demo: x[2] must be finite; got NaN',
    );
    expect(() => check.vector('y', Float64Array.of(1, Number.NEGATIVE_INFINITY))).toThrow(
      '@optkit/demo: y[1] must be finite; got -Infinity',
    );
    expect(check.vector('x', x, { finite: false, copy: false })).toBe(x);
    expect(() => check.vector('x', x, { length: 3 })).toThrow('got length 4');
  });

  it('is one shared object per package name', () => {
    expect(checker('demo')).toBe(check);
    expect(checker('other').prefix).toBe('@optkit/other: ');
  });
});

describe('toMat', () => {
  it('accepts number[][] and Mat views, rejects ragged, NaN and inconsistent input', () => {
    expect(
      toMat('demo', 'X', [
        [1, 2],
        [3, 4],
      ]).data,
    ).toEqual(Float64Array.of(1, 2, 3, 4));
    const v = view(mat(3, 3, [1, 2, 3, 4, 5, 6, 7, 8, 9]), 1, 1, 2, 2);
    expect(Array.from(toMat('demo', 'X', v).data)).toEqual([5, 6, 8, 9]);
    expect(() => toMat('demo', 'X', [[1, 2], [3]])).toThrow(
      '@optkit/demo: X[1] must be of length 2 like X[0]; got length 1',
    );
    expect(() => toMat('demo', 'X', [[1, Number.NaN]])).toThrow(
      '@optkit/demo: X[0][1] must be finite; got NaN',
    );
    expect(() => toMat('demo', 'X', fromRows([[1, 2]]), { rows: 2 })).toThrow(/2 rows/);
    expect(() =>
      toMat('demo', 'X', { rows: 2, cols: 2, stride: 2, offset: 0, data: new Float64Array(3) }),
    ).toThrow(/fit its data/);
    expect(() => toMat('demo', 'X', 'abc')).toThrow(TypeError);
  });
});
