/**
 * Boundary checks shared by the package's entry points. Kernels trust what these return.
 */
import { checker, describeValue, isMat, type Mat, toMat } from '@optkit/core';

/** The package's argument checker (messages start with `@optkit/notears-topo:`). */
export const check = checker('notears-topo');

const PKG = 'notears-topo';

/**
 * A data matrix: at least 2 rows and 1 column, every entry finite. Returns a contiguous copy.
 */
export function dataMatrix(argument: string, value: unknown, minCols = 2): Mat {
  const X = toMat(PKG, argument, value);
  if (X.rows < 2)
    throw check.rangeErrorText(argument, 'a matrix with at least 2 rows', `${X.rows}x${X.cols}`);
  if (X.cols < minCols) {
    throw check.rangeErrorText(
      argument,
      `a matrix with at least ${minCols} columns`,
      `${X.rows}x${X.cols}`,
    );
  }
  return X;
}

/** Throws when a column of `X` is constant (no variance: least squares is undefined on it). */
export function rejectConstantColumns(argument: string, X: Mat): void {
  const { rows: n, cols: d, data } = X;
  for (let j = 0; j < d; j++) {
    const first = data[j];
    let constant = true;
    for (let i = 1; i < n && constant; i++) if (data[i * d + j] !== first) constant = false;
    if (constant) {
      throw check.rangeErrorText(
        `${argument} column ${j}`,
        'non-constant (zero variance makes the least-squares fit undefined)',
        `every entry equal to ${describeValue(first)}`,
      );
    }
  }
}

/** A permutation of 0..d-1, copied to an Int32Array. */
export function permutation(argument: string, value: unknown, d: number): Int32Array {
  if (!Array.isArray(value) && !(ArrayBuffer.isView(value) && !(value instanceof DataView))) {
    throw check.typeError(argument, `a permutation of 0..${d - 1}`, value);
  }
  const src = value as ArrayLike<unknown>;
  if (src.length !== d) {
    throw check.rangeErrorText(
      argument,
      `a permutation of 0..${d - 1} (length ${d})`,
      `length ${src.length}`,
    );
  }
  const seen = new Uint8Array(d);
  const out = new Int32Array(d);
  for (let k = 0; k < d; k++) {
    const v = src[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= d) {
      throw check.rangeErrorText(
        argument,
        `a permutation of 0..${d - 1}`,
        `${describeValue(v)} at index ${k}`,
      );
    }
    if (seen[v] === 1) {
      throw check.rangeErrorText(argument, `a permutation of 0..${d - 1}`, `${v} twice`);
    }
    seen[v] = 1;
    out[k] = v;
  }
  return out;
}

/** A square d x d weight matrix with finite entries (Mat or number[][]), as a contiguous copy. */
export function squareMatrix(argument: string, value: unknown, d?: number): Mat {
  const W = toMat(PKG, argument, value);
  if (W.rows !== W.cols || (d !== undefined && W.rows !== d)) {
    const rule = d === undefined ? 'a square matrix' : `a ${d}x${d} matrix`;
    throw check.rangeErrorText(argument, rule, `${W.rows}x${W.cols}`);
  }
  return W;
}

/**
 * An adjacency matrix given as a Mat, `number[][]`, or a flat row-major array of length d*d.
 * Entries must be in `allowed` (default {0, 1}). Returns `[B, d]` with B an Int8Array.
 */
export function adjacency(
  argument: string,
  value: unknown,
  allowed: readonly number[] = [0, 1],
  d?: number,
): { B: Int8Array; d: number } {
  let flat: ArrayLike<number>;
  let size: number;
  if (isMat(value) || (Array.isArray(value) && (value.length === 0 || Array.isArray(value[0])))) {
    const A = squareMatrix(argument, value, d);
    flat = A.data;
    size = A.rows;
  } else if (Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView))) {
    const src = value as ArrayLike<number>;
    size = d ?? Math.round(Math.sqrt(src.length));
    if (size * size !== src.length) {
      throw check.rangeErrorText(
        argument,
        'a square matrix or a flat array of length d*d',
        `length ${src.length}`,
      );
    }
    flat = src;
  } else {
    throw check.typeError(argument, 'a Mat, number[][] or flat array of 0/1 entries', value);
  }
  const B = new Int8Array(size * size);
  for (let t = 0; t < size * size; t++) {
    const v = flat[t];
    if (!allowed.includes(v)) {
      const i = Math.floor(t / size);
      throw check.rangeErrorText(
        `${argument}[${i}][${t - i * size}]`,
        `one of ${allowed.join(', ')}`,
        describeValue(v),
      );
    }
    B[t] = v;
  }
  return { B, d: size };
}

/** A non-negative integer option with a default. */
export function intOption(argument: string, value: unknown, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  return check.integer(argument, value, { min });
}

/** A non-negative finite number option with a default. */
export function nonNegative(argument: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  return check.number(argument, value, { min: 0 });
}
