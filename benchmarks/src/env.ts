/** The environment a run is recorded with: commit, Node version, CPU. */
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';

/** Where and on what a run happened. */
export interface Environment {
  commit: string;
  node: string;
  cpu: string;
  cores: number;
}

function git(args: string[], cwd: string): string | null {
  try {
    return execFileSync('git', args, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return null;
  }
}

/**
 * The current commit (12 hex digits), with `+dirty` when the code that runs (packages/ or
 * benchmarks/) has uncommitted changes; `"unknown"` outside a git checkout.
 * @param root - the repository root.
 */
export function gitCommit(root: string): string {
  const head = git(['rev-parse', '--short=12', 'HEAD'], root);
  if (head === null || head === '') return 'unknown';
  const status = git(['status', '--porcelain', '--', 'packages', 'benchmarks'], root);
  return status ? `${head}+dirty` : head;
}

/**
 * The environment of this process.
 * @param root - the repository root, for the commit.
 */
export function environment(root: string): Environment {
  const list = cpus();
  const model = list[0]?.model.trim().replace(/\s+/g, ' ');
  return {
    commit: gitCommit(root),
    node: process.version,
    cpu: model || 'unknown',
    cores: list.length,
  };
}
