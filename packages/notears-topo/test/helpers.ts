import { type Mat, Rng } from '@optkit/core';
import { type GraphType, simulateDag, simulateLinearSem, simulateParameter } from '../src/index.js';

/** A seeded SEM problem from the standard generator. */
export function problem(
  d: number,
  k: number,
  graph: GraphType,
  n: number | 'population',
  seed: number,
) {
  const rng = new Rng(seed);
  const B = simulateDag(d, k * d, graph, rng);
  const W = simulateParameter(B, rng);
  const X = simulateLinearSem(W, n, 'gauss', rng);
  return { B, W, X };
}

/** Checks every TOPO output invariant (spec 7.8); returns nothing, throws on violation. */
export function assertTopoInvariants(
  r: { W: Mat; adjacency: Uint8Array; order: number[]; scoreHistory: number[]; wThresholded: Mat },
  d: number,
): void {
  const pos = new Array<number>(d).fill(-1);
  r.order.forEach((v, k) => {
    pos[v] = k;
  });
  if (r.order.length !== d || pos.some((p) => p < 0))
    throw new Error(`order is not a permutation: ${r.order}`);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      const w = r.W.data[i * d + j];
      if (w !== 0 && pos[i] >= pos[j]) throw new Error(`W[${i}][${j}] = ${w} violates the order`);
      if (r.adjacency[i * d + j] === 1 && pos[i] >= pos[j])
        throw new Error(`edge ${i}->${j} violates the order`);
      if ((r.adjacency[i * d + j] === 1) !== (r.wThresholded.data[i * d + j] !== 0)) {
        throw new Error(`adjacency and wThresholded disagree at ${i},${j}`);
      }
    }
  }
  for (let k = 1; k < r.scoreHistory.length; k++) {
    if (!(r.scoreHistory[k] < r.scoreHistory[k - 1])) {
      throw new Error(
        `history not strictly decreasing at ${k}: ${r.scoreHistory[k - 1]} -> ${r.scoreHistory[k]}`,
      );
    }
  }
}

/** Population covariance (I - W)^-T (I - W)^-1 from a population X = sqrt(d) (I - W)^-1. */
export function covarianceOf(X: Mat): Float64Array {
  const d = X.cols;
  const C = new Float64Array(d * d);
  for (let a = 0; a < d; a++) {
    for (let b = 0; b < d; b++) {
      let s = 0;
      for (let r = 0; r < X.rows; r++) s += X.data[r * d + a] * X.data[r * d + b];
      C[a * d + b] = s / X.rows;
    }
  }
  return C;
}
