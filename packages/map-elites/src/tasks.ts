/**
 * Standard quality-diversity test tasks.
 *
 * - Sphere and Rastrigin with linear-projection measures, as in the CMA-ME toy domain
 *   (Fontaine et al. 2020) and pyribs's `examples/sphere.py`: optimum shifted to
 *   `s = 0.4 * 5.12`, objective rescaled to [0, 100] by the worst value at `x_i = -5.12`, and
 *   measures the sums of the clipped first and second halves of x, where
 *   `clip(v) = v` inside [-5.12, 5.12] and `5.12 / v` outside.
 * - The planar arm (Vassiliades and Mouret 2018; pyribs's arm tutorial): joint angles theta,
 *   objective `-Var(theta)` (population variance), measures the end-effector position.
 */
import { checker, toMat } from '@optkit/core';
import type { Batch, BatchInput } from './types.js';

const PKG = 'map-elites';
const check = checker(PKG);

/** Objectives and measures of a batch, written into preallocated arrays when given. */
export interface TaskOutput {
  objectives: Float64Array;
  measures: Batch;
}

/** A test task: evaluation plus the measure ranges and solution bounds it is meant for. */
export interface Task {
  name: string;
  solutionDim: number;
  measureDim: number;
  /** Measure ranges for the archive. */
  ranges: [number, number][];
  /** Solution bounds for the emitters, or `null` for unbounded solutions. */
  bounds: [number, number][] | null;
  /**
   * Evaluates a batch.
   *
   * @param solutions - `rows x solutionDim`.
   * @param out - optional output buffers with room for `rows` rows (reused to avoid allocation).
   * @returns objectives and measures.
   * @throws RangeError for a wrong width or a non-finite solution.
   */
  evaluate(solutions: BatchInput, out?: TaskOutput): TaskOutput;
}

const SHIFT = 0.4 * 5.12;
const LIMIT = 5.12;

function output(rows: number, out: TaskOutput | undefined): TaskOutput {
  if (out === undefined) {
    return {
      objectives: new Float64Array(rows),
      measures: { rows, cols: 2, stride: 2, offset: 0, data: new Float64Array(rows * 2) },
    };
  }
  if (out.objectives.length < rows || out.measures.data.length < rows * 2) {
    throw check.rangeErrorText('out', `buffers for ${rows} rows`, `${out.objectives.length} rows`);
  }
  return {
    objectives: out.objectives.length === rows ? out.objectives : out.objectives.subarray(0, rows),
    measures: { rows, cols: 2, stride: 2, offset: 0, data: out.measures.data },
  };
}

function nonFinite(row: number): RangeError {
  return check.rangeErrorText(`solutions[${row}]`, 'finite', 'a non-finite entry');
}

/**
 * One row of the projection tasks in a single pass: writes the measures (sums of `clip(x_j)`
 * over the first and second half; `clip(v) = v` inside [-5.12, 5.12], else `5.12 / v`) to
 * `m[mi]`, `m[mi + 1]` and returns the raw objective, `sum (x_j - s)^2` (sphere) or
 * `10 n + sum (t^2 - 10 cos(2 pi t))`, `t = x_j - s` (Rastrigin). Every sum runs in index order.
 */
function projectRow(
  d: Float64Array,
  o: number,
  n: number,
  rastrigin: boolean,
  m: Float64Array,
  mi: number,
): number {
  const half = o + Math.floor(n / 2);
  const end = o + n;
  let raw = rastrigin ? 10 * n : 0;
  let m0 = 0;
  let m1 = 0;
  if (rastrigin) {
    for (let j = o; j < half; j++) {
      const v = d[j];
      const t = v - SHIFT;
      raw += t * t - 10 * Math.cos(2 * Math.PI * t);
      m0 += v >= -LIMIT && v <= LIMIT ? v : LIMIT / v;
    }
    for (let j = half; j < end; j++) {
      const v = d[j];
      const t = v - SHIFT;
      raw += t * t - 10 * Math.cos(2 * Math.PI * t);
      m1 += v >= -LIMIT && v <= LIMIT ? v : LIMIT / v;
    }
  } else {
    for (let j = o; j < half; j++) {
      const v = d[j];
      const t = v - SHIFT;
      raw += t * t;
      m0 += v >= -LIMIT && v <= LIMIT ? v : LIMIT / v;
    }
    for (let j = half; j < end; j++) {
      const v = d[j];
      const t = v - SHIFT;
      raw += t * t;
      m1 += v >= -LIMIT && v <= LIMIT ? v : LIMIT / v;
    }
  }
  m[mi] = m0;
  m[mi + 1] = m1;
  return raw;
}

/** The linear-projection task shared by sphere and Rastrigin. */
function projectionTask(name: string, n: number, rastrigin: boolean): Task {
  check.integer('solutionDim', n, { min: 2 });
  const bound = (n * LIMIT) / 2;
  const v0 = -LIMIT - SHIFT;
  const worst = rastrigin ? n * (10 + v0 * v0 - 10 * Math.cos(2 * Math.PI * v0)) : n * v0 * v0;
  const scale = 100 / worst;
  return {
    name,
    solutionDim: n,
    measureDim: 2,
    ranges: [
      [-bound, bound],
      [-bound, bound],
    ],
    bounds: null,
    evaluate(solutions, out) {
      const x = toMat(PKG, 'solutions', solutions, { cols: n, copy: false, finite: false });
      const r = output(x.rows, out);
      const f = r.objectives;
      const m = r.measures.data;
      const d = x.data;
      for (let i = 0; i < x.rows; i++) {
        const raw = projectRow(d, x.offset + i * x.stride, n, rastrigin, m, 2 * i);
        if (!Number.isFinite(raw) || !Number.isFinite(m[2 * i] + m[2 * i + 1])) throw nonFinite(i);
        f[i] = 100 - raw * scale;
      }
      return r;
    },
  };
}

/**
 * The sphere task of the CMA-ME toy domain: objective
 * `100 * (1 - sum (x_i - 2.048)^2 / (n * 7.168^2))` (100 at the optimum, 0 at `x_i = -5.12`),
 * measures the sums of the clipped halves of x, ranges `+-n * 5.12 / 2`.
 *
 * @param solutionDim - n, an integer >= 2 (100 in the benchmark).
 * @returns the task.
 * @throws RangeError for n < 2.
 * @example
 * ```ts
 * const task = sphere(4);
 * task.evaluate([[0, 0, 0, 0]]).objectives; // Float64Array [91.83673469387756]
 * ```
 */
export function sphere(solutionDim: number): Task {
  return projectionTask(`sphere n=${solutionDim}`, solutionDim, false);
}

/**
 * The Rastrigin task of the CMA-ME toy domain, with the sphere's shift, clipping and measures;
 * objective `100 * (1 - raw / worst)` with `raw = 10 n + sum (t^2 - 10 cos(2 pi t))`,
 * `t = x_i - 2.048`, and `worst` the raw value at `x_i = -5.12`.
 *
 * @param solutionDim - n, an integer >= 2.
 * @returns the task.
 * @throws RangeError for n < 2.
 * @example
 * ```ts
 * rastrigin(2).evaluate([[2.048, 2.048]]).objectives; // Float64Array [100]
 * ```
 */
export function rastrigin(solutionDim: number): Task {
  return projectionTask(`rastrigin n=${solutionDim}`, solutionDim, true);
}

/**
 * The planar robotic arm: `dof` joints with angles in [-pi, pi], objective `-Var(theta)`
 * (population variance; 0 is best), measures the end-effector position
 * `(sum_i l_i cos(theta_1 + ... + theta_i), sum_i l_i sin(...))`, ranges `+-sum l_i`.
 *
 * @param dof - number of joints, an integer >= 1.
 * @param linkLengths - positive link lengths; default all 1.
 * @returns the task (with bounds [-pi, pi] per joint).
 * @throws RangeError for dof < 1 or a bad link length.
 * @example
 * ```ts
 * const arm = planarArm(3);
 * arm.evaluate([[0, 0, 0]]).measures.data; // Float64Array [3, 0]
 * ```
 */
export function planarArm(dof: number, linkLengths?: ArrayLike<number>): Task {
  const n = check.integer('dof', dof, { min: 1 });
  const len =
    linkLengths === undefined
      ? new Float64Array(n).fill(1)
      : check.vector('linkLengths', linkLengths, { length: n });
  let total = 0;
  for (let j = 0; j < n; j++) total += check.positive(`linkLengths[${j}]`, len[j]);
  return {
    name: `arm dof=${n}`,
    solutionDim: n,
    measureDim: 2,
    ranges: [
      [-total, total],
      [-total, total],
    ],
    bounds: Array.from({ length: n }, () => [-Math.PI, Math.PI] as [number, number]),
    evaluate(solutions, out) {
      const x = toMat(PKG, 'solutions', solutions, { cols: n, copy: false, finite: false });
      const r = output(x.rows, out);
      const d = x.data;
      for (let i = 0; i < x.rows; i++) {
        const o = x.offset + i * x.stride;
        let mean = 0;
        for (let j = 0; j < n; j++) mean += d[o + j];
        mean /= n;
        let v = 0;
        let angle = 0;
        let px = 0;
        let py = 0;
        for (let j = 0; j < n; j++) {
          const t = d[o + j];
          v += (t - mean) * (t - mean);
          angle += t;
          px += len[j] * Math.cos(angle);
          py += len[j] * Math.sin(angle);
        }
        if (!Number.isFinite(v) || !Number.isFinite(px + py)) throw nonFinite(i);
        r.objectives[i] = 0 - v / n; // 0 - 0 is +0, not -0
        r.measures.data[2 * i] = px;
        r.measures.data[2 * i + 1] = py;
      }
      return r;
    },
  };
}
