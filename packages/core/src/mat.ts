/**
 * Dense row-major matrices over `Float64Array`. Element (i, j) of `a` sits at
 * `a.data[a.offset + i * a.stride + j]`; the column stride is always 1, so every kernel runs a
 * plain inner loop, and sub-blocks are zero-copy views (`stride > cols`, `offset > 0`).
 */
import { checker, describeValue } from './checks.js';

const check = checker('core');

/** A dense row-major matrix, possibly a view into a larger buffer. */
export interface Mat {
  readonly rows: number;
  readonly cols: number;
  /** Distance between the starts of consecutive rows, `>= cols`. */
  readonly stride: number;
  /** Index in `data` of element (0, 0). */
  readonly offset: number;
  readonly data: Float64Array;
}

/** Largest element count we allocate (2^31 bytes of doubles). */
export const MAX_ELEMENTS = 2 ** 31 / 8;

function checkShape(rows: number, cols: number): void {
  check.integer('rows', rows, { min: 0 });
  check.integer('cols', cols, { min: 0 });
  if (rows * cols > MAX_ELEMENTS) {
    throw check.rangeErrorText('rows * cols', `at most ${MAX_ELEMENTS}`, `${rows} x ${cols}`);
  }
}

/**
 * A contiguous `rows x cols` matrix, zero-filled or copied from `data` (row-major).
 *
 * @param rows - number of rows, a non-negative integer.
 * @param cols - number of columns, a non-negative integer.
 * @param data - optional row-major values, length `rows * cols`; copied, never aliased.
 * @returns a new matrix with `stride = cols` and `offset = 0`.
 * @throws RangeError on bad sizes or a data length that does not match.
 * @example
 * ```ts
 * const a = mat(2, 2, [1, 2, 3, 4]); // [[1, 2], [3, 4]]
 * ```
 */
export function mat(rows: number, cols: number, data?: ArrayLike<number>): Mat {
  checkShape(rows, cols);
  const out = new Float64Array(rows * cols);
  if (data !== undefined) {
    if (data.length !== rows * cols) {
      throw check.rangeErrorText(
        'data',
        `of length rows * cols = ${rows * cols}`,
        `length ${data.length}`,
      );
    }
    out.set(data);
  }
  return { rows, cols, stride: cols, offset: 0, data: out };
}

/** A `rows x cols` zero matrix. */
export function zeros(rows: number, cols: number): Mat {
  return mat(rows, cols);
}

/** The `n x n` identity. */
export function eye(n: number): Mat {
  const a = mat(n, n);
  for (let i = 0; i < n; i++) a.data[i * n + i] = 1;
  return a;
}

/**
 * A matrix copied from an array of rows. All rows must have the same length.
 *
 * @throws RangeError for ragged rows; TypeError for non-array input.
 */
export function fromRows(rows: ArrayLike<ArrayLike<number>>): Mat {
  const m = rows.length;
  const n = m === 0 ? 0 : rows[0].length;
  const a = mat(m, n);
  for (let i = 0; i < m; i++) {
    const row = rows[i];
    if (row.length !== n) {
      throw check.rangeErrorText(
        `rows[${i}]`,
        `of length ${n} like rows[0]`,
        `length ${row.length}`,
      );
    }
    for (let j = 0; j < n; j++) a.data[i * n + j] = row[j];
  }
  return a;
}

/** The matrix as an array of plain number rows. */
export function toRows(a: Mat): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < a.rows; i++) {
    const base = a.offset + i * a.stride;
    out.push(Array.from(a.data.subarray(base, base + a.cols)));
  }
  return out;
}

/** Reads element (i, j). */
export function get(a: Mat, i: number, j: number): number {
  return a.data[a.offset + i * a.stride + j];
}

/** Writes element (i, j). */
export function set(a: Mat, i: number, j: number, value: number): void {
  a.data[a.offset + i * a.stride + j] = value;
}

/** Row i as a zero-copy `Float64Array` view. */
export function row(a: Mat, i: number): Float64Array {
  const base = a.offset + i * a.stride;
  return a.data.subarray(base, base + a.cols);
}

/**
 * A zero-copy view of the block starting at (r0, c0) with the given size.
 *
 * @throws RangeError when the block does not fit inside `a`.
 */
export function view(a: Mat, r0: number, c0: number, rows: number, cols: number): Mat {
  check.integer('r0', r0, { min: 0 });
  check.integer('c0', c0, { min: 0 });
  check.integer('rows', rows, { min: 0 });
  check.integer('cols', cols, { min: 0 });
  if (r0 + rows > a.rows || c0 + cols > a.cols) {
    throw check.rangeErrorText(
      'view',
      `inside the ${a.rows}x${a.cols} matrix`,
      `rows ${r0}..${r0 + rows}, cols ${c0}..${c0 + cols}`,
    );
  }
  return { rows, cols, stride: a.stride, offset: a.offset + r0 * a.stride + c0, data: a.data };
}

/** A contiguous copy of `a` (views are compacted). */
export function clone(a: Mat): Mat {
  const out = mat(a.rows, a.cols);
  copyInto(a, out);
  return out;
}

/** Copies `a` into `out` (same shape; either may be a view). */
export function copyInto(a: Mat, out: Mat): Mat {
  assertSameShape('out', a, out);
  if (a.stride === a.cols && out.stride === out.cols) {
    out.data.set(a.data.subarray(a.offset, a.offset + a.rows * a.cols), out.offset);
    return out;
  }
  for (let i = 0; i < a.rows; i++) out.data.set(row(a, i), out.offset + i * out.stride);
  return out;
}

/** `a` transposed, into `out` if given (must not alias `a`). */
export function transpose(a: Mat, out?: Mat): Mat {
  const t = out ?? mat(a.cols, a.rows);
  if (t.rows !== a.cols || t.cols !== a.rows) {
    throw check.rangeErrorText('out', `${a.cols}x${a.rows}`, `${t.rows}x${t.cols}`);
  }
  if (t.data === a.data)
    throw check.rangeErrorText('out', 'a buffer distinct from a', 'the same buffer');
  const { data: ad, stride: as, offset: ao } = a;
  const { data: td, stride: ts, offset: to } = t;
  // Blocked so that both reads and writes stay within a few cache lines.
  const B = 32;
  for (let i0 = 0; i0 < a.rows; i0 += B) {
    const i1 = Math.min(i0 + B, a.rows);
    for (let j0 = 0; j0 < a.cols; j0 += B) {
      const j1 = Math.min(j0 + B, a.cols);
      for (let i = i0; i < i1; i++) {
        for (let j = j0; j < j1; j++) td[to + j * ts + i] = ad[ao + i * as + j];
      }
    }
  }
  return t;
}

/** Throws a RangeError unless `b` has the shape of `a`. */
export function assertSameShape(argument: string, a: Mat, b: Mat): void {
  if (a.rows !== b.rows || a.cols !== b.cols) {
    throw check.rangeErrorText(argument, `${a.rows}x${a.cols}`, `${b.rows}x${b.cols}`);
  }
}

/** True when `value` has the fields of a {@link Mat}. */
export function isMat(value: unknown): value is Mat {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<Mat>;
  return (
    v.data instanceof Float64Array &&
    typeof v.rows === 'number' &&
    typeof v.cols === 'number' &&
    typeof v.stride === 'number' &&
    typeof v.offset === 'number'
  );
}

/**
 * Validates a matrix argument given as a {@link Mat} or `number[][]` and returns a contiguous
 * Mat. Used by every package at its public boundary.
 *
 * @param pkg - package name for the message prefix.
 * @param argument - the argument's name.
 * @param value - the user's value.
 * @param options - `rows`/`cols` to require; `finite` (default true) rejects NaN and infinities;
 *   `copy` (default true) always returns a fresh matrix, so callers may work in place.
 * @throws TypeError for a wrong kind, RangeError for a wrong shape or a non-finite entry.
 */
export function toMat(
  pkg: string,
  argument: string,
  value: unknown,
  options: { rows?: number; cols?: number; finite?: boolean; copy?: boolean } = {},
): Mat {
  const c = checker(pkg);
  const { finite = true, copy = true } = options;
  let a: Mat;
  if (isMat(value)) {
    const { rows, cols, stride, offset, data } = value;
    if (
      !Number.isSafeInteger(rows) ||
      !Number.isSafeInteger(cols) ||
      rows < 0 ||
      cols < 0 ||
      stride < cols ||
      offset < 0 ||
      (rows > 0 && offset + (rows - 1) * stride + cols > data.length)
    ) {
      throw c.rangeErrorText(
        argument,
        'a matrix whose rows, cols, stride and offset fit its data',
        `rows ${rows}, cols ${cols}, stride ${stride}, offset ${offset}, data length ${data.length}`,
      );
    }
    a = copy || stride !== cols || offset !== 0 ? clone(value) : value;
  } else if (Array.isArray(value)) {
    const m = value.length;
    const n = m === 0 ? 0 : Array.isArray(value[0]) ? value[0].length : -1;
    if (n < 0) throw c.typeError(argument, 'a Mat or an array of number rows', value);
    a = mat(m, n);
    for (let i = 0; i < m; i++) {
      const r = value[i];
      if (!Array.isArray(r) && !(ArrayBuffer.isView(r) && !(r instanceof DataView))) {
        throw c.typeError(`${argument}[${i}]`, 'an array of numbers', r);
      }
      const rr = r as ArrayLike<unknown>;
      if (rr.length !== n) {
        throw c.rangeErrorText(
          `${argument}[${i}]`,
          `of length ${n} like ${argument}[0]`,
          `length ${rr.length}`,
        );
      }
      for (let j = 0; j < n; j++) {
        const x = rr[j];
        if (typeof x !== 'number') throw c.typeError(`${argument}[${i}][${j}]`, 'a number', x);
        a.data[i * n + j] = x;
      }
    }
  } else {
    throw c.typeError(argument, 'a Mat or an array of number rows', value);
  }
  if (options.rows !== undefined && a.rows !== options.rows) {
    throw c.rangeErrorText(argument, `a matrix with ${options.rows} rows`, `${a.rows}x${a.cols}`);
  }
  if (options.cols !== undefined && a.cols !== options.cols) {
    throw c.rangeErrorText(
      argument,
      `a matrix with ${options.cols} columns`,
      `${a.rows}x${a.cols}`,
    );
  }
  if (finite) {
    const d = a.data;
    for (let i = 0; i < a.rows; i++) {
      const base = a.offset + i * a.stride;
      for (let j = 0; j < a.cols; j++) {
        const x = d[base + j];
        if (!Number.isFinite(x)) {
          throw c.rangeErrorText(`${argument}[${i}][${j}]`, 'finite', describeValue(x));
        }
      }
    }
  }
  return a;
}
