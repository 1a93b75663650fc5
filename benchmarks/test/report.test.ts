import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  casesTable,
  claimsTable,
  environmentLine,
  formatMs,
  formatNumber,
  renderReport,
  withUnit,
} from '../src/report.js';
import { readReports } from '../src/run.js';
import type { SuiteReport } from '../src/types.js';

const dir = fileURLToPath(new URL('./fixtures/report', import.meta.url));
const load = (name: string) =>
  JSON.parse(readFileSync(`${dir}/${name}.json`, 'utf8')) as SuiteReport;
const core = load('core');
const alpha = load('alpha');

/** The table rows (cells trimmed) of a Markdown table that follows `marker`. */
function tableAfter(text: string, marker: string): string[][] {
  const start = text.indexOf(marker);
  expect(start).toBeGreaterThanOrEqual(0);
  const lines = text.slice(start).split('\n');
  const first = lines.findIndex((l) => l.startsWith('|'));
  const rows: string[][] = [];
  for (const line of lines.slice(first)) {
    if (!line.startsWith('|')) break;
    rows.push(
      line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((s) => s.trim()),
    );
  }
  return rows;
}

describe('number formatting', () => {
  it('keeps about three significant digits for times', () => {
    expect(formatMs(1234.4)).toBe('1234');
    expect(formatMs(12.345)).toBe('12.3');
    expect(formatMs(1.2345)).toBe('1.23');
    expect(formatMs(0.012345)).toBe('0.0123');
    expect(formatMs(0)).toBe('0');
    expect(formatMs(null)).toBe('–');
  });

  it('prints integers as they are and tiny or huge values in exponent form', () => {
    expect(formatNumber(42)).toBe('42');
    expect(formatNumber(0.123456)).toBe('0.1235');
    expect(formatNumber(3e-9)).toBe('3.00e-9');
    expect(formatNumber(12_500_000.5)).toBe('1.25e+7');
    expect(formatNumber(15_000_000)).toBe('15000000');
  });
});

describe('claimsTable', () => {
  it('shows measured, target with direction, and met as ✓ or ✗', () => {
    const rows = tableAfter(claimsTable(core.claims), '|');
    expect(rows[0]).toEqual(['claim', 'measured', 'target', 'met']);
    expect(rows[2]).toEqual(['gemm optkit vs ml-matrix, n=64', '4×', '≥ 2×', '✓']);
    expect(rows[3]).toEqual(['gemm optkit vs ml-matrix, n=256', '0.75×', '≥ 1×', '✗']);
    expect(rows[4]).toEqual(['gemm n=1024', 'not measured', '≥ 1.5', '✗']);
    expect(rows[5]).toEqual(['solve residual', '3.20e-12', '≤ 1.00e-10', '✓']);
  });

  it('puts a space before word units only', () => {
    expect(withUnit(0.25, 'GFLOP/s')).toBe('0.25 GFLOP/s');
    expect(withUnit(7.3, '×')).toBe('7.3×');
    expect(withUnit(12, '%')).toBe('12%');
    expect(withUnit(3, undefined)).toBe('3');
  });

  it('says so when a suite has no claims', () => {
    expect(claimsTable([])).toMatch(/no claims/);
  });
});

describe('casesTable', () => {
  const rows = tableAfter(casesTable(core), '|');
  const header = rows[0];
  const col = (name: string) => header.indexOf(name);

  it('has the timing columns, then one column per quality key', () => {
    expect(header.slice(0, 6)).toEqual([
      'problem',
      'method',
      'median ms',
      'min–max ms',
      'samples',
      'speed-up vs baseline',
    ]);
    // maxError is in four cases of five; residual and ok are in one, so they share a column
    expect(header.slice(6)).toEqual(['maxError', 'other quality']);
  });

  it('marks the fastest method of each problem in bold', () => {
    const body = rows.slice(2);
    expect(body[0][col('method')]).toBe('**optkit**');
    expect(body[0][col('median ms')]).toBe('**0.500**');
    expect(body[1][col('method')]).toBe('ml-matrix (baseline)');
    expect(body[2][col('method')]).toBe('optkit');
    expect(body[3][col('method')]).toBe('**ml-matrix (baseline)**');
    expect(body[3][col('median ms')]).toBe('**30.0**');
    // a problem with a single untimed case has no fastest
    expect(body[4][col('method')]).toBe('cholesky');
  });

  it('gives the speed-up over the baseline of the same problem', () => {
    const body = rows.slice(2);
    expect(body[0][col('speed-up vs baseline')]).toBe('4.00×');
    expect(body[1][col('speed-up vs baseline')]).toBe('1.00× (ref)');
    expect(body[2][col('speed-up vs baseline')]).toBe('0.75×');
    expect(body[4][col('speed-up vs baseline')]).toBe('–');
  });

  it('shows the problem once per group, escapes pipes and formats quality', () => {
    const body = rows.slice(2);
    expect(body.map((r) => r[0])).toEqual([
      'gemm n=64',
      '',
      'gemm n=256',
      '',
      'solve \\| spd n=100',
    ]);
    expect(body[0][col('maxError')]).toBe('1.00e-14');
    expect(body[1][col('maxError')]).toBe('0');
    expect(body[4][col('median ms')]).toBe('–');
    expect(body[4][col('other quality')]).toBe('residual 3.20e-12, ok yes');
    expect(body[0][col('other quality')]).toBe('');
    expect(body[0][col('min–max ms')]).toBe('0.400–0.900');
  });

  it('compares with the suite reference method when the JSON names one', () => {
    const body = tableAfter(casesTable(alpha), '|').slice(2);
    expect(body.map((r) => r[5])).toEqual(['8.00×', '4.00×', '1.00× (ref)']);
  });
});

describe('renderReport', () => {
  const { reports, skipped } = readReports(dir);
  const text = renderReport(reports);

  it('reads every suite JSON and skips other JSON files', () => {
    expect(reports.map((r) => r.suite).sort()).toEqual(['alpha', 'core']);
    expect(skipped).toEqual(['notes.json']);
  });

  it('starts with a do-not-edit header and an index linking each suite anchor', () => {
    expect(text.startsWith('<!-- Generated by `pnpm bench`')).toBe(true);
    expect(text).toMatch(/do not\s+edit it/);
    const index = tableAfter(text, '| suite |');
    expect(index.slice(2).map((r) => r[0])).toEqual(['[core](#core)', '[alpha](#alpha)']);
    expect(index[2][3]).toBe('2 / 4');
    expect(index[3][2]).toBe('2026-01-03 (quick)');
  });

  it('puts core first, each suite under a heading that yields its anchor', () => {
    const headings = text.split('\n').filter((l) => l.startsWith('## '));
    expect(headings).toEqual(['## core', '## alpha']);
  });

  it('gives the environment line of each run', () => {
    expect(text).toContain(environmentLine(core));
    expect(environmentLine(core)).toBe(
      'Measured 2026-01-02 03:04 UTC · commit `0123456789ab` · Node v20.20.2 · ' +
        'Test CPU 3000 (2 cores) · `pnpm bench --only core` · 12.3 s',
    );
    expect(environmentLine(alpha)).toContain('**quick run**');
    expect(environmentLine(alpha)).toContain('(1 core)');
  });

  it('embeds the figures by relative path', () => {
    expect(text).toContain('![core: median time vs n](core-time.svg)');
  });

  it('is deterministic and says when there are no results', () => {
    expect(renderReport([...reports].reverse())).toBe(text);
    expect(renderReport([])).toContain('_No results yet._');
    expect(renderReport([], { quick: true })).toContain('quick runs');
  });
});
