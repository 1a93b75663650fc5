import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress } from '../src/progress.js';
import type { CaseResult } from '../src/types.js';

function sink() {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  }) as unknown as NodeJS.WriteStream;
  return { stream, text: () => chunks.join('') };
}

const aCase: CaseResult = {
  problem: 'gemm 256',
  size: { n: 256 },
  method: 'core gemm',
  baseline: false,
  medianMs: 12.345,
  minMs: 12,
  maxMs: 13,
  samples: 5,
  quality: {},
};

describe('progress off a terminal', () => {
  it('writes plain lines: start, steps out of the declared total, cases, end', () => {
    const { stream, text } = sink();
    const progress = createProgress(stream);
    const p = progress.suite('core', 0, 2);
    p.steps(3);
    p.caseDone(aCase);
    p.tick('gemm 256');
    p.tick(undefined);
    p.end('done');
    const lines = text().trimEnd().split('\n');
    expect(lines[0]).toBe('[1/2] core: started');
    expect(lines[1]).toBe('  core gemm 256 · core gemm: 12.3 ms');
    expect(lines[2]).toMatch(/^ {2}core 1\/3 gemm 256 \(\d+\.\d s\)$/);
    expect(lines[3]).toMatch(/^ {2}core 2\/3 \(\d+\.\d s\)$/);
    expect(lines[4]).toMatch(/^\[1\/2\] core: done in \d+\.\d s$/);
    expect(lines).toHaveLength(5);
  });
});
