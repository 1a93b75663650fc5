/** Problems of the spec (section A.6) and an invariant checker run on every plan. */
import { expect } from 'vitest';
import type { SparsePlan } from '../src/index.js';

export interface Problem {
  a: Float64Array;
  b: Float64Array;
  C: { rows: number; cols: number; data: Float64Array };
}

/** `grid`: x_i = i/(N-1), y_j = (j/(N-1))^2, C = (x - y)^2, a uniform, b_j ∝ 1 + j/(N-1). */
export function grid(N: number): Problem {
  const a = new Float64Array(N).fill(1 / N);
  const b = new Float64Array(N);
  let s = 0;
  for (let j = 0; j < N; j++) {
    b[j] = 1 + j / (N - 1);
    s += b[j];
  }
  for (let j = 0; j < N; j++) b[j] /= s;
  const data = new Float64Array(N * N);
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) data[i * N + j] = (i / (N - 1) - (j / (N - 1)) ** 2) ** 2;
  }
  return { a, b, C: { rows: N, cols: N, data } };
}

/** `perm20`: n = 20, uniform weights, C_ij = ((7i + 13j) mod 17)/17 + 0.01 |i - j|. */
export function perm20(): Problem {
  const n = 20;
  const a = new Float64Array(n).fill(1 / n);
  const data = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++)
      data[i * n + j] = ((7 * i + 13 * j) % 17) / 17 + 0.01 * Math.abs(i - j);
  }
  return { a, b: a.slice(), C: { rows: n, cols: n, data } };
}

/** Structural checks on a plan: CSC well formed, rows increasing, values > 0 and finite. */
export function checkPlan(plan: SparsePlan, m: number, n: number, maxPerColumn = m): void {
  expect(plan.rows).toBe(m);
  expect(plan.cols).toBe(n);
  expect(plan.colPtr.length).toBe(n + 1);
  expect(plan.colPtr[0]).toBe(0);
  expect(plan.colPtr[n]).toBe(plan.rowIdx.length);
  expect(plan.values.length).toBe(plan.rowIdx.length);
  for (let j = 0; j < n; j++) {
    const p0 = plan.colPtr[j];
    const p1 = plan.colPtr[j + 1];
    expect(p1 - p0).toBeLessThanOrEqual(maxPerColumn);
    for (let p = p0; p < p1; p++) {
      expect(plan.rowIdx[p]).toBeGreaterThanOrEqual(0);
      expect(plan.rowIdx[p]).toBeLessThan(m);
      if (p > p0) expect(plan.rowIdx[p]).toBeGreaterThan(plan.rowIdx[p - 1]);
      expect(plan.values[p]).toBeGreaterThan(0);
      expect(Number.isFinite(plan.values[p])).toBe(true);
    }
  }
}

/** Row and column marginal errors (inf-norm) and <T, C> of a plan. */
export function marginals(plan: SparsePlan, a: Float64Array, b: Float64Array, C: Problem['C']) {
  const rows = new Float64Array(plan.rows);
  const cols = new Float64Array(plan.cols);
  let cost = 0;
  for (let j = 0; j < plan.cols; j++) {
    for (let p = plan.colPtr[j]; p < plan.colPtr[j + 1]; p++) {
      rows[plan.rowIdx[p]] += plan.values[p];
      cols[j] += plan.values[p];
      cost += plan.values[p] * C.data[plan.rowIdx[p] * C.cols + j];
    }
  }
  let rowError = 0;
  let colError = 0;
  for (let i = 0; i < a.length; i++) rowError = Math.max(rowError, Math.abs(rows[i] - a[i]));
  for (let j = 0; j < b.length; j++) colError = Math.max(colError, Math.abs(cols[j] - b[j]));
  return { rowError, colError, cost };
}

/** ||b||^2. */
export function sqnorm(v: Float64Array): number {
  let s = 0;
  for (const x of v) s += x * x;
  return s;
}
