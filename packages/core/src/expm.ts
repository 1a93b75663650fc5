/**
 * Matrix exponential by scaling and squaring with Padé approximants of degree 3, 5, 7, 9 or 13,
 * chosen by the 1-norm as in Higham (2005) and scipy.linalg.expm: the smallest degree m whose
 * threshold θ_m exceeds ‖A‖₁; otherwise degree 13 on A/2^s with s = ⌈log₂(‖A‖₁/θ₁₃)⌉, followed
 * by s squarings. The rational approximant r = (V − U)⁻¹(V + U) is solved by LU.
 *
 * References: N. J. Higham (2005), "The scaling and squaring method for the matrix exponential
 * revisited", SIAM J. Matrix Anal. Appl. 26(4), 1179-1193.
 */
import { checker } from './checks.js';
import { gemm } from './dense.js';
import { lu } from './lu.js';
import { clone, copyInto, type Mat, mat } from './mat.js';

const check = checker('core');

const THETA: Record<number, number> = {
  3: 1.495585217958292e-2,
  5: 2.53939833006323e-1,
  7: 9.504178996162932e-1,
  9: 2.097847961257068,
  13: 5.371920351148152,
};

const PADE: Record<number, number[]> = {
  3: [120, 60, 12, 1],
  5: [30240, 15120, 3360, 420, 30, 1],
  7: [17297280, 8648640, 1995840, 277200, 25200, 1512, 56, 1],
  9: [17643225600, 8821612800, 2075673600, 302702400, 30270240, 2162160, 110880, 3960, 90, 1],
  13: [
    64764752532480000, 32382376266240000, 7771770303897600, 1187353796428800, 129060195264000,
    10559470521600, 670442572800, 33522128640, 1323241920, 40840800, 960960, 16380, 182, 1,
  ],
};

/** The 1-norm (largest absolute column sum). */
function norm1(a: Mat): number {
  const sums = new Float64Array(a.cols);
  for (let i = 0; i < a.rows; i++) {
    const base = a.offset + i * a.stride;
    for (let j = 0; j < a.cols; j++) sums[j] += Math.abs(a.data[base + j]);
  }
  let m = 0;
  for (let j = 0; j < a.cols; j++) if (sums[j] > m) m = sums[j];
  return m;
}

/** out = Σ c_k·M_k + c_I·I over contiguous n×n matrices. */
function combine(n: number, terms: [number, Mat][], identity: number, out: Mat): void {
  const o = out.data;
  o.fill(0);
  for (const [c, m] of terms) {
    if (c === 0) continue;
    const d = m.data;
    for (let i = 0; i < n * n; i++) o[i] += c * d[i];
  }
  for (let i = 0; i < n; i++) o[i * n + i] += identity;
}

/**
 * The matrix exponential e^A.
 *
 * @param a - n×n matrix (any view, finite); not modified.
 * @param out - optional n×n output.
 * @returns e^A.
 * @throws RangeError for a non-square or non-finite input.
 * @example
 * ```ts
 * expm(fromRows([[0, 1], [0, 0]])); // [[1, 1], [0, 1]]
 * ```
 */
export function expm(a: Mat, out?: Mat): Mat {
  const n = a.rows;
  if (a.cols !== n) throw check.rangeErrorText('a', 'a square matrix', `${a.rows}x${a.cols}`);
  const result = out ?? mat(n, n);
  if (result.rows !== n || result.cols !== n) {
    throw check.rangeErrorText('out', `${n}x${n}`, `${result.rows}x${result.cols}`);
  }
  const A = clone(a);
  for (let i = 0; i < A.data.length; i++) {
    if (!Number.isFinite(A.data[i])) throw check.rangeError('a', 'finite', A.data[i]);
  }
  if (n === 0) return result;
  const norm = norm1(A);
  let degree = 13;
  for (const m of [3, 5, 7, 9]) {
    if (norm <= THETA[m]) {
      degree = m;
      break;
    }
  }
  let s = 0;
  if (degree === 13 && norm > THETA[13]) {
    s = Math.max(0, Math.ceil(Math.log2(norm / THETA[13])));
    const scale = 2 ** -s;
    for (let i = 0; i < A.data.length; i++) A.data[i] *= scale;
  }
  const b = PADE[degree];
  const A2 = mat(n, n);
  gemm(1, A, A, 0, A2);
  const U = mat(n, n);
  const V = mat(n, n);
  const tmp = mat(n, n);
  if (degree === 13) {
    const A4 = mat(n, n);
    const A6 = mat(n, n);
    gemm(1, A2, A2, 0, A4);
    gemm(1, A4, A2, 0, A6);
    // U = A·[A6·(b13·A6 + b11·A4 + b9·A2) + b7·A6 + b5·A4 + b3·A2 + b1·I]
    combine(
      n,
      [
        [b[13], A6],
        [b[11], A4],
        [b[9], A2],
      ],
      0,
      tmp,
    );
    const inner = mat(n, n);
    gemm(1, A6, tmp, 0, inner);
    combine(
      n,
      [
        [1, inner],
        [b[7], A6],
        [b[5], A4],
        [b[3], A2],
      ],
      b[1],
      tmp,
    );
    gemm(1, A, tmp, 0, U);
    // V = A6·(b12·A6 + b10·A4 + b8·A2) + b6·A6 + b4·A4 + b2·A2 + b0·I
    combine(
      n,
      [
        [b[12], A6],
        [b[10], A4],
        [b[8], A2],
      ],
      0,
      tmp,
    );
    gemm(1, A6, tmp, 0, inner);
    combine(
      n,
      [
        [1, inner],
        [b[6], A6],
        [b[4], A4],
        [b[2], A2],
      ],
      b[0],
      V,
    );
  } else {
    // Powers A^2, A^4, ... up to A^(degree-1); U = A·Σ b_{2j+1} A^{2j}, V = Σ b_{2j} A^{2j}.
    const powers: Mat[] = [A2];
    for (let p = 4; p < degree; p += 2) {
      const next = mat(n, n);
      gemm(1, powers[powers.length - 1], A2, 0, next);
      powers.push(next);
    }
    combine(
      n,
      powers.map((P, j) => [b[2 * j + 3], P] as [number, Mat]),
      b[1],
      tmp,
    );
    gemm(1, A, tmp, 0, U);
    combine(
      n,
      powers.map((P, j) => [b[2 * j + 2], P] as [number, Mat]),
      b[0],
      V,
    );
  }
  // r = (V − U)⁻¹ (V + U)
  const P = mat(n, n);
  const Q = mat(n, n);
  for (let i = 0; i < n * n; i++) {
    P.data[i] = V.data[i] + U.data[i];
    Q.data[i] = V.data[i] - U.data[i];
  }
  let R = lu(Q).solveMat(P);
  for (let k = 0; k < s; k++) {
    const next = mat(n, n);
    gemm(1, R, R, 0, next);
    R = next;
  }
  copyInto(R, result);
  return result;
}
