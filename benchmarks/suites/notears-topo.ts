/**
 * @optkit/notears-topo: TOPO (thorough and dagrad presets) against NOTEARS, DAGMA and
 * sortnregress on the standard NOTEARS generator (spec section 8): n = 1000, Gaussian noise, ER2 /
 * ER4 / SF4 graphs, d in {10, 20, 50, 100}, seeds 1-10, centred X. Scores are compared on the
 * least-squares refit of each method's thresholded (0.3) support; NOTEARS / DAGMA supports are
 * first repaired to DAGs with thresholdTillDag, and refits are divided by the refit of the true
 * graph; TOPO's search score is divided by the least-squares score of the true order.
 *
 * NOTEARS and DAGMA dominate the suite's time (each step needs a d x d matrix exponential or
 * inverse, and they take tens of thousands of steps), so they run on the seeds of
 * {@link NOTEARS_SEEDS} / {@link DAGMA_SEEDS} only, and the claims that involve them say which.
 * Times of the seed sweeps are single runs (median / min / max over seeds); the tinybench cases
 * time seed 1 of each configuration repeatedly.
 */
import { Rng } from '@optkit/core';
import {
  countAccuracy,
  dagma,
  fitOrder,
  fitSupport,
  type GraphType,
  notears,
  simulateDag,
  simulateLinearSem,
  simulateParameter,
  sortnregress,
  thresholdTillDag,
  topo,
  topologicalOrder,
} from '@optkit/notears-topo';
import { value } from '../src/claims.js';
import type { CaseResult, Quality, Suite, SuiteContext } from '../src/types.js';

const GRAPHS: { label: string; type: GraphType; k: number }[] = [
  { label: 'ER2', type: 'ER', k: 2 },
  { label: 'ER4', type: 'ER', k: 4 },
  { label: 'SF4', type: 'SF', k: 4 },
];

/** Spec 6.3, thorough preset, Gaussian noise, n = 1000: mean SHD over seeds 1-5. */
const SPEC_SHD: Record<string, number> = {
  'ER2 d=10': 0.0,
  'ER4 d=10': 0.0,
  'ER2 d=20': 0.0,
  'ER4 d=20': 0.2,
  'ER2 d=50': 0.6,
  'ER4 d=50': 2.2,
  'ER2 d=100': 2.6,
  'ER4 d=100': 15.6,
};

/** Spec 4 / 6.3: the authors' Python TOPO (official code, dagrad sizes) wall time, lower ends. */
const PYTHON_OFFICIAL_D20_MS = 7000;
const PYTHON_OFFICIAL_D50_ER4_MS = 200000;

const N = 1000;

/**
 * Seeds (1..k) per graph family on which NOTEARS runs, by d. NOTEARS takes about 1-2 s per run at
 * d = 10, 5-17 s at d = 20 and 1-3 minutes at d = 50 (tens of thousands of bounded L-BFGS
 * iterations as rho climbs to 1e13 on n = 2 d^2 variables; 83 s for ER2 seed 1 on a quiet
 * machine), so d = 50 gets seed 1 of each family and d = 100 none.
 */
const NOTEARS_SEEDS: Record<number, number> = { 10: 10, 20: 3, 50: 1 };
/**
 * The same for DAGMA (180000 Adam steps at most, each with a d x d inverse): under 1 s at d = 10,
 * 2-13 s at d = 20, and at d = 50 (seed 1, Gauss-Jordan M-matrix kernel, shared 2-core machine)
 * 50 s for ER2 (43000 steps) and 110-115 s for ER4 / SF4 (120000-140000 steps), expected to be
 * roughly half that on a quiet machine; so d = 50 gets seed 1 of each family and d = 100 none.
 */
const DAGMA_SEEDS: Record<number, number> = { 10: 10, 20: 3, 50: 1 };
/** Which runs the comparison claims cover, for their names. */
const coverage = (seeds: Record<number, number>) =>
  Object.entries(seeds)
    .map(([d, k]) => `d = ${d}: ${k === 1 ? 'seed 1' : `seeds 1-${k}`}`)
    .join(', ');

interface Run {
  shd: number;
  tpr: number;
  fdr: number;
  ms: number;
  ratio: number;
  refit: number;
  searchRatio?: number;
  iterations?: number;
  evaluations?: number;
}

function problem(type: GraphType, k: number, d: number, seed: number) {
  const rng = new Rng(seed * 1000 + d);
  const B = simulateDag(d, k * d, type, rng);
  const W = simulateParameter(B, rng);
  const X = simulateLinearSem(W, N, 'gauss', rng);
  // Dense least-squares fit of the true order (the search target) and refit of the true graph.
  const oracleOrder = fitOrder(X, topologicalOrder(B)).score;
  const oracleGraph = fitSupport(X, B);
  return { B, X, oracleOrder, oracleGraph };
}

function timed<R>(fn: () => R): [R, number] {
  const t = performance.now();
  const r = fn();
  return [r, performance.now() - t];
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : 0.5 * (s[m - 1] + s[m]);
}

const support = (w: Float64Array) => Uint8Array.from(w, (v) => (v !== 0 ? 1 : 0));
const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const round = (x: number, digits = 4) => Number(x.toFixed(digits));

function summarise(
  runs: Run[],
): Pick<CaseResult, 'medianMs' | 'minMs' | 'maxMs' | 'samples'> & { quality: Quality } {
  const times = runs.map((r) => r.ms);
  const quality: Quality = {
    runs: runs.length,
    shdMean: round(mean(runs.map((r) => r.shd)), 2),
    shdMin: Math.min(...runs.map((r) => r.shd)),
    shdMax: Math.max(...runs.map((r) => r.shd)),
    tpr: round(mean(runs.map((r) => r.tpr)), 3),
    fdr: round(mean(runs.map((r) => r.fdr)), 3),
    refitRatioMean: round(mean(runs.map((r) => r.ratio)), 5),
    refitRatioMax: round(Math.max(...runs.map((r) => r.ratio)), 5),
    runsRefitAtMostTrueGraph: runs.filter((r) => r.ratio <= 1 + 1e-6).length,
  };
  if (runs[0].searchRatio !== undefined) {
    const sr = runs.map((r) => r.searchRatio as number);
    quality.searchRatioMean = round(mean(sr), 5);
    quality.searchRatioMax = round(Math.max(...sr), 5);
    quality.runsAtOracleOrder = sr.filter((v) => v <= 1 + 1e-6).length;
  }
  if (runs[0].iterations !== undefined) {
    quality.iterationsMean = round(mean(runs.map((r) => r.iterations as number)), 1);
    quality.evaluationsMean = Math.round(mean(runs.map((r) => r.evaluations as number)));
  }
  return {
    medianMs: round(median(times), 3),
    minMs: round(Math.min(...times), 3),
    maxMs: round(Math.max(...times), 3),
    samples: runs.length,
    quality,
  };
}

function record(
  ctx: SuiteContext,
  problemLabel: string,
  d: number,
  method: string,
  baseline: boolean,
  runs: Run[],
) {
  if (runs.length === 0) return;
  ctx.record({ problem: problemLabel, size: { d, n: N }, method, baseline, ...summarise(runs) });
}

const TOL = 1e-9;

export const suite: Suite = {
  name: 'notears-topo',
  package: '@optkit/notears-topo',
  description:
    'TOPO (thorough and dagrad presets, random initial order, single start) against NOTEARS ' +
    '(lambda1 0.1), DAGMA (lambda1 0.02) and sortnregress, and TOPO as post-processing of ' +
    'NOTEARS and DAGMA, on the NOTEARS generator: n = 1000, Gaussian noise, ER2/ER4/SF4, d in ' +
    '{10, 20, 50, 100}, seeds 1-10, centred X, threshold 0.3. Scores are least-squares refits of ' +
    'each thresholded support (NOTEARS/DAGMA supports repaired with thresholdTillDag); refit ' +
    'ratio = refit score / refit score of the true graph; search ratio (TOPO) = search score / ' +
    'least-squares score of the true order (runsAtOracleOrder: search ratio <= 1 + 1e-6). ' +
    'NOTEARS and DAGMA take seconds to minutes per run (a d x d matrix exponential or inverse ' +
    `per step), so they and their post-processing runs cover NOTEARS ${coverage(NOTEARS_SEEDS)} ` +
    `and DAGMA ${coverage(DAGMA_SEEDS)}, per graph family; d = 100 has neither. ` +
    'Seed-sweep times are single runs (median, min, max over seeds); "3 starts" (SF4, ' +
    'd >= 50) keeps the best of three random orders; post-processing times include the ' +
    'NOTEARS/DAGMA run; "seed 1" cases are tinybench timings. Python timings in the speed ' +
    'claims are the spec\u2019s recorded measurements of the authors\u2019 code on another machine.',
  async run(ctx) {
    const ds = ctx.quick ? [10, 20] : [10, 20, 50, 100];
    const seeds = ctx.quick ? 2 : 10;
    const seedsOf = (table: Record<number, number>, d: number) =>
      ctx.quick ? (d === 10 ? 1 : 0) : (table[d] ?? 0);
    ctx.steps(ds.length * GRAPHS.length * (seeds + 1));
    const figureRows: { d: number; method: string; graph: string; shd: number; ms: number }[] = [];
    // Per gradient method: runs, runs where TOPO's refit is <= the method's refit, and runs where
    // TOPO started from the method's DAG ends with a higher refit / search score than that DAG's.
    const tally = () => ({ runs: 0, topoLe: 0, postRefitUp: 0, postSearchUp: 0 });
    type Tally = ReturnType<typeof tally>;
    const compare: Record<'NOTEARS' | 'DAGMA', Tally> = { NOTEARS: tally(), DAGMA: tally() };
    // The same tallies per d, so the report shows which sizes the pooled claims rest on.
    const compareByD: Record<'NOTEARS' | 'DAGMA', Map<number, Tally>> = {
      NOTEARS: new Map(),
      DAGMA: new Map(),
    };

    for (const d of ds) {
      for (const g of GRAPHS) {
        const label = `${g.label} d=${d}`;
        const runs: Record<string, Run[]> = {
          'TOPO thorough': [],
          'TOPO dagrad': [],
          'TOPO thorough, 3 starts': [],
          sortnregress: [],
          NOTEARS: [],
          DAGMA: [],
          'NOTEARS+TOPO': [],
          'DAGMA+TOPO': [],
        };
        for (let seed = 1; seed <= seeds; seed++) {
          const { B, X, oracleOrder, oracleGraph } = problem(g.type, g.k, d, seed);
          const add = (
            method: string,
            adjacency: Uint8Array | ArrayLike<number>,
            ms: number,
            refit: number,
            extra: Partial<Run> = {},
          ) => {
            const acc = countAccuracy(B, adjacency);
            runs[method].push({
              shd: acc.shd,
              tpr: acc.tpr,
              fdr: acc.fdr,
              ms,
              refit,
              ratio: refit / oracleGraph,
              ...extra,
            });
          };
          const [t, tMs] = timed(() => topo(X, { seed }));
          add('TOPO thorough', t.adjacency, tMs, t.scoreRefit, {
            searchRatio: t.score / oracleOrder,
            iterations: t.iterations,
            evaluations: t.candidateEvaluations,
          });
          const [g2, gMs] = timed(() => topo(X, { seed, preset: 'dagrad' }));
          add('TOPO dagrad', g2.adjacency, gMs, g2.scoreRefit, {
            searchRatio: g2.score / oracleOrder,
            iterations: g2.iterations,
            evaluations: g2.candidateEvaluations,
          });
          if (g.type === 'SF' && d >= 50) {
            const [t3, t3Ms] = timed(() => topo(X, { seed, restarts: 3 }));
            add('TOPO thorough, 3 starts', t3.adjacency, t3Ms, t3.scoreRefit, {
              searchRatio: t3.score / oracleOrder,
              iterations: t3.iterations,
              evaluations: t3.candidateEvaluations,
            });
          }
          const [s, sMs] = timed(() => sortnregress(X));
          add('sortnregress', s.adjacency, sMs, fitSupport(X, s.adjacency));
          const gradientMethods = [
            ['NOTEARS', NOTEARS_SEEDS, () => notears(X, { lambda1: 0.1 })],
            ['DAGMA', DAGMA_SEEDS, () => dagma(X, { lambda1: 0.02 })],
          ] as const;
          for (const [name, table, solve] of gradientMethods) {
            if (seed > seedsOf(table, d)) continue;
            const [fit, fitMs] = timed(solve);
            const dag = thresholdTillDag(fit.wThresholded).W;
            const refit = fitSupport(X, dag);
            add(name, support(dag.data), fitMs, refit);
            const [post, postMs] = timed(() => topo(X, { initialWeights: dag }));
            add(`${name}+TOPO`, post.adjacency, fitMs + postMs, post.scoreRefit, {
              searchRatio: post.score / oracleOrder,
            });
            const byD = compareByD[name];
            if (!byD.has(d)) byD.set(d, tally());
            for (const c of [compare[name], byD.get(d) as Tally]) {
              c.runs++;
              if (t.scoreRefit <= refit * (1 + TOL)) c.topoLe++;
              if (post.scoreRefit > refit * (1 + TOL)) c.postRefitUp++;
              if (post.score > refit * (1 + TOL)) c.postSearchUp++;
            }
          }
          ctx.tick(`${label} seed ${seed}`);
        }
        for (const [method, list] of Object.entries(runs)) {
          record(ctx, label, d, method, !method.includes('TOPO'), list);
          if (list.length > 0) {
            // The 3-start runs exist for SF4 only: say so in the pooled figure.
            const shown = method.endsWith('3 starts') ? `${method} (SF4 only)` : method;
            for (const r of list)
              figureRows.push({ d, method: shown, graph: g.label, shd: r.shd, ms: r.ms });
          }
        }
        // Repeated timing of seed 1 (tinybench).
        const { X } = problem(g.type, g.k, d, 1);
        await ctx.measure(
          { problem: `${label} seed 1`, size: { d, n: N }, method: 'TOPO thorough' },
          () => topo(X, { seed: 1 }),
          (r) => ({
            score: round(r.score, 6),
            iterations: r.iterations,
            evaluations: r.candidateEvaluations,
          }),
          { iterations: ctx.quick ? 2 : 5, warmup: 1 },
        );
        await ctx.measure(
          { problem: `${label} seed 1`, size: { d, n: N }, method: 'TOPO dagrad' },
          () => topo(X, { seed: 1, preset: 'dagrad' }),
          (r) => ({
            score: round(r.score, 6),
            iterations: r.iterations,
            evaluations: r.candidateEvaluations,
          }),
          { iterations: ctx.quick ? 2 : 5, warmup: 1 },
        );
        ctx.tick(`${label} timing`);
      }
    }

    const tallies: [string, string, Tally, number | undefined][] = [];
    for (const name of ['NOTEARS', 'DAGMA'] as const) {
      tallies.push(['all baseline runs', name, compare[name], undefined]);
      for (const [d, c] of compareByD[name]) tallies.push([`baseline runs d=${d}`, name, c, d]);
    }
    for (const [problemLabel, name, c, d] of tallies) {
      ctx.record({
        problem: problemLabel,
        size: d === undefined ? { n: N } : { d, n: N },
        method: `TOPO vs ${name}`,
        baseline: false,
        medianMs: null,
        minMs: null,
        maxMs: null,
        samples: c.runs,
        quality: {
          runs: c.runs,
          topoRefitLe: c.topoLe,
          postProcessingRefitIncreases: c.postRefitUp,
          postProcessingSearchScoreIncreases: c.postSearchUp,
        },
      });
    }

    // Figure: mean SHD and median time per method and d, pooled over the three graph families.
    const methods = [...new Set(figureRows.map((r) => r.method))];
    const values: { d: number; method: string; shdMean: number; medianMs: number }[] = [];
    for (const method of methods) {
      for (const d of ds) {
        const rows = figureRows.filter((r) => r.method === method && r.d === d);
        if (rows.length === 0) continue;
        values.push({
          d,
          method,
          shdMean: round(mean(rows.map((r) => r.shd)), 2),
          medianMs: round(median(rows.map((r) => r.ms)), 3),
        });
      }
    }
    const encodingX = {
      field: 'd',
      type: 'quantitative',
      scale: { type: 'log', base: 2 },
      axis: { values: ds },
      title: 'd (nodes)',
    };
    ctx.figure({
      name: 'shd-time',
      title: 'SHD and wall time vs d (n = 1000, mean over ER2/ER4/SF4 runs)',
      spec: {
        $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
        data: { values },
        hconcat: [
          {
            width: 260,
            height: 220,
            title: 'mean SHD',
            mark: { type: 'line', point: true },
            encoding: {
              x: encodingX,
              y: {
                field: 'shdMean',
                type: 'quantitative',
                scale: { type: 'symlog' },
                title: 'SHD (mean, symlog)',
              },
              color: { field: 'method', type: 'nominal' },
            },
          },
          {
            width: 260,
            height: 220,
            title: 'median wall time per run',
            mark: { type: 'line', point: true },
            encoding: {
              x: encodingX,
              y: {
                field: 'medianMs',
                type: 'quantitative',
                scale: { type: 'log' },
                title: 'ms (log)',
              },
              color: { field: 'method', type: 'nominal' },
            },
          },
        ],
      },
    });
  },
  claims: [
    {
      name: `TOPO refit score <= NOTEARS refit score, share of runs (${coverage(NOTEARS_SEEDS)}; ER2/ER4/SF4)`,
      target: 0.9,
      better: 'higher',
      compute: (cases) => share(cases, 'NOTEARS'),
    },
    {
      name: `TOPO refit score <= DAGMA refit score, share of runs (${coverage(DAGMA_SEEDS)}; ER2/ER4/SF4)`,
      target: 0.9,
      better: 'higher',
      compute: (cases) => share(cases, 'DAGMA'),
    },
    {
      name: 'ER mean SHD minus the spec table (worst of ER2/ER4 x d), thorough',
      target: 2,
      better: 'lower',
      compute: (cases) => {
        let worst: number | null = null;
        for (const [problemLabel, spec] of Object.entries(SPEC_SHD)) {
          const v = value(cases, { problem: problemLabel, method: 'TOPO thorough' }, 'shdMean');
          if (v === null) continue;
          worst = worst === null ? v - spec : Math.max(worst, v - spec);
        }
        return worst;
      },
    },
    {
      name: `NOTEARS+TOPO runs whose least-squares score is above that of NOTEARS\u2019s DAG (${coverage(NOTEARS_SEEDS)})`,
      target: 0,
      better: 'lower',
      compute: (cases) => value(cases, against('NOTEARS'), 'postProcessingSearchScoreIncreases'),
    },
    {
      name: `DAGMA+TOPO runs whose least-squares score is above that of DAGMA\u2019s DAG (${coverage(DAGMA_SEEDS)})`,
      target: 0,
      better: 'lower',
      compute: (cases) => value(cases, against('DAGMA'), 'postProcessingSearchScoreIncreases'),
    },
    {
      name: 'd = 100 ER4 thorough, slowest of 10 seeds (one core)',
      target: 10000,
      better: 'lower',
      unit: 'ms',
      compute: (cases) => value(cases, { problem: 'ER4 d=100', method: 'TOPO thorough' }, 'maxMs'),
    },
    {
      name: 'speed-up of TOPO (dagrad preset) over the authors\u2019 Python TOPO at d = 20 (spec timing 7 s)',
      target: 20,
      better: 'higher',
      unit: 'x',
      compute: (cases) => {
        const t = ['ER2', 'ER4', 'SF4'].map((g) =>
          value(cases, { problem: `${g} d=20`, method: 'TOPO dagrad' }, 'maxMs'),
        );
        if (t.some((v) => v === null)) return null;
        return PYTHON_OFFICIAL_D20_MS / Math.max(...(t as number[]));
      },
    },
    {
      name: 'speed-up of TOPO (dagrad preset) over the authors\u2019 Python TOPO at d = 50 ER4 (spec timing 200 s)',
      target: 50,
      better: 'higher',
      unit: 'x',
      compute: (cases) => {
        const t = value(cases, { problem: 'ER4 d=50', method: 'TOPO dagrad' }, 'maxMs');
        return t === null ? null : PYTHON_OFFICIAL_D50_ER4_MS / t;
      },
    },
  ],
};

const against = (name: string) => ({ problem: 'all baseline runs', method: `TOPO vs ${name}` });

function share(cases: readonly CaseResult[], name: string): number | null {
  const runs = value(cases, against(name), 'runs');
  const hits = value(cases, against(name), 'topoRefitLe');
  if (runs === null || hits === null || runs === 0) return null;
  return hits / runs;
}
