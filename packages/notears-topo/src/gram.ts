/**
 * Least squares on a topological order through the Gram matrix (spec section 2.2).
 *
 * Symbols: `C = X^T X / n` (d x d, row-major), `pi` the order, `C_pi` its rows and columns
 * permuted by `pi`, `L` the lower Cholesky factor of `C_pi` (position coordinates). The residual
 * variance of the node at position k given positions < k is `L[k][k]^2`, so the score is
 * `F(pi) = 1/2 sum_k L[k][k]^2`. With `I - B = L^-T diag(L)` the strictly upper-triangular `B`
 * holds the regression coefficients: `W[pi[a]][pi[k]] = B[a][k]`.
 */

/** Column means of a row-major n x d matrix. */
export function columnMeans(x: Float64Array, n: number, d: number): Float64Array {
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const base = i * d;
    for (let j = 0; j < d; j++) mean[j] += x[base + j];
  }
  for (let j = 0; j < d; j++) mean[j] /= n;
  return mean;
}

/** `C = (X - 1 mean^T)^T (X - 1 mean^T) / n`, full symmetric d x d (mean omitted: no centring). */
export function gram(x: Float64Array, n: number, d: number, center: boolean): Float64Array {
  const mean = center ? columnMeans(x, n, d) : new Float64Array(d);
  const C = new Float64Array(d * d);
  const row = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const base = i * d;
    for (let j = 0; j < d; j++) row[j] = x[base + j] - mean[j];
    for (let a = 0; a < d; a++) {
      const ra = row[a];
      if (ra === 0) continue;
      const ca = a * d;
      for (let b = a; b < d; b++) C[ca + b] += ra * row[b];
    }
  }
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      const v = C[a * d + b] / n;
      C[a * d + b] = v;
      C[b * d + a] = v;
    }
  }
  return C;
}

/**
 * Lower Cholesky factor of `C_pi` into `L` (d x d, upper part zeroed). Negative pivots from
 * rounding are clamped to 0. Returns the smallest ratio `L[k][k]^2 / C_pi[k][k]` (singularity
 * indicator).
 */
export function cholPermuted(
  C: Float64Array,
  d: number,
  order: ArrayLike<number>,
  L: Float64Array,
): number {
  let minRatio = Number.POSITIVE_INFINITY;
  for (let k = 0; k < d; k++) {
    const ck = order[k] * d;
    const lk = k * d;
    for (let j = 0; j < k; j++) {
      const lj = j * d;
      let s = C[ck + order[j]];
      for (let t = 0; t < j; t++) s -= L[lk + t] * L[lj + t];
      const pivot = L[lj + j];
      L[lk + j] = pivot > 0 ? s / pivot : 0;
    }
    const ckk = C[ck + order[k]];
    let s = ckk;
    for (let t = 0; t < k; t++) s -= L[lk + t] * L[lk + t];
    if (s < 0) s = 0;
    L[lk + k] = Math.sqrt(s);
    for (let j = k + 1; j < d; j++) L[lk + j] = 0;
    const ratio = ckk > 0 ? s / ckk : 0;
    if (ratio < minRatio) minRatio = ratio;
  }
  return minRatio;
}

/** `1/2 sum_k L[k][k]^2`. */
export function halfPivotSum(L: Float64Array, d: number): number {
  let s = 0;
  for (let k = 0; k < d; k++) s += L[k * d + k] * L[k * d + k];
  return 0.5 * s;
}

/**
 * Coefficients in position coordinates: `B` strictly upper triangular with
 * `B[a][k] = -(L^-1)[k][a] * L[k][k]`. `Linv` is scratch (d x d).
 */
export function coefficients(
  L: Float64Array,
  d: number,
  Linv: Float64Array,
  B: Float64Array,
): void {
  // Linv = L^-1 (lower triangular), row by row: Linv[k][a] = -(sum_{t=a}^{k-1} L[k][t] Linv[t][a]) / L[k][k].
  Linv.fill(0);
  for (let k = 0; k < d; k++) {
    const lk = k * d;
    const pivot = L[lk + k];
    const inv = pivot > 0 ? 1 / pivot : 0;
    Linv[lk + k] = inv;
    for (let a = 0; a < k; a++) {
      let s = 0;
      for (let t = a; t < k; t++) s += L[lk + t] * Linv[t * d + a];
      Linv[lk + a] = -s * inv;
    }
  }
  B.fill(0);
  for (let k = 0; k < d; k++) {
    const pivot = L[k * d + k];
    for (let a = 0; a < k; a++) B[a * d + k] = -Linv[k * d + a] * pivot;
  }
}

/** Scatters position-coordinate coefficients `B` to label coordinates `W[pi[a]][pi[k]]`. */
export function scatter(
  B: Float64Array,
  d: number,
  order: ArrayLike<number>,
  W: Float64Array,
): void {
  W.fill(0);
  for (let a = 0; a < d; a++) {
    const ra = order[a] * d;
    for (let k = a + 1; k < d; k++) W[ra + order[k]] = B[a * d + k];
  }
}

/** Gathers label-coordinate weights into position coordinates: `A[a][k] = |W[pi[a]][pi[k]]|`, a < k. */
export function gatherAbs(
  W: Float64Array,
  d: number,
  order: ArrayLike<number>,
  A: Float64Array,
): void {
  A.fill(0);
  for (let a = 0; a < d; a++) {
    const ra = order[a] * d;
    for (let k = a + 1; k < d; k++) A[a * d + k] = Math.abs(W[ra + order[k]]);
  }
}

/**
 * Path matrix in position coordinates: `P = (I - A)^-1` for strictly upper-triangular `A >= 0`
 * (unit upper triangular, `P[a][b]` = sum over paths a ~> b of |weight| products). For a
 * forbidden pair (i, j) with pos[i] > pos[j], `Gh[i][j] = P[pos[j]][pos[i]]`.
 */
export function pathMatrix(A: Float64Array, d: number, P: Float64Array): void {
  P.fill(0);
  for (let r = 0; r < d; r++) {
    const pr = r * d;
    P[pr + r] = 1;
    // P[r][k] = sum_{a=r}^{k-1} P[r][a] A[a][k]: accumulate row r by rows of A.
    for (let a = r; a < d; a++) {
      const v = P[pr + a];
      if (v === 0) continue;
      const aa = a * d;
      for (let k = a + 1; k < d; k++) P[pr + k] += v * A[aa + k];
    }
  }
}

/**
 * Exact score change of exchanging positions p < q, by Givens rotations on the window
 * `L[p..q][p..q]` (spec 2.4): returns `1/2 (sum of new pivots^2 - sum of old pivots^2)` over
 * the window. `S` is scratch of at least (q-p+1)^2 entries. Cost O((q-p)^2).
 */
export function swapDelta(
  L: Float64Array,
  d: number,
  p: number,
  q: number,
  S: Float64Array,
): number {
  const w = q - p + 1;
  let before = 0;
  for (let r = 0; r < w; r++) {
    const src = (p + r) * d + p;
    const dst = r * w;
    for (let c = 0; c <= r; c++) S[dst + c] = L[src + c];
    for (let c = r + 1; c < w; c++) S[dst + c] = 0;
    before += S[dst + r] * S[dst + r];
  }
  // Bubble the element at window position w-1 left to 0, then the old first element (now at 1)
  // right to w-1.
  for (let k = w - 2; k >= 0; k--) adjacentSwap(S, w, k);
  for (let k = 1; k <= w - 2; k++) adjacentSwap(S, w, k);
  let after = 0;
  for (let r = 0; r < w; r++) after += S[r * w + r] * S[r * w + r];
  return 0.5 * (after - before);
}

/**
 * Exchanges positions k and k+1 of a w x w lower Cholesky factor in place: swap the two rows,
 * then a Givens rotation on columns k, k+1 restores the zero at (k, k+1). Only rows >= k change.
 */
function adjacentSwap(S: Float64Array, w: number, k: number): void {
  const rk = k * w;
  const rk1 = rk + w;
  // Row k (old row k+1) has entries up to k+1; row k+1 (old row k) up to k.
  for (let c = 0; c <= k + 1; c++) {
    const t = S[rk + c];
    S[rk + c] = S[rk1 + c];
    S[rk1 + c] = t;
  }
  const x = S[rk + k];
  const y = S[rk + k + 1];
  if (y === 0) return;
  const r = Math.hypot(x, y);
  const c = x / r;
  const s = y / r;
  for (let row = k; row < w; row++) {
    const base = row * w;
    const u = S[base + k];
    const v = S[base + k + 1];
    S[base + k] = c * u + s * v;
    S[base + k + 1] = -s * u + c * v;
  }
  S[rk + k + 1] = 0;
}
