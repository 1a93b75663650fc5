/**
 * The rounding guard of spec B.3.7: an FFT correlation more than 0.25 from an integer must
 * throw a PrecisionError, never be rounded into a wrong count. Float64 never gets near that on
 * real inputs, so fft.js is replaced by a copy whose half-size transforms (the inverse step of
 * the general path, N/2 points) add `offset` to the first output.
 */
import { describe, expect, it, vi } from 'vitest';

const perturb = vi.hoisted(() => ({ size: 0, offset: 0 }));

vi.mock('fft.js', async (importOriginal) => {
  const original = (await importOriginal()) as { default: new (size: number) => unknown };
  const Real = original.default as unknown as new (
    size: number,
  ) => { transform(out: Float64Array, data: Float64Array): void };
  class Perturbed extends Real {
    readonly points: number;
    constructor(size: number) {
      super(size);
      this.points = size;
    }
    override transform(out: Float64Array, data: Float64Array): void {
      super.transform(out, data);
      if (this.points === perturb.size) out[0] += perturb.offset;
    }
  }
  return { default: Perturbed };
});

const { hammingDistances, matchCountsFFT, PrecisionError } = await import('../src/index.js');
const { bruteForce, randomCodes } = await import('./helpers.js');

describe('PrecisionError when an FFT count is more than 0.25 from an integer', () => {
  const t = randomCodes(600, 3, 5);
  const p = randomCodes(40, 3, 6);

  it('an error of 0.2 is reported and rounded away; 0.4 throws', () => {
    perturb.size = 32;
    perturb.offset = 0.2;
    const ok = hammingDistances(t, p, { strategy: 'fft', blockSize: 64 });
    expect(ok.distances).toEqual(bruteForce(t, p));
    expect(ok.stats.maxRoundingError).toBeGreaterThan(0.19);
    expect(ok.stats.maxRoundingError).toBeLessThan(0.21);

    perturb.offset = 0.4;
    let caught: unknown;
    try {
      hammingDistances(t, p, { strategy: 'fft', blockSize: 64 });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(PrecisionError);
    expect(caught).toBeInstanceOf(RangeError);
    expect((caught as InstanceType<typeof PrecisionError>).maxRoundingError).toBeCloseTo(0.4, 6);
    expect((caught as Error).message).toMatch(
      /^@optkit\/hamming: FFT correlations must be within 0\.25 of an integer; got an error of 0\.4/,
    );
    expect(() => matchCountsFFT(t, p, [0, 1], { blockSize: 64 })).toThrow(PrecisionError);
  });
});
