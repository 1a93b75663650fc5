/** Typed errors that callers may want to catch and inspect. */

/** A Cholesky pivot was not positive (the matrix is not numerically positive definite). */
export class NotPositiveDefiniteError extends RangeError {
  /** Index of the failing pivot. */
  readonly pivot: number;
  /** The pivot's value before the square root (≤ 0 or not finite). */
  readonly value: number;

  constructor(pkg: string, pivot: number, value: number) {
    super(
      `@optkit/${pkg}: a must be symmetric positive definite; got pivot ${pivot} = ${value} ` +
        'in the Cholesky factorization',
    );
    this.name = 'NotPositiveDefiniteError';
    this.pivot = pivot;
    this.value = value;
  }
}

/** An LU pivot was zero or negligible (the matrix is numerically singular). */
export class SingularMatrixError extends RangeError {
  /** Index of the failing pivot. */
  readonly pivot: number;
  /** The pivot's magnitude. */
  readonly value: number;

  constructor(pkg: string, pivot: number, value: number) {
    super(`@optkit/${pkg}: a must be nonsingular; got pivot ${pivot} with |u| = ${value}`);
    this.name = 'SingularMatrixError';
    this.pivot = pivot;
    this.value = value;
  }
}
