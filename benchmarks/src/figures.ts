/**
 * Figures: the default ones drawn from a suite's cases (time vs size, every case, quality vs
 * time), and rendering of vega-lite specs to standalone SVG with vega's headless renderer (no
 * browser, no canvas).
 */
import type { CaseResult, DefaultFigures, Figure } from './types.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const WIDTH = 520;
const HEIGHT = 320;

function timed(cases: readonly CaseResult[]) {
  return cases.filter((c) => c.medianMs !== null && c.medianMs > 0);
}

function distinct<T>(xs: readonly T[]) {
  return new Set(xs).size;
}

/**
 * The size parameter for the x axis: the one with the most distinct values among timed cases
 * (at least two), ties broken by first appearance.
 * @returns the key, or `null` when no size parameter varies.
 */
export function pickSizeKey(cases: readonly CaseResult[]): string | null {
  const keys: string[] = [];
  for (const c of cases) for (const k of Object.keys(c.size)) if (!keys.includes(k)) keys.push(k);
  let best: string | null = null;
  let bestCount = 1;
  for (const k of keys) {
    const count = distinct(cases.filter((c) => k in c.size).map((c) => c.size[k]));
    if (count > bestCount) {
      best = k;
      bestCount = count;
    }
  }
  return best;
}

/**
 * The family of a problem: its label without numbers and `key=value` tokens, so that
 * `"gemm 256"` and `"gemm 512"` are one family and `"dna n=1e6 m=1024"` is `"dna"`.
 */
export function problemFamily(problem: string): string {
  const family = problem
    .replace(/\S+=\S+/g, ' ')
    .replace(/(^|\s)[-+]?\d[\d.,_]*(e[-+]?\d+)?(?=\s|$)/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return family === '' ? 'all' : family;
}

const LEGEND = { labelLimit: 320 };

/**
 * Median time against a size parameter, log-log, one line per method (and per value of the
 * other size parameters that vary within a problem family), one panel per problem family when
 * there are several.
 * @returns the figure, or `null` when no family has two sizes.
 */
export function timeVsSizeFigure(
  suite: string,
  cases: readonly CaseResult[],
  options: { size?: string } = {},
): Figure | null {
  const withTime = timed(cases);
  const key = options.size ?? pickSizeKey(withTime);
  if (key === null) return null;
  const byFamily = new Map<string, CaseResult[]>();
  for (const c of withTime) {
    if (!(c.size[key] > 0)) continue;
    const f = problemFamily(c.problem);
    byFamily.set(f, [...(byFamily.get(f) ?? []), c]);
  }
  const values: Record<string, unknown>[] = [];
  for (const [family, group] of byFamily) {
    if (distinct(group.map((c) => c.size[key])) < 2) continue;
    const keys = [...new Set(group.flatMap((c) => Object.keys(c.size)))];
    const others = keys.filter((k) => k !== key && distinct(group.map((c) => c.size[k])) > 1);
    for (const c of group) {
      const rest = others
        .filter((k) => k in c.size)
        .map((k) => `${k}=${c.size[k]}`)
        .join(' ');
      values.push({
        family,
        x: c.size[key],
        ms: c.medianMs,
        series: rest ? `${c.method} (${rest})` : c.method,
      });
    }
  }
  if (values.length === 0) return null;
  const title = `${suite}: median time vs ${key}`;
  const families = distinct(values.map((v) => v.family));
  const encoding = {
    x: {
      field: 'x',
      type: 'quantitative',
      title: key,
      scale: { type: 'log', nice: false, padding: 10 },
    },
    y: { field: 'ms', type: 'quantitative', title: 'median time (ms)', scale: { type: 'log' } },
    color: { field: 'series', type: 'nominal', title: 'method', legend: LEGEND },
  };
  const layer = { mark: { type: 'line', point: true }, encoding };
  const spec: Record<string, unknown> =
    families > 1
      ? {
          $schema: SCHEMA,
          title,
          data: { values },
          facet: { field: 'family', type: 'nominal', title: null },
          columns: Math.min(families, 3),
          spec: { width: 240, height: 170, ...layer },
          resolve: { scale: { x: 'independent', y: 'independent' } },
        }
      : { $schema: SCHEMA, title, width: WIDTH, height: HEIGHT, data: { values }, ...layer };
  return { name: 'time', title, spec };
}

/** Cases beyond this many are too many rows for {@link casesFigure}. */
export const MAX_CASE_ROWS = 80;

/**
 * Median time of every timed case, one row per case (grouped by problem), min–max as a bar,
 * baselines in a second colour.
 * @returns the figure, or `null` when no case or more than {@link MAX_CASE_ROWS} were timed.
 */
export function casesFigure(suite: string, cases: readonly CaseResult[]): Figure | null {
  const order = new Map<string, number>();
  const values = timed(cases).map((c) => ({
    problem: c.problem,
    order: order.get(c.problem) ?? order.set(c.problem, order.size).size - 1,
    method: c.method,
    kind: c.baseline ? 'baseline' : 'method',
    ms: c.medianMs,
    lo: c.minMs,
    hi: c.maxMs,
  }));
  if (values.length === 0 || values.length > MAX_CASE_ROWS) return null;
  const title = `${suite}: median time of each case (bar: min–max)`;
  const x = { type: 'quantitative', scale: { type: 'log' }, title: 'time (ms)' };
  return {
    name: 'cases',
    title,
    spec: {
      $schema: SCHEMA,
      title,
      data: { values },
      facet: {
        row: {
          field: 'problem',
          type: 'nominal',
          sort: { field: 'order', op: 'min' },
          title: null,
          header: {
            labelAngle: 0,
            labelOrient: 'top',
            labelAnchor: 'start',
            labelAlign: 'left',
            labelLimit: 700,
            labelFontWeight: 'bold',
          },
        },
      },
      spacing: 6,
      resolve: { scale: { y: 'independent' } },
      spec: {
        width: WIDTH,
        height: { step: 16 },
        encoding: {
          y: {
            field: 'method',
            type: 'nominal',
            title: null,
            sort: null,
            axis: { labelLimit: 300 },
          },
          color: {
            field: 'kind',
            type: 'nominal',
            title: null,
            scale: { domain: ['method', 'baseline'], range: ['#1f77b4', '#ff7f0e'] },
          },
        },
        layer: [
          {
            mark: { type: 'rule', opacity: 0.6 },
            encoding: { x: { ...x, field: 'lo' }, x2: { field: 'hi' } },
          },
          {
            mark: { type: 'point', filled: true, size: 50, opacity: 1 },
            encoding: { x: { ...x, field: 'ms' } },
          },
        ],
      },
    },
  };
}

/**
 * The quality metric for the y axis: the first numeric quality key that takes at least two
 * distinct values among timed cases.
 */
export function pickQualityKey(cases: readonly CaseResult[]): string | null {
  const withTime = timed(cases);
  const keys: string[] = [];
  for (const c of withTime) {
    for (const [k, v] of Object.entries(c.quality)) {
      if (typeof v === 'number' && Number.isFinite(v) && !keys.includes(k)) keys.push(k);
    }
  }
  for (const k of keys) {
    const vs = withTime.map((c) => c.quality[k]).filter((v) => typeof v === 'number');
    if (distinct(vs) > 1) return k;
  }
  return null;
}

/**
 * A quality metric against median time, one colour per method, one shape per problem (up to
 * eight problems).
 * @returns the figure, or `null` when no metric varies across timed cases.
 */
export function qualityVsTimeFigure(
  suite: string,
  cases: readonly CaseResult[],
  options: { metric?: string; log?: boolean } = {},
): Figure | null {
  const metric = options.metric ?? pickQualityKey(cases);
  if (metric === null) return null;
  const values = timed(cases)
    .filter((c) => typeof c.quality[metric] === 'number' && Number.isFinite(c.quality[metric]))
    .map((c) => ({
      ms: c.medianMs,
      q: c.quality[metric] as number,
      method: c.method,
      problem: c.problem,
    }));
  if (values.length < 2) return null;
  const qs = values.map((v) => v.q);
  const lo = Math.min(...qs);
  const hi = Math.max(...qs);
  const log = options.log ?? (lo > 0 && hi / lo > 100);
  const problems = distinct(values.map((v) => v.problem));
  const encoding: Record<string, unknown> = {
    x: { field: 'ms', type: 'quantitative', title: 'median time (ms)', scale: { type: 'log' } },
    y: {
      field: 'q',
      type: 'quantitative',
      title: metric,
      scale: log ? { type: 'log' } : { zero: false },
    },
    color: { field: 'method', type: 'nominal', title: 'method', legend: LEGEND },
  };
  if (problems > 1 && problems <= 8) {
    encoding.shape = { field: 'problem', type: 'nominal', title: 'problem', legend: LEGEND };
  }
  return {
    name: 'quality',
    title: `${suite}: ${metric} vs median time`,
    spec: {
      $schema: SCHEMA,
      title: `${suite}: ${metric} vs median time`,
      width: WIDTH,
      height: HEIGHT,
      data: { values },
      mark: { type: 'point', filled: true, size: 70 },
      encoding,
    },
  };
}

/**
 * The default figures of a suite whose own figures are `own`; a default whose name the suite
 * already uses is left out.
 */
export function defaultFigures(
  suite: string,
  cases: readonly CaseResult[],
  own: readonly Figure[],
  settings: DefaultFigures = {},
): Figure[] {
  const out: Figure[] = [];
  const taken = new Set(own.map((f) => f.name));
  if (settings.timeVsSize !== false) {
    const f = timeVsSizeFigure(suite, cases, settings.timeVsSize ?? {});
    if (f && !taken.has(f.name)) out.push(f);
  }
  if (settings.cases !== false) {
    const f = casesFigure(suite, cases);
    if (f && !taken.has(f.name)) out.push(f);
  }
  if (settings.qualityVsTime !== false) {
    const f = qualityVsTimeFigure(suite, cases, settings.qualityVsTime ?? {});
    if (f && !taken.has(f.name)) out.push(f);
  }
  return out;
}

type VegaModules = { vl: typeof import('vega-lite'); vega: typeof import('vega') };
let modules: Promise<VegaModules> | null = null;

function loadVega(): Promise<VegaModules> {
  modules ??= Promise.all([import('vega-lite'), import('vega')]).then(([vl, vega]) => ({
    vl,
    vega,
  }));
  return modules;
}

/**
 * Renders a vega-lite spec to a standalone SVG document (with `xmlns` and an XML declaration).
 * @param spec - a complete vega-lite spec with inline data.
 * @returns the SVG text.
 */
export async function renderSvg(spec: Record<string, unknown>): Promise<string> {
  const { vl, vega } = await loadVega();
  const withBackground = { background: 'white', ...spec };
  // biome-ignore lint/suspicious/noExplicitAny: vega-lite's TopLevelSpec is a wide union
  const compiled = vl.compile(withBackground as any, { logger: vega.logger(vega.None) }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logLevel: vega.None });
  try {
    const svg = await view.toSVG();
    const standalone = svg.includes('xmlns="http://www.w3.org/2000/svg"')
      ? svg
      : svg.replace('<svg', '<svg xmlns="http://www.w3.org/2000/svg"');
    return `<?xml version="1.0" encoding="UTF-8"?>\n${standalone}\n`;
  } finally {
    view.finalize();
  }
}
