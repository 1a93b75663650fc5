/**
 * BLAS level 1 on `Float64Array` vectors (use `subarray` for views). Loops are unrolled by four
 * with independent accumulators; the summation order is fixed, so results repeat bit for bit.
 * Kernels trust their callers: lengths are taken from `x` and `y` must be at least as long.
 */

/** The inner product x·y. */
export function dot(x: Float64Array, y: Float64Array): number {
  const n = x.length;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += x[i] * y[i];
    s1 += x[i + 1] * y[i + 1];
    s2 += x[i + 2] * y[i + 2];
    s3 += x[i + 3] * y[i + 3];
  }
  for (; i < n; i++) s0 += x[i] * y[i];
  return s0 + s1 + (s2 + s3);
}

/** y += alpha·x. */
export function axpy(alpha: number, x: Float64Array, y: Float64Array): void {
  const n = x.length;
  if (alpha === 0) return;
  for (let i = 0; i < n; i++) y[i] += alpha * x[i];
}

/** y = alpha·x + beta·y (beta = 0 overwrites y without reading it). */
export function axpby(alpha: number, x: Float64Array, beta: number, y: Float64Array): void {
  const n = x.length;
  if (beta === 0) {
    for (let i = 0; i < n; i++) y[i] = alpha * x[i];
  } else {
    for (let i = 0; i < n; i++) y[i] = alpha * x[i] + beta * y[i];
  }
}

/** x *= alpha. */
export function scal(alpha: number, x: Float64Array): void {
  for (let i = 0; i < x.length; i++) x[i] *= alpha;
}

/** Copies x into y. */
export function copy(x: Float64Array, y: Float64Array): void {
  y.set(x);
}

/** Sets every entry of x to value. */
export function fill(x: Float64Array, value: number): void {
  x.fill(value);
}

/** Σ|x_i|. */
export function asum(x: Float64Array): number {
  let s0 = 0;
  let s1 = 0;
  const n = x.length;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    s0 += Math.abs(x[i]);
    s1 += Math.abs(x[i + 1]);
  }
  if (i < n) s0 += Math.abs(x[i]);
  return s0 + s1;
}

/** Σx_i. */
export function sum(x: Float64Array): number {
  let s0 = 0;
  let s1 = 0;
  const n = x.length;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    s0 += x[i];
    s1 += x[i + 1];
  }
  if (i < n) s0 += x[i];
  return s0 + s1;
}

/** Index of the first entry of largest magnitude; -1 for an empty vector. */
export function iamax(x: Float64Array): number {
  let best = -1;
  let bestAbs = -1;
  for (let i = 0; i < x.length; i++) {
    const a = Math.abs(x[i]);
    if (a > bestAbs) {
      bestAbs = a;
      best = i;
    }
  }
  return best;
}

/** max|x_i| (0 for an empty vector). */
export function normInf(x: Float64Array): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    const a = Math.abs(x[i]);
    if (a > m) m = a;
  }
  return m;
}

/**
 * The Euclidean norm. Computed directly as √(Σx²); when that underflows to 0 or overflows while
 * the entries are finite, it is recomputed with the scaled (LAPACK-style) algorithm.
 */
export function nrm2(x: Float64Array): number {
  const direct = Math.sqrt(dot(x, x));
  if (direct > 0 && Number.isFinite(direct)) return direct;
  const scale = normInf(x);
  if (scale === 0 || !Number.isFinite(scale)) return direct === 0 ? scale : direct;
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const r = x[i] / scale;
    s += r * r;
  }
  return scale * Math.sqrt(s);
}
