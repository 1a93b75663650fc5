/** Command-line parsing and suite selection for `pnpm bench`. */

/** What `pnpm bench` was asked to do. */
export interface BenchArgs {
  quick: boolean;
  /** Suite names given with `--only`, or `null` for every suite. */
  only: string[] | null;
  /** Directory holding the suites (default `benchmarks/suites`). */
  suitesDir: string | null;
  /** Output directory (default `docs/benchmarks`, or `docs/benchmarks/quick` with `--quick`). */
  outDir: string | null;
  /** Only rebuild the report from the JSON files, running nothing. */
  reportOnly: boolean;
  help: boolean;
}

/** The usage text. */
export const USAGE = `usage: pnpm bench [--quick] [--only <suite>[,<suite>...]]

  --quick            smallest sizes, few samples; results go to docs/benchmarks/quick/
  --only a,b         run only these suites (also --only=a, or --only given twice)
  --suites-dir DIR   read suites from DIR instead of benchmarks/suites
  --out DIR          write results to DIR instead of docs/benchmarks[/quick]
  --report-only      rebuild README.md from the JSON files there; run no suite
  --help             print this text`;

/** A command-line error: the message is shown with the usage. */
export class UsageError extends Error {
  override name = 'UsageError';
}

function splitNames(value: string): string[] {
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (names.length === 0) throw new UsageError(`--only needs suite names; got "${value}"`);
  return names;
}

/**
 * Parses the arguments after `pnpm bench`.
 * @param argv - the arguments (a bare `--` is ignored).
 * @throws {UsageError} on an unknown flag or a flag without its value.
 */
export function parseArgs(argv: readonly string[]): BenchArgs {
  const args: BenchArgs = {
    quick: false,
    only: null,
    suitesDir: null,
    outDir: null,
    reportOnly: false,
    help: false,
  };
  const valued = ['--only', '--suites-dir', '--out'] as const;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') continue;
    if (arg === '--quick') {
      args.quick = true;
      continue;
    }
    if (arg === '--report-only') {
      args.reportOnly = true;
      continue;
    }
    if (arg === '--help' || arg === '-h') {
      args.help = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq >= 0 ? arg.slice(0, eq) : arg;
    if (!(valued as readonly string[]).includes(flag)) {
      throw new UsageError(`unknown argument "${arg}"`);
    }
    let value: string;
    if (eq >= 0) {
      value = arg.slice(eq + 1);
    } else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) {
        throw new UsageError(`${flag} needs a value`);
      }
      value = next;
      i++;
    }
    if (flag === '--only') args.only = [...(args.only ?? []), ...splitNames(value)];
    else if (flag === '--suites-dir') args.suitesDir = value;
    else args.outDir = value;
  }
  return args;
}

/**
 * Picks the suites to run, in the order of `known` (sorted file names), without duplicates.
 * @param known - names of the suites found.
 * @param only - the `--only` names, or `null` for all.
 * @throws {UsageError} naming the unknown suites and listing the known ones.
 */
export function selectSuites(known: readonly string[], only: readonly string[] | null): string[] {
  if (only === null) return [...known];
  const unknown = only.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    const list = known.length > 0 ? known.join(', ') : '(none)';
    throw new UsageError(
      `unknown suite${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `"${n}"`).join(', ')}; ` +
        `known suites: ${list}`,
    );
  }
  return known.filter((name) => only.includes(name));
}

/** The command as recorded in the JSON, e.g. `pnpm bench --only hamming`. */
export function commandLine(args: BenchArgs): string {
  const parts = ['pnpm bench'];
  if (args.quick) parts.push('--quick');
  if (args.only !== null) parts.push(`--only ${args.only.join(',')}`);
  return parts.join(' ');
}
