/**
 * The Markdown report, generated from the suites' JSON files only: an index, then per suite its
 * environment, claims, cases (fastest per problem in bold, speed-up against the reference
 * baseline) and figures.
 */
import type { CaseResult, ClaimResult, SuiteReport } from './types.js';

/** Formats a time in milliseconds with about three significant digits. */
export function formatMs(ms: number | null): string {
  if (ms === null) return '–';
  if (ms >= 100) return ms.toFixed(0);
  if (ms >= 10) return ms.toFixed(1);
  if (ms >= 1) return ms.toFixed(2);
  if (ms === 0) return '0';
  return ms.toPrecision(3);
}

/** Formats a number for a table: integers as they are, others with four significant digits. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x) && Math.abs(x) < 1e9) return String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return x.toExponential(2);
  return String(Number(x.toPrecision(4)));
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function formatQuality(v: CaseResult['quality'][string] | undefined): string {
  if (v === undefined || v === null) return '–';
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return cell(v);
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function table(head: readonly string[], rows: readonly (readonly string[])[], align?: string[]) {
  const rule = head.map((_, i) => align?.[i] ?? '---');
  return [row(head), row(rule), ...rows.map(row)].join('\n');
}

/** A number with its unit: `7.3×`, `12%`, `0.25 GFLOP/s`. */
export function withUnit(x: number, unit: string | undefined): string {
  if (!unit) return formatNumber(x);
  const tight = unit === '×' || unit === 'x' || unit === '%';
  return `${formatNumber(x)}${tight ? '' : ' '}${unit}`;
}

/** The target with its direction, e.g. `≥ 6×`. */
export function formatTarget(claim: ClaimResult): string {
  return `${claim.better === 'higher' ? '≥' : '≤'} ${withUnit(claim.target, claim.unit)}`;
}

function formatMeasured(claim: ClaimResult): string {
  if (claim.measured === null) return 'not measured';
  return withUnit(claim.measured, claim.unit);
}

/** The claims table of one suite. */
export function claimsTable(claims: readonly ClaimResult[]): string {
  if (claims.length === 0) return '_This suite declares no claims._';
  return table(
    ['claim', 'measured', 'target', 'met'],
    claims.map((c) => [cell(c.name), formatMeasured(c), formatTarget(c), c.met ? '✓' : '✗']),
    ['---', '---:', '---:', ':---:'],
  );
}

/** Cases grouped by problem, in order of first appearance. */
export function groupByProblem(cases: readonly CaseResult[]): Map<string, CaseResult[]> {
  const groups = new Map<string, CaseResult[]>();
  for (const c of cases) {
    const group = groups.get(c.problem);
    if (group) group.push(c);
    else groups.set(c.problem, [c]);
  }
  return groups;
}

/**
 * The fastest cases of a problem (ties all count), when at least two of its cases were timed.
 */
export function fastestOf(group: readonly CaseResult[]): Set<CaseResult> {
  const timed = group.filter((c) => c.medianMs !== null);
  if (timed.length < 2) return new Set();
  const best = Math.min(...timed.map((c) => c.medianMs as number));
  return new Set(timed.filter((c) => c.medianMs === best));
}

/**
 * The reference case of a problem: the case of `reference` when given and timed, else the first
 * timed baseline case.
 */
export function referenceOf(
  group: readonly CaseResult[],
  reference?: string,
): CaseResult | undefined {
  const timed = group.filter((c) => c.medianMs !== null && c.medianMs > 0);
  if (reference !== undefined) {
    const named = timed.find((c) => c.method === reference);
    if (named) return named;
  }
  return timed.find((c) => c.baseline);
}

/** The speed-up of `c` over `ref` (reference median / case median), formatted. */
function formatSpeedup(c: CaseResult, ref: CaseResult | undefined): string {
  if (ref === undefined || c.medianMs === null || c.medianMs <= 0) return '–';
  const s = (ref.medianMs as number) / c.medianMs;
  const text = s >= 10 ? s.toFixed(1) : s.toFixed(2);
  return c === ref ? `${text}× (ref)` : `${text}×`;
}

/**
 * The quality keys that get a column of their own: those present in at least half of the cases.
 * The others are listed together in one last column.
 */
export function qualityColumns(cases: readonly CaseResult[]): { own: string[]; rest: string[] } {
  const count = new Map<string, number>();
  for (const c of cases) {
    for (const k of Object.keys(c.quality)) count.set(k, (count.get(k) ?? 0) + 1);
  }
  const own: string[] = [];
  const rest: string[] = [];
  for (const [k, n] of count) (2 * n >= cases.length ? own : rest).push(k);
  return { own, rest };
}

/** The cases table of one suite. */
export function casesTable(report: SuiteReport): string {
  if (report.cases.length === 0) return '_No cases recorded._';
  const { own: qualityKeys, rest } = qualityColumns(report.cases);
  const head = [
    'problem',
    'method',
    'median ms',
    'min–max ms',
    'samples',
    'speed-up vs baseline',
    ...qualityKeys.map(cell),
    ...(rest.length > 0 ? ['other quality'] : []),
  ];
  const align = ['---', '---', '---:', '---:', '---:', '---:', ...qualityKeys.map(() => '---:')];
  if (rest.length > 0) align.push('---');
  const rows: string[][] = [];
  for (const [problem, group] of groupByProblem(report.cases)) {
    const fastest = fastestOf(group);
    const ref = referenceOf(group, report.reference);
    group.forEach((c, i) => {
      const bold = (s: string) => (fastest.has(c) ? `**${s}**` : s);
      const method = c.baseline ? `${cell(c.method)} (baseline)` : cell(c.method);
      const range = c.minMs === null ? '–' : `${formatMs(c.minMs)}–${formatMs(c.maxMs)}`;
      rows.push([
        i === 0 ? cell(problem) : '',
        bold(method),
        bold(formatMs(c.medianMs)),
        range,
        String(c.samples),
        formatSpeedup(c, ref),
        ...qualityKeys.map((k) => formatQuality(c.quality[k])),
        ...(rest.length > 0
          ? [
              rest
                .filter((k) => k in c.quality)
                .map((k) => `${cell(k)} ${formatQuality(c.quality[k])}`)
                .join(', '),
            ]
          : []),
      ]);
    });
  }
  return table(head, rows, align);
}

/** The one-line environment of a run. */
export function environmentLine(r: SuiteReport): string {
  const when = r.date.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC');
  const cores = `${r.cores} core${r.cores === 1 ? '' : 's'}`;
  const mode = r.quick ? ' · **quick run** (smallest sizes, few samples)' : '';
  const secs = (r.durationMs / 1000).toFixed(1);
  return (
    `Measured ${when} · commit \`${r.commit}\` · Node ${r.node} · ${r.cpu} (${cores}) · ` +
    `\`${r.command}\` · ${secs} s${mode}`
  );
}

/** Suite order in the report: core first, then by name. */
export function orderReports(reports: readonly SuiteReport[]): SuiteReport[] {
  return [...reports].sort((a, b) => {
    if (a.suite === 'core') return b.suite === 'core' ? 0 : -1;
    if (b.suite === 'core') return 1;
    return a.suite < b.suite ? -1 : a.suite > b.suite ? 1 : 0;
  });
}

/** The section of one suite, headed `## <suite>` so that it is linked as `#<suite>`. */
export function suiteSection(r: SuiteReport): string {
  const parts = [
    `## ${r.suite}`,
    `\`${r.package}\`: ${r.description}`,
    environmentLine(r),
    `**Claims**\n\n${claimsTable(r.claims)}`,
    '**Cases**: times are medians over the samples; the fastest method of each problem is in ' +
      "bold; speed-up is the baseline's median time over the method's (above 1 is faster).",
    casesTable(r),
  ];
  for (const f of r.figures) parts.push(`![${cell(f.title)}](${f.file})`);
  return parts.join('\n\n');
}

/**
 * The whole report.
 * @param reports - every suite's JSON.
 * @param options.quick - the report of quick runs (says so in its header).
 */
export function renderReport(
  reports: readonly SuiteReport[],
  options: { quick?: boolean } = {},
): string {
  const ordered = orderReports(reports);
  const header = [
    '<!-- Generated by `pnpm bench` from the JSON files in this folder. Do not edit by hand. -->',
    options.quick ? '# optkit benchmarks (quick runs)' : '# optkit benchmarks',
    '> This file is generated by `pnpm bench` from the `*.json` results in this folder; do not ' +
      'edit it. Rerun `pnpm bench` (all suites) or `pnpm bench --only <suite>` (one suite; the ' +
      'report is rebuilt from the latest JSON of every suite).' +
      (options.quick
        ? ' These are `--quick` runs: smallest sizes and few samples, a smoke test rather ' +
          'than a measurement.'
        : ''),
  ];
  if (ordered.length === 0) {
    return `${[...header, '_No results yet._'].join('\n\n')}\n`;
  }
  const index = table(
    ['suite', 'package', 'measured', 'claims met'],
    ordered.map((r) => {
      const met = r.claims.filter((c) => c.met).length;
      return [
        `[${r.suite}](#${r.suite})`,
        `\`${r.package}\``,
        r.date.slice(0, 10) + (r.quick ? ' (quick)' : ''),
        `${met} / ${r.claims.length}`,
      ];
    }),
  );
  return `${[...header, index, ...ordered.map(suiteSection)].join('\n\n')}\n`;
}
