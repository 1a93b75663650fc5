import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const suitesDir = fileURLToPath(new URL('./fixtures/record-suites', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'optkit-cli-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Runs `pnpm bench` as the root script does, on the fixture suites. */
function bench(...args: string[]) {
  const result = spawnSync(
    process.execPath,
    [
      '--conditions=@optkit/source',
      '--import',
      'tsx',
      'benchmarks/src/cli.ts',
      '--suites-dir',
      suitesDir,
      '--out',
      out,
      ...args,
    ],
    { cwd: root, encoding: 'utf8', timeout: 60_000 },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('pnpm bench (command line)', () => {
  it('rejects unknown --only names, listing the known suites, before running anything', () => {
    const r = bench('--only', 'alpha,nope');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown suite "nope"; known suites: alpha, broken');
    expect(r.stdout).toBe('');
    expect(existsSync(join(out, 'README.md'))).toBe(false);
  });

  it('exits non-zero when a suite throws, after writing the other suites and the report', () => {
    const r = bench('--only=broken,alpha', '--quick');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('suite broken failed');
    expect(r.stderr).toContain('failed suites: broken');
    expect(r.stdout).toContain('== alpha (@optkit/alpha) [quick]: 4 cases');
    const report = JSON.parse(readFileSync(join(out, 'alpha.json'), 'utf8'));
    expect(report.command).toBe('pnpm bench --quick --only broken,alpha');
    expect(report.quick).toBe(true);
    expect(readFileSync(join(out, 'README.md'), 'utf8')).toContain('## alpha');
  });

  it('exits 0 when every selected suite runs', () => {
    const r = bench('--only', 'alpha');
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('alpha: done');
  });
});
