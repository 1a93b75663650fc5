import { describe, expect, it } from 'vitest';
import { dagma, exactOrderSearch, fitOrder, notears, sortnregress, topo } from '../src/index.js';
import { problem } from './helpers.js';

const { X } = problem(5, 2, 'ER', 50, 1);
const rows = (): number[][] => {
  const out: number[][] = [];
  for (let i = 0; i < X.rows; i++) out.push(Array.from(X.data.subarray(i * 5, i * 5 + 5)));
  return out;
};

describe('bad input gets a clear error (spec section 9)', () => {
  it('X with NaN or Infinity names the entry', () => {
    const a = rows();
    a[3][2] = Number.NaN;
    expect(() => topo(a)).toThrow(RangeError);
    expect(() => topo(a)).toThrow('@optkit/notears-topo: X[3][2] must be finite; got NaN');
    a[3][2] = Number.POSITIVE_INFINITY;
    expect(() => topo(a)).toThrow(/X\[3\]\[2\] must be finite; got Infinity/);
    a[3][2] = Number.NEGATIVE_INFINITY;
    expect(() => fitOrder(a, [0, 1, 2, 3, 4])).toThrow(/X\[3\]\[2\] must be finite; got -Infinity/);
    a[3][2] = Number.NaN;
    expect(() => notears(a)).toThrow(/X\[3\]\[2\] must be finite; got NaN/);
    expect(() => dagma(a)).toThrow(/X\[3\]\[2\] must be finite; got NaN/);
    expect(() => exactOrderSearch(a)).toThrow(/X\[3\]\[2\] must be finite; got NaN/);
  });

  it('fewer than 2 rows, ragged rows, non-matrices', () => {
    expect(() => topo([[1, 2, 3]])).toThrow(
      '@optkit/notears-topo: X must be a matrix with at least 2 rows; got 1x3',
    );
    expect(() => topo([[1, 2], [3]])).toThrow(/X\[1\] must be of length 2/);
    expect(() => topo('abc' as unknown as number[][])).toThrow(TypeError);
    expect(() => topo([])).toThrow(/at least 2 rows/);
  });

  it('fewer than 2 columns', () => {
    expect(() => topo([[1], [2], [4]])).toThrow(
      '@optkit/notears-topo: X must be a matrix with at least 2 columns; got 3x1',
    );
    expect(() => notears([[1], [2]])).toThrow(/at least 2 columns/);
    expect(() => exactOrderSearch([[], []])).toThrow(/at least 2 columns/);
  });

  it('a constant column is named', () => {
    const a = rows();
    for (const r of a) r[4] = 7;
    expect(() => topo(a)).toThrow('@optkit/notears-topo: X column 4 must be non-constant');
    expect(() => notears(a)).toThrow(/X column 4 must be non-constant/);
    expect(() => sortnregress(a)).toThrow(/X column 4/);
    expect(() => fitOrder(a, [0, 1, 2, 3, 4])).toThrow(/X column 4 must be non-constant/);
    expect(() => exactOrderSearch(a)).toThrow(/X column 4 must be non-constant/);
    expect(() => dagma(a)).toThrow(/X column 4 must be non-constant/);
  });

  it('collinear columns: singular Gram matrix, unless ridge is asked for', () => {
    const a = rows();
    for (const r of a) r[3] = 2 * r[0] - r[1];
    expect(() => topo(a)).toThrow(/X must be of full column rank/);
    const r = topo(a, { onSingular: 'ridge' });
    expect(r.warnings.join(' ')).toMatch(/singular Gram matrix/);
    expect(Number.isFinite(r.score)).toBe(true);
    expect(() => exactOrderSearch(a)).toThrow(/full column rank/);
    expect(Number.isFinite(topo(a, { lambda2: 0.1 }).score)).toBe(true);
  });

  it('n <= d is singular', () => {
    const few = rows().slice(0, 4);
    expect(() => topo(few)).toThrow(/full column rank/);
  });

  it('an initial order that is not a permutation', () => {
    expect(() => topo(X, { initialOrder: [0, 1, 2, 3] })).toThrow(
      '@optkit/notears-topo: initialOrder must be a permutation of 0..4 (length 5); got length 4',
    );
    expect(() => topo(X, { initialOrder: [0, 1, 2, 3, 3] })).toThrow(
      /initialOrder must be a permutation of 0..4; got 3 twice/,
    );
    expect(() => topo(X, { initialOrder: [0, 1, 2, 3, 5] })).toThrow(/got 5 at index 4/);
    expect(() => topo(X, { initialOrder: [0, 1, 2, 3, 1.5] })).toThrow(/got 1.5 at index 4/);
    expect(() => topo(X, { initialOrder: [0, 1, 2, 3, Number.NaN] })).toThrow(/got NaN at index 4/);
    expect(() => topo(X, { initialOrder: 'abc' as unknown as number[] })).toThrow(TypeError);
    expect(() => fitOrder(X, [4, 3, 2, 1, -1])).toThrow(/order must be a permutation/);
  });

  it('a cyclic initial W, or one of the wrong size or with NaN', () => {
    const W = Array.from({ length: 5 }, () => new Array<number>(5).fill(0));
    W[0][1] = 1;
    W[1][2] = 1;
    W[2][0] = 0.5;
    expect(() => topo(X, { initialWeights: W })).toThrow(
      /initialWeights must be acyclic \(repair it first, e\.g\. with thresholdTillDag\); got a graph with a directed cycle/,
    );
    expect(() => topo(X, { initialWeights: [[0]] })).toThrow(
      /initialWeights must be a 5x5 matrix; got 1x1/,
    );
    const loop = Array.from({ length: 5 }, () => new Array<number>(5).fill(0));
    loop[3][3] = 1;
    expect(() => topo(X, { initialWeights: loop })).toThrow(/initialWeights must be acyclic/);
    W[2][0] = Number.NaN;
    expect(() => topo(X, { initialWeights: W })).toThrow(/initialWeights\[2\]\[0\] must be finite/);
  });

  it('bad options', () => {
    expect(() => topo(X, { sizeSmall: 0 })).toThrow(
      /sizeSmall must be an integer in \[1, Infinity\]; got 0/,
    );
    expect(() => topo(X, { sizeSmall: 5, sizeLarge: 3 })).toThrow(
      /sizeLarge must be at least sizeSmall \(5\); got 3/,
    );
    expect(() => topo(X, { sizeSmall: 2.5 })).toThrow(/sizeSmall must be an integer/);
    expect(() => topo(X, { relTol: -1 })).toThrow(/relTol must be in \[0, Infinity\); got -1/);
    expect(() => topo(X, { wThreshold: Number.NaN })).toThrow(
      /wThreshold must be a finite number; got NaN/,
    );
    expect(() => topo(X, { lambda2: -0.1 })).toThrow(/lambda2/);
    expect(() => topo(X, { preset: 'fast' as 'dagrad' })).toThrow(
      /preset must be one of "thorough", "dagrad"; got "fast"/,
    );
    expect(() => topo(X, { score: 'l1' as 'l2' })).toThrow(/score must be one of/);
    expect(() => topo(X, { lambda1: 0.1 })).toThrow(/lambda1 must be 0 for the l2 score/);
    expect(() => topo(X, { restarts: 0 })).toThrow(
      /restarts must be an integer in \[1, Infinity\]; got 0/,
    );
    expect(() => topo(X, { initialOrder: [0, 1, 2, 3, 4], initialWeights: [[0]] })).toThrow(
      /initialOrder must be unset/,
    );
  });

  it('logistic score needs binary data', () => {
    expect(() => topo(X, { score: 'logistic' })).toThrow(
      /X\[0\]\[0\] must be 0 or 1 for the logistic score/,
    );
  });

  it('exact search refuses large d', () => {
    const big = problem(15, 2, 'ER', 50, 1).X;
    expect(() => exactOrderSearch(big)).toThrow(/at most maxD = 14 columns; got 15 columns/);
    expect(() => exactOrderSearch(big, { maxD: 20 })).toThrow(/maxD must be at most 16/);
  });

  it('baselines validate their options', () => {
    expect(() => notears(X, { lambda1: -1 })).toThrow(/lambda1 must be in \[0, Infinity\); got -1/);
    expect(() => dagma(X, { s: [1, 2] })).toThrow(/s must be of length 5/);
  });
});
