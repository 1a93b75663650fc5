/**
 * The kernel of DAGMA's log-determinant acyclicity function, with its buffer allocated once per
 * solve (the inner loop calls it tens of thousands of times): {@link invertMMatrix} gives
 * (sI - S)^-1 and log det(sI - S) for S >= 0 by Gauss-Jordan elimination without pivoting, which
 * for a Z-matrix doubles as the M-matrix test (all pivots positive). NOTEARS' trace-exponential
 * uses core's `ExpmWorkspace`.
 *
 * References: A. Berman and R. J. Plemmons (1994), "Nonnegative Matrices in the Mathematical
 * Sciences", ch. 6 (leading principal minors of M-matrices).
 */
/**
 * For the Z-matrix M = sI - W o W (given W), writes M^-1 into `out` (row-major d x d) and returns
 * log det M, or NaN when M is not a nonsingular M-matrix (some leading principal minor <= 0, or a
 * negative entry of the computed inverse beyond -1e-16, the reference implementation's test).
 * Gauss-Jordan elimination without pivoting; the pivots are the ratios of consecutive leading
 * principal minors, so all of them are positive exactly on the M-matrix domain.
 */
export function invertMMatrix(W: Float64Array, s: number, d: number, out: Float64Array): number {
  const dd = d * d;
  for (let t = 0; t < dd; t++) out[t] = -W[t] * W[t];
  for (let k = 0; k < d; k++) out[k * d + k] += s;
  let logDet = 0;
  for (let k = 0; k < d; k++) {
    const rk = k * d;
    const pivot = out[rk + k];
    if (!(pivot > 0)) return Number.NaN;
    logDet += Math.log(pivot);
    const inv = 1 / pivot;
    out[rk + k] = 1;
    for (let j = 0; j < d; j++) out[rk + j] *= inv;
    for (let i = 0; i < d; i++) {
      if (i === k) continue;
      const ri = i * d;
      const f = out[ri + k];
      if (f === 0) continue;
      out[ri + k] = 0;
      for (let j = 0; j < d; j++) out[ri + j] -= f * out[rk + j];
    }
  }
  for (let t = 0; t < dd; t++) if (out[t] + 1e-16 < 0) return Number.NaN;
  return logDet;
}
