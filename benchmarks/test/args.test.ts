import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { commandLine, parseArgs, selectSuites, UsageError } from '../src/args.js';
import { FULL_TIMING, QUICK_TIMING, resolveTiming } from '../src/context.js';
import { listSuites } from '../src/run.js';

describe('parseArgs', () => {
  it('defaults to a full run of every suite', () => {
    expect(parseArgs([])).toEqual({
      quick: false,
      only: null,
      suitesDir: null,
      outDir: null,
      reportOnly: false,
      help: false,
    });
  });

  it('accepts --only a,b, --only=a, repeated --only and --quick in any order', () => {
    expect(parseArgs(['--only', 'hamming,core']).only).toEqual(['hamming', 'core']);
    expect(parseArgs(['--only=core']).only).toEqual(['core']);
    const both = parseArgs(['--only=a', '--quick', '--only', 'b, c']);
    expect(both.only).toEqual(['a', 'b', 'c']);
    expect(both.quick).toBe(true);
    expect(parseArgs(['--', '--quick']).quick).toBe(true);
  });

  it('reads --suites-dir, --out, --report-only and --help', () => {
    const args = parseArgs(['--suites-dir', 'x', '--out=y', '--report-only', '-h']);
    expect(args).toMatchObject({ suitesDir: 'x', outDir: 'y', reportOnly: true, help: true });
  });

  it('rejects unknown flags and missing values', () => {
    expect(() => parseArgs(['--fast'])).toThrow(UsageError);
    expect(() => parseArgs(['--fast'])).toThrow('unknown argument "--fast"');
    expect(() => parseArgs(['--only'])).toThrow('--only needs a value');
    expect(() => parseArgs(['--only', '--quick'])).toThrow('--only needs a value');
    expect(() => parseArgs(['--only='])).toThrow('--only needs suite names');
    expect(() => parseArgs(['--only=,'])).toThrow('--only needs suite names');
    expect(() => parseArgs(['core'])).toThrow('unknown argument "core"');
  });
});

describe('selectSuites', () => {
  const known = ['core', 'hamming', 'sparse-ot'];

  it('keeps every suite without --only', () => {
    expect(selectSuites(known, null)).toEqual(known);
  });

  it('keeps the named suites in discovery order, once each', () => {
    expect(selectSuites(known, ['sparse-ot', 'core', 'core'])).toEqual(['core', 'sparse-ot']);
  });

  it('names unknown suites and lists the known ones', () => {
    expect(() => selectSuites(known, ['core', 'hamin', 'x'])).toThrow(
      'unknown suites "hamin", "x"; known suites: core, hamming, sparse-ot',
    );
    expect(() => selectSuites([], ['core'])).toThrow('known suites: (none)');
  });
});

describe('commandLine', () => {
  it('records the command as a user would type it', () => {
    expect(commandLine(parseArgs([]))).toBe('pnpm bench');
    expect(commandLine(parseArgs(['--only=a', '--quick', '--only', 'b']))).toBe(
      'pnpm bench --quick --only a,b',
    );
  });
});

describe('listSuites', () => {
  it('finds suite files by name, skipping tests and declarations', () => {
    const dir = fileURLToPath(new URL('./fixtures/record-suites', import.meta.url));
    expect([...listSuites(dir).keys()]).toEqual(['alpha', 'broken']);
    expect(listSuites(`${dir}/missing`).size).toBe(0);
  });
});

describe('resolveTiming', () => {
  it('uses a fixed iteration count when given, capped in quick mode', () => {
    expect(resolveTiming({ iterations: 7 }, FULL_TIMING)).toEqual({
      iterations: 7,
      time: 0,
      warmup: 1,
    });
    expect(resolveTiming({ iterations: 7 }, QUICK_TIMING).iterations).toBe(3);
    expect(resolveTiming({ iterations: 2 }, QUICK_TIMING).iterations).toBe(2);
  });

  it('uses a time budget with a minimum sample count otherwise', () => {
    expect(resolveTiming({}, FULL_TIMING)).toEqual({ iterations: 5, time: 500, warmup: 1 });
    expect(resolveTiming({ timeMs: 2000 }, FULL_TIMING).time).toBe(2000);
    expect(resolveTiming({ timeMs: 2000 }, QUICK_TIMING).time).toBe(50);
    expect(resolveTiming({}, QUICK_TIMING)).toEqual({ iterations: 3, time: 20, warmup: 0 });
  });

  it('counts the probing call as the first warm-up call', () => {
    expect(resolveTiming({ warmup: 0 }, FULL_TIMING).warmup).toBe(0);
    expect(resolveTiming({ warmup: 4 }, FULL_TIMING).warmup).toBe(3);
    // quick mode keeps only the probing call
    expect(resolveTiming({ warmup: 4 }, QUICK_TIMING).warmup).toBe(0);
  });

  it('rejects bad options with the value in the message', () => {
    expect(() => resolveTiming({ iterations: 0 }, FULL_TIMING)).toThrow(
      'iterations must be an integer >= 1; got 0',
    );
    expect(() => resolveTiming({ warmup: 1.5 }, FULL_TIMING)).toThrow('got 1.5');
    expect(() => resolveTiming({ timeMs: Number.NaN }, FULL_TIMING)).toThrow('got NaN');
  });
});
