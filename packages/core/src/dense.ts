/**
 * Dense BLAS levels 2 and 3 on row-major {@link Mat} views: gemv, its transpose, ger, triangular
 * solves and a packed, register-tiled gemm.
 *
 * gemm follows the classic Goto/BLIS structure scaled down to scalar JavaScript: op(B) is packed
 * into k-major panels of NR = 4 columns, op(A) into k-major panels of MR = 4 rows (an MC = 128-row
 * block at a time, so a block stays in L2), and a 4×4 micro-kernel keeps 16 accumulators in
 * registers while it streams one A panel and one B panel. Packing is where transposition is
 * handled, so the micro-kernel has a single form. The accumulation order is fixed (p ascending
 * inside a KC = 256 block, blocks ascending), so results repeat bit for bit.
 *
 * BLAS conventions: `beta = 0` overwrites the output without reading it (NaN already there never
 * spreads); `alpha = 0` skips the product.
 *
 * References: K. Goto and R. van de Geijn (2008), "Anatomy of high-performance matrix
 * multiplication", ACM TOMS 34(3). F. Van Zee and R. van de Geijn (2015), "BLIS: A framework for
 * rapidly instantiating BLAS functionality", ACM TOMS 41(3).
 */
import { checker } from './checks.js';
import { type Mat, mat } from './mat.js';

const check = checker('core');

const MR = 4;
const NR = 4;
const KC = 256;
const MC = 128;

let packA = new Float64Array(0);
let packB = new Float64Array(0);

function workspaceA(size: number): Float64Array {
  if (packA.length < size) packA = new Float64Array(size);
  return packA;
}

function workspaceB(size: number): Float64Array {
  if (packB.length < size) packB = new Float64Array(size);
  return packB;
}

function shape(a: Mat): string {
  return `${a.rows}x${a.cols}`;
}

function overlaps(a: Mat, c: Mat): boolean {
  if (a.data.buffer !== c.data.buffer) return false;
  const aStart = a.data.byteOffset + 8 * a.offset;
  const aEnd = aStart + 8 * ((a.rows - 1) * a.stride + a.cols);
  const cStart = c.data.byteOffset + 8 * c.offset;
  const cEnd = cStart + 8 * ((c.rows - 1) * c.stride + c.cols);
  return a.rows > 0 && c.rows > 0 && aStart < cEnd && cStart < aEnd;
}

/** Multiplies the `rows x cols` block of c by beta (beta = 0 writes zeros). */
function scaleMat(beta: number, c: Mat): void {
  if (beta === 1) return;
  const { data, stride, offset, rows, cols } = c;
  for (let i = 0; i < rows; i++) {
    const base = offset + i * stride;
    if (beta === 0) data.fill(0, base, base + cols);
    else for (let j = 0; j < cols; j++) data[base + j] *= beta;
  }
}

/**
 * y = alpha·op(A)·x + beta·y, with op(A) = A or Aᵀ (`trans`).
 *
 * @param alpha - scale of the product.
 * @param a - the matrix (any view).
 * @param x - length `cols` (or `rows` when `trans`).
 * @param beta - scale of y; 0 overwrites y without reading it.
 * @param y - length `rows` (or `cols` when `trans`), written in place.
 * @param options - `trans` (default false).
 * @throws RangeError when the vector lengths do not match A.
 * @example
 * ```ts
 * const y = new Float64Array(2);
 * gemv(1, mat(2, 2, [1, 2, 3, 4]), Float64Array.of(1, 1), 0, y); // y = [3, 7]
 * ```
 */
export function gemv(
  alpha: number,
  a: Mat,
  x: Float64Array,
  beta: number,
  y: Float64Array,
  options: { trans?: boolean } = {},
): void {
  const trans = options.trans ?? false;
  const xLen = trans ? a.rows : a.cols;
  const yLen = trans ? a.cols : a.rows;
  if (x.length !== xLen || y.length !== yLen) {
    throw check.rangeErrorText(
      'x and y',
      `of lengths ${xLen} and ${yLen} for ${trans ? 'the transpose of ' : ''}a ${shape(a)} matrix`,
      `lengths ${x.length} and ${y.length}`,
    );
  }
  if (trans) gemvTKernel(alpha, a, x, beta, y);
  else gemvKernel(alpha, a, x, beta, y);
}

/** y = alpha·A·x + beta·y, four rows per pass sharing each x[j] load. */
function gemvKernel(alpha: number, a: Mat, x: Float64Array, beta: number, y: Float64Array): void {
  const { rows: m, cols: n, stride: lda, offset, data: d } = a;
  if (alpha === 0) {
    if (beta === 0) y.fill(0);
    else if (beta !== 1) for (let i = 0; i < m; i++) y[i] *= beta;
    return;
  }
  let i = 0;
  for (; i + 3 < m; i += 4) {
    const r0 = offset + i * lda;
    const r1 = r0 + lda;
    const r2 = r1 + lda;
    const r3 = r2 + lda;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let j = 0; j < n; j++) {
      const xj = x[j];
      s0 += d[r0 + j] * xj;
      s1 += d[r1 + j] * xj;
      s2 += d[r2 + j] * xj;
      s3 += d[r3 + j] * xj;
    }
    if (beta === 0) {
      y[i] = alpha * s0;
      y[i + 1] = alpha * s1;
      y[i + 2] = alpha * s2;
      y[i + 3] = alpha * s3;
    } else {
      y[i] = alpha * s0 + beta * y[i];
      y[i + 1] = alpha * s1 + beta * y[i + 1];
      y[i + 2] = alpha * s2 + beta * y[i + 2];
      y[i + 3] = alpha * s3 + beta * y[i + 3];
    }
  }
  for (; i < m; i++) {
    const r0 = offset + i * lda;
    let s0 = 0;
    let s1 = 0;
    let j = 0;
    for (; j + 1 < n; j += 2) {
      s0 += d[r0 + j] * x[j];
      s1 += d[r0 + j + 1] * x[j + 1];
    }
    if (j < n) s0 += d[r0 + j] * x[j];
    const s = s0 + s1;
    y[i] = beta === 0 ? alpha * s : alpha * s + beta * y[i];
  }
}

/**
 * y = alpha·Aᵀ·x + beta·y in axpy form, eight rows of A per pass over y: each pass reads and
 * writes y once for eight rows, so y traffic is an eighth of A's.
 */
function gemvTKernel(alpha: number, a: Mat, x: Float64Array, beta: number, y: Float64Array): void {
  const { rows: m, cols: n, stride: lda, offset, data: d } = a;
  if (beta === 0) y.fill(0);
  else if (beta !== 1) for (let j = 0; j < n; j++) y[j] *= beta;
  if (alpha === 0) return;
  let i = 0;
  for (; i + 7 < m; i += 8) {
    const r0 = offset + i * lda;
    const r1 = r0 + lda;
    const r2 = r1 + lda;
    const r3 = r2 + lda;
    const r4 = r3 + lda;
    const r5 = r4 + lda;
    const r6 = r5 + lda;
    const r7 = r6 + lda;
    const a0 = alpha * x[i];
    const a1 = alpha * x[i + 1];
    const a2 = alpha * x[i + 2];
    const a3 = alpha * x[i + 3];
    const a4 = alpha * x[i + 4];
    const a5 = alpha * x[i + 5];
    const a6 = alpha * x[i + 6];
    const a7 = alpha * x[i + 7];
    for (let j = 0; j < n; j++) {
      const lo = a0 * d[r0 + j] + a1 * d[r1 + j] + a2 * d[r2 + j] + a3 * d[r3 + j];
      const hi = a4 * d[r4 + j] + a5 * d[r5 + j] + a6 * d[r6 + j] + a7 * d[r7 + j];
      y[j] += lo + hi;
    }
  }
  for (; i < m; i++) {
    const r0 = offset + i * lda;
    const a0 = alpha * x[i];
    for (let j = 0; j < n; j++) y[j] += a0 * d[r0 + j];
  }
}

/**
 * Rank-1 update A += alpha·x·yᵀ.
 *
 * @throws RangeError when x or y does not match A.
 */
export function ger(alpha: number, x: Float64Array, y: Float64Array, a: Mat): void {
  if (x.length !== a.rows || y.length !== a.cols) {
    throw check.rangeErrorText(
      'x and y',
      `of lengths ${a.rows} and ${a.cols} for a ${shape(a)} matrix`,
      `lengths ${x.length} and ${y.length}`,
    );
  }
  const { data: d, stride, offset, cols: n } = a;
  for (let i = 0; i < a.rows; i++) {
    const s = alpha * x[i];
    if (s === 0) continue;
    const base = offset + i * stride;
    for (let j = 0; j < n; j++) d[base + j] += s * y[j];
  }
}

/**
 * Solves op(T)·x = b in place (b becomes x) for a triangular T.
 *
 * @param t - square matrix; only its lower (default) or upper triangle is read.
 * @param b - right-hand side, overwritten with the solution.
 * @param options - `lower` (default true), `trans` (solve with Tᵀ), `unitDiag`.
 * @throws RangeError when shapes do not match.
 */
export function trsv(
  t: Mat,
  b: Float64Array,
  options: { lower?: boolean; trans?: boolean; unitDiag?: boolean } = {},
): void {
  const n = t.rows;
  if (t.cols !== n || b.length !== n) {
    throw check.rangeErrorText(
      't and b',
      'a square matrix and a matching vector',
      `${shape(t)}, length ${b.length}`,
    );
  }
  const { lower = true, trans = false, unitDiag = false } = options;
  const { data: d, stride: ld, offset } = t;
  // Forward substitution reads rows (dot form) for L and Uᵀ-as-columns in axpy form; each branch
  // keeps the inner loop on contiguous memory.
  if (lower && !trans) {
    for (let i = 0; i < n; i++) {
      const base = offset + i * ld;
      let s = b[i];
      for (let k = 0; k < i; k++) s -= d[base + k] * b[k];
      b[i] = unitDiag ? s : s / d[base + i];
    }
  } else if (!lower && !trans) {
    for (let i = n - 1; i >= 0; i--) {
      const base = offset + i * ld;
      let s = b[i];
      for (let k = i + 1; k < n; k++) s -= d[base + k] * b[k];
      b[i] = unitDiag ? s : s / d[base + i];
    }
  } else if (lower && trans) {
    // Lᵀx = b: backward, axpy over row i of L.
    for (let i = n - 1; i >= 0; i--) {
      const base = offset + i * ld;
      const xi = unitDiag ? b[i] : b[i] / d[base + i];
      b[i] = xi;
      for (let k = 0; k < i; k++) b[k] -= d[base + k] * xi;
    }
  } else {
    // Uᵀx = b: forward, axpy over row i of U.
    for (let i = 0; i < n; i++) {
      const base = offset + i * ld;
      const xi = unitDiag ? b[i] : b[i] / d[base + i];
      b[i] = xi;
      for (let k = i + 1; k < n; k++) b[k] -= d[base + k] * xi;
    }
  }
}

/** Checks op(A) m×k, op(B) k×n, C m×n and returns [m, n, k]. */
function gemmShape(
  name: string,
  a: Mat,
  b: Mat,
  c: Mat,
  transA: boolean,
  transB: boolean,
): [number, number, number] {
  const m = transA ? a.cols : a.rows;
  const k = transA ? a.rows : a.cols;
  const kb = transB ? b.cols : b.rows;
  const n = transB ? b.rows : b.cols;
  if (k !== kb || c.rows !== m || c.cols !== n) {
    throw check.rangeErrorText(
      `${name} shapes`,
      'op(A) m×k, op(B) k×n and C m×n',
      `op(A) ${m}x${k}, op(B) ${kb}x${n}, C ${shape(c)}`,
    );
  }
  return [m, n, k];
}

/**
 * C = alpha·op(A)·op(B) + beta·C, packed and register-tiled (see the module comment).
 *
 * @param alpha - scale of the product; 0 skips it.
 * @param a - left factor (any view); op(A) is m×k.
 * @param b - right factor (any view); op(B) is k×n.
 * @param beta - scale of C; 0 overwrites C without reading it.
 * @param c - m×n output (any view), must not overlap A or B.
 * @param options - `transA`, `transB` (default false).
 * @throws RangeError on mismatched shapes or when C overlaps an input.
 * @example
 * ```ts
 * const c = zeros(2, 2);
 * gemm(1, mat(2, 2, [1, 2, 3, 4]), eye(2), 0, c); // c = [[1, 2], [3, 4]]
 * ```
 */
export function gemm(
  alpha: number,
  a: Mat,
  b: Mat,
  beta: number,
  c: Mat,
  options: { transA?: boolean; transB?: boolean } = {},
): void {
  const transA = options.transA ?? false;
  const transB = options.transB ?? false;
  const [m, n, k] = gemmShape('gemm', a, b, c, transA, transB);
  if (overlaps(a, c) || overlaps(b, c)) {
    throw check.rangeErrorText('c', 'a matrix that does not overlap a or b', 'an overlapping view');
  }
  gemmKernel(alpha, a, b, beta, c, transA, transB, m, n, k);
}

/**
 * The gemm kernel without argument checks, for core's own blocked algorithms whose views share
 * one buffer without sharing elements (the public overlap test works on address ranges).
 * @internal
 */
export function gemmKernel(
  alpha: number,
  a: Mat,
  b: Mat,
  beta: number,
  c: Mat,
  transA: boolean,
  transB: boolean,
  m: number,
  n: number,
  k: number,
): void {
  scaleMat(beta, c);
  if (alpha === 0 || k === 0 || m === 0 || n === 0) return;

  const nPanels = Math.ceil(n / NR);
  const bp = workspaceB(nPanels * NR * KC);
  const ap = workspaceA(Math.ceil(Math.min(m, MC) / MR) * MR * KC);
  for (let pc = 0; pc < k; pc += KC) {
    const kc = Math.min(KC, k - pc);
    packPanelsB(b, transB, pc, kc, n, bp);
    for (let ic = 0; ic < m; ic += MC) {
      const mc = Math.min(MC, m - ic);
      packPanelsA(a, transA, ic, mc, pc, kc, ap);
      const mPanels = Math.ceil(mc / MR);
      for (let jp = 0; jp < nPanels; jp++) {
        const j0 = jp * NR;
        const nr = Math.min(NR, n - j0);
        const bBase = jp * NR * kc;
        for (let ipanel = 0; ipanel < mPanels; ipanel++) {
          const i0 = ic + ipanel * MR;
          const mr = Math.min(MR, m - i0);
          microKernel(kc, alpha, ap, ipanel * MR * kc, bp, bBase, c, i0, j0, mr, nr);
        }
      }
    }
  }
}

/** Packs rows pc..pc+kc of op(B) into k-major panels of NR columns, zero-padded. */
function packPanelsB(b: Mat, transB: boolean, pc: number, kc: number, n: number, bp: Float64Array) {
  const { data: d, stride: ld, offset } = b;
  const nFull = n - (n % NR);
  const panelSize = NR * kc;
  if (!transB) {
    for (let p = 0; p < kc; p++) {
      const src = offset + (pc + p) * ld;
      let dst = p * NR;
      for (let j = 0; j < nFull; j += NR) {
        bp[dst] = d[src + j];
        bp[dst + 1] = d[src + j + 1];
        bp[dst + 2] = d[src + j + 2];
        bp[dst + 3] = d[src + j + 3];
        dst += panelSize;
      }
      if (nFull < n) {
        for (let s = 0; s < NR; s++) bp[dst + s] = nFull + s < n ? d[src + nFull + s] : 0;
      }
    }
  } else {
    // op(B)[p][j] = B[j][pc + p]: read rows of B contiguously.
    for (let j = 0; j < n; j++) {
      const src = offset + j * ld + pc;
      const dst = (j >> 2) * panelSize + (j & 3);
      for (let p = 0; p < kc; p++) bp[dst + p * NR] = d[src + p];
    }
    if (nFull < n) {
      const dst = (nFull >> 2) * panelSize;
      for (let s = n - nFull; s < NR; s++) for (let p = 0; p < kc; p++) bp[dst + p * NR + s] = 0;
    }
  }
}

/** Packs rows ic..ic+mc, columns pc..pc+kc of op(A) into k-major panels of MR rows. */
function packPanelsA(
  a: Mat,
  transA: boolean,
  ic: number,
  mc: number,
  pc: number,
  kc: number,
  ap: Float64Array,
) {
  const { data: d, stride: ld, offset } = a;
  const panelSize = MR * kc;
  if (!transA) {
    for (let i = 0; i < mc; i++) {
      const src = offset + (ic + i) * ld + pc;
      const dst = (i >> 2) * panelSize + (i & 3);
      for (let p = 0; p < kc; p++) ap[dst + p * MR] = d[src + p];
    }
  } else {
    // op(A)[i][p] = A[pc + p][ic + i]: read rows of A contiguously.
    const mFull = mc - (mc % MR);
    for (let p = 0; p < kc; p++) {
      const src = offset + (pc + p) * ld + ic;
      let dst = p * MR;
      for (let i = 0; i < mFull; i += MR) {
        ap[dst] = d[src + i];
        ap[dst + 1] = d[src + i + 1];
        ap[dst + 2] = d[src + i + 2];
        ap[dst + 3] = d[src + i + 3];
        dst += panelSize;
      }
      for (let r = 0; r < mc - mFull; r++) ap[dst + r] = d[src + mFull + r];
    }
  }
  const rem = mc % MR;
  if (rem !== 0) {
    const dst = (mc >> 2) * panelSize;
    for (let r = rem; r < MR; r++) for (let p = 0; p < kc; p++) ap[dst + p * MR + r] = 0;
  }
}

/** The 4×4 micro-kernel: C[i0.., j0..] += alpha · Ap_panel · Bp_panel over kc steps. */
function microKernel(
  kc: number,
  alpha: number,
  ap: Float64Array,
  aBase: number,
  bp: Float64Array,
  bBase: number,
  c: Mat,
  i0: number,
  j0: number,
  mr: number,
  nr: number,
) {
  let c00 = 0;
  let c01 = 0;
  let c02 = 0;
  let c03 = 0;
  let c10 = 0;
  let c11 = 0;
  let c12 = 0;
  let c13 = 0;
  let c20 = 0;
  let c21 = 0;
  let c22 = 0;
  let c23 = 0;
  let c30 = 0;
  let c31 = 0;
  let c32 = 0;
  let c33 = 0;
  let ai = aBase;
  let bi = bBase;
  for (let p = 0; p < kc; p++, ai += 4, bi += 4) {
    const a0 = ap[ai];
    const a1 = ap[ai + 1];
    const a2 = ap[ai + 2];
    const a3 = ap[ai + 3];
    const b0 = bp[bi];
    const b1 = bp[bi + 1];
    const b2 = bp[bi + 2];
    const b3 = bp[bi + 3];
    c00 += a0 * b0;
    c01 += a0 * b1;
    c02 += a0 * b2;
    c03 += a0 * b3;
    c10 += a1 * b0;
    c11 += a1 * b1;
    c12 += a1 * b2;
    c13 += a1 * b3;
    c20 += a2 * b0;
    c21 += a2 * b1;
    c22 += a2 * b2;
    c23 += a2 * b3;
    c30 += a3 * b0;
    c31 += a3 * b1;
    c32 += a3 * b2;
    c33 += a3 * b3;
  }
  const d = c.data;
  const ldc = c.stride;
  const base = c.offset + i0 * ldc + j0;
  if (mr === 4 && nr === 4) {
    let o = base;
    d[o] += alpha * c00;
    d[o + 1] += alpha * c01;
    d[o + 2] += alpha * c02;
    d[o + 3] += alpha * c03;
    o += ldc;
    d[o] += alpha * c10;
    d[o + 1] += alpha * c11;
    d[o + 2] += alpha * c12;
    d[o + 3] += alpha * c13;
    o += ldc;
    d[o] += alpha * c20;
    d[o + 1] += alpha * c21;
    d[o + 2] += alpha * c22;
    d[o + 3] += alpha * c23;
    o += ldc;
    d[o] += alpha * c30;
    d[o + 1] += alpha * c31;
    d[o + 2] += alpha * c32;
    d[o + 3] += alpha * c33;
    return;
  }
  const tile = [c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33];
  for (let r = 0; r < mr; r++) {
    for (let s = 0; s < nr; s++) d[base + r * ldc + s] += alpha * tile[4 * r + s];
  }
}

/**
 * Reference gemm: the naive i-k-j triple loop, same contract as {@link gemm}. Kept for tests and
 * benchmarks.
 */
export function gemmNaive(
  alpha: number,
  a: Mat,
  b: Mat,
  beta: number,
  c: Mat,
  options: { transA?: boolean; transB?: boolean } = {},
): void {
  const transA = options.transA ?? false;
  const transB = options.transB ?? false;
  const [m, n, k] = gemmShape('gemmNaive', a, b, c, transA, transB);
  scaleMat(beta, c);
  if (alpha === 0) return;
  const A = (i: number, p: number) =>
    transA ? a.data[a.offset + p * a.stride + i] : a.data[a.offset + i * a.stride + p];
  const B = (p: number, j: number) =>
    transB ? b.data[b.offset + j * b.stride + p] : b.data[b.offset + p * b.stride + j];
  for (let i = 0; i < m; i++) {
    const ci = c.offset + i * c.stride;
    for (let p = 0; p < k; p++) {
      const aip = alpha * A(i, p);
      for (let j = 0; j < n; j++) c.data[ci + j] += aip * B(p, j);
    }
  }
}

/**
 * The product op(A)·op(B) as a new matrix (or into `out`).
 *
 * @example
 * ```ts
 * matmul(mat(1, 2, [1, 2]), mat(2, 1, [3, 4])); // [[11]]
 * ```
 */
export function matmul(
  a: Mat,
  b: Mat,
  out?: Mat,
  options: { transA?: boolean; transB?: boolean } = {},
): Mat {
  const m = options.transA ? a.cols : a.rows;
  const n = options.transB ? b.rows : b.cols;
  const c = out ?? mat(m, n);
  gemm(1, a, b, 0, c, options);
  return c;
}

/** y = A·x as a new vector. */
export function matvec(a: Mat, x: Float64Array, options: { trans?: boolean } = {}): Float64Array {
  const y = new Float64Array(options.trans ? a.cols : a.rows);
  gemv(1, a, x, 0, y, options);
  return y;
}
