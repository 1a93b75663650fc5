/**
 * @optkit/core against ml-matrix (the f64 library a JavaScript user would otherwise pick) in one
 * process: gemm, gemv, Cholesky solve, the SVD conversion overhead, CSR matvec and the PRNG
 * (against pure-rand and Math.random). Inputs are uniform on [−1, 1] from the core PRNG (seed 1);
 * SPD matrices are G·Gᵀ/n + I.
 */
import {
  type Csr,
  cholesky,
  csrFromCoo,
  csrMatvec,
  fromMlMatrix,
  gemm,
  gemv,
  type Mat,
  mat,
  minimizeLbfgs,
  Rng,
  svd,
  toMlMatrix,
} from '@optkit/core';
import { CholeskyDecomposition, Matrix, SingularValueDecomposition } from 'ml-matrix';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { ratio, speedup, value } from '../src/claims.js';
import type { CaseResult, Suite } from '../src/types.js';

function randomMat(rng: Rng, rows: number, cols: number): Mat {
  const a = mat(rows, cols);
  rng.fillUniform(a.data, -1, 1);
  return a;
}

function randomSpd(rng: Rng, n: number): Mat {
  const g = randomMat(rng, n, n);
  const a = mat(n, n);
  gemm(1 / n, g, g, 0, a, { transB: true });
  for (let i = 0; i < n; i++) a.data[i * n + i] += 1;
  return a;
}

/** rows × cols CSR with `perRow` distinct random sorted columns per row. */
function randomCsr(rng: Rng, rows: number, cols: number, perRow: number): Csr {
  const ii = new Int32Array(rows * perRow);
  const jj = new Int32Array(rows * perRow);
  const vv = new Float64Array(rows * perRow);
  let t = 0;
  const seen = new Set<number>();
  for (let r = 0; r < rows; r++) {
    seen.clear();
    while (seen.size < perRow) seen.add(rng.int(cols));
    for (const c of seen) {
      ii[t] = r;
      jj[t] = c;
      vv[t++] = rng.uniform(-1, 1);
    }
  }
  return csrFromCoo(rows, cols, ii, jj, vv);
}

const gflops = (flops: number, ms: number | null) => (ms ? flops / (ms * 1e6) : null);

const ROSENBROCK_SCIPY_ITERATIONS = 36;

export const suite: Suite = {
  name: 'core',
  package: '@optkit/core',
  description:
    'Hand-written kernels of @optkit/core against ml-matrix 6.15.1 in the same process: packed ' +
    'register-tiled gemm vs `mmul`, gemv vs `mmul` by a column, Cholesky factor + solve vs ' +
    '`CholeskyDecomposition`, the cost of converting to and from ml-matrix around its SVD, CSR ' +
    'matvec (1e6 nonzeros), and the xoshiro128** PRNG vs pure-rand 8.4.2 and Math.random. ' +
    'Inputs are uniform on [-1, 1] from the core PRNG with seed 1.',
  async run(ctx) {
    const rng = new Rng(1);
    const gemmSizes = ctx.quick ? [128, 256] : [256, 512, 1024];
    const svdSizes = ctx.quick ? [64] : [64, 128, 200];
    ctx.steps(gemmSizes.length * 2 + 2 + 2 + svdSizes.length * 2 + 2 + 3 + 1);

    for (const n of gemmSizes) {
      const a = randomMat(rng, n, n);
      const b = randomMat(rng, n, n);
      const c = mat(n, n);
      const flops = 2 * n * n * n;
      const problem = `gemm ${n}`;
      const slow = n >= 1024 ? { iterations: 3, warmup: 1 } : undefined;
      const ca = await ctx.measure(
        { problem, size: { n }, method: 'core gemm' },
        () => gemm(1, a, b, 0, c),
        undefined,
        slow,
      );
      ca.quality.gflops = gflops(flops, ca.medianMs);
      ctx.tick(problem);
      const ma = toMlMatrix(a);
      const mb = toMlMatrix(b);
      const cb = await ctx.measure(
        { problem, size: { n }, method: 'ml-matrix mmul', baseline: true },
        () => ma.mmul(mb),
        undefined,
        slow,
      );
      cb.quality.gflops = gflops(flops, cb.medianMs);
      ctx.tick(problem);
    }

    {
      const n = ctx.quick ? 1000 : 2000;
      const a = randomMat(rng, n, n);
      const x = rng.fillUniform(new Float64Array(n), -1, 1);
      const y = new Float64Array(n);
      const problem = `gemv ${n}`;
      const flops = 2 * n * n;
      const q = (ms: number | null) => ({ gflops: gflops(flops, ms) });
      const r1 = await ctx.measure({ problem, size: { n }, method: 'core gemv' }, () =>
        gemv(1, a, x, 0, y),
      );
      r1.quality = q(r1.medianMs);
      const r2 = await ctx.measure({ problem, size: { n }, method: 'core gemvT' }, () =>
        gemv(1, a, x, 0, y, { trans: true }),
      );
      r2.quality = q(r2.medianMs);
      ctx.tick(problem);
      const ma = toMlMatrix(a);
      const mx = Matrix.columnVector(Array.from(x));
      const r3 = await ctx.measure(
        { problem, size: { n }, method: 'ml-matrix mmul', baseline: true },
        () => ma.mmul(mx),
      );
      r3.quality = q(r3.medianMs);
      ctx.tick(problem);
    }

    {
      const n = ctx.quick ? 200 : 500;
      const a = randomSpd(rng, n);
      const b = rng.fillUniform(new Float64Array(n), -1, 1);
      const problem = `cholesky solve ${n}`;
      const flops = (n * n * n) / 3 + 2 * n * n;
      const r1 = await ctx.measure({ problem, size: { n }, method: 'core cholesky' }, () =>
        cholesky(a).solve(b),
      );
      r1.quality = { gflops: gflops(flops, r1.medianMs) };
      ctx.tick(problem);
      const ma = toMlMatrix(a);
      const mb = Matrix.columnVector(Array.from(b));
      const r2 = await ctx.measure(
        { problem, size: { n }, method: 'ml-matrix CholeskyDecomposition', baseline: true },
        () => new CholeskyDecomposition(ma).solve(mb),
      );
      r2.quality = { gflops: gflops(flops, r2.medianMs) };
      ctx.tick(problem);
    }

    for (const n of svdSizes) {
      const a = randomMat(rng, n, n);
      const problem = `svd ${n}`;
      const ma = toMlMatrix(a);
      await ctx.measure(
        { problem, size: { n }, method: 'ml-matrix SVD', baseline: true },
        () => new SingularValueDecomposition(ma, { autoTranspose: false }),
      );
      ctx.tick(problem);
      await ctx.measure({ problem, size: { n }, method: 'conversion in+out' }, () => {
        const m = toMlMatrix(a);
        // U, V and A-sized outputs come back: three matrices of n×n.
        fromMlMatrix(m);
        fromMlMatrix(m);
        return fromMlMatrix(m);
      });
      await ctx.measure({ problem, size: { n }, method: 'core svd' }, () => svd(a));
      ctx.tick(problem);
    }

    {
      const configs = ctx.quick
        ? [{ rows: 1e4, perRow: 10 }]
        : [
            { rows: 1e5, perRow: 10 },
            { rows: 1e4, perRow: 100 },
          ];
      for (const { rows, perRow } of configs) {
        const s = randomCsr(rng, rows, rows, perRow);
        const x = rng.fillUniform(new Float64Array(rows), -1, 1);
        const y = new Float64Array(rows);
        const nnz = rows * perRow;
        const problem = `csr matvec ${rows.toExponential(0)} nnz ${nnz.toExponential(0)}`;
        const r = await ctx.measure(
          { problem, size: { n: rows, nnz }, method: 'core csrMatvec' },
          () => csrMatvec(s, x, y),
        );
        r.quality = { gflops: gflops(2 * nnz, r.medianMs) };
        ctx.tick(problem);
      }
    }

    {
      const count = 1e6;
      const problem = 'prng 1e6 doubles';
      const buffer = new Float64Array(count);
      const perSecond = (ms: number | null) => ({
        millionPerSecond: ms ? count / (ms * 1e3) : null,
      });
      const ours = new Rng(1);
      const r0 = await ctx.measure(
        { problem, size: { n: count }, method: 'core Rng.fillUniform' },
        () => ours.fillUniform(buffer),
      );
      r0.quality = perSecond(r0.medianMs);
      const r1 = await ctx.measure(
        { problem, size: { n: count }, method: 'core Rng.next loop' },
        () => {
          for (let i = 0; i < count; i++) buffer[i] = ours.next();
        },
      );
      r1.quality = perSecond(r1.medianMs);
      ctx.tick(problem);
      const pr = xoroshiro128plus(1);
      const r2 = await ctx.measure(
        { problem, size: { n: count }, method: 'pure-rand uniformFloat64 loop', baseline: true },
        () => {
          for (let i = 0; i < count; i++) buffer[i] = uniformFloat64(pr);
        },
      );
      r2.quality = perSecond(r2.medianMs);
      ctx.tick(problem);
      const r3 = await ctx.measure(
        { problem, size: { n: count }, method: 'Math.random loop' },
        () => {
          for (let i = 0; i < count; i++) buffer[i] = Math.random();
        },
      );
      r3.quality = perSecond(r3.medianMs);
      ctx.tick(problem);
    }

    {
      const rosenbrock = (x: Float64Array, g: Float64Array) => {
        const a = 1 - x[0];
        const b = x[1] - x[0] * x[0];
        g[0] = -2 * a - 400 * x[0] * b;
        g[1] = 200 * b;
        return a * a + 100 * b * b;
      };
      const r = minimizeLbfgs(rosenbrock, [-1.2, 1]);
      ctx.record({
        problem: 'rosenbrock 2-D from (-1.2, 1)',
        method: 'core minimizeLbfgs',
        medianMs: null,
        minMs: null,
        maxMs: null,
        quality: {
          iterations: r.iterations,
          evaluations: r.evaluations,
          f: r.f,
          scipyIterations: ROSENBROCK_SCIPY_ITERATIONS,
          scipyEvaluations: 44,
        },
      });
      ctx.tick('lbfgs');
    }
  },
  claims: [
    ...[256, 512, 1024].map((n) => ({
      name: `gemm ${n}: core vs ml-matrix mmul`,
      target: 5,
      better: 'higher' as const,
      unit: 'x',
      compute: (cases: readonly CaseResult[]) =>
        speedup(cases, `gemm ${n}`, 'core gemm', 'ml-matrix mmul'),
    })),
    {
      name: 'gemv 2000: core vs ml-matrix mmul',
      target: 3,
      better: 'higher',
      unit: 'x',
      compute: (cases) => speedup(cases, 'gemv 2000', 'core gemv', 'ml-matrix mmul'),
    },
    {
      name: 'gemvT vs gemv 2000 (same core)',
      target: 0.85,
      better: 'higher',
      unit: 'x',
      compute: (cases) => speedup(cases, 'gemv 2000', 'core gemvT', 'core gemv'),
    },
    {
      name: 'Cholesky solve 500: core vs ml-matrix',
      target: 2.5,
      better: 'higher',
      unit: 'x',
      compute: (cases) =>
        speedup(cases, 'cholesky solve 500', 'core cholesky', 'ml-matrix CholeskyDecomposition'),
    },
    ...[64, 128, 200].map((n) => ({
      name: `SVD ${n}: conversion overhead / ml-matrix SVD time`,
      target: 0.02,
      better: 'lower' as const,
      compute: (cases: readonly CaseResult[]) =>
        ratio(
          cases,
          { problem: `svd ${n}`, method: 'conversion in+out' },
          { problem: `svd ${n}`, method: 'ml-matrix SVD' },
        ),
    })),
    {
      name: 'CSR matvec 1e5, nnz 1e6: GFLOP/s',
      target: 0.25,
      better: 'higher',
      unit: 'GFLOP/s',
      compute: (cases) =>
        value(cases, { problem: 'csr matvec 1e+5 nnz 1e+6', method: 'core csrMatvec' }, 'gflops'),
    },
    {
      name: 'PRNG doubles: core vs pure-rand',
      target: 1.5,
      better: 'higher',
      unit: 'x',
      compute: (cases) =>
        speedup(cases, 'prng 1e6 doubles', 'core Rng.next loop', 'pure-rand uniformFloat64 loop'),
    },
    {
      name: 'PRNG doubles: core Rng.fillUniform (bulk) vs pure-rand loop',
      target: 1.5,
      better: 'higher',
      unit: 'x',
      compute: (cases) =>
        speedup(cases, 'prng 1e6 doubles', 'core Rng.fillUniform', 'pure-rand uniformFloat64 loop'),
    },
    {
      name: 'PRNG doubles: core Rng.next, millions per second',
      target: 120,
      better: 'higher',
      unit: 'M/s',
      compute: (cases) =>
        value(
          cases,
          { problem: 'prng 1e6 doubles', method: 'core Rng.next loop' },
          'millionPerSecond',
        ),
    },
    {
      name: 'L-BFGS Rosenbrock iterations / scipy L-BFGS-B iterations',
      target: 2,
      better: 'lower',
      compute: (cases) => {
        const it = value(
          cases,
          { problem: 'rosenbrock 2-D from (-1.2, 1)', method: 'core minimizeLbfgs' },
          'iterations',
        );
        return it === null ? null : it / ROSENBROCK_SCIPY_ITERATIONS;
      },
    },
  ],
};
