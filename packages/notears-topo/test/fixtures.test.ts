import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { countAccuracy, topo } from '../src/index.js';

// Copies of the project's shared fixtures (see fixtures/README.md), beside this file.
const fixtureDir = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

interface Fixture {
  d: number;
  X: number[][];
  B_true: number[][];
  initialOrder: number[];
  official: {
    order: number[];
    loss: number;
    lossHistory: number[];
    iterations: number;
    largeSearchesUsed: number;
    candidateEvaluations: number;
    stopReason: string;
    W: number[][];
    settings: { sizeSmall: number; sizeLarge: number; maxLargeSearches: number };
    'accuracyAtThreshold0.3': { shd: number; tpr: number; fdr: number; nnz: number };
  };
}

const cases = Array.from({ length: 10 }, (_, k) => `case-${String(k + 1).padStart(2, '0')}.json`);

describe('fidelity with the authors\u2019 TOPO (spec 7.10, shared fixtures)', () => {
  it('finds all ten fixture files', () => {
    expect(cases.filter((name) => !existsSync(join(fixtureDir, name)))).toEqual([]);
  });

  for (const name of cases) {
    it(`${name}: same final order, loss, history, W and counters`, () => {
      const f = JSON.parse(readFileSync(join(fixtureDir, name), 'utf8')) as Fixture;
      const o = f.official;
      const r = topo(f.X, {
        preset: 'dagrad',
        relTol: 0,
        center: false,
        initialOrder: f.initialOrder,
      });
      expect(r.sizes).toEqual([
        o.settings.sizeSmall,
        o.settings.sizeLarge,
        o.settings.maxLargeSearches,
      ]);
      expect(r.order).toEqual(o.order);
      expect(Math.abs(r.score - o.loss)).toBeLessThanOrEqual(1e-9 * o.loss);
      expect(r.scoreHistory.length).toBe(o.lossHistory.length);
      r.scoreHistory.forEach((v, k) => {
        expect(Math.abs(v - o.lossHistory[k])).toBeLessThanOrEqual(1e-9 * o.lossHistory[k]);
      });
      expect(r.iterations).toBe(o.iterations);
      expect(r.largeSearchesUsed).toBe(o.largeSearchesUsed);
      expect(r.candidateEvaluations).toBe(o.candidateEvaluations);
      expect(r.stopReason).toBe(o.stopReason);
      const d = f.d;
      for (let i = 0; i < d; i++) {
        for (let j = 0; j < d; j++) {
          expect(Math.abs(r.W.data[i * d + j] - o.W[i][j])).toBeLessThanOrEqual(
            1e-8 * (1 + Math.abs(o.W[i][j])),
          );
        }
      }
      const acc = countAccuracy(f.B_true, r.adjacency);
      const ref = o['accuracyAtThreshold0.3'];
      expect(acc.shd).toBe(ref.shd);
      expect(acc.nnz).toBe(ref.nnz);
      expect(acc.tpr).toBeCloseTo(ref.tpr, 6);
      expect(acc.fdr).toBeCloseTo(ref.fdr, 6);
    });
  }
});
