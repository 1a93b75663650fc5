import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createContext } from '../src/context.js';
import type { Progress } from '../src/progress.js';
import { listSuites, runAll } from '../src/run.js';
import type { SuiteReport } from '../src/types.js';

const suitesDir = fileURLToPath(new URL('./fixtures/record-suites', import.meta.url));
const root = fileURLToPath(new URL('../..', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'optkit-bench-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function silentProgress(events: string[]): Progress {
  return {
    line: (t) => events.push(t),
    suite: (name) => ({
      steps: (n) => events.push(`${name} steps ${n}`),
      tick: (label) => events.push(`${name} tick ${label}`),
      caseDone: (c) => events.push(`${name} case ${c.problem}/${c.method}`),
      end: (outcome) => events.push(`${name} ${outcome}`),
    }),
  };
}

describe('runAll', () => {
  const events: string[] = [];
  const stdout: string[] = [];
  const stderr: string[] = [];
  const files = listSuites(suitesDir);
  const run = runAll({
    root,
    suitesDir,
    outDir: out,
    quick: false,
    names: ['broken', 'alpha'],
    files,
    command: 'pnpm bench',
    progress: silentProgress(events),
    stdout: (t) => stdout.push(t),
    stderr: (t) => stderr.push(t),
  });

  it('runs every suite, reports the one that throws, and writes the others', async () => {
    expect(await run).toEqual(['broken']);
    expect(stderr.join('\n')).toContain('suite broken failed: Error: deliberate failure');
    expect(existsSync(join(out, 'broken.json'))).toBe(false);
    expect(existsSync(join(out, 'alpha.json'))).toBe(true);
    expect(events).toContain('broken FAILED');
    expect(events).toContain('alpha done');
    expect(events).toContain('alpha steps 3');
    expect(events).toContain('alpha tick line n=1000');
  });

  it('writes the JSON with environment, cases, claims and figure files', async () => {
    await run;
    const report = JSON.parse(readFileSync(join(out, 'alpha.json'), 'utf8')) as SuiteReport;
    expect(report).toMatchObject({
      package: '@optkit/alpha',
      suite: 'alpha',
      command: 'pnpm bench',
      quick: false,
      node: process.version,
    });
    expect(report.commit).toMatch(/^([0-9a-f]{12}(\+dirty)?|unknown)$/);
    expect(report.cores).toBeGreaterThan(0);
    expect(Number.isNaN(Date.parse(report.date))).toBe(false);
    expect(report.cases).toHaveLength(6);
    expect(report.cases[0]).toEqual({
      problem: 'line n=10',
      size: { n: 10 },
      method: 'base',
      baseline: true,
      medianMs: 1,
      minMs: 0.5,
      maxMs: 2,
      samples: 5,
      quality: { error: 0.1 },
    });
    expect(report.claims).toEqual([
      {
        name: 'new vs base, n=1000',
        measured: 4,
        target: 3,
        better: 'higher',
        unit: '×',
        met: true,
      },
    ]);
    expect(report.figures.map((f) => f.file)).toEqual([
      'alpha-time.svg',
      'alpha-cases.svg',
      'alpha-quality.svg',
    ]);
    for (const f of report.figures) expect(existsSync(join(out, f.file))).toBe(true);
  });

  it('prints a compact table with the claims on stdout', async () => {
    await run;
    const text = stdout.join('\n');
    expect(text).toContain('== alpha (@optkit/alpha): 6 cases');
    expect(text).toMatch(/line n=1000\s+base \(baseline\)\s+100\s+5\s+1\.00x/);
    expect(text).toMatch(/new\s+25\.0\s+5\s+4\.00x/);
    expect(text).toContain('MET     new vs base, n=1000: 4× (target ≥ 3×)');
  });

  it('rebuilds the report from every JSON in the folder', async () => {
    await run;
    const readme = readFileSync(join(out, 'README.md'), 'utf8');
    expect(readme).toContain('## alpha');
    expect(readme).not.toContain('## broken');
    expect(readme).toContain('![alpha: median time vs n](alpha-time.svg)');
  });
});

describe('createContext', () => {
  it('measure keeps the requested number of samples and the last result for quality', async () => {
    const ctx = createContext(false);
    let calls = 0;
    const result = await ctx.measure(
      { problem: 'p', size: { n: 3 }, method: 'm' },
      () => ++calls,
      (last) => ({ last }),
      { iterations: 4, warmup: 2 },
    );
    // one probing call (the first warm-up), one more warm-up call, four timed calls
    expect(calls).toBe(6);
    expect(result.samples).toBe(4);
    expect(result.quality).toEqual({ last: 6 });
    expect(result.baseline).toBe(false);
    expect(ctx.cases).toEqual([result]);
    for (const t of [result.medianMs, result.minMs, result.maxMs]) {
      expect(typeof t).toBe('number');
    }
    expect(result.minMs! <= result.medianMs! && result.medianMs! <= result.maxMs!).toBe(true);
  });

  it('measure awaits asynchronous functions', async () => {
    const ctx = createContext(true);
    let calls = 0;
    const result = await ctx.measure(
      { problem: 'p', method: 'async' },
      async () => {
        await Promise.resolve();
        return ++calls;
      },
      (last) => ({ last }),
      { iterations: 2, warmup: 1 },
    );
    expect(result.samples).toBe(2);
    expect(result.quality).toEqual({ last: 3 });
    expect(result.size).toEqual({});
  });

  it('measure passes on what the timed function throws', async () => {
    const ctx = createContext(true);
    await expect(
      ctx.measure({ problem: 'p', method: 'm' }, () => {
        throw new Error('kernel failed');
      }),
    ).rejects.toThrow('kernel failed');
    expect(ctx.cases).toHaveLength(0);
  });

  it('record fills defaults and rejects duplicates and bad values', () => {
    const ctx = createContext(true);
    ctx.record({
      problem: 'p',
      method: 'm',
      medianMs: null,
      minMs: null,
      maxMs: null,
      quality: {},
    });
    expect(ctx.cases[0]).toMatchObject({ size: {}, baseline: false, samples: 0 });
    expect(() =>
      ctx.record({ problem: 'p', method: 'm', medianMs: 1, minMs: 1, maxMs: 1, quality: {} }),
    ).toThrow('duplicate case problem "p", method "m"');
    expect(() =>
      ctx.record({
        problem: 'q',
        method: 'm',
        medianMs: Number.NaN,
        minMs: 1,
        maxMs: 1,
        quality: {},
      }),
    ).toThrow('medianMs must be a finite number >= 0 or null; got NaN');
    expect(() =>
      ctx.record({ problem: '', method: 'm', medianMs: 1, minMs: 1, maxMs: 1, quality: {} }),
    ).toThrow('problem must be a non-empty string');
  });

  it('figure names must be file-safe and unique', () => {
    const ctx = createContext(true);
    ctx.figure({ name: 'error-vs-n', title: 't', spec: {} });
    expect(() => ctx.figure({ name: 'error-vs-n', title: 't', spec: {} })).toThrow('duplicate');
    expect(() => ctx.figure({ name: 'Bad Name', title: 't', spec: {} })).toThrow('got "Bad Name"');
  });
});

describe('measure guards', () => {
  it('refuses to time two cases side by side', async () => {
    const ctx = createContext(true);
    const first = ctx.measure({ problem: 'p', method: 'a' }, async () => 1, undefined, {
      iterations: 1,
    });
    await expect(ctx.measure({ problem: 'p', method: 'b' }, () => 2)).rejects.toThrow(
      'another measurement is still running',
    );
    await first;
    expect(ctx.cases.map((c) => c.method)).toEqual(['a']);
  });
});
