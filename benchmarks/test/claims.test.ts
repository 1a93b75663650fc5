import { describe, expect, it } from 'vitest';
import { evaluateClaims, findCase, geomean, isMet, ratio, speedup, value } from '../src/claims.js';
import type { CaseResult } from '../src/types.js';

function c(
  problem: string,
  method: string,
  medianMs: number | null,
  quality: CaseResult['quality'] = {},
): CaseResult {
  return {
    problem,
    size: {},
    method,
    baseline: method === 'naive',
    medianMs,
    minMs: medianMs === null ? null : medianMs / 2,
    maxMs: medianMs === null ? null : medianMs * 2,
    samples: medianMs === null ? 0 : 10,
    quality,
  };
}

const cases = [
  c('dna n=1e6', 'auto', 10, { error: 1e-9, calls: 40, label: 'x' }),
  c('dna n=1e6', 'naive', 73, { error: 0, calls: 100 }),
  c('dna n=1e3', 'auto', 0.5),
  c('dna n=1e3', 'naive', 0),
  c('quality only', 'auto', null, { objective: 2.5 }),
];

describe('case helpers', () => {
  it('findCase matches problem and method exactly', () => {
    expect(findCase(cases, { problem: 'dna n=1e6', method: 'naive' })?.medianMs).toBe(73);
    expect(findCase(cases, { problem: 'dna n=1e6', method: 'other' })).toBeUndefined();
    expect(findCase(cases, { problem: 'dna', method: 'auto' })).toBeUndefined();
  });

  it('value reads timing fields and numeric quality figures only', () => {
    const sel = { problem: 'dna n=1e6', method: 'auto' };
    expect(value(cases, sel)).toBe(10);
    expect(value(cases, sel, 'minMs')).toBe(5);
    expect(value(cases, sel, 'maxMs')).toBe(20);
    expect(value(cases, sel, 'calls')).toBe(40);
    expect(value(cases, sel, 'label')).toBeNull();
    expect(value(cases, sel, 'missing')).toBeNull();
    expect(value(cases, { problem: 'quality only', method: 'auto' })).toBeNull();
    expect(value(cases, { problem: 'quality only', method: 'auto' }, 'objective')).toBe(2.5);
  });

  it('ratio divides numerator by denominator and is null when undefined', () => {
    const auto = { problem: 'dna n=1e6', method: 'auto' };
    const naive = { problem: 'dna n=1e6', method: 'naive' };
    expect(ratio(cases, naive, auto)).toBeCloseTo(7.3, 12);
    expect(ratio(cases, auto, naive, 'calls')).toBeCloseTo(0.4, 12);
    expect(ratio(cases, naive, { problem: 'nope', method: 'auto' })).toBeNull();
    // zero denominator
    expect(
      ratio(
        cases,
        { problem: 'dna n=1e3', method: 'auto' },
        { problem: 'dna n=1e3', method: 'naive' },
      ),
    ).toBeNull();
  });

  it('speedup is baseline time over method time', () => {
    expect(speedup(cases, 'dna n=1e6', 'auto', 'naive')).toBeCloseTo(7.3, 12);
    expect(speedup(cases, 'dna n=1e6', 'naive', 'auto')).toBeCloseTo(1 / 7.3, 12);
    expect(speedup(cases, 'dna n=1e9', 'auto', 'naive')).toBeNull();
  });

  it('geomean of positives; null on any missing or non-positive value', () => {
    expect(geomean([2, 8])).toBeCloseTo(4, 12);
    expect(geomean([5])).toBeCloseTo(5, 12);
    expect(geomean([2, null])).toBeNull();
    expect(geomean([2, 0])).toBeNull();
    expect(geomean([])).toBeNull();
  });

  it('isMet follows the direction and never meets a missing value', () => {
    expect(isMet(6, 6, 'higher')).toBe(true);
    expect(isMet(5.99, 6, 'higher')).toBe(false);
    expect(isMet(0.5, 0.5, 'lower')).toBe(true);
    expect(isMet(0.51, 0.5, 'lower')).toBe(false);
    expect(isMet(null, 0, 'higher')).toBe(false);
    expect(isMet(null, 0, 'lower')).toBe(false);
  });
});

describe('evaluateClaims', () => {
  it('computes measured and met from the cases', () => {
    const claims = evaluateClaims(
      [
        {
          name: 'auto vs naive',
          target: 6,
          better: 'higher',
          unit: '×',
          compute: (cs) => speedup(cs, 'dna n=1e6', 'auto', 'naive'),
        },
        {
          name: 'error',
          target: 1e-10,
          better: 'lower',
          compute: (cs) => value(cs, { problem: 'dna n=1e6', method: 'auto' }, 'error'),
        },
        {
          name: 'missing case',
          target: 1,
          better: 'lower',
          compute: (cs) => speedup(cs, 'dna n=1e9', 'auto', 'naive'),
        },
        { name: 'nan', target: 1, better: 'higher', compute: () => Number.NaN },
        { name: 'infinite', target: 1, better: 'higher', compute: () => Infinity },
      ],
      cases,
    );
    expect(claims[0]).toEqual({
      name: 'auto vs naive',
      measured: claims[0].measured,
      target: 6,
      better: 'higher',
      unit: '×',
      met: true,
    });
    expect(claims[0].measured).toBeCloseTo(7.3, 12);
    expect(claims[1]).toMatchObject({ measured: 1e-9, met: false });
    expect(claims[1]).not.toHaveProperty('unit');
    expect(claims[2]).toMatchObject({ measured: null, met: false });
    expect(claims[3]).toMatchObject({ measured: null, met: false });
    expect(claims[4]).toMatchObject({ measured: null, met: false });
  });

  it('names the claim whose compute throws', () => {
    expect(() =>
      evaluateClaims(
        [
          {
            name: 'bad claim',
            target: 1,
            better: 'higher',
            compute: () => {
              throw new Error('boom');
            },
          },
        ],
        cases,
      ),
    ).toThrow('claim "bad claim" failed to compute: boom');
  });
});
