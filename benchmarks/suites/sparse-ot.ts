/**
 * @optkit/sparse-ot: sparsity-constrained OT (semi-dual, L-BFGS) on the spec's grid family and
 * on 2-D Gaussian clouds, k in {1, 2, 5, 10}, gamma = 5/N, beside the methods a user would
 * otherwise pick: exact OT by our network simplex and by javascript-lp-solver (small N only),
 * l2-regularized OT (smoothOT), Sinkhorn, and the heuristic "top-k of the l2 plan, columns
 * renormalized". Records the dual objective against the spec's bounds, nonzeros per column,
 * marginal errors, <T,C>/EMD, iterations, and the plan figures for k = 1, 2, 5 and l2.
 */
import { Rng } from '@optkit/core';
import {
  emd,
  normalizeCost,
  type SmoothOTResult,
  type SparsePlan,
  sinkhorn,
  smoothOT,
  sparseOT,
  squaredEuclideanCost,
} from '@optkit/sparse-ot';
import * as lpModule from 'javascript-lp-solver';
import { speedup, value } from '../src/claims.js';
import type { CaseResult, Suite, SuiteContext } from '../src/types.js';

/** The solver object, whichever way the module system hands it over (ESM default or CJS). */
type LpSolver = { Solve(model: unknown): Record<string, unknown> };
const lpNamespace = lpModule as unknown as { default?: LpSolver } & Partial<LpSolver>;
const solver: LpSolver =
  typeof lpNamespace.Solve === 'function'
    ? (lpNamespace as LpSolver)
    : (lpNamespace.default as LpSolver);

interface Problem {
  a: Float64Array;
  b: Float64Array;
  C: { rows: number; cols: number; stride: number; offset: number; data: Float64Array };
}

/** Spec A.4 family: x_i = i/(N-1), y_j = (j/(N-1))^2, C = (x - y)^2, b_j ∝ 1 + j/(N-1). */
function grid(N: number): Problem {
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
  return { a, b, C: { rows: N, cols: N, stride: N, offset: 0, data } };
}

/** Two 2-D Gaussian clouds (seed 2023, the second shifted), cost normalized by its max. */
function gaussians(N: number): Problem {
  const rng = new Rng(2023);
  const x = Array.from({ length: N }, () => [rng.normal(), rng.normal()]);
  const y = Array.from({ length: N }, () => [rng.normal() + 2, 0.5 * rng.normal() + 1]);
  const C = normalizeCost(squaredEuclideanCost(x, y)).cost;
  const u = new Float64Array(N).fill(1 / N);
  return { a: u, b: u.slice(), C };
}

/** Exact OT as an LP with m n variables on javascript-lp-solver; cost from the variable values. */
function lpCost(p: Problem): number {
  const m = p.a.length;
  const n = p.b.length;
  const constraints: Record<string, { equal: number }> = {};
  for (let i = 0; i < m; i++) constraints[`r${i}`] = { equal: p.a[i] };
  for (let j = 0; j < n; j++) constraints[`c${j}`] = { equal: p.b[j] };
  const variables: Record<string, Record<string, number>> = {};
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      variables[`x${i}_${j}`] = { cost: p.C.data[i * n + j], [`r${i}`]: 1, [`c${j}`]: 1 };
    }
  }
  const r = solver.Solve({ optimize: 'cost', opType: 'min', constraints, variables });
  let cost = 0;
  for (const [key, v] of Object.entries(r)) {
    const match = /^x(\d+)_(\d+)$/.exec(key);
    if (match) cost += (v as number) * p.C.data[Number(match[1]) * n + Number(match[2])];
  }
  return cost;
}

const sq = (v: Float64Array) => v.reduce((s, x) => s + x * x, 0);
const r4 = (x: number) => Number(x.toPrecision(4));
const r8 = (x: number) => Number(x.toPrecision(8));

/** Keep the k largest entries of each column of a plan and rescale the column to b_j. */
function topkHeuristic(plan: SparsePlan, k: number, p: Problem) {
  const n = plan.cols;
  const rows = new Float64Array(plan.rows);
  let cost = 0;
  let nnz = 0;
  for (let j = 0; j < n; j++) {
    const idx: number[] = [];
    for (let q = plan.colPtr[j]; q < plan.colPtr[j + 1]; q++) idx.push(q);
    idx.sort((u, v) => plan.values[v] - plan.values[u]);
    const keep = idx.slice(0, k);
    const s = keep.reduce((t, q) => t + plan.values[q], 0);
    nnz = Math.max(nnz, keep.length);
    for (const q of keep) {
      const t = (plan.values[q] * p.b[j]) / s;
      rows[plan.rowIdx[q]] += t;
      cost += t * p.C.data[plan.rowIdx[q] * n + j];
    }
  }
  let rowErr = 0;
  for (let i = 0; i < plan.rows; i++) rowErr = Math.max(rowErr, Math.abs(rows[i] - p.a[i]));
  return { cost, rowErr, nnz };
}

function sparseQuality(r: SmoothOTResult, k: number, exact: number, bb: number) {
  const lower = exact + (r.gamma * bb) / (2 * k);
  const upper = exact + (r.gamma * bb) / 2;
  return {
    dualObjective: r8(r.dualObjective),
    lowerBound: r8(lower),
    upperBound: r8(upper),
    inBounds: r.dualObjective >= lower - 1e-9 * upper && r.dualObjective <= upper + 1e-12,
    maxNnzPerColumn: r.maxNnzPerColumn,
    k,
    costOverEmd: r4(r.transportCost / exact),
    rowMarginalError: r4(r.rowMarginalError),
    colMarginalError: r4(r.colMarginalError),
    // The plan is the support repair's (feasible, <= k per column) rather than the gradient map.
    repaired: r.repaired,
    // regularizedCost - dualObjective: for a repaired plan (marginals met), how far its cost can
    // be from the optimum OPT_k (up to the tolerance times the spread of alpha).
    // (only meaningful when the plan meets the marginals).
    gap: r.converged ? r4(r.regularizedCost - r.dualObjective) : null,
    iterations: r.iterations,
    converged: r.converged,
    stopReason: r.stopReason,
  };
}

const KS = [1, 2, 5, 10];
const gridLabel = (N: number) => `grid N=${N}`;
const gaussLabel = (N: number) => `gaussian-2d N=${N}`;
const SLOW = { iterations: 1, warmup: 0 };

async function exactCases(ctx: SuiteContext) {
  const sizes = ctx.quick ? [50, 100] : [50, 100, 200, 500, 1000];
  // javascript-lp-solver grows like N^3.3 (spec A.4: 13-14 s at N = 200): timed by tinybench
  // up to N = 200; at N = 500 (minutes per call) one call is timed by hand, in full runs only.
  const lpSizes = ctx.quick ? [50] : [50, 100, 200];
  const lpOnce = ctx.quick ? [] : [500];
  for (const N of sizes) {
    for (const [label, make] of [
      [gridLabel, grid],
      [gaussLabel, gaussians],
    ] as const) {
      if (label === gaussLabel && N < 100) continue;
      const p = make(N);
      await ctx.measure(
        { problem: `${label(N)} exact`, size: { N }, method: 'emd (network simplex)' },
        () => emd(p.a, p.b, p.C),
        (r) => ({ cost: r8(r.cost), pivots: r.iterations, converged: r.converged }),
      );
      ctx.tick(`emd ${label(N)}`);
      if (lpSizes.includes(N) && label === gridLabel) {
        const net = emd(p.a, p.b, p.C).cost;
        await ctx.measure(
          {
            problem: `${label(N)} exact`,
            size: { N },
            method: 'javascript-lp-solver',
            baseline: true,
          },
          () => lpCost(p),
          (cost) => ({ cost: r8(cost), absDiffToEmd: Math.abs(cost - net) }),
          SLOW,
        );
        ctx.tick(`lp ${label(N)}`);
      }
      if (lpOnce.includes(N) && label === gridLabel) {
        const net = emd(p.a, p.b, p.C).cost;
        const t0 = performance.now();
        const cost = lpCost(p);
        const ms = performance.now() - t0;
        ctx.record({
          problem: `${label(N)} exact`,
          size: { N },
          method: 'javascript-lp-solver (one call)',
          baseline: true,
          medianMs: ms,
          minMs: ms,
          maxMs: ms,
          quality: { cost: r8(cost), absDiffToEmd: Math.abs(cost - net) },
        });
        ctx.tick(`lp ${label(N)}`);
      }
    }
  }
}

async function sparseCases(ctx: SuiteContext): Promise<CaseResult[]> {
  const out: CaseResult[] = [];
  const sizes = ctx.quick ? [50] : [50, 100, 200, 500];
  for (const N of sizes) {
    for (const [label, make] of [
      [gridLabel, grid],
      [gaussLabel, gaussians],
    ] as const) {
      if (label === gaussLabel && N > 200) continue;
      const p = make(N);
      const gamma = 5 / N;
      const exact = emd(p.a, p.b, p.C).cost;
      const bb = sq(p.b);
      const problem = `${label(N)} gamma=5/N`;
      let l2: SmoothOTResult | null = null;
      const l2Case = await ctx.measure(
        { problem, size: { N, k: N }, method: 'smoothOT l2 (semi-dual)', baseline: true },
        () => smoothOT(p.a, p.b, p.C, { gamma }),
        (r) => {
          l2 = r;
          return { ...sparseQuality(r, N, exact, bb), dualObjective: r8(r.dualObjective) };
        },
        SLOW,
      );
      ctx.tick(`l2 ${problem}`);
      const l2Plan = (l2 as SmoothOTResult | null)?.plan;
      if (l2Plan === undefined) throw new Error('sparse-ot suite: the l2 case kept no result');
      for (const k of KS) {
        const c = await ctx.measure(
          { problem, size: { N, k }, method: `sparseOT k=${k}` },
          () => sparseOT(p.a, p.b, p.C, { k, gamma }),
          (r) => sparseQuality(r, k, exact, bb),
          SLOW,
        );
        out.push(c);
        const h = topkHeuristic(l2Plan, k, p);
        ctx.record({
          problem,
          size: { N, k },
          method: `top-k of l2 plan k=${k}`,
          baseline: true,
          medianMs: null,
          minMs: null,
          maxMs: null,
          quality: {
            k,
            maxNnzPerColumn: h.nnz,
            costOverEmd: r4(h.cost / exact),
            rowMarginalError: r4(h.rowErr),
          },
        });
        ctx.tick(`k=${k} ${problem}`);
      }
      ctx.record({
        problem,
        size: { N },
        method: 'emd (exact)',
        baseline: true,
        medianMs: null,
        minMs: null,
        maxMs: null,
        quality: { cost: r8(exact), l2MaxNnzPerColumn: l2Case.quality.maxNnzPerColumn },
      });
    }
  }
  return out;
}

/**
 * Time to 1e-6 marginal error at N = 200, grid, gamma = 5/N (also in quick mode, which skips
 * the slow Sinkhorn epsilon = 1e-3 only).
 */
async function timeToTolerance(ctx: SuiteContext) {
  const N = 200;
  const p = grid(N);
  const gamma = 5 / N;
  const problem = `grid N=${N} gamma=5/N, to marginal error 1e-6`;
  const tol = 1e-6;
  for (const k of [5, 10]) {
    await ctx.measure(
      { problem, size: { N, k }, method: `sparseOT k=${k} (semi-dual)` },
      () => sparseOT(p.a, p.b, p.C, { k, gamma, tolerance: tol }),
      (r) => ({
        reached: r.rowMarginalError <= tol,
        rowMarginalError: r4(r.rowMarginalError),
        dualObjective: r8(r.dualObjective),
        iterations: r.iterations,
        evaluations: r.evaluations,
        stopReason: r.stopReason,
        smoothed: r.smoothed,
        repaired: r.repaired,
        maxNnzPerColumn: r.maxNnzPerColumn,
        regularizedCost: r8(r.regularizedCost),
      }),
      SLOW,
    );
    ctx.tick(`tol k=${k}`);
  }
  await ctx.measure(
    { problem, size: { N }, method: 'smoothOT l2 (semi-dual)', baseline: true },
    () => smoothOT(p.a, p.b, p.C, { gamma, tolerance: tol }),
    (r) => ({
      reached: r.rowMarginalError <= tol,
      rowMarginalError: r4(r.rowMarginalError),
      iterations: r.iterations,
      maxNnzPerColumn: r.maxNnzPerColumn,
    }),
    SLOW,
  );
  ctx.tick('tol l2');
  for (const epsilon of ctx.quick ? [1e-2] : [1e-2, 1e-3]) {
    await ctx.measure(
      { problem, size: { N }, method: `sinkhorn log-domain eps=${epsilon}`, baseline: true },
      () => sinkhorn(p.a, p.b, p.C, { epsilon, tolerance: tol }),
      (r) => ({
        reached: Math.max(r.rowMarginalError, r.colMarginalError) <= tol,
        marginalError: r4(Math.max(r.rowMarginalError, r.colMarginalError)),
        iterations: r.iterations,
        nonzerosPerColumn: N,
      }),
      SLOW,
    );
    ctx.tick(`tol sinkhorn ${epsilon}`);
  }
}

/** Plan heat maps on a 1-D problem: EMD, sparse k = 1, 2, 5 and l2. */
function planFigure(ctx: SuiteContext) {
  const n = 40;
  const x = Float64Array.from({ length: n }, (_, i) => i / (n - 1));
  const bump = (t: number, m: number, s: number) => Math.exp(-(((t - m) / s) ** 2) / 2);
  const a = x.map((t) => 1e-3 + bump(t, 0.3, 0.1) + 0.5 * bump(t, 0.75, 0.07));
  const b = x.map((t) => 1e-3 + bump(t, 0.55, 0.15));
  const sa = a.reduce((s, v) => s + v, 0);
  const sb = b.reduce((s, v) => s + v, 0);
  for (let i = 0; i < n; i++) {
    a[i] /= sa;
    b[i] /= sb;
  }
  const data = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) data[i * n + j] = (x[i] - x[j]) ** 2;
  const C = { rows: n, cols: n, data };
  const gamma = 0.1 * n;
  const plans: [string, SparsePlan][] = [['exact (emd)', emd(a, b, C).plan]];
  for (const k of [1, 2, 5])
    plans.push([`sparse k=${k}`, sparseOT(a, b, C, { k, gamma: gamma / n }).plan]);
  plans.push(['l2 (smoothOT)', smoothOT(a, b, C, { gamma: gamma / n }).plan]);
  const values: { method: string; source: number; target: number; mass: number }[] = [];
  for (const [method, plan] of plans) {
    for (let j = 0; j < n; j++) {
      for (let q = plan.colPtr[j]; q < plan.colPtr[j + 1]; q++) {
        if (plan.values[q] > 1e-6) {
          values.push({ method, source: plan.rowIdx[q], target: j, mass: r4(plan.values[q]) });
        }
      }
    }
  }
  ctx.figure({
    name: 'plans',
    title: 'Transport plans on a 1-D problem (n = 40, gamma = 0.1): exact, sparse k = 1, 2, 5, l2',
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
      data: { values },
      facet: {
        column: {
          field: 'method',
          type: 'nominal',
          sort: plans.map(([m]) => m),
          title: null,
        },
      },
      spec: {
        width: 150,
        height: 150,
        mark: 'rect',
        encoding: {
          x: {
            field: 'target',
            type: 'ordinal',
            title: 'target j',
            axis: { values: [0, 10, 20, 30] },
          },
          y: {
            field: 'source',
            type: 'ordinal',
            title: 'source i',
            axis: { values: [0, 10, 20, 30] },
          },
          color: { field: 'mass', type: 'quantitative', scale: { scheme: 'blues', type: 'sqrt' } },
        },
      },
    },
  });
}

/** Dual objective against k with the spec's bounds, from the recorded grid cases. */
function boundsFigure(ctx: SuiteContext, cases: CaseResult[]) {
  const values = cases
    .filter((c) => c.method.startsWith('sparseOT k=') && c.problem.startsWith('grid'))
    .flatMap((c) => [
      { problem: c.problem, k: c.size.k, series: 'dual objective', value: c.quality.dualObjective },
      { problem: c.problem, k: c.size.k, series: 'lower bound', value: c.quality.lowerBound },
      { problem: c.problem, k: c.size.k, series: 'upper bound', value: c.quality.upperBound },
    ]);
  ctx.figure({
    name: 'bounds',
    title: 'Sparse OT dual objective against k, inside [EMD + gamma|b|^2/(2k), EMD + gamma|b|^2/2]',
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
      data: { values },
      facet: {
        column: {
          field: 'problem',
          type: 'nominal',
          title: null,
          // Problems in the order they were run (by N), not alphabetically.
          sort: [...new Set(values.map((v) => v.problem))],
        },
      },
      resolve: { scale: { y: 'independent' } },
      spec: {
        width: 180,
        height: 160,
        mark: { type: 'line', point: true },
        encoding: {
          x: { field: 'k', type: 'quantitative', scale: { type: 'log' } },
          y: { field: 'value', type: 'quantitative', scale: { zero: false }, title: 'value' },
          color: { field: 'series', type: 'nominal' },
        },
      },
    },
  });
}

const sparseRuns = (cases: readonly CaseResult[]) =>
  cases.filter((c) => c.method.startsWith('sparseOT k=') && 'inBounds' in c.quality);

export const suite: Suite = {
  name: 'sparse-ot',
  package: '@optkit/sparse-ot',
  description:
    'Exact OT: our TypeScript network simplex (emd) against javascript-lp-solver on the spec ' +
    'grid family (x_i = i/(N-1), y_j = (j/(N-1))^2, b_j ∝ 1 + j/(N-1)) and on 2-D Gaussian ' +
    'clouds (seed 2023, cost normalized by its max). Sparsity-constrained OT (semi-dual, ' +
    'L-BFGS, defaults: started at the network simplex potentials, support repair of the plan) ' +
    'for k in {1, 2, 5, 10} at gamma = 5/N beside l2-regularized OT, the ' +
    'top-k-of-l2 heuristic and the exact cost: dual objective against the bounds ' +
    '[EMD + gamma|b|^2/(2k), EMD + gamma|b|^2/2], nonzeros per column, marginal errors, ' +
    '<T,C>/EMD. Time to 1e-6 marginal error at N = 200 beside l2 and Sinkhorn. Each regularized ' +
    'solve is timed once (one warm-up call).',
  async run(ctx) {
    // emd (grid at every size, Gaussians from N = 100) and LP (N <= 200, one call at 500)
    // ticks; l2 + four k per sparse problem; five time-to-tolerance runs (four in quick mode).
    ctx.steps(ctx.quick ? 4 + 10 + 4 : 13 + 35 + 5);
    await exactCases(ctx);
    const sparse = await sparseCases(ctx);
    await timeToTolerance(ctx);
    planFigure(ctx);
    boundsFigure(ctx, sparse);
  },
  claims: [
    {
      name: 'emd vs javascript-lp-solver, grid N=100 (speed-up)',
      target: 10,
      better: 'higher',
      compute: (cases) =>
        speedup(cases, 'grid N=100 exact', 'emd (network simplex)', 'javascript-lp-solver'),
    },
    {
      name: 'emd vs javascript-lp-solver, grid N=200 (speed-up)',
      target: 10,
      better: 'higher',
      compute: (cases) =>
        speedup(cases, 'grid N=200 exact', 'emd (network simplex)', 'javascript-lp-solver'),
    },
    {
      name: 'emd vs javascript-lp-solver, grid N=500 (speed-up; one LP call)',
      target: 10,
      better: 'higher',
      compute: (cases) =>
        speedup(
          cases,
          'grid N=500 exact',
          'emd (network simplex)',
          'javascript-lp-solver (one call)',
        ),
    },
    {
      name: 'emd, grid N=500 (median ms)',
      target: 2000,
      better: 'lower',
      unit: 'ms',
      compute: (cases) =>
        value(cases, { problem: 'grid N=500 exact', method: 'emd (network simplex)' }),
    },
    {
      name: 'emd cost minus LP cost, grid N=100 (abs)',
      target: 1e-8,
      better: 'lower',
      compute: (cases) =>
        value(
          cases,
          { problem: 'grid N=100 exact', method: 'javascript-lp-solver' },
          'absDiffToEmd',
        ),
    },
    {
      name: 'sparse runs with a column over k nonzeros (count, all problems and k)',
      target: 0,
      better: 'lower',
      compute: (cases) => {
        const runs = sparseRuns(cases);
        if (runs.length === 0) return null;
        return runs.filter((c) => (c.quality.maxNnzPerColumn as number) > (c.quality.k as number))
          .length;
      },
    },
    {
      name:
        'sparse runs with the dual objective outside [EMD + gamma|b|^2/(2k), ' +
        'EMD + gamma|b|^2/2] (count)',
      target: 0,
      better: 'lower',
      compute: (cases) => {
        const runs = sparseRuns(cases);
        if (runs.length === 0) return null;
        return runs.filter((c) => c.quality.inBounds !== true).length;
      },
    },
    {
      name: 'semi-dual N=200 k=5 wall time (ms), target half the spec numpy reference 10.4 s',
      target: 5200,
      better: 'lower',
      unit: 'ms',
      compute: (cases) =>
        value(cases, {
          problem: 'grid N=200 gamma=5/N, to marginal error 1e-6',
          method: 'sparseOT k=5 (semi-dual)',
        }),
    },
    {
      // At k = 5 the optimum is a kink of the semi-dual (columns whose 5th and 6th scores tie),
      // so the gradient-map plan misses the row marginals by ~1e-4 (spec fact 7); the support
      // repair (default) returns a k-sparse plan that meets them.
      name: 'semi-dual N=200 k=5 row marginal error reached (target 1e-6)',
      target: 1e-6,
      better: 'lower',
      compute: (cases) =>
        value(
          cases,
          {
            problem: 'grid N=200 gamma=5/N, to marginal error 1e-6',
            method: 'sparseOT k=5 (semi-dual)',
          },
          'rowMarginalError',
        ),
    },
  ],
};
