/**
 * Graph helpers on dense adjacency (row = parent, column = child): acyclicity, a deterministic
 * topological order, and the "delete the weakest edges until acyclic" repair.
 */
import { type Mat, mat } from '@optkit/core';
import { check, squareMatrix } from './validate.js';

/** Kahn's algorithm with a min-heap on labels; returns the order, shorter than d on a cycle. */
export function kahnOrder(B: ArrayLike<number>, d: number): number[] {
  const indeg = new Int32Array(d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) if (B[i * d + j] !== 0) indeg[j]++;
  }
  const heap: number[] = [];
  const push = (v: number) => {
    heap.push(v);
    let k = heap.length - 1;
    while (k > 0) {
      const parent = (k - 1) >> 1;
      if (heap[parent] <= heap[k]) break;
      [heap[parent], heap[k]] = [heap[k], heap[parent]];
      k = parent;
    }
  };
  const pop = (): number => {
    const top = heap[0];
    const last = heap.pop() as number;
    if (heap.length > 0) {
      heap[0] = last;
      let k = 0;
      for (;;) {
        const l = 2 * k + 1;
        const r = l + 1;
        let m = k;
        if (l < heap.length && heap[l] < heap[m]) m = l;
        if (r < heap.length && heap[r] < heap[m]) m = r;
        if (m === k) break;
        [heap[m], heap[k]] = [heap[k], heap[m]];
        k = m;
      }
    }
    return top;
  };
  for (let v = 0; v < d; v++) if (indeg[v] === 0) push(v);
  const order: number[] = [];
  while (heap.length > 0) {
    const v = pop();
    order.push(v);
    for (let j = 0; j < d; j++) {
      if (B[v * d + j] !== 0 && --indeg[j] === 0) push(j);
    }
  }
  return order;
}

/** True when the support of the d x d row-major `B` has no directed cycle (self-loops count). */
export function isAcyclic(B: ArrayLike<number>, d: number): boolean {
  return kahnOrder(B, d).length === d;
}

/**
 * Whether a graph is a DAG.
 *
 * @param B - adjacency (row = parent, column = child): a Mat, `number[][]` or flat row-major
 *   array; any non-zero entry is an edge (a weighted W may be passed directly).
 * @returns true when the graph has no directed cycle (a self-loop is a cycle).
 * @throws TypeError / RangeError for a non-square or non-finite input.
 * @example
 * ```ts
 * isDag([[0, 1], [0, 0]]); // true
 * isDag([[0, 1], [1, 0]]); // false
 * ```
 */
export function isDag(B: Mat | number[][] | ArrayLike<number>): boolean {
  const { data, d } = anySquare('B', B);
  return isAcyclic(data, d);
}

/**
 * A topological order of a DAG: Kahn's algorithm taking the smallest available label first, so
 * the answer is deterministic.
 *
 * @param B - adjacency as for {@link isDag}.
 * @returns node labels, every edge i -> j has i before j.
 * @throws RangeError when the graph has a cycle.
 * @example
 * ```ts
 * topologicalOrder([[0, 0, 0], [1, 0, 0], [1, 1, 0]]); // [2, 1, 0]
 * ```
 */
export function topologicalOrder(B: Mat | number[][] | ArrayLike<number>): number[] {
  const { data, d } = anySquare('B', B);
  const order = kahnOrder(data, d);
  if (order.length !== d) {
    throw check.rangeErrorText(
      'B',
      'acyclic',
      `a graph with a directed cycle (${d - order.length} nodes on or after cycles)`,
    );
  }
  return order;
}

/**
 * Deletes edges in increasing order of |weight| until the graph is acyclic (the repair used by
 * dagrad's `threshold_till_dag`). Ties are broken row-major. The result is the minimal such prefix
 * deletion, found by bisection (acyclicity is monotone in deletions).
 *
 * @param W - weighted adjacency (row = parent, column = child), square, finite.
 * @returns `{ W, threshold }`: the repaired copy and the largest |weight| deleted (0 if none).
 * @throws TypeError / RangeError for a non-square or non-finite input.
 * @example
 * ```ts
 * thresholdTillDag([[0, 2], [0.5, 0]]).W; // [[0, 2], [0, 0]] as a Mat
 * ```
 */
export function thresholdTillDag(W: Mat | number[][]): { W: Mat; threshold: number } {
  const A = squareMatrix('W', W);
  const d = A.rows;
  const w = A.data;
  if (isAcyclic(w, d)) return { W: A, threshold: 0 };
  const idx: number[] = [];
  for (let t = 0; t < d * d; t++) if (w[t] !== 0) idx.push(t);
  idx.sort((a, b) => Math.abs(w[a]) - Math.abs(w[b]) || a - b);
  const trial = new Float64Array(d * d);
  const acyclicAfter = (k: number): boolean => {
    trial.set(w);
    for (let t = 0; t < k; t++) trial[idx[t]] = 0;
    return isAcyclic(trial, d);
  };
  let lo = 0;
  let hi = idx.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (acyclicAfter(mid)) hi = mid;
    else lo = mid + 1;
  }
  const out = mat(d, d, w);
  for (let t = 0; t < lo; t++) out.data[idx[t]] = 0;
  return { W: out, threshold: lo > 0 ? Math.abs(w[idx[lo - 1]]) : 0 };
}

/** Square input of any accepted form, flattened; non-zero = edge. */
function anySquare(argument: string, value: unknown): { data: ArrayLike<number>; d: number } {
  const flatArray = Array.isArray(value) && value.length > 0 && !Array.isArray(value[0]);
  if (flatArray || (ArrayBuffer.isView(value) && !(value instanceof DataView))) {
    const flat = check.vector(argument, value);
    const d = Math.round(Math.sqrt(flat.length));
    if (d * d !== flat.length) {
      throw check.rangeErrorText(
        argument,
        'a square matrix or a flat array of length d*d',
        `length ${flat.length}`,
      );
    }
    return { data: flat, d };
  }
  const A = squareMatrix(argument, value);
  return { data: A.data, d: A.rows };
}

/** Adjacency (0/1) of |W| >= threshold, and the thresholded weights. */
export function thresholdWeights(
  W: Float64Array,
  d: number,
  threshold: number,
): { Wt: Mat; B: Uint8Array } {
  const Wt = mat(d, d);
  const B = new Uint8Array(d * d);
  for (let t = 0; t < d * d; t++) {
    if (Math.abs(W[t]) >= threshold && W[t] !== 0) {
      Wt.data[t] = W[t];
      B[t] = 1;
    }
  }
  return { Wt, B };
}
