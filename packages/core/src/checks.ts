/**
 * Argument checks shared by every optkit package. Each check throws at the public boundary with
 * the message form `"@optkit/<pkg>: <argument> must be <rule>; got <actual>"`; kernels trust
 * their callers and never check.
 */

/** Short, readable rendering of an offending value for an error message. */
export function describeValue(value: unknown): string {
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN';
    return Object.is(value, -0) ? '-0' : String(value);
  }
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'string') {
    return value.length > 40 ? `"${value.slice(0, 37)}..." (string)` : `"${value}"`;
  }
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) {
    const name = value.constructor.name;
    const length = (value as unknown as ArrayLike<unknown>).length;
    return `a ${name} of length ${length}`;
  }
  if (typeof value === 'function') return 'a function';
  return `an object (${Object.prototype.toString.call(value).slice(8, -1)})`;
}

/**
 * Argument checks bound to one package name, so every message starts with `@optkit/<pkg>:`.
 *
 * @param pkg - the package name without scope, e.g. `"sparse-ot"`.
 * @returns an object of check functions that throw `RangeError` or `TypeError`.
 * @example
 * ```ts
 * const check = checker('hamming');
 * check.integer('k', k, { min: 0 }); // RangeError "@optkit/hamming: k must be ... ; got -1"
 * ```
 */
export function checker(pkg: string): Checker {
  let c = checkers.get(pkg);
  if (c === undefined) {
    c = makeChecker(pkg);
    checkers.set(pkg, c);
  }
  return c;
}

/** One checker per package: the functions hold no state, so boundary checks share them. */
const checkers = new Map<string, Checker>();

function makeChecker(pkg: string): Checker {
  const prefix = `@optkit/${pkg}: `;

  /** A `RangeError` with the standard message form. */
  function rangeError(argument: string, rule: string, actual: unknown): RangeError {
    return new RangeError(`${prefix}${argument} must be ${rule}; got ${describeValue(actual)}`);
  }

  /** A `TypeError` with the standard message form. */
  function typeError(argument: string, rule: string, actual: unknown): TypeError {
    return new TypeError(`${prefix}${argument} must be ${rule}; got ${describeValue(actual)}`);
  }

  /** A `RangeError` whose actual value is already a rendered string. */
  function rangeErrorText(argument: string, rule: string, actualText: string): RangeError {
    return new RangeError(`${prefix}${argument} must be ${rule}; got ${actualText}`);
  }

  /** A finite number, optionally within [min, max] or (min, max) when `exclusive`. */
  function number(
    argument: string,
    value: unknown,
    range: { min?: number; max?: number; exclusiveMin?: boolean; exclusiveMax?: boolean } = {},
  ): number {
    if (typeof value !== 'number') throw typeError(argument, 'a number', value);
    if (!Number.isFinite(value)) throw rangeError(argument, 'a finite number', value);
    const { min, max, exclusiveMin = false, exclusiveMax = false } = range;
    const lowOk = min === undefined || (exclusiveMin ? value > min : value >= min);
    const highOk = max === undefined || (exclusiveMax ? value < max : value <= max);
    if (!lowOk || !highOk) {
      const lo = min === undefined ? '(-Infinity' : `${exclusiveMin ? '(' : '['}${min}`;
      const hi = max === undefined ? 'Infinity)' : `${max}${exclusiveMax ? ')' : ']'}`;
      throw rangeError(argument, `in ${lo}, ${hi}`, value);
    }
    return value;
  }

  /** A safe integer, optionally within [min, max]. */
  function integer(argument: string, value: unknown, range: { min?: number; max?: number } = {}) {
    if (typeof value !== 'number') throw typeError(argument, 'an integer', value);
    if (!Number.isSafeInteger(value)) throw rangeError(argument, 'an integer', value);
    const { min, max } = range;
    if ((min !== undefined && value < min) || (max !== undefined && value > max)) {
      const lo = min === undefined ? '-Infinity' : String(min);
      const hi = max === undefined ? 'Infinity' : String(max);
      throw rangeError(argument, `an integer in [${lo}, ${hi}]`, value);
    }
    return value;
  }

  /** A positive number (> 0, finite). */
  function positive(argument: string, value: unknown): number {
    return number(argument, value, { min: 0, exclusiveMin: true });
  }

  /** A boolean. */
  function boolean(argument: string, value: unknown): boolean {
    if (typeof value !== 'boolean') throw typeError(argument, 'a boolean', value);
    return value;
  }

  /** One of a fixed set of strings. */
  function oneOf<T extends string>(argument: string, value: unknown, choices: readonly T[]): T {
    if (typeof value !== 'string' || !choices.includes(value as T)) {
      throw rangeError(argument, `one of ${choices.map((c) => `"${c}"`).join(', ')}`, value);
    }
    return value as T;
  }

  /** A function. */
  function func<T extends (...args: never[]) => unknown>(argument: string, value: unknown): T {
    if (typeof value !== 'function') throw typeError(argument, 'a function', value);
    return value as T;
  }

  /**
   * Numeric vector input (`Float64Array`, another typed array or `number[]`), every entry finite.
   * Returns a `Float64Array`; a copy unless `copy: false` and the input already is one.
   */
  function vector(
    argument: string,
    value: unknown,
    options: { length?: number; minLength?: number; copy?: boolean; finite?: boolean } = {},
  ): Float64Array {
    const { length, minLength, copy = true, finite = true } = options;
    if (!(Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView)))) {
      throw typeError(argument, 'a Float64Array or an array of numbers', value);
    }
    const source = value as ArrayLike<unknown>;
    if (length !== undefined && source.length !== length) {
      throw rangeErrorText(argument, `of length ${length}`, `length ${source.length}`);
    }
    if (minLength !== undefined && source.length < minLength) {
      throw rangeErrorText(argument, `of length at least ${minLength}`, `length ${source.length}`);
    }
    if (value instanceof Float64Array) {
      // The common case at every boundary: one tight scan (v - v is NaN for NaN and ±Infinity),
      // then a copy or the array itself.
      if (finite) {
        for (let i = 0; i < value.length; i++) {
          const x = value[i];
          if (x - x !== 0) throw rangeError(`${argument}[${i}]`, 'finite', x);
        }
      }
      return copy ? value.slice() : value;
    }
    const out = new Float64Array(source.length);
    for (let i = 0; i < source.length; i++) {
      const v = source[i];
      if (typeof v !== 'number' && typeof v !== 'bigint') {
        throw typeError(`${argument}[${i}]`, 'a number', v);
      }
      const x = Number(v);
      if (finite && !Number.isFinite(x)) throw rangeError(`${argument}[${i}]`, 'finite', x);
      out[i] = x;
    }
    return out;
  }

  /** Rejects NaN and infinities in a Float64Array without copying. */
  function finiteArray(argument: string, x: ArrayLike<number>): void {
    for (let i = 0; i < x.length; i++) {
      if (!Number.isFinite(x[i])) throw rangeError(`${argument}[${i}]`, 'finite', x[i]);
    }
  }

  return {
    prefix,
    rangeError,
    typeError,
    rangeErrorText,
    number,
    integer,
    positive,
    boolean,
    oneOf,
    func,
    vector,
    finiteArray,
  };
}

/** The argument checks returned by {@link checker}, bound to one package's message prefix. */
export interface Checker {
  /** `"@optkit/<pkg>: "`. */
  readonly prefix: string;
  /** A `RangeError` with the standard message form. */
  rangeError(argument: string, rule: string, actual: unknown): RangeError;
  /** A `TypeError` with the standard message form. */
  typeError(argument: string, rule: string, actual: unknown): TypeError;
  /** A `RangeError` whose actual value is already a rendered string. */
  rangeErrorText(argument: string, rule: string, actualText: string): RangeError;
  /** A finite number, optionally within [min, max] (open ends with `exclusiveMin`/`Max`). */
  number(
    argument: string,
    value: unknown,
    range?: { min?: number; max?: number; exclusiveMin?: boolean; exclusiveMax?: boolean },
  ): number;
  /** A safe integer, optionally within [min, max]. */
  integer(argument: string, value: unknown, range?: { min?: number; max?: number }): number;
  /** A positive finite number. */
  positive(argument: string, value: unknown): number;
  /** A boolean. */
  boolean(argument: string, value: unknown): boolean;
  /** One of a fixed set of strings. */
  oneOf<T extends string>(argument: string, value: unknown, choices: readonly T[]): T;
  /** A function. */
  func<T extends (...args: never[]) => unknown>(argument: string, value: unknown): T;
  /**
   * Numeric vector input (`Float64Array`, another typed array or `number[]`), every entry finite
   * unless `finite: false`; a `Float64Array` copy unless `copy: false` and it already is one.
   */
  vector(
    argument: string,
    value: unknown,
    options?: { length?: number; minLength?: number; copy?: boolean; finite?: boolean },
  ): Float64Array;
  /** Rejects NaN and infinities without copying. */
  finiteArray(argument: string, x: ArrayLike<number>): void;
}
