/**
 * Structure-recovery metrics of NOTEARS' `count_accuracy` (Appendix B of the package spec).
 */
import type { Mat } from '@optkit/core';
import { isAcyclic } from './graph.js';
import { adjacency, check } from './validate.js';

/** Accuracy of an estimated graph against the true DAG. */
export interface Accuracy {
  /** (reversed + false positive) / max(predicted, 1). */
  fdr: number;
  /** true positive / max(true edges, 1). */
  tpr: number;
  /** (reversed + false positive) / max(d(d-1)/2 - true edges, 1). */
  fpr: number;
  /** Extra + missing skeleton edges + reversed edges (a reversed edge costs 1). */
  shd: number;
  /** Number of predicted edges (directed plus undirected). */
  nnz: number;
}

/**
 * Compares an estimated graph with the true DAG as NOTEARS' `count_accuracy` does: a reversed
 * edge counts once in SHD; an undirected CPDAG edge (entry -1, stored once) is counted as a true
 * positive when either direction is true.
 *
 * @param trueGraph - 0/1 adjacency of the true DAG (row = parent, column = child): Mat,
 *   `number[][]` or flat row-major array.
 * @param estimate - 0/1 adjacency of the estimate (must be a DAG), or 0/1/-1 for a CPDAG.
 * @returns `{ fdr, tpr, fpr, shd, nnz }` (not rounded).
 * @throws RangeError for entries outside {0, 1} / {0, 1, -1}, mismatched sizes, a cyclic
 *   estimate, or an undirected edge stored in both directions.
 * @example
 * ```ts
 * countAccuracy([[0, 1], [0, 0]], [[0, 0], [1, 0]]);
 * // { fdr: 1, tpr: 0, fpr: 1, shd: 1, nnz: 1 }
 * ```
 */
export function countAccuracy(
  trueGraph: Mat | number[][] | ArrayLike<number>,
  estimate: Mat | number[][] | ArrayLike<number>,
): Accuracy {
  const { B: T, d } = adjacency('trueGraph', trueGraph, [0, 1]);
  const { B: E } = adjacency('estimate', estimate, [0, 1, -1], d);
  if (!isAcyclic(T, d))
    throw check.rangeErrorText('trueGraph', 'a DAG', 'a graph with a directed cycle');
  const directed = new Int8Array(d * d);
  let hasUndirected = false;
  for (let t = 0; t < d * d; t++) {
    if (E[t] === 1) directed[t] = 1;
    else if (E[t] === -1) hasUndirected = true;
  }
  if (!isAcyclic(directed, d)) {
    throw check.rangeErrorText('estimate', 'a DAG (or a CPDAG)', 'a graph with a directed cycle');
  }
  if (hasUndirected) {
    for (let i = 0; i < d; i++) {
      for (let j = i; j < d; j++) {
        if (E[i * d + j] === -1 && E[j * d + i] === -1) {
          throw check.rangeErrorText(
            `estimate[${i}][${j}]`,
            'an undirected edge stored once',
            'both directions -1',
          );
        }
      }
    }
  }
  let pred = 0;
  let und = 0;
  let cond = 0;
  let truePos = 0;
  let falsePos = 0;
  let reversed = 0;
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      const t = i * d + j;
      const isCond = T[t] === 1;
      const isRev = T[j * d + i] === 1;
      if (isCond) cond++;
      if (E[t] === 1) {
        pred++;
        if (isCond) truePos++;
        else if (isRev) reversed++;
        else falsePos++;
      } else if (E[t] === -1) {
        und++;
        if (isCond || isRev) truePos++;
        else falsePos++;
      }
    }
  }
  // Skeleton differences over unordered pairs.
  let extra = 0;
  let missing = 0;
  for (let i = 0; i < d; i++) {
    for (let j = i + 1; j < d; j++) {
      const inEst = E[i * d + j] !== 0 || E[j * d + i] !== 0;
      const inTrue = T[i * d + j] !== 0 || T[j * d + i] !== 0;
      if (inEst && !inTrue) extra++;
      else if (inTrue && !inEst) missing++;
    }
  }
  const m = (d * (d - 1)) / 2;
  return {
    fdr: (reversed + falsePos) / Math.max(pred + und, 1),
    tpr: truePos / Math.max(cond, 1),
    fpr: (reversed + falsePos) / Math.max(m - cond, 1),
    shd: extra + missing + reversed,
    nnz: pred + und,
  };
}
