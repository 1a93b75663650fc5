/**
 * @optkit/hamming: exact text-to-pattern Hamming distances on the spec's grid (B.8): uniform
 * texts over 2, 26 and 256 symbols, a DNA-like text (4 symbols, mild skew, standing for the
 * σ = 4 row) and an English-like text (Zipf(1) over 95 printable symbols); n ∈ {1e5, 1e6} with
 * m ∈ {16, 128, 1024, 8192, 65536}, and n = 4e6 with m ∈ {1024, 65536} for the DNA-like and
 * English-like texts; patterns cut from the text with every 10th symbol redrawn.
 * Each strategy (naive, bit-parallel, FFT, Abrahamson) and `auto` run on the same input.
 *
 * A strategy whose time, extrapolated from a run on a prefix of the text, is more than 3× the
 * best extrapolated time (or above 30 s) is not timed on the full text: it is recorded as
 * "<method> (extrapolated)" with the prefix it was measured on. Every timed result is checked
 * against the result of `auto` (checksum of the distances).
 *
 * Timing: `auto` and the strategies timed at a point run in interleaved rounds (one call of each
 * per round, in a seeded random order) and each records the median of its calls. Timing
 * them one after another instead lets load changes and garbage left by one method (the
 * bit-parallel copies of the text are 4n bytes) fall on the next, which showed up as
 * differences of up to 1.5× between strategies that ran the very same plan.
 */
import { Rng } from '@optkit/core';
import { type HammingResult, hammingDistances, type Strategy } from '@optkit/hamming';
import { speedup } from '../src/claims.js';
import type { CaseResult, Quality, Suite, SuiteContext } from '../src/types.js';

interface FamilySpec {
  name: string;
  sigma: number;
  draw: (rng: Rng) => number;
}

/** Inverse-CDF sampler over weights. */
function sampler(weights: number[], offset: number): (rng: Rng) => number {
  const total = weights.reduce((s, w) => s + w, 0);
  const cdf: number[] = [];
  let acc = 0;
  for (const w of weights) {
    acc += w / total;
    cdf.push(acc);
  }
  return (rng) => {
    const u = rng.next();
    let lo = 0;
    let hi = cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    return offset + lo;
  };
}

const FAMILIES: FamilySpec[] = [
  { name: 'binary', sigma: 2, draw: (rng) => rng.int(2) },
  { name: 'dna', sigma: 4, draw: sampler([0.3, 0.2, 0.2, 0.3], 0) },
  { name: 'uniform26', sigma: 26, draw: (rng) => 97 + rng.int(26) },
  { name: 'uniform256', sigma: 256, draw: (rng) => rng.int(256) },
  {
    name: 'zipf95',
    sigma: 95,
    draw: sampler(
      Array.from({ length: 95 }, (_, r) => 1 / (r + 1)),
      32,
    ),
  },
];

const texts = new Map<string, Uint8Array>();

/** Text of a family: a prefix of one seeded stream of 4e6 symbols per family. */
function text(f: FamilySpec, n: number): Uint8Array {
  let t = texts.get(f.name);
  if (t === undefined || t.length < n) {
    const rng = new Rng(1000 + FAMILIES.indexOf(f));
    t = new Uint8Array(Math.max(n, 4e6));
    for (let i = 0; i < t.length; i++) t[i] = f.draw(rng);
    texts.set(f.name, t);
  }
  return t.subarray(0, n);
}

/** Pattern cut from the text at n/3, every 10th symbol redrawn (a near-match). */
function pattern(f: FamilySpec, t: Uint8Array, m: number): Uint8Array {
  const at = Math.floor((t.length - m) / 3);
  const p = t.slice(at, at + m);
  const rng = new Rng(77 + m);
  for (let j = 0; j < m; j += 10) p[j] = f.draw(rng);
  return p;
}

function label(n: number): string {
  return n >= 1e6 ? `${n / 1e6}e6` : `${n / 1e5}e5`;
}

function checksum(r: HammingResult): number {
  let s = 0;
  for (let i = 0; i < r.distances.length; i++) s += r.distances[i] * ((i % 7) + 1);
  return s;
}

const SINGLE: Strategy[] = ['naive', 'bitparallel', 'fft', 'abrahamson'];
const BASELINE = new Set<Strategy>(['naive']);

/** Shifts of the prefix a strategy is first timed on (its cost is linear in the shifts). */
function probeShifts(s: Strategy, m: number): number {
  if (s === 'naive') return Math.max(256, Math.floor(4e7 / m));
  if (s === 'bitparallel') return Math.max(256, Math.floor(2e8 / m));
  return Math.max(2 ** 15, 8 * m);
}

/** Timed calls of a method whose single call takes about `ms`. */
function samples(ms: number, quick: boolean): number {
  if (quick) return ms < 40 ? 7 : 3;
  if (ms < 40) return Math.min(25, Math.max(7, Math.ceil(300 / Math.max(ms, 1))));
  if (ms < 1000) return 7;
  if (ms < 10_000) return 5;
  return 3;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 === 1 ? s[h] : (s[h - 1] + s[h]) / 2;
}

/** Points where naive must be timed on the full text (the headline claims). */
const CLAIM_POINTS = new Set(['dna n=1e6 m=1024', 'zipf95 n=1e6 m=8192']);

function point(ctx: SuiteContext, f: FamilySpec, n: number, m: number): void {
  const t = text(f, n);
  const p = pattern(f, t, m);
  const problem = `${f.name} n=${label(n)} m=${m}`;
  const size = { n, m, sigma: f.sigma };
  const W = n - m + 1;

  // 1. Probe every strategy on a prefix after a warm-up call on a short one; the fastest of up
  //    to 3 calls (fewer above 200 ms), so that a cold JIT or a pause does not inflate a short
  //    probe. Extrapolate linearly in the number of shifts.
  const strategies = SINGLE.filter((s) => s !== 'bitparallel' || f.sigma <= 4);
  const guess = new Map<Strategy, { ms: number; shifts: number }>();
  for (const s of strategies) {
    const shifts = Math.min(W, probeShifts(s, m));
    const prefix = t.subarray(0, shifts + m - 1);
    hammingDistances(prefix.subarray(0, Math.min(prefix.length, m + 4096)), p, { strategy: s });
    let fastest = Number.POSITIVE_INFINITY;
    for (let r = 0; r < 3 && (r === 0 || fastest < 200); r++) {
      const t0 = performance.now();
      hammingDistances(prefix, p, { strategy: s });
      fastest = Math.min(fastest, performance.now() - t0);
    }
    guess.set(s, { ms: (fastest * W) / shifts, shifts });
  }
  const best = Math.min(...[...guess.values()].map((g) => g.ms));
  const timed = (s: Strategy, g: { ms: number; shifts: number }) =>
    (s === 'naive' && CLAIM_POINTS.has(problem)) ||
    !((g.ms > 3 * best || g.ms > 30_000) && g.shifts < W);

  // 2. Full-size warm-up calls of every method to be timed, so that none is timed in a colder
  //    state (JIT, caches, FFT tables) than another: three for methods under 100 ms, whose
  //    first full-size calls may still run code that the JIT has not finished optimizing.
  const warm = (ms: number) => (ms < 100 ? 3 : 1);
  for (let w = 0; w < warm(best); w++) hammingDistances(t, p);
  for (const s of strategies) {
    const g = guess.get(s)!;
    if (!timed(s, g)) continue;
    for (let w = 0; w < warm(g.ms); w++) hammingDistances(t, p, { strategy: s });
  }

  // 3. Interleaved rounds: each round calls every method once, in a seeded random order, so
  //    that load changes and garbage collection left by a previous method fall on all methods
  //    alike. (Rotating one fixed order instead gives every method the same predecessor in
  //    every round, so a method that leaves garbage always charges it to the same neighbour.)
  //    A slow method takes part in fewer rounds.
  const methods: Strategy[] = ['auto', ...strategies.filter((s) => timed(s, guess.get(s)!))];
  const rounds = new Map(
    methods.map((s) => [s, samples(s === 'auto' ? best : guess.get(s)!.ms, ctx.quick)]),
  );
  const times = new Map(methods.map((s) => [s, [] as number[]]));
  const last = new Map<Strategy, HammingResult>();
  const total = Math.max(...rounds.values());
  const order = new Rng(31 * n + m + FAMILIES.indexOf(f));
  for (let r = 0; r < total; r++) {
    const perm = order.permutation(methods.length);
    for (let q = 0; q < methods.length; q++) {
      const s = methods[perm[q]];
      if (r >= rounds.get(s)!) continue;
      const options = s === 'auto' ? undefined : { strategy: s };
      const t0 = performance.now();
      const result = hammingDistances(t, p, options);
      times.get(s)!.push(performance.now() - t0);
      last.set(s, result);
    }
  }

  // 4. Records: auto (the reference result), then every strategy, timed or extrapolated.
  const reference = checksum(last.get('auto')!);
  for (const s of methods) {
    const r = last.get(s)!;
    const ts = times.get(s)!;
    const round = (x: number) => Number(x.toPrecision(6));
    const quality: Quality =
      s === 'auto'
        ? {
            chosen: r.stats.strategy,
            fftSize: r.stats.fftSize,
            fftSymbols: r.stats.fftSymbols,
            directSymbols: r.stats.directSymbols,
            predictedMs: Number(r.stats.predictedMs.toPrecision(4)),
            maxRoundingError: r.stats.maxRoundingError,
          }
        : {
            agreesWithAuto: checksum(r) === reference,
            fftSize: r.stats.fftSize,
            maxRoundingError: r.stats.maxRoundingError,
            predictedMs: Number(r.stats.predictedMs.toPrecision(4)),
          };
    ctx.record({
      problem,
      size,
      method: s,
      baseline: BASELINE.has(s),
      medianMs: round(median(ts)),
      minMs: round(Math.min(...ts)),
      maxMs: round(Math.max(...ts)),
      samples: ts.length,
      quality,
    });
  }
  for (const s of strategies) {
    const g = guess.get(s)!;
    if (methods.includes(s)) continue;
    ctx.record({
      problem,
      size,
      method: `${s} (extrapolated)`,
      baseline: BASELINE.has(s),
      medianMs: Number(g.ms.toPrecision(6)),
      minMs: null,
      maxMs: null,
      samples: 1,
      quality: { extrapolated: true, measuredShifts: g.shifts, totalShifts: W },
    });
  }
}

/** Time of a single strategy at a problem, timed or extrapolated. */
function strategyMs(cases: readonly CaseResult[], problem: string, s: string): number | null {
  for (const c of cases) {
    if (c.problem !== problem) continue;
    if (c.method === s || c.method === `${s} (extrapolated)`) return c.medianMs;
  }
  return null;
}

/** max over problems of auto / fastest single strategy. */
function regret(cases: readonly CaseResult[]): number | null {
  const problems = [...new Set(cases.filter((c) => c.method === 'auto').map((c) => c.problem))];
  if (problems.length === 0) return null;
  let worst = 0;
  for (const problem of problems) {
    const auto = strategyMs(cases, problem, 'auto');
    const singles = SINGLE.map((s) => strategyMs(cases, problem, s)).filter(
      (x): x is number => x !== null,
    );
    if (auto === null || singles.length === 0) continue;
    worst = Math.max(worst, auto / Math.min(...singles));
  }
  return worst;
}

function figures(ctx: SuiteContext, cases: readonly CaseResult[]): void {
  const values = cases
    .filter((c) => c.size.n === 1e6 && c.medianMs !== null)
    .map((c) => ({
      family: c.problem.split(' ')[0],
      m: c.size.m,
      method: c.method.replace(' (extrapolated)', ''),
      extrapolated: c.method.endsWith('(extrapolated)'),
      ms: c.medianMs,
    }));
  ctx.figure({
    name: 'time-vs-m',
    title: 'Time vs pattern length m at n = 1e6 (hollow points: extrapolated from a prefix)',
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
      data: { values },
      facet: { field: 'family', type: 'nominal', columns: 3, title: null },
      spec: {
        width: 220,
        height: 170,
        layer: [
          {
            mark: { type: 'line', point: false },
            encoding: {
              x: { field: 'm', type: 'quantitative', scale: { type: 'log' }, title: 'm' },
              y: { field: 'ms', type: 'quantitative', scale: { type: 'log' }, title: 'ms' },
              color: { field: 'method', type: 'nominal' },
            },
          },
          {
            mark: { type: 'point', size: 40 },
            encoding: {
              x: { field: 'm', type: 'quantitative', scale: { type: 'log' } },
              y: { field: 'ms', type: 'quantitative', scale: { type: 'log' } },
              color: { field: 'method', type: 'nominal' },
              fill: {
                condition: { test: 'datum.extrapolated', value: 'white' },
                field: 'method',
                type: 'nominal',
              },
            },
          },
        ],
      },
    },
  });
}

export const suite: Suite = {
  name: 'hamming',
  package: '@optkit/hamming',
  description:
    'Exact text-to-pattern Hamming distances: naive (8-shift register-blocked loop), ' +
    'bit-parallel (≤ 4 symbols), per-symbol FFT with overlap-save blocks (fft.js), ' +
    "Abrahamson's split with the per-symbol cost rule, and auto, on uniform texts over 2, " +
    '26 and 256 symbols, DNA-like and English-like (Zipf over 95 symbols) texts, ' +
    'n ∈ {1e5, 1e6} × m ∈ {16, 128, 1024, 8192, 65536} and n = 4e6 × m ∈ {1024, 65536} ' +
    '(DNA-like and English-like only), patterns cut from the text. ' +
    'Strategies more than 3× slower than the best (judged on a prefix) are extrapolated, ' +
    'not timed, and marked so. The timed methods of a point run in interleaved rounds, in a ' +
    'seeded random order each round (median of 3 to 25 calls each).',
  async run(ctx) {
    const headline = FAMILIES.filter((f) => f.name === 'dna' || f.name === 'zipf95');
    // n = 4e6 only for the headline families at m ∈ {1024, 65536}: the full row would take
    // most of an hour on a 2-core machine.
    const points: [FamilySpec, number, number][] = [];
    const ms = ctx.quick ? [16, 1024] : [16, 128, 1024, 8192, 65536];
    for (const n of ctx.quick ? [1e5] : [1e5, 1e6]) {
      for (const f of ctx.quick ? headline : FAMILIES) for (const m of ms) points.push([f, n, m]);
    }
    if (!ctx.quick)
      for (const f of headline) for (const m of [1024, 65536]) points.push([f, 4e6, m]);
    ctx.steps(points.length);
    const collected: CaseResult[] = [];
    const wrapped: SuiteContext = {
      quick: ctx.quick,
      figure: (f) => ctx.figure(f),
      steps: (total) => ctx.steps(total),
      tick: (text) => ctx.tick(text),
      measure: async (info, fn, quality, options) => {
        const c = await ctx.measure(info, fn, quality, options);
        collected.push(c);
        return c;
      },
      record: (r) => {
        ctx.record(r);
        collected.push({ size: {}, baseline: false, samples: 1, ...r } as CaseResult);
      },
    };
    for (const [f, n, m] of points) {
      point(wrapped, f, n, m);
      ctx.tick(`${f.name} n=${label(n)} m=${m}`);
    }
    figures(ctx, collected);
  },
  claims: [
    {
      name: 'auto vs naive, dna n=1e6 m=1024',
      target: 6,
      better: 'higher',
      unit: '×',
      compute: (cases) => speedup(cases, 'dna n=1e6 m=1024', 'auto', 'naive'),
    },
    {
      name: 'auto vs naive, English-like (Zipf over 95) n=1e6 m=8192',
      target: 12,
      better: 'higher',
      unit: '×',
      compute: (cases) => speedup(cases, 'zipf95 n=1e6 m=8192', 'auto', 'naive'),
    },
    {
      name: 'auto / fastest single strategy, worst point of the grid',
      target: 1.3,
      better: 'lower',
      unit: '×',
      compute: regret,
    },
  ],
};
