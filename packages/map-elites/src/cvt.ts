/**
 * Centroidal Voronoi tessellation support: a k-d tree for nearest-centroid lookup and Lloyd's
 * k-means on uniform samples (Vassiliades et al. 2018, step 1 of CVT-MAP-Elites).
 *
 * Symbols: `C` centroids in `k` dimensions, stored row-major in `centroids` (length C * k);
 * `K` uniform samples. Ties in distance go to the lower centroid index, so the tree returns
 * exactly what a brute-force scan in index order returns.
 */
import { checker, Rng } from '@optkit/core';

const check = checker('map-elites');

/** Leaves with at most this many points are scanned linearly. */
const LEAF = 8;

/**
 * A static k-d tree over `C` points in `k` dimensions. The tree is implicit: `order` is a
 * permutation of the points such that, for each node range [lo, hi) with hi - lo > LEAF, the
 * median `mid = (lo + hi) >> 1` splits on axis `axis[mid]`, points in [lo, mid) have a
 * coordinate <= the median's and points in (mid, hi) have one >= it.
 */
export class KdTree {
  readonly size: number;
  readonly dim: number;
  private readonly pts: Float64Array;
  private readonly order: Int32Array;
  private readonly axis: Int8Array;
  /** Coordinates in tree order, so the leaf scans read memory in sequence. */
  private readonly sorted: Float64Array;
  private bestIndex = -1;
  private bestDist = Infinity;

  /**
   * @param points - row-major `size x dim` coordinates; read, not copied (do not mutate).
   * @param dim - coordinates per point.
   */
  constructor(points: Float64Array, dim: number) {
    this.dim = dim;
    this.size = points.length / dim;
    this.pts = points;
    this.order = new Int32Array(this.size);
    for (let i = 0; i < this.size; i++) this.order[i] = i;
    this.axis = new Int8Array(this.size);
    this.build(0, this.size);
    this.sorted = new Float64Array(points.length);
    for (let p = 0; p < this.size; p++) {
      const i = this.order[p];
      for (let j = 0; j < dim; j++) this.sorted[p * dim + j] = points[i * dim + j];
    }
  }

  private build(lo: number, hi: number): void {
    if (hi - lo <= LEAF) return;
    const k = this.dim;
    const pts = this.pts;
    const order = this.order;
    let best = 0;
    let spread = -1;
    for (let j = 0; j < k; j++) {
      let mn = Infinity;
      let mx = -Infinity;
      for (let p = lo; p < hi; p++) {
        const v = pts[order[p] * k + j];
        if (v < mn) mn = v;
        if (v > mx) mx = v;
      }
      if (mx - mn > spread) {
        spread = mx - mn;
        best = j;
      }
    }
    const mid = (lo + hi) >> 1;
    this.select(lo, hi - 1, mid, best);
    this.axis[mid] = best;
    this.build(lo, mid);
    this.build(mid + 1, hi);
  }

  /** Quickselect (Hoare partition) so that order[mid] holds the median on axis `a`. */
  private select(left: number, right: number, mid: number, a: number): void {
    const k = this.dim;
    const pts = this.pts;
    const order = this.order;
    while (right > left) {
      const pivot = pts[order[(left + right) >> 1] * k + a];
      let i = left;
      let j = right;
      while (i <= j) {
        while (pts[order[i] * k + a] < pivot) i++;
        while (pts[order[j] * k + a] > pivot) j--;
        if (i <= j) {
          const t = order[i];
          order[i] = order[j];
          order[j] = t;
          i++;
          j--;
        }
      }
      if (mid <= j) right = j;
      else if (mid >= i) left = i;
      else return;
    }
  }

  /**
   * Index of the point nearest to `q[offset .. offset + dim)`; ties go to the lower index.
   *
   * @param bound - optional squared distance of a known candidate (a pruning hint).
   * @param boundIndex - that candidate's index; it is returned unless a point is closer (or as
   *   close with a lower index).
   */
  nearest(q: Float64Array, offset: number, bound = Infinity, boundIndex = -1): number {
    this.bestIndex = boundIndex;
    this.bestDist = bound;
    this.search(q, offset, 0, this.size);
    return this.bestIndex;
  }

  /** Squared distance of the last {@link KdTree.nearest} answer. */
  lastDistance(): number {
    return this.bestDist;
  }

  private search(q: Float64Array, off: number, lo: number, hi: number): void {
    const k = this.dim;
    if (hi - lo <= LEAF) {
      const s = this.sorted;
      for (let p = lo; p < hi; p++) {
        let d = 0;
        const base = p * k;
        for (let j = 0; j < k; j++) {
          const t = q[off + j] - s[base + j];
          d += t * t;
        }
        if (d < this.bestDist || (d === this.bestDist && this.order[p] < this.bestIndex)) {
          this.bestDist = d;
          this.bestIndex = this.order[p];
        }
      }
      return;
    }
    const mid = (lo + hi) >> 1;
    const a = this.axis[mid];
    const diff = q[off + a] - this.sorted[mid * k + a];
    let d = 0;
    const base = mid * k;
    for (let j = 0; j < k; j++) {
      const t = q[off + j] - this.sorted[base + j];
      d += t * t;
    }
    if (d < this.bestDist || (d === this.bestDist && this.order[mid] < this.bestIndex)) {
      this.bestDist = d;
      this.bestIndex = this.order[mid];
    }
    // Visit the side of the query first; the far side only if the slab may hold a closer
    // (or an equally close, lower-indexed) point.
    if (diff <= 0) {
      this.search(q, off, lo, mid);
      if (diff * diff <= this.bestDist) this.search(q, off, mid + 1, hi);
    } else {
      this.search(q, off, mid + 1, hi);
      if (diff * diff <= this.bestDist) this.search(q, off, lo, mid);
    }
  }
}

/**
 * Index of the nearest of `C` centroids by a linear scan (ties to the lower index).
 *
 * @param centroids - row-major `C x k`.
 * @param k - dimension.
 * @param q - query buffer; the query is `q[offset .. offset + k)`.
 * @param offset - start of the query in `q`.
 * @returns the centroid index.
 */
export function nearestBrute(
  centroids: Float64Array,
  k: number,
  q: Float64Array,
  offset: number,
): number {
  const C = centroids.length / k;
  let best = -1;
  let bestD = Infinity;
  for (let c = 0; c < C; c++) {
    let d = 0;
    for (let j = 0; j < k; j++) {
      const t = q[offset + j] - centroids[c * k + j];
      d += t * t;
    }
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best;
}

/** Options of {@link kMeansCentroids}. */
export interface KMeansOptions {
  /** Number of centroids C, an integer >= 1. */
  cells: number;
  /** `[lo, hi]` per measure dimension, lo < hi, finite. */
  ranges: ArrayLike<readonly [number, number] | ArrayLike<number>>;
  /** Uniform samples K; default 100,000; must be >= cells. */
  samples?: number;
  /** Seed of core's `Rng` that draws the samples and the initial centroids; default 0. */
  seed?: number;
  /** Cap on Lloyd iterations; default 300 (as scikit-learn). */
  maxIterations?: number;
  /**
   * Stop when the summed squared centroid shift is at most `tolerance` times the mean
   * per-dimension variance of the samples (scikit-learn's rule); default 1e-4.
   */
  tolerance?: number;
}

/** Result of {@link kMeansCentroids}. */
export interface KMeansResult {
  /** Row-major `cells x k` centroids. */
  centroids: Float64Array;
  /** Lloyd iterations run. */
  iterations: number;
  /** True when the shift fell below the tolerance before the cap. */
  converged: boolean;
  stopReason: 'converged' | 'maxIterations';
  /** Clusters that emptied and were re-seeded with the farthest sample. */
  reseeded: number;
}

/** Validated `[lo, hi]` ranges as two Float64Arrays. */
export function parseRanges(
  argument: string,
  ranges: unknown,
): { lo: Float64Array; hi: Float64Array; list: [number, number][] } {
  if (!Array.isArray(ranges) || ranges.length < 1) {
    throw check.typeError(argument, 'a non-empty array of [lo, hi] pairs', ranges);
  }
  const k = ranges.length;
  const lo = new Float64Array(k);
  const hi = new Float64Array(k);
  const list: [number, number][] = [];
  for (let j = 0; j < k; j++) {
    const r = ranges[j] as unknown;
    if (!Array.isArray(r) && !(ArrayBuffer.isView(r) && !(r instanceof DataView))) {
      throw check.typeError(`${argument}[${j}]`, 'a [lo, hi] pair', r);
    }
    const pair = r as ArrayLike<unknown>;
    if (pair.length !== 2) {
      throw check.rangeErrorText(`${argument}[${j}]`, 'a [lo, hi] pair', `length ${pair.length}`);
    }
    lo[j] = check.number(`${argument}[${j}][0]`, pair[0]);
    hi[j] = check.number(`${argument}[${j}][1]`, pair[1]);
    if (!(lo[j] < hi[j])) {
      throw check.rangeErrorText(
        `${argument}[${j}]`,
        'a range with lo < hi',
        `[${lo[j]}, ${hi[j]}]`,
      );
    }
    list.push([lo[j], hi[j]]);
  }
  return { lo, hi, list };
}

/**
 * Centroids for a CVT archive: Lloyd's k-means on `samples` points drawn uniformly in the
 * ranges, started from `cells` distinct random samples (scikit-learn's `init="random"`, which
 * pyribs uses). Each Lloyd step assigns every sample to its nearest centroid through a k-d tree
 * (seeded with the previous assignment's distance) and moves every centroid to its samples'
 * mean; an emptied cluster is re-seeded with the sample farthest from its centroid.
 *
 * @param options - see {@link KMeansOptions}.
 * @returns the centroids with the iteration count and why Lloyd stopped.
 * @throws RangeError for `cells < 1`, `samples < cells`, bad ranges, a negative or fractional
 *   seed, or a bad tolerance.
 * @example
 * ```ts
 * const { centroids } = kMeansCentroids({ cells: 64, ranges: [[0, 1], [0, 1]], samples: 5000 });
 * centroids.length; // 128
 * ```
 */
export function kMeansCentroids(options: KMeansOptions): KMeansResult {
  if (typeof options !== 'object' || options === null) {
    throw check.typeError('options', 'an object', options);
  }
  const C = check.integer('cells', options.cells, { min: 1 });
  const { lo, hi } = parseRanges('ranges', options.ranges);
  const K = check.integer('samples', options.samples ?? 100_000, { min: C });
  const seed = check.integer('seed', options.seed ?? 0, { min: 0 });
  const maxIter = check.integer('maxIterations', options.maxIterations ?? 300, { min: 0 });
  const tol = check.number('tolerance', options.tolerance ?? 1e-4, { min: 0 });
  const k = lo.length;
  const rng = new Rng(seed);

  // 1. K uniform samples in the box.
  const X = new Float64Array(K * k);
  for (let s = 0; s < K; s++) {
    for (let j = 0; j < k; j++) X[s * k + j] = rng.uniform(lo[j], hi[j]);
  }
  let variance = 0;
  for (let j = 0; j < k; j++) {
    let mean = 0;
    for (let s = 0; s < K; s++) mean += X[s * k + j];
    mean /= K;
    let v = 0;
    for (let s = 0; s < K; s++) v += (X[s * k + j] - mean) ** 2;
    variance += v / K;
  }
  const tolAbs = (tol * variance) / k;

  // 2. Initial centroids: C distinct samples (partial Fisher-Yates).
  const perm = new Int32Array(K);
  for (let s = 0; s < K; s++) perm[s] = s;
  const centroids = new Float64Array(C * k);
  for (let c = 0; c < C; c++) {
    const r = c + rng.int(K - c);
    const t = perm[c];
    perm[c] = perm[r];
    perm[r] = t;
    for (let j = 0; j < k; j++) centroids[c * k + j] = X[perm[c] * k + j];
  }

  // 3. Lloyd iterations.
  const assign = new Int32Array(K).fill(-1);
  const dist = new Float64Array(K);
  const sums = new Float64Array(C * k);
  const counts = new Int32Array(C);
  let iterations = 0;
  let converged = false;
  let reseeded = 0;
  while (iterations < maxIter) {
    iterations++;
    const tree = new KdTree(centroids.slice(), k);
    sums.fill(0);
    counts.fill(0);
    for (let s = 0; s < K; s++) {
      // The old centroid's new distance bounds the answer (the tie rule keeps this exact).
      let bound = Infinity;
      const a0 = assign[s];
      if (a0 >= 0) {
        let d = 0;
        for (let j = 0; j < k; j++) d += (X[s * k + j] - centroids[a0 * k + j]) ** 2;
        bound = d;
      }
      const c = tree.nearest(X, s * k, bound, a0);
      assign[s] = c;
      dist[s] = tree.lastDistance();
      counts[c]++;
      for (let j = 0; j < k; j++) sums[c * k + j] += X[s * k + j];
    }
    let shift = 0;
    for (let c = 0; c < C; c++) {
      if (counts[c] === 0) continue;
      for (let j = 0; j < k; j++) {
        const v = sums[c * k + j] / counts[c];
        shift += (v - centroids[c * k + j]) ** 2;
        centroids[c * k + j] = v;
      }
    }
    // Empty clusters take the samples farthest from their centroids, one each.
    for (let c = 0; c < C; c++) {
      if (counts[c] !== 0) continue;
      let far = 0;
      for (let s = 1; s < K; s++) if (dist[s] > dist[far]) far = s;
      for (let j = 0; j < k; j++) {
        shift += (X[far * k + j] - centroids[c * k + j]) ** 2;
        centroids[c * k + j] = X[far * k + j];
      }
      dist[far] = 0;
      assign[far] = -1;
      reseeded++;
    }
    if (shift <= tolAbs) {
      converged = true;
      break;
    }
  }
  return {
    centroids,
    iterations,
    converged,
    stopReason: converged ? 'converged' : 'maxIterations',
    reseeded,
  };
}
