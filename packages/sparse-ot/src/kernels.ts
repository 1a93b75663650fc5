/**
 * Column kernels of the regularized transport duals (Liu, Puigcerver and Blondel 2023, and
 * Blondel, Seguy and Rolet 2018). Symbols: w a scaled score column, k the cardinality,
 * gamma the regularization, z the simplex radius, tau the simplex threshold.
 *
 * The hot kernels write the support of their output into caller-owned buffers (`idx`, `val`),
 * so a transport oracle never allocates per column.
 */

/** Reusable buffers for the column kernels (sized for columns of length m and cardinality k). */
export class ColumnWork {
  readonly idx: Int32Array;
  readonly val: Float64Array;
  readonly order: Int32Array;
  readonly key: Float64Array;
  /** Scratch column for the affine kernels' fallback path. */
  readonly w: Float64Array;
  /** Scratch positions for sorting candidates. */
  readonly pos: Int32Array;
  /** Threshold tau of the last {@link sparseSimplexColumn} call. */
  tau = 0;

  constructor(m: number) {
    this.idx = new Int32Array(m);
    this.val = new Float64Array(m);
    this.order = new Int32Array(m);
    this.key = new Float64Array(m);
    this.w = new Float64Array(m);
    this.pos = new Int32Array(m);
  }
}

/** Largest k for which insertion into a sorted buffer beats sorting the column. */
const INSERTION_MAX_K = 32;

/**
 * The k largest entries of w (ties to the lower index), in descending order of value, written
 * to `work.idx[0..k)` and `work.val[0..k)`; when `positiveOnly`, only entries > 0 compete.
 * Returns how many were kept (k, or fewer when positiveOnly and w has fewer positives).
 */
export function selectTopK(
  w: Float64Array,
  m: number,
  k: number,
  positiveOnly: boolean,
  work: ColumnWork,
): number {
  const { idx, val } = work;
  if (k >= m) {
    // Every (positive) entry is kept; order only matters for the callers that sort.
    let c = 0;
    for (let i = 0; i < m; i++) {
      if (positiveOnly && !(w[i] > 0)) continue;
      idx[c] = i;
      val[c++] = w[i];
    }
    return c;
  }
  if (k <= INSERTION_MAX_K) {
    let c = 0;
    for (let i = 0; i < m; i++) {
      const v = w[i];
      if (positiveOnly && !(v > 0)) continue;
      if (c === k) {
        if (!(v > val[k - 1])) continue;
        c--;
      }
      // Insert after every kept entry >= v, so equal values keep the lower index first.
      let t = c++;
      while (t > 0 && val[t - 1] < v) {
        val[t] = val[t - 1];
        idx[t] = idx[t - 1];
        t--;
      }
      val[t] = v;
      idx[t] = i;
    }
    return c;
  }
  const { order } = work;
  let c = 0;
  for (let i = 0; i < m; i++) if (!positiveOnly || w[i] > 0) order[c++] = i;
  const sub = order.subarray(0, c);
  sub.sort((p, q) => w[q] - w[p] || p - q);
  const kk = Math.min(k, c);
  for (let t = 0; t < kk; t++) {
    idx[t] = sub[t];
    val[t] = w[sub[t]];
  }
  return kk;
}

/**
 * Simplex threshold of the first `c` values of `val` (sorted descending when `sorted`): the tau
 * with `sum(max(val - tau, 0)) = z`. Uses the sorted sweep when sorted (step 4 of the spec's
 * P1), otherwise Michelot's fixed-point filtering (expected linear time).
 */
export function simplexThreshold(
  val: Float64Array,
  c: number,
  z: number,
  sorted: boolean,
  work: ColumnWork,
): number {
  if (sorted) {
    let cum = 0;
    let tau = 0;
    for (let r = 0; r < c; r++) {
      cum += val[r];
      const t = (cum - z) / (r + 1);
      if (val[r] - t > 0) tau = t;
      else break;
    }
    return tau;
  }
  // Michelot (1986): tau only grows; drop entries at or below it until none is dropped.
  const key = work.key;
  let s = 0;
  for (let r = 0; r < c; r++) {
    key[r] = val[r];
    s += val[r];
  }
  let len = c;
  let tau = (s - z) / len;
  for (;;) {
    let kept = 0;
    s = 0;
    for (let r = 0; r < len; r++) {
      const v = key[r];
      if (v > tau) {
        key[kept++] = v;
        s += v;
      }
    }
    if (kept === len) break;
    len = kept;
    tau = (s - z) / len;
  }
  return tau;
}

/**
 * Max-k sparse simplex projection of w (spec P1) in sparse form: after the call,
 * `work.idx[0..r)` and `work.val[0..r)` hold the support and values of
 * `P_{Delta,k}(w)` with radius z, and r is returned. Entries equal to zero are dropped.
 */
export function sparseSimplexColumn(
  w: Float64Array,
  m: number,
  k: number,
  z: number,
  work: ColumnWork,
): number {
  const full = k >= m;
  const c = selectTopK(w, m, k, false, work);
  const { idx, val } = work;
  const tau = simplexThreshold(val, c, z, !full, work);
  work.tau = tau;
  let r = 0;
  for (let t = 0; t < c; t++) {
    const y = val[t] - tau;
    if (y > 0) {
      idx[r] = idx[t];
      val[r++] = y;
    }
  }
  return r;
}

/**
 * {@link selectTopK} of the column `w_i = (base_i + shift - cost[c0 + i]) * scale` without
 * materializing it (the hot loop of the transport oracles); falls back to building w in
 * `work.w` when k is large.
 */
export function selectTopKAffine(
  base: Float64Array,
  shift: number,
  cost: Float64Array,
  c0: number,
  scale: number,
  m: number,
  k: number,
  positiveOnly: boolean,
  work: ColumnWork,
): number {
  if (k >= m || k > INSERTION_MAX_K) {
    const w = work.w;
    for (let i = 0; i < m; i++) w[i] = (base[i] + shift - cost[c0 + i]) * scale;
    return selectTopK(w, m, k, positiveOnly, work);
  }
  const { idx, val } = work;
  let c = 0;
  // Entries must beat `floor` (the k-th kept value once k are kept) to enter.
  let floor = positiveOnly ? 0 : Number.NEGATIVE_INFINITY;
  for (let i = 0; i < m; i++) {
    const v = (base[i] + shift - cost[c0 + i]) * scale;
    if (!(v > floor) && (c === k || positiveOnly)) continue;
    if (c === k) c--;
    let t = c++;
    while (t > 0 && val[t - 1] < v) {
      val[t] = val[t - 1];
      idx[t] = idx[t - 1];
      t--;
    }
    val[t] = v;
    idx[t] = i;
    if (c === k) floor = val[k - 1];
  }
  return c;
}

/**
 * {@link sparseSimplexColumn} of the affine column of {@link selectTopKAffine} (the hot loop of
 * the semi-dual). The simplex threshold is at least `max(w) - z` (the top entry alone would
 * get mass above z otherwise), so entries at or below that level are never in the support and
 * need not compete for the top k: one pass finds the maximum, a second gathers the few entries
 * above the cut, and only those are ranked. The result equals the two-pass version exactly.
 */
export function sparseSimplexColumnAffine(
  base: Float64Array,
  shift: number,
  cost: Float64Array,
  c0: number,
  scale: number,
  m: number,
  k: number,
  z: number,
  work: ColumnWork,
): number {
  // 1. Largest entry.
  let top = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < m; i++) {
    const v = (base[i] + shift - cost[c0 + i]) * scale;
    if (v > top) top = v;
  }

  // 2. Candidates above the cut (a relative margin keeps borderline entries in).
  const cut = top - z - 1e-12 * (Math.abs(top) + z);
  const { idx, val, order, w, pos } = work;
  let c = 0;
  for (let i = 0; i < m; i++) {
    const v = (base[i] + shift - cost[c0 + i]) * scale;
    if (v > cut) {
      order[c] = i;
      w[c++] = v;
    }
  }

  // 3. The k largest candidates in descending order, ties to the lower index (candidates are
  // in increasing index order, so insertion after equal values keeps that order).
  const kk = Math.min(k, c);
  if (kk <= INSERTION_MAX_K) {
    let r = 0;
    for (let t = 0; t < c; t++) {
      const v = w[t];
      if (r === kk) {
        if (!(v > val[kk - 1])) continue;
        r--;
      }
      let q = r++;
      while (q > 0 && val[q - 1] < v) {
        val[q] = val[q - 1];
        idx[q] = idx[q - 1];
        q--;
      }
      val[q] = v;
      idx[q] = order[t];
    }
  } else {
    const sub = pos.subarray(0, c);
    for (let t = 0; t < c; t++) sub[t] = t;
    sub.sort((p, q) => w[q] - w[p] || p - q);
    for (let t = 0; t < kk; t++) {
      idx[t] = order[sub[t]];
      val[t] = w[sub[t]];
    }
  }

  // 4. Threshold by the sorted sweep, and the support.
  const tau = simplexThreshold(val, kk, z, true, work);
  work.tau = tau;
  let r = 0;
  for (let t = 0; t < kk; t++) {
    const y = val[t] - tau;
    if (y > 0) {
      idx[r] = idx[t];
      val[r++] = y;
    }
  }
  return r;
}
