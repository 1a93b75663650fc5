/**
 * `pnpm bench [--quick] [--only a,b]`: runs the suites in `benchmarks/suites/` one at a time and
 * writes `docs/benchmarks/` (quick runs: `docs/benchmarks/quick/`, so that the committed report
 * only ever shows full runs). Results on stdout, progress on stderr; exits with 1 when a suite
 * throws (after writing the others' results) and 2 on a usage error.
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { commandLine, parseArgs, selectSuites, USAGE, UsageError } from './args.js';
import { createProgress } from './progress.js';
import { listSuites, runAll, writeReport } from './run.js';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));

async function main(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const suitesDir = resolve(args.suitesDir ?? join(root, 'benchmarks', 'suites'));
  const outDir = resolve(
    args.outDir ?? join(root, 'docs', 'benchmarks', ...(args.quick ? ['quick'] : [])),
  );
  if (args.reportOnly) {
    for (const file of writeReport(outDir, args.quick)) {
      process.stderr.write(`skipped ${join(outDir, file)}: not a suite report\n`);
    }
    process.stderr.write(`wrote ${join(outDir, 'README.md')}\n`);
    return 0;
  }
  const files = listSuites(suitesDir);
  const names = selectSuites([...files.keys()], args.only);
  if (names.length === 0) {
    process.stderr.write(`no suites found in ${suitesDir}\n`);
    return 1;
  }
  const failed = await runAll({
    root,
    suitesDir,
    outDir,
    quick: args.quick,
    names,
    files,
    command: commandLine(args),
    progress: createProgress(process.stderr),
    stdout: (text) => process.stdout.write(`${text}\n\n`),
    stderr: (text) => process.stderr.write(`${text}\n`),
  });
  process.stderr.write(`wrote ${outDir}\n`);
  if (failed.length > 0) {
    process.stderr.write(`failed suites: ${failed.join(', ')}\n`);
    return 1;
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`pnpm bench: ${error.message}\n\n${USAGE}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`pnpm bench: ${error instanceof Error ? error.stack : error}\n`);
      process.exitCode = 1;
    }
  },
);
