/**
 * Helpers that compute a claim from the cases of one run, and the evaluation of declared claims
 * into reported ones. Every helper returns `null` when the cases do not cover what it asks for,
 * so a claim whose case is missing (for example in quick mode) is reported as not measured.
 *
 * @example
 * ```ts
 * claims: [{
 *   name: 'auto vs naive, dna n=1e6 m=1024', target: 6, better: 'higher',
 *   compute: (cases) => speedup(cases, 'dna n=1e6 m=1024', 'auto', 'naive'),
 * }]
 * ```
 */
import type { CaseResult, ClaimResult, ClaimSpec } from './types.js';

/** Picks one case: a problem label and a method label. */
export interface CaseSelector {
  problem: string;
  method: string;
}

/** A timing field of a case, or the name of one of its quality figures. */
export type CaseField = 'medianMs' | 'minMs' | 'maxMs' | (string & {});

const TIME_FIELDS = new Set(['medianMs', 'minMs', 'maxMs']);

/**
 * Finds the case of `selector`.
 * @param cases - the cases of the run.
 * @param selector - problem and method labels.
 * @returns the case, or `undefined` when there is none.
 */
export function findCase(
  cases: readonly CaseResult[],
  selector: CaseSelector,
): CaseResult | undefined {
  return cases.find((c) => c.problem === selector.problem && c.method === selector.method);
}

/**
 * Reads a finite number from a case: a timing field or a quality figure.
 * @param cases - the cases of the run.
 * @param selector - problem and method labels.
 * @param field - `'medianMs'` (default), `'minMs'`, `'maxMs'` or a quality key.
 * @returns the number, or `null` when the case or the field is missing or not a finite number.
 */
export function value(
  cases: readonly CaseResult[],
  selector: CaseSelector,
  field: CaseField = 'medianMs',
): number | null {
  const found = findCase(cases, selector);
  if (found === undefined) return null;
  const raw = TIME_FIELDS.has(field)
    ? found[field as 'medianMs' | 'minMs' | 'maxMs']
    : found.quality[field];
  return typeof raw === 'number' && Number.isFinite(raw) ? raw : null;
}

/**
 * `field` of the case `numerator` divided by `field` of the case `denominator`.
 * @param cases - the cases of the run.
 * @param numerator - problem and method of the numerator.
 * @param denominator - problem and method of the denominator.
 * @param field - `'medianMs'` (default), `'minMs'`, `'maxMs'` or a quality key.
 * @returns the ratio, or `null` when a value is missing or the denominator is zero.
 */
export function ratio(
  cases: readonly CaseResult[],
  numerator: CaseSelector,
  denominator: CaseSelector,
  field: CaseField = 'medianMs',
): number | null {
  const a = value(cases, numerator, field);
  const b = value(cases, denominator, field);
  if (a === null || b === null || b === 0) return null;
  return a / b;
}

/**
 * How many times faster `method` is than `baseline` on `problem`: the baseline's median time
 * divided by the method's.
 * @param cases - the cases of the run.
 * @param problem - the problem label.
 * @param method - the method claimed to be faster.
 * @param baseline - the method it is compared with.
 * @returns the speed-up (above 1 means faster), or `null` when a case is missing.
 */
export function speedup(
  cases: readonly CaseResult[],
  problem: string,
  method: string,
  baseline: string,
): number | null {
  return ratio(cases, { problem, method: baseline }, { problem, method });
}

/**
 * The geometric mean of positive values, e.g. of speed-ups over several problems.
 * @param values - the values; any `null` makes the result `null`.
 * @returns the geometric mean, or `null` when a value is missing or not positive, or none given.
 */
export function geomean(values: readonly (number | null)[]): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const v of values) {
    if (v === null || !(v > 0) || !Number.isFinite(v)) return null;
    sum += Math.log(v);
  }
  return Math.exp(sum / values.length);
}

/**
 * Whether `measured` meets `target` in the direction `better`.
 * @returns `false` when nothing was measured.
 */
export function isMet(measured: number | null, target: number, better: 'higher' | 'lower') {
  if (measured === null) return false;
  return better === 'higher' ? measured >= target : measured <= target;
}

/**
 * Computes every declared claim from the cases of the run. A non-finite measured value is
 * reported as `null` (not met).
 * @param specs - the suite's claims.
 * @param cases - the cases of the run.
 * @returns the claims as reported.
 * @throws the error of a claim's `compute`, with the claim's name prefixed.
 */
export function evaluateClaims(
  specs: readonly ClaimSpec[],
  cases: readonly CaseResult[],
): ClaimResult[] {
  return specs.map((spec) => {
    let raw: number | null;
    try {
      raw = spec.compute(cases);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`claim "${spec.name}" failed to compute: ${message}`, { cause: error });
    }
    const measured = typeof raw === 'number' && Number.isFinite(raw) ? raw : null;
    const result: ClaimResult = {
      name: spec.name,
      measured,
      target: spec.target,
      better: spec.better,
      met: isMet(measured, spec.target, spec.better),
    };
    if (spec.unit !== undefined) result.unit = spec.unit;
    return result;
  });
}
