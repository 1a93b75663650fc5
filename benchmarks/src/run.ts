/**
 * Runs suites one at a time and writes, per suite, `<suite>.json` and its SVG figures, then the
 * report `README.md` rebuilt from every JSON file in the output folder.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { evaluateClaims } from './claims.js';
import { createContext, type TimingDefaults } from './context.js';
import { type Environment, environment } from './env.js';
import { defaultFigures, renderSvg } from './figures.js';
import type { Progress } from './progress.js';
import {
  formatMs,
  formatTarget,
  groupByProblem,
  referenceOf,
  renderReport,
  withUnit,
} from './report.js';
import type { Figure, Suite, SuiteReport } from './types.js';

const SUITE_FILE = /^([a-z0-9][a-z0-9-]*)\.(ts|mts|js|mjs)$/;

/** The suites in `dir`, by name (file name without extension), core first then sorted. */
export function listSuites(dir: string): Map<string, string> {
  const found = new Map<string, string>();
  if (!existsSync(dir)) return found;
  const files = readdirSync(dir)
    .filter((f) => !f.endsWith('.d.ts') && !/\.test\.[mc]?[jt]s$/.test(f))
    .sort();
  for (const file of files) {
    const match = SUITE_FILE.exec(file);
    if (match && !found.has(match[1])) found.set(match[1], join(dir, file));
  }
  const names = [...found.keys()].sort((a, b) =>
    a === 'core' ? -1 : b === 'core' ? 1 : a < b ? -1 : a > b ? 1 : 0,
  );
  return new Map(names.map((n) => [n, found.get(n) as string]));
}

/**
 * Imports a suite module and checks its `suite` export.
 * @throws when the module has no valid `suite` or its name differs from the file name.
 */
export async function loadSuite(file: string, name: string): Promise<Suite> {
  const mod = (await import(pathToFileURL(resolve(file)).href)) as { suite?: Suite };
  const suite = mod.suite;
  if (!suite || typeof suite.run !== 'function' || !Array.isArray(suite.claims)) {
    throw new TypeError(`${basename(file)} must export \`suite\` with run() and claims`);
  }
  if (suite.name !== name) {
    throw new RangeError(
      `${basename(file)}: suite.name must equal the file name "${name}"; got "${suite.name}"`,
    );
  }
  return suite;
}

/** What one suite produced, before it is written. */
export interface SuiteOutput {
  report: SuiteReport;
  figures: Figure[];
}

/**
 * Runs one suite and computes its claims and figures.
 * @throws what the suite or one of its claims throws.
 */
export async function runSuite(
  suite: Suite,
  options: {
    quick: boolean;
    command: string;
    env: Environment;
    progress?: ReturnType<Progress['suite']>;
    timing?: TimingDefaults;
  },
): Promise<SuiteOutput> {
  const date = new Date().toISOString();
  const start = performance.now();
  const p = options.progress;
  const ctx = createContext(
    options.quick,
    {
      onSteps: (n) => p?.steps(n),
      onTick: (label) => p?.tick(label),
      onCase: (c) => p?.caseDone(c),
    },
    options.timing,
  );
  await suite.run(ctx);
  const durationMs = performance.now() - start;
  const claims = evaluateClaims(suite.claims, ctx.cases);
  const figures = [
    ...ctx.figures,
    ...defaultFigures(suite.name, ctx.cases, ctx.figures, suite.defaultFigures),
  ];
  const report: SuiteReport = {
    package: suite.package,
    suite: suite.name,
    description: suite.description,
    date,
    commit: options.env.commit,
    node: options.env.node,
    cpu: options.env.cpu,
    cores: options.env.cores,
    command: options.command,
    quick: options.quick,
    durationMs: Math.round(durationMs),
    ...(suite.reference === undefined ? {} : { reference: suite.reference }),
    cases: ctx.cases,
    claims,
    figures: figures.map((f) => ({
      name: f.name,
      title: f.title,
      file: `${suite.name}-${f.name}.svg`,
    })),
  };
  return { report, figures };
}

/** Reads a suite's previous JSON in `outDir`, if any and if it parses. */
function previous(outDir: string, suite: string): SuiteReport | null {
  const file = join(outDir, `${suite}.json`);
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as SuiteReport;
  } catch {
    return null;
  }
}

/**
 * Writes a suite's SVG figures and JSON to `outDir`, and removes the figures its previous JSON
 * listed that this run no longer draws.
 * @returns the size in bytes of each SVG written, by file name.
 */
export async function writeSuite(
  outDir: string,
  output: SuiteOutput,
): Promise<Map<string, number>> {
  mkdirSync(outDir, { recursive: true });
  const { report, figures } = output;
  const svgs: string[] = [];
  for (const f of figures) {
    try {
      svgs.push(await renderSvg(f.spec));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`figure "${f.name}" could not be rendered: ${message}`, { cause: error });
    }
  }
  const old = previous(outDir, report.suite);
  const keep = new Set(report.figures.map((f) => f.file));
  for (const f of old?.figures ?? []) {
    if (!keep.has(f.file) && /^[a-z0-9-]+\.svg$/.test(f.file)) {
      rmSync(join(outDir, f.file), { force: true });
    }
  }
  const sizes = new Map<string, number>();
  report.figures.forEach((f, i) => {
    writeFileSync(join(outDir, f.file), svgs[i]);
    sizes.set(f.file, Buffer.byteLength(svgs[i]));
  });
  writeFileSync(join(outDir, `${report.suite}.json`), `${JSON.stringify(report, null, 2)}\n`);
  return sizes;
}

/** SVGs above this size slow the report page down; the runner says so. */
export const LARGE_SVG_BYTES = 1_000_000;

function isSuiteReport(x: unknown): x is SuiteReport {
  const r = x as SuiteReport;
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.suite === 'string' &&
    Array.isArray(r.cases) &&
    Array.isArray(r.claims) &&
    Array.isArray(r.figures)
  );
}

/**
 * Every suite JSON in `dir` (files that do not parse as a suite report are listed in `skipped`).
 */
export function readReports(dir: string): { reports: SuiteReport[]; skipped: string[] } {
  const reports: SuiteReport[] = [];
  const skipped: string[] = [];
  if (!existsSync(dir)) return { reports, skipped };
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith('.json')) continue;
    try {
      const parsed: unknown = JSON.parse(readFileSync(join(dir, file), 'utf8'));
      if (isSuiteReport(parsed)) reports.push(parsed);
      else skipped.push(file);
    } catch {
      skipped.push(file);
    }
  }
  return { reports, skipped };
}

/** Rebuilds `README.md` in `dir` from every suite JSON there. */
export function writeReport(dir: string, quick: boolean): string[] {
  const { reports, skipped } = readReports(dir);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'README.md'), renderReport(reports, { quick }));
  return skipped;
}

function pad(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows
    .map((r) => r.map((c, i) => (i >= 2 ? c.padStart(widths[i]) : c.padEnd(widths[i]))))
    .map((r) => `  ${r.join('  ')}`.trimEnd())
    .join('\n');
}

/** The compact text summary of a suite printed on stdout. */
export function summary(report: SuiteReport): string {
  const rows = [['problem', 'method', 'median ms', 'samples', 'speed-up']];
  for (const [problem, group] of groupByProblem(report.cases)) {
    const ref = referenceOf(group, report.reference);
    group.forEach((c, i) => {
      const s =
        ref && c.medianMs !== null && c.medianMs > 0
          ? `${((ref.medianMs as number) / c.medianMs).toFixed(2)}x`
          : '-';
      rows.push([
        i === 0 ? problem : '',
        c.baseline ? `${c.method} (baseline)` : c.method,
        c.medianMs === null ? '-' : formatMs(c.medianMs),
        String(c.samples),
        s,
      ]);
    });
  }
  const lines = [
    `== ${report.suite} (${report.package})${report.quick ? ' [quick]' : ''}: ` +
      `${report.cases.length} cases in ${(report.durationMs / 1000).toFixed(1)} s`,
  ];
  if (report.cases.length > 0) lines.push(pad(rows));
  for (const c of report.claims) {
    const measured = c.measured === null ? 'not measured' : withUnit(c.measured, c.unit);
    lines.push(
      `  ${c.met ? 'MET    ' : 'NOT MET'} ${c.name}: ${measured} (target ${formatTarget(c)})`,
    );
  }
  return lines.join('\n');
}

/** Options of {@link runAll}. */
export interface RunAllOptions {
  root: string;
  suitesDir: string;
  outDir: string;
  quick: boolean;
  names: readonly string[];
  files: ReadonlyMap<string, string>;
  command: string;
  progress: Progress;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  timing?: TimingDefaults;
}

/**
 * Runs the named suites one at a time, writes each one's results as soon as it ends, then the
 * report. A suite that throws writes nothing and is listed in the result.
 * @returns the names of the suites that failed.
 */
export async function runAll(options: RunAllOptions): Promise<string[]> {
  const env = environment(options.root);
  const failed: string[] = [];
  for (const [index, name] of options.names.entries()) {
    const progress = options.progress.suite(name, index, options.names.length);
    try {
      const suite = await loadSuite(options.files.get(name) as string, name);
      const output = await runSuite(suite, {
        quick: options.quick,
        command: options.command,
        env,
        progress,
        timing: options.timing,
      });
      const sizes = await writeSuite(options.outDir, output);
      progress.end('done');
      for (const [file, bytes] of sizes) {
        if (bytes > LARGE_SVG_BYTES) {
          options.stderr(
            `note: ${file} is ${(bytes / 1e6).toFixed(1)} MB; fewer marks (e.g. aggregated ` +
              'cells) would keep the report quick to load',
          );
        }
      }
      options.stdout(summary(output.report));
    } catch (error) {
      progress.end('FAILED');
      failed.push(name);
      const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
      options.stderr(`suite ${name} failed: ${text}`);
    }
  }
  const skipped = writeReport(options.outDir, options.quick);
  for (const file of skipped) {
    options.stderr(`skipped ${join(options.outDir, file)}: not a suite report`);
  }
  for (const { suite } of readReports(options.outDir).reports) {
    if (!options.files.has(suite)) {
      options.stderr(
        `note: the report still shows ${suite}.json, which has no suite in ${options.suitesDir}; ` +
          'delete the JSON (and its SVGs) if the suite is gone',
      );
    }
  }
  return failed;
}
