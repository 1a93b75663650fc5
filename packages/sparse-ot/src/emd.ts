/**
 * Exact optimal transport by the primal network simplex on the bipartite transport graph.
 *
 * Nodes: sources `0..m-1` (supply a_i), sinks `m..m+n-1` (demand b_j) and an artificial root
 * `r = m+n`. Arcs: every pair i -> m+j with cost C_ij, plus one artificial arc per node joining
 * it to the root with a cost `ART` larger than any path of real arcs (big-M start). The
 * spanning tree is kept strongly feasible (every zero-flow tree arc points toward the root), the
 * leaving arc is chosen by the last-blocking-arc rule of Cunningham (1976), which rules out
 * cycling, and the entering arc by block search pricing (blocks of about sqrt(mn) arcs), the
 * rule LEMON and POT use.
 *
 * Arcs are never stored: real arcs are implied by (i, j) and read from C, and since no arc has
 * an upper bound, only tree arcs carry flow, so flow lives on the child end of each tree arc.
 * The tree is kept as parent pointers plus doubly linked child lists; a pivot reverses the
 * parent pointers on the path from the entering arc to the leaving arc and then updates
 * potentials and depths of the moved subtree in one depth-first pass.
 *
 * Potentials `pi` satisfy `C_ij - pi_i + pi_{m+j} = 0` on tree arcs; optimality is
 * `C_ij - pi_i + pi_{m+j} >= 0` on every arc. The OT duals are `u_i = pi_i`, `v_j = -pi_{m+j}`.
 */
import type { Mat } from '@optkit/core';
import { makePlan, type SparsePlan } from './plan.js';
import { check, checkProblem } from './validate.js';

/** Options of {@link emd}. */
export interface EmdOptions {
  /** Most simplex pivots before stopping with `'max-iterations'`; default `100 (m + n) + 1e5`. */
  maxIterations?: number;
}

/** Result of {@link emd}. */
export interface EmdResult {
  /** The optimal plan (at most m + n - 1 nonzeros, a vertex of the transport polytope). */
  plan: SparsePlan;
  /** Transport cost `<T, C>` of the plan. */
  cost: number;
  /** Dual potentials of the sources; `u_i + v_j <= C_ij` for all pairs, with equality on T. */
  u: Float64Array;
  /** Dual potentials of the targets, shifted so that `<a, u> = <b, v>`. */
  v: Float64Array;
  /** Simplex pivots made. */
  iterations: number;
  /** True when no arc had a negative reduced cost at the end. */
  converged: boolean;
  /** Why the simplex stopped. */
  stopReason: 'optimal' | 'max-iterations';
  /** Most negative reduced cost left, relative to max |C| (0 at an optimum). */
  dualInfeasibility: number;
  warnings: string[];
}

/** Relative tolerance on reduced costs, against the magnitudes of the terms. */
const EPS = 1e-13;

/**
 * Exact (unregularized) optimal transport between weights `a` (length m) and `b` (length n)
 * with cost matrix C (m x n), by the network simplex.
 *
 * @param a - source weights, nonnegative, finite; `number[]` or `Float64Array`.
 * @param b - target weights, nonnegative, finite, with the same total as `a` (relative
 *   tolerance 1e-9; within it, b is rescaled to sum(a)).
 * @param C - cost matrix m x n: a core `Mat`, `{ rows, cols, data }` or `number[][]`; finite.
 * @param options - {@link EmdOptions}.
 * @returns the optimal plan, its cost and dual potentials; see {@link EmdResult}.
 * @throws RangeError or TypeError on bad input (negative or non-finite weights, unequal
 *   masses, wrong shape, non-finite costs, bad options).
 * @example
 * ```ts
 * const r = emd([0.5, 0.5], [0.5, 0.5], [[0, 1], [1, 0]]);
 * r.cost; // 0
 * r.plan.toDense().data; // Float64Array [0.5, 0, 0, 0.5]
 * ```
 */
export function emd(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  C: Mat | ArrayLike<ArrayLike<number>> | { rows: number; cols: number; data: Float64Array },
  options: EmdOptions = {},
): EmdResult {
  const p = checkProblem(a, b, C);
  const maxIterations =
    options.maxIterations === undefined
      ? 100 * (p.m + p.n) + 100000
      : check.integer('maxIterations', options.maxIterations, { min: 1 });
  return networkSimplex(p.a, p.b, p.C, maxIterations);
}

/** The network simplex kernel (trusts its inputs: balanced, finite, C contiguous m x n). */
export function networkSimplex(
  a: Float64Array,
  b: Float64Array,
  C: Mat,
  maxIterations: number,
): EmdResult {
  const m = a.length;
  const n = b.length;
  const cd = C.data;
  const c0 = C.offset;
  const cs = C.stride;
  const N = m + n + 1;
  const root = m + n;
  const arcs = m * n;

  let maxC = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const v = Math.abs(cd[c0 + i * cs + j]);
      if (v > maxC) maxC = v;
    }
  }
  const ART = (maxC > 0 ? maxC : 1) * (m + n + 1);

  // Tree: parent, arc to parent (real arc id i*n+j, or -1 for the artificial arc), its
  // direction (1 if it points from the node to its parent), flow on it, depth, potentials.
  const parent = new Int32Array(N);
  const predArc = new Int32Array(N);
  const up = new Uint8Array(N);
  const flow = new Float64Array(N);
  const depth = new Int32Array(N);
  const pi = new Float64Array(N);
  const firstChild = new Int32Array(N).fill(-1);
  const nextSib = new Int32Array(N).fill(-1);
  const prevSib = new Int32Array(N).fill(-1);
  const stack = new Int32Array(N);

  const addChild = (p: number, x: number): void => {
    parent[x] = p;
    const f = firstChild[p];
    nextSib[x] = f;
    prevSib[x] = -1;
    if (f >= 0) prevSib[f] = x;
    firstChild[p] = x;
  };
  const removeChild = (x: number): void => {
    const pv = prevSib[x];
    const nx = nextSib[x];
    if (pv >= 0) nextSib[pv] = nx;
    else firstChild[parent[x]] = nx;
    if (nx >= 0) prevSib[nx] = pv;
  };

  // 1. Initial strongly feasible tree of artificial arcs: nodes with supply >= 0 (sources, and
  // sinks of zero demand) point to the root, sinks with positive demand hang below it.
  parent[root] = -1;
  predArc[root] = -1;
  for (let x = 0; x < root; x++) {
    const supply = x < m ? a[x] : -b[x - m];
    predArc[x] = -1;
    depth[x] = 1;
    if (supply >= 0) {
      up[x] = 1;
      flow[x] = supply;
      pi[x] = ART;
    } else {
      up[x] = 0;
      flow[x] = -supply;
      pi[x] = -ART;
    }
    addChild(root, x);
  }

  const blockSize = Math.max(10, Math.ceil(Math.sqrt(arcs)));
  let nextArc = 0;
  let iterations = 0;
  let stopReason: EmdResult['stopReason'] = 'optimal';

  for (;;) {
    // 2. Block search pricing: scan arcs cyclically from nextArc, keep the most negative
    // reduced cost in the current block, and stop at the first block that has one.
    let enter = -1;
    let minRc = 0;
    let scanned = 0;
    let inBlock = 0;
    let e = nextArc;
    let i = (e / n) | 0;
    let j = e - i * n;
    let row = c0 + i * cs;
    let piI = pi[i];
    while (scanned < arcs) {
      const c = cd[row + j];
      const rc = c - piI + pi[m + j];
      if (rc < minRc) {
        const scale = Math.max(Math.abs(c), Math.abs(piI), Math.abs(pi[m + j]));
        if (rc < -EPS * scale) {
          minRc = rc;
          enter = e;
        }
      }
      scanned++;
      inBlock++;
      e++;
      j++;
      if (j === n) {
        j = 0;
        i++;
        if (i === m) {
          i = 0;
          e = 0;
        }
        row = c0 + i * cs;
        piI = pi[i];
      }
      if (inBlock === blockSize) {
        if (enter >= 0) break;
        inBlock = 0;
      }
    }
    if (enter < 0) break;
    if (iterations >= maxIterations) {
      stopReason = 'max-iterations';
      break;
    }
    nextArc = e;
    iterations++;

    // 3. The cycle: entering arc u -> v, then the tree paths v .. join and join .. u. Flow
    // goes down the u side and up the v side; find the join by climbing the deeper end.
    const u = (enter / n) | 0;
    const v = m + (enter - u * n);
    let x = u;
    let y = v;
    while (x !== y) {
      if (depth[x] >= depth[y]) x = parent[x];
      else y = parent[y];
    }
    const join = x;

    // 4. Leaving arc: the last blocking arc met when walking the cycle in the direction of
    // flow from the join (Cunningham's rule). On the u side that is the blocking arc nearest
    // u (strict <), on the v side the one nearest the join (<=), and the v side wins ties.
    let theta = Infinity;
    let leave = -1;
    let leaveOnU = true;
    for (x = u; x !== join; x = parent[x]) {
      if (up[x] === 1 && flow[x] < theta) {
        theta = flow[x];
        leave = x;
      }
    }
    for (y = v; y !== join; y = parent[y]) {
      if (up[y] === 0 && flow[y] <= theta) {
        theta = flow[y];
        leave = y;
        leaveOnU = false;
      }
    }

    // 5. Push theta around the cycle.
    if (theta > 0) {
      for (x = u; x !== join; x = parent[x]) flow[x] += up[x] === 1 ? -theta : theta;
      for (y = v; y !== join; y = parent[y]) flow[y] += up[y] === 1 ? theta : -theta;
    }

    // 6. Re-hang the subtree below the leaving arc from the entering arc: reverse parent
    // pointers on the path from uIn (the entering end inside that subtree) to `leave`.
    const uIn = leaveOnU ? u : v;
    const vIn = leaveOnU ? v : u;
    const rc = cd[c0 + u * cs + (v - m)] - pi[u] + pi[v];
    const sigma = leaveOnU ? rc : -rc;
    let newParent = vIn;
    let newArc = enter;
    let newUp = leaveOnU ? 1 : 0;
    let newFlow = theta;
    x = uIn;
    removeChild(leave);
    for (;;) {
      const oldParent = parent[x];
      const oldArc = predArc[x];
      const oldUp = up[x];
      const oldFlow = flow[x];
      if (x !== leave) removeChild(x);
      predArc[x] = newArc;
      up[x] = newUp;
      flow[x] = newFlow;
      addChild(newParent, x);
      if (x === leave) break;
      newParent = x;
      newArc = oldArc;
      newUp = 1 - oldUp;
      newFlow = oldFlow;
      x = oldParent;
    }

    // 7. Potentials and depths of the moved subtree, by a depth-first pass from uIn.
    let top = 0;
    stack[top++] = uIn;
    while (top > 0) {
      const w = stack[--top];
      pi[w] += sigma;
      depth[w] = depth[parent[w]] + 1;
      for (let ch = firstChild[w]; ch >= 0; ch = nextSib[ch]) stack[top++] = ch;
    }
  }

  // 8. Read the plan off the tree and the duals off the potentials.
  const colCount = new Int32Array(n + 1);
  for (let x = 0; x < root; x++) {
    const arc = predArc[x];
    if (arc >= 0 && flow[x] > 0) colCount[(arc % n) + 1]++;
  }
  for (let j = 0; j < n; j++) colCount[j + 1] += colCount[j];
  const nnz = colCount[n];
  const rowIdx = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  const fill = colCount.slice(0, n);
  let cost = 0;
  for (let x = 0; x < root; x++) {
    const arc = predArc[x];
    if (arc < 0 || !(flow[x] > 0)) continue;
    const i = (arc / n) | 0;
    const j = arc - i * n;
    const q = fill[j]++;
    rowIdx[q] = i;
    values[q] = flow[x];
    cost += flow[x] * cd[c0 + i * cs + j];
  }
  const plan = makePlan(m, n, colCount, rowIdx, values);

  const uOut = new Float64Array(m);
  const vOut = new Float64Array(n);
  for (let i = 0; i < m; i++) uOut[i] = pi[i];
  for (let j = 0; j < n; j++) vOut[j] = -pi[m + j];
  centerDuals(a, b, C, uOut, vOut);

  let worst = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const r = cd[c0 + i * cs + j] - uOut[i] - vOut[j];
      if (r < worst) worst = r;
    }
  }
  const dualInfeasibility = maxC > 0 ? -worst / maxC : -worst;
  const warnings: string[] = [];
  if (stopReason === 'max-iterations') {
    warnings.push(
      `the network simplex stopped after ${iterations} pivots (maxIterations) before ` +
        'reaching optimality; the plan is feasible but may not be optimal',
    );
  }
  return {
    plan,
    cost,
    u: uOut,
    v: vOut,
    iterations,
    converged: stopReason === 'optimal',
    stopReason,
    dualInfeasibility,
    warnings,
  };
}

/**
 * Tightens the potentials of zero-weight nodes (whose tree potentials carry the big-M offset)
 * to `u_i = min_j C_ij - v_j`, `v_j = min_i C_ij - u_i`, then shifts so `<a,u> = <b,v>`.
 */
function centerDuals(a: Float64Array, b: Float64Array, C: Mat, u: Float64Array, v: Float64Array) {
  const m = a.length;
  const n = b.length;
  const cd = C.data;
  for (let j = 0; j < n; j++) {
    if (b[j] > 0) continue;
    let best = Infinity;
    for (let i = 0; i < m; i++) {
      if (a[i] > 0) best = Math.min(best, cd[C.offset + i * C.stride + j] - u[i]);
    }
    if (best < Infinity) v[j] = best;
  }
  for (let i = 0; i < m; i++) {
    if (a[i] > 0) continue;
    let best = Infinity;
    for (let j = 0; j < n; j++) best = Math.min(best, cd[C.offset + i * C.stride + j] - v[j]);
    u[i] = best;
  }
  let su = 0;
  let sv = 0;
  let mass = 0;
  for (let i = 0; i < m; i++) {
    su += a[i] * u[i];
    mass += a[i];
  }
  for (let j = 0; j < n; j++) sv += b[j] * v[j];
  const shift = (su - sv) / (2 * mass);
  for (let i = 0; i < m; i++) u[i] -= shift;
  for (let j = 0; j < n; j++) v[j] += shift;
}
