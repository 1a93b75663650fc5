/**
 * Euclidean projections onto simple sets, exact, written into `out` (default: a new vector; pass
 * `y` itself as `out` to project in place). Inputs are validated once here; NaN is rejected.
 *
 * - simplex {x ≥ 0, Σx = a}: sort-based (Held, Wolfe and Crowder 1974; Duchi et al. 2008) or
 *   Condat's O(n)-in-practice method (2016); they agree to rounding.
 * - l1 ball {‖x‖₁ ≤ a}: sign(y)·P_simplex(|y|, a) when y is outside.
 * - box: clipping. Capped simplex {0 ≤ x ≤ u, Σx = a}: bisection on the shift τ, then an exact
 *   solve on the final active set.
 * - top-k {‖x‖₀ ≤ k}: keep the k entries of largest |y| (ties: lower index).
 * - sparse simplex {x ∈ Δ_a, ‖x‖₀ ≤ k}: project the k largest (signed) entries onto Δ_a, zero
 *   the rest; exact (Kyrillidis et al. 2013).
 *
 * References: L. Condat (2016), "Fast projection onto the simplex and the l1 ball", Math.
 * Programming 158. J. Duchi, S. Shalev-Shwartz, Y. Singer and T. Chandra (2008), "Efficient
 * projections onto the l1-ball for learning in high dimensions", ICML. A. Kyrillidis, S. Becker,
 * V. Cevher and C. Koch (2013), "Sparse projections onto the simplex", ICML.
 */
import { checker } from './checks.js';

const check = checker('core');

function prepare(y: Float64Array, out: Float64Array | undefined): Float64Array {
  if (!(y instanceof Float64Array)) throw check.typeError('y', 'a Float64Array', y);
  check.finiteArray('y', y);
  if (out === undefined) return new Float64Array(y.length);
  if (!(out instanceof Float64Array) || out.length !== y.length) {
    throw check.rangeErrorText('out', `a Float64Array of length ${y.length}`, String(out?.length));
  }
  return out;
}

/** θ such that Σ max(y_i − θ, 0) = a, by sorting (descending). */
function simplexThresholdSort(y: Float64Array, a: number): number {
  const u = Float64Array.from(y).sort().reverse();
  let cumulative = 0;
  let theta = 0;
  for (let j = 0; j < u.length; j++) {
    cumulative += u[j];
    const t = (cumulative - a) / (j + 1);
    if (u[j] - t > 0) theta = t;
    else break;
  }
  return theta;
}

/** θ by Condat's algorithm (2016, Fig. 2): a single pass plus cleanup loops, O(n) in practice. */
function simplexThresholdCondat(y: Float64Array, a: number): number {
  const n = y.length;
  const v = new Float64Array(n);
  const vt = new Float64Array(n);
  let vLen = 1;
  let vtLen = 0;
  v[0] = y[0];
  let rho = y[0] - a;
  for (let i = 1; i < n; i++) {
    const yi = y[i];
    if (yi > rho) {
      rho += (yi - rho) / (vLen + 1);
      if (rho > yi - a) {
        v[vLen++] = yi;
      } else {
        for (let k = 0; k < vLen; k++) vt[vtLen++] = v[k];
        v[0] = yi;
        vLen = 1;
        rho = yi - a;
      }
    }
  }
  for (let k = 0; k < vtLen; k++) {
    const x = vt[k];
    if (x > rho) {
      v[vLen++] = x;
      rho += (x - rho) / vLen;
    }
  }
  let changed = true;
  while (changed) {
    changed = false;
    let sum = 0;
    let count = 0;
    for (let k = 0; k < vLen; k++) {
      const x = v[k];
      if (x > rho) {
        v[count++] = x;
        sum += x;
      } else {
        changed = true;
      }
    }
    vLen = count;
    rho = (sum - a) / vLen;
  }
  return rho;
}

/**
 * Projection onto the simplex {x ≥ 0, Σx = radius}.
 *
 * @param y - the point (not modified unless passed as `out`).
 * @param options - `radius` (default 1, > 0), `method`: `'condat'` (default) or `'sort'`.
 * @param out - optional output of the same length.
 * @returns the projection.
 * @throws RangeError for NaN/infinite entries, a non-positive radius or an empty y.
 * @example
 * ```ts
 * projectSimplex(Float64Array.of(0.3, -0.2, 0.9)); // [0.2, 0, 0.8]
 * ```
 */
export function projectSimplex(
  y: Float64Array,
  options: { radius?: number; method?: 'sort' | 'condat' } = {},
  out?: Float64Array,
): Float64Array {
  const x = prepare(y, out);
  const a = check.positive('radius', options.radius ?? 1);
  const method = check.oneOf('method', options.method ?? 'condat', ['sort', 'condat'] as const);
  if (y.length === 0)
    throw check.rangeErrorText('y', 'non-empty (the simplex has no point in R^0)', 'length 0');
  const theta = method === 'sort' ? simplexThresholdSort(y, a) : simplexThresholdCondat(y, a);
  for (let i = 0; i < y.length; i++) x[i] = Math.max(y[i] - theta, 0);
  return x;
}

/**
 * Projection onto the l1 ball {‖x‖₁ ≤ radius}.
 *
 * @example
 * ```ts
 * projectL1Ball(Float64Array.of(3, -1), 1); // [1, 0]
 * ```
 */
export function projectL1Ball(y: Float64Array, radius = 1, out?: Float64Array): Float64Array {
  const x = prepare(y, out);
  check.positive('radius', radius);
  let norm = 0;
  for (let i = 0; i < y.length; i++) norm += Math.abs(y[i]);
  if (norm <= radius) {
    if (x !== y) x.set(y);
    return x;
  }
  const abs = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) abs[i] = Math.abs(y[i]);
  const theta = simplexThresholdCondat(abs, radius);
  for (let i = 0; i < y.length; i++) {
    const magnitude = Math.max(abs[i] - theta, 0);
    x[i] = magnitude === 0 ? 0 : Math.sign(y[i]) * magnitude;
  }
  return x;
}

function boundAt(b: Float64Array | number, i: number): number {
  return typeof b === 'number' ? b : b[i];
}

/**
 * Projection onto the box {lower ≤ x ≤ upper} (clipping).
 *
 * @throws RangeError when lower > upper somewhere, or bounds have the wrong length.
 */
export function projectBox(
  y: Float64Array,
  lower: Float64Array | number,
  upper: Float64Array | number,
  out?: Float64Array,
): Float64Array {
  const x = prepare(y, out);
  for (const [name, b] of [
    ['lower', lower],
    ['upper', upper],
  ] as const) {
    if (typeof b === 'number') {
      if (Number.isNaN(b)) throw check.rangeError(name, 'a number, not NaN', b);
    } else if (!(b instanceof Float64Array) || b.length !== y.length) {
      throw check.rangeErrorText(
        name,
        `a number or a Float64Array of length ${y.length}`,
        String(b),
      );
    }
  }
  for (let i = 0; i < y.length; i++) {
    const lo = boundAt(lower, i);
    const hi = boundAt(upper, i);
    if (lo > hi) throw check.rangeErrorText(`lower[${i}]`, `<= upper[${i}]`, `${lo} > ${hi}`);
    x[i] = Math.min(Math.max(y[i], lo), hi);
  }
  return x;
}

/**
 * Projection onto the capped simplex {0 ≤ x ≤ cap, Σx = radius}.
 *
 * @throws RangeError when the set is empty (Σcap < radius) or caps are negative.
 */
export function projectCappedSimplex(
  y: Float64Array,
  cap: Float64Array | number,
  radius = 1,
  out?: Float64Array,
): Float64Array {
  const x = prepare(y, out);
  const n = y.length;
  check.positive('radius', radius);
  let capSum = 0;
  for (let i = 0; i < n; i++) {
    const c = boundAt(cap, i);
    if (!(c >= 0)) throw check.rangeError(`cap[${i}]`, 'non-negative', c);
    capSum += c;
  }
  if (capSum < radius) {
    throw check.rangeErrorText('cap', `summing to at least radius = ${radius}`, `sum ${capSum}`);
  }
  const total = (tau: number) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.min(Math.max(y[i] - tau, 0), boundAt(cap, i));
    return s;
  };
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    lo = Math.min(lo, y[i] - boundAt(cap, i));
    hi = Math.max(hi, y[i]);
  }
  // total(lo) = Σcap ≥ radius and total(hi) = 0 < radius; bisect the monotone total.
  for (let it = 0; it < 200; it++) {
    const mid = 0.5 * (lo + hi);
    const t = total(mid);
    if (Math.abs(t - radius) <= 1e-15 * radius || mid === lo || mid === hi) {
      lo = mid;
      hi = mid;
      break;
    }
    if (t > radius) lo = mid;
    else hi = mid;
  }
  // Exact solve on the active set: free entries are y_i − τ; capped and zero entries are fixed.
  let tau = 0.5 * (lo + hi);
  let fixedSum = 0;
  let freeSum = 0;
  let freeCount = 0;
  for (let i = 0; i < n; i++) {
    const c = boundAt(cap, i);
    const v = y[i] - tau;
    if (v >= c) fixedSum += c;
    else if (v > 0) {
      freeSum += y[i];
      freeCount++;
    }
  }
  if (freeCount > 0) {
    const exact = (freeSum + fixedSum - radius) / freeCount;
    if (Math.abs(exact - tau) < 1e-9 * Math.max(1, Math.abs(tau))) tau = exact;
  }
  for (let i = 0; i < n; i++) x[i] = Math.min(Math.max(y[i] - tau, 0), boundAt(cap, i));
  return x;
}

/**
 * Indices of the k entries with the largest key, ties to the lower index, in increasing index
 * order. O(n log k) with a small binary heap.
 */
export function topKIndices(key: ArrayLike<number>, k: number): Int32Array {
  const n = key.length;
  k = Math.min(k, n);
  if (k <= 0) return new Int32Array(0);
  // Min-heap on (key, -index): the root is the weakest kept entry.
  const heap = new Int32Array(k);
  let size = 0;
  const weaker = (a: number, b: number) => key[a] < key[b] || (key[a] === key[b] && a > b);
  const siftDown = (start: number) => {
    let i = start;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let w = i;
      if (l < size && weaker(heap[l], heap[w])) w = l;
      if (r < size && weaker(heap[r], heap[w])) w = r;
      if (w === i) return;
      const t = heap[i];
      heap[i] = heap[w];
      heap[w] = t;
      i = w;
    }
  };
  for (let i = 0; i < n; i++) {
    if (size < k) {
      heap[size] = i;
      let c = size++;
      while (c > 0) {
        const p = (c - 1) >> 1;
        if (!weaker(heap[c], heap[p])) break;
        const t = heap[c];
        heap[c] = heap[p];
        heap[p] = t;
        c = p;
      }
    } else if (weaker(heap[0], i)) {
      heap[0] = i;
      siftDown(0);
    }
  }
  return heap.sort();
}

/**
 * Projection onto {‖x‖₀ ≤ k}: keeps the k entries of largest magnitude (ties to the lower
 * index), zeroes the rest.
 *
 * @example
 * ```ts
 * projectTopK(Float64Array.of(3, -5, 1, 5), 2); // [0, -5, 0, 5]
 * ```
 */
export function projectTopK(y: Float64Array, k: number, out?: Float64Array): Float64Array {
  const x = prepare(y, out);
  check.integer('k', k, { min: 0 });
  if (k >= y.length) {
    if (x !== y) x.set(y);
    return x;
  }
  const abs = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) abs[i] = Math.abs(y[i]);
  const keep = topKIndices(abs, k);
  const values = keep.length > 0 ? Array.from(keep, (i) => y[i]) : [];
  x.fill(0);
  keep.forEach((i, t) => {
    x[i] = values[t];
  });
  return x;
}

/**
 * Projection onto the k-sparse simplex {x ≥ 0, Σx = radius, ‖x‖₀ ≤ k}: the k largest entries of
 * y (signed) projected onto the simplex, the rest zero.
 *
 * @example
 * ```ts
 * projectSparseSimplex(Float64Array.of(0.5, 0.4, 0.3), 2); // [0.55, 0.45, 0]
 * ```
 */
export function projectSparseSimplex(
  y: Float64Array,
  k: number,
  radius = 1,
  out?: Float64Array,
): Float64Array {
  const x = prepare(y, out);
  check.integer('k', k, { min: 1 });
  check.positive('radius', radius);
  if (y.length === 0) throw check.rangeErrorText('y', 'non-empty', 'length 0');
  const keep = topKIndices(y, k);
  const sub = Float64Array.from(keep, (i) => y[i]);
  const theta = simplexThresholdCondat(sub, radius);
  x.fill(0);
  for (let t = 0; t < keep.length; t++) x[keep[t]] = Math.max(sub[t] - theta, 0);
  return x;
}
