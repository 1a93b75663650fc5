/**
 * Boundary checks shared by every solver of the package: weights, cost matrix and the common
 * options. Kernels behind these checks trust their inputs.
 */
import { checker, isMat, type Mat, toMat } from '@optkit/core';

/** The package's argument checker (messages start with `@optkit/sparse-ot:`). */
export const check = checker('sparse-ot');

/** Relative tolerance on `|sum(a) - sum(b)|`. */
export const MASS_TOLERANCE = 1e-9;

/** A cost matrix as accepted at the public boundary. */
export type CostInput =
  | Mat
  | { readonly rows: number; readonly cols: number; readonly data: Float64Array }
  | ArrayLike<ArrayLike<number>>;

/** Validated problem data: copies of the weights and a contiguous cost matrix. */
export interface Problem {
  a: Float64Array;
  b: Float64Array;
  C: Mat;
  m: number;
  n: number;
  /** Total mass `sum(a)` (b is rescaled to the same total when within tolerance). */
  mass: number;
}

/** Validates one weight vector: nonempty, finite, nonnegative, positive total. */
export function checkWeights(argument: string, value: unknown): Float64Array {
  const w = check.vector(argument, value, { minLength: 1 });
  let s = 0;
  for (let i = 0; i < w.length; i++) {
    if (w[i] < 0) throw check.rangeError(`${argument}[${i}]`, 'nonnegative', w[i]);
    s += w[i];
  }
  if (!(s > 0)) throw check.rangeError(`sum(${argument})`, 'positive', s);
  return w;
}

/** Validates a cost matrix of shape m x n, returning a contiguous Mat (not copied if it is). */
export function checkCost(value: unknown, m: number, n: number): Mat {
  let v = value;
  if (
    typeof v === 'object' &&
    v !== null &&
    !isMat(v) &&
    (v as { data?: unknown }).data instanceof Float64Array
  ) {
    // Accept the plain `{ rows, cols, data }` row-major form.
    const p = v as { rows: number; cols: number; data: Float64Array };
    if (!Number.isSafeInteger(p.rows) || !Number.isSafeInteger(p.cols)) {
      throw check.rangeErrorText('C', 'a matrix with integer rows and cols', `${p.rows}x${p.cols}`);
    }
    if (p.data.length !== p.rows * p.cols) {
      throw check.rangeErrorText(
        'C.data',
        `of length rows * cols = ${p.rows * p.cols}`,
        `length ${p.data.length}`,
      );
    }
    v = { rows: p.rows, cols: p.cols, stride: p.cols, offset: 0, data: p.data };
  } else if (
    typeof v === 'object' &&
    v !== null &&
    !isMat(v) &&
    typeof (v as ArrayLike<unknown>).length === 'number' &&
    (!Array.isArray(v) || (v.length > 0 && ArrayBuffer.isView(v[0])))
  ) {
    // Typed-array rows (or an array-like of rows) become number[][] for core's toMat.
    v = Array.from(v as ArrayLike<ArrayLike<number>>, (r) => Array.from(r));
  }
  return toMat('sparse-ot', 'C', v, { rows: m, cols: n, copy: false });
}

/**
 * Validates `(a, b, C)`: weights nonnegative and finite with equal totals up to
 * {@link MASS_TOLERANCE} (relative), C finite and m x n.
 */
export function checkProblem(a: unknown, b: unknown, C: unknown): Problem {
  const av = checkWeights('a', a);
  const bv = checkWeights('b', b);
  let sa = 0;
  let sb = 0;
  for (let i = 0; i < av.length; i++) sa += av[i];
  for (let j = 0; j < bv.length; j++) sb += bv[j];
  if (Math.abs(sa - sb) > MASS_TOLERANCE * Math.max(sa, sb)) {
    throw check.rangeErrorText(
      'sum(b)',
      `equal to sum(a) = ${sa} (relative tolerance ${MASS_TOLERANCE})`,
      String(sb),
    );
  }
  if (sa !== sb) {
    const s = sa / sb;
    for (let j = 0; j < bv.length; j++) bv[j] *= s;
  }
  const Cm = checkCost(C, av.length, bv.length);
  return { a: av, b: bv, C: Cm, m: av.length, n: bv.length, mass: sa };
}

/** Largest |C_ij|. */
export function maxAbs(C: Mat): number {
  let mx = 0;
  for (let i = 0; i < C.rows; i++) {
    const base = C.offset + i * C.stride;
    for (let j = 0; j < C.cols; j++) {
      const v = Math.abs(C.data[base + j]);
      if (v > mx) mx = v;
    }
  }
  return mx;
}
