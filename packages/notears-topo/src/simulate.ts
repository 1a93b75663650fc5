/**
 * The standard NOTEARS data generator (Zheng et al. 2018, `utils.py`; reused by TOPO and DAGMA),
 * reproduced distribution for distribution (the Python bit streams cannot be matched): random
 * Erdos-Renyi and scale-free DAGs, edge weights uniform on +-[0.5, 2], and linear SEMs with
 * Gaussian, exponential, Gumbel, uniform or logistic (binary) noise.
 */
import { type Mat, mat, Rng } from '@optkit/core';
import { kahnOrder } from './graph.js';
import { check, squareMatrix } from './validate.js';

/** Graph families: Erdos-Renyi with an exact edge count, or Barabasi-Albert scale-free. */
export type GraphType = 'ER' | 'SF';

/** Noise / mechanism of a linear SEM (Appendix A of the package spec). */
export type SemType = 'gauss' | 'exp' | 'gumbel' | 'uniform' | 'logistic';

/** A seed (non-negative integer) or a core `Rng` from `@optkit/core` (which is advanced). */
export type RandomSource = number | Rng;

function toRng(source: RandomSource | undefined): Rng {
  if (source instanceof Rng) return source;
  if (source === undefined) return new Rng(0);
  return new Rng(check.integer('seed', source, { min: 0 }));
}

/**
 * A random DAG as a 0/1 adjacency (row = parent, column = child).
 *
 * `'ER'`: exactly `edges` distinct undirected pairs chosen uniformly, oriented along a uniform
 * random order. `'SF'`: directed Barabasi-Albert with `m = round(edges / d)`: node t links to
 * `min(m, t)` distinct earlier nodes chosen with probability proportional to in-degree + 1,
 * so every node has at most m children and hubs collect many parents. Both finish with a uniform
 * relabelling of the nodes.
 *
 * @param d - number of nodes, an integer >= 1.
 * @param edges - ER: exact edge count in [0, d(d-1)/2]; SF: expected count (m = round(edges/d)).
 * @param graphType - `'ER'` or `'SF'`.
 * @param random - a seed (non-negative integer) or a core `Rng`; default seed 0.
 * @returns a d x d Mat of 0/1 entries, acyclic.
 * @throws RangeError for bad sizes or an unknown graph type.
 * @example
 * ```ts
 * const B = simulateDag(10, 20, 'ER', 1); // 20 edges, acyclic
 * ```
 */
export function simulateDag(
  d: number,
  edges: number,
  graphType: GraphType,
  random?: RandomSource,
): Mat {
  check.integer('d', d, { min: 1 });
  const m = (d * (d - 1)) / 2;
  check.integer('edges', edges, { min: 0, max: graphType === 'ER' ? m : undefined });
  check.oneOf('graphType', graphType, ['ER', 'SF'] as const);
  const rng = toRng(random);
  const B = new Uint8Array(d * d);
  if (graphType === 'ER') {
    // Partial Fisher-Yates over the m unordered pairs (a < b), pair index t = a*d + b.
    const pairs = new Int32Array(m);
    let t = 0;
    for (let a = 0; a < d; a++) for (let b = a + 1; b < d; b++) pairs[t++] = a * d + b;
    for (let k = 0; k < edges; k++) {
      const r = k + rng.int(m - k);
      const tmp = pairs[k];
      pairs[k] = pairs[r];
      pairs[r] = tmp;
    }
    const rank = new Int32Array(d);
    const perm = rng.permutation(d);
    for (let k = 0; k < d; k++) rank[perm[k]] = k;
    for (let k = 0; k < edges; k++) {
      const a = Math.floor(pairs[k] / d);
      const b = pairs[k] - a * d;
      if (rank[a] > rank[b]) B[a * d + b] = 1;
      else B[b * d + a] = 1;
    }
  } else {
    const mm = Math.round(edges / d);
    const indeg = new Float64Array(d);
    const picked = new Uint8Array(d);
    const chosen: number[] = [];
    for (let t = 1; t < d; t++) {
      chosen.length = 0;
      const k = Math.min(mm, t);
      for (let e = 0; e < k; e++) {
        let total = 0;
        for (let u = 0; u < t; u++) if (picked[u] === 0) total += indeg[u] + 1;
        let x = rng.next() * total;
        let pick = -1;
        for (let u = 0; u < t; u++) {
          if (picked[u] === 1) continue;
          pick = u;
          x -= indeg[u] + 1;
          if (x < 0) break;
        }
        picked[pick] = 1;
        chosen.push(pick);
      }
      for (const u of chosen) {
        picked[u] = 0;
        indeg[u]++;
        B[t * d + u] = 1;
      }
    }
  }
  // Uniform relabelling: node v becomes perm[v].
  const perm = rng.permutation(d);
  const out = mat(d, d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) if (B[i * d + j] === 1) out.data[perm[i] * d + perm[j]] = 1;
  }
  return out;
}

/**
 * Edge weights for a DAG: for every edge, one of the ranges with equal probability and a uniform
 * value in it; non-edges stay 0.
 *
 * @param B - 0/1 (or any non-zero = edge) d x d adjacency.
 * @param random - a seed or a core `Rng`; default seed 0.
 * @param ranges - disjoint `[low, high]` ranges; default `[[-2, -0.5], [0.5, 2]]`.
 * @returns the weighted adjacency W (a new Mat).
 * @throws RangeError for a non-square B or a bad range.
 * @example
 * ```ts
 * const W = simulateParameter(simulateDag(5, 5, 'ER', 1), 2);
 * ```
 */
export function simulateParameter(
  B: Mat | number[][],
  random?: RandomSource,
  ranges: ReadonlyArray<readonly [number, number]> = [
    [-2, -0.5],
    [0.5, 2],
  ],
): Mat {
  const A = squareMatrix('B', B);
  if (!Array.isArray(ranges) || ranges.length === 0) {
    throw check.typeError('ranges', 'a non-empty array of [low, high] pairs', ranges);
  }
  ranges.forEach(([lo, hi], k) => {
    check.number(`ranges[${k}][0]`, lo);
    check.number(`ranges[${k}][1]`, hi, { min: lo });
  });
  const rng = toRng(random);
  const d = A.rows;
  const W = mat(d, d);
  for (let t = 0; t < d * d; t++) {
    if (A.data[t] === 0) continue;
    const [lo, hi] = ranges[rng.int(ranges.length)];
    W.data[t] = rng.uniform(lo, hi);
  }
  return W;
}

/**
 * Samples a linear SEM `x_j = sum_i W[i][j] x_i + z_j` (nodes generated in topological order).
 *
 * Noise per `sem` with scale sigma_j: `gauss` N(0, sigma^2); `exp` Exponential with mean sigma
 * (not centred); `gumbel` Gumbel(0, sigma); `uniform` U(-sigma, sigma); `logistic` binary
 * `x_j ~ Bernoulli(sigmoid(X_pa w))` (no sigma). With `n = 'population'` (gauss only) it returns
 * the d x d matrix `sqrt(d) diag(sigma) (I - W)^-1`, whose `(1/d) X^T X` is the exact covariance.
 *
 * @param W - weighted DAG adjacency, d x d.
 * @param n - number of samples (integer >= 1) or `'population'`.
 * @param sem - noise type.
 * @param random - a seed or a core `Rng`; default seed 0.
 * @param noiseScale - sigma: one number or one per node; default 1.
 * @returns X, n x d (or d x d for `'population'`).
 * @throws RangeError when W is cyclic, for bad sizes, or `'population'` with non-Gaussian noise.
 * @example
 * ```ts
 * const W = simulateParameter(simulateDag(5, 5, 'ER', 1), 1);
 * const X = simulateLinearSem(W, 1000, 'gauss', 1); // 1000 x 5
 * ```
 */
export function simulateLinearSem(
  W: Mat | number[][],
  n: number | 'population',
  sem: SemType,
  random?: RandomSource,
  noiseScale: number | ArrayLike<number> = 1,
): Mat {
  const A = squareMatrix('W', W);
  const d = A.rows;
  const w = A.data;
  check.oneOf('sem', sem, ['gauss', 'exp', 'gumbel', 'uniform', 'logistic'] as const);
  if (n !== 'population') check.integer('n', n, { min: 1 });
  let sigma: Float64Array;
  if (typeof noiseScale === 'number') {
    check.number('noiseScale', noiseScale, { min: 0 });
    sigma = new Float64Array(d).fill(noiseScale);
  } else {
    sigma = check.vector('noiseScale', noiseScale, { length: d });
    for (let k = 0; k < d; k++) check.number(`noiseScale[${k}]`, sigma[k], { min: 0 });
  }
  const order = kahnOrder(w, d);
  if (order.length !== d)
    throw check.rangeErrorText('W', 'acyclic (a DAG)', 'a graph with a directed cycle');

  if (n === 'population') {
    if (sem !== 'gauss') throw check.rangeError('sem', '"gauss" when n is "population"', sem);
    // R = (I - W)^-1 satisfies R = I + R W: column j from its parents' columns, in topological order.
    const R = new Float64Array(d * d);
    for (const j of order) {
      for (let r = 0; r < d; r++) {
        let s = r === j ? 1 : 0;
        for (let k = 0; k < d; k++) {
          const wkj = w[k * d + j];
          if (wkj !== 0) s += R[r * d + k] * wkj;
        }
        R[r * d + j] = s;
      }
    }
    const X = mat(d, d);
    const root = Math.sqrt(d);
    for (let r = 0; r < d; r++) {
      for (let j = 0; j < d; j++) X.data[r * d + j] = root * sigma[r] * R[r * d + j];
    }
    return X;
  }

  const rng = toRng(random);
  const X = mat(n, d);
  const x = X.data;
  const parents: number[] = [];
  for (const j of order) {
    parents.length = 0;
    for (let k = 0; k < d; k++) if (w[k * d + j] !== 0) parents.push(k);
    const s = sigma[j];
    for (let i = 0; i < n; i++) {
      let eta = 0;
      for (const k of parents) eta += x[i * d + k] * w[k * d + j];
      let v: number;
      switch (sem) {
        case 'gauss':
          v = eta + s * rng.normal();
          break;
        case 'exp':
          v = eta - s * Math.log1p(-rng.next());
          break;
        case 'gumbel': {
          let u = rng.next();
          while (u === 0) u = rng.next();
          v = eta - s * Math.log(-Math.log(u));
          break;
        }
        case 'uniform':
          v = eta + rng.uniform(-s, s);
          break;
        default:
          v = rng.next() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
      }
      x[i * d + j] = v;
    }
  }
  return X;
}
