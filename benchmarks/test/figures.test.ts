import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  casesFigure,
  defaultFigures,
  MAX_CASE_ROWS,
  pickQualityKey,
  pickSizeKey,
  problemFamily,
  qualityVsTimeFigure,
  renderSvg,
  timeVsSizeFigure,
} from '../src/figures.js';
import { writeSuite } from '../src/run.js';
import type { CaseResult, SuiteReport } from '../src/types.js';

function c(
  method: string,
  size: Record<string, number>,
  medianMs: number | null,
  quality: CaseResult['quality'] = {},
): CaseResult {
  return {
    problem: `grid ${Object.entries(size)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}`,
    size,
    method,
    baseline: false,
    medianMs,
    minMs: medianMs,
    maxMs: medianMs,
    samples: 1,
    quality,
  };
}

const grid = [
  c('fast', { n: 10, m: 4 }, 0.1, { error: 1e-3, calls: 5 }),
  c('slow', { n: 10, m: 4 }, 1, { error: 1e-3, calls: 5 }),
  c('fast', { n: 100, m: 4 }, 1, { error: 1e-6, calls: 5 }),
  c('slow', { n: 100, m: 4 }, 10, { error: 1e-3, calls: 5 }),
  c('fast', { n: 1000, m: 8 }, 10, { error: 1e-7, calls: 5 }),
  c('slow', { n: 1000, m: 8 }, 100, { error: 1e-3, calls: 5 }),
];

type Values = { values: Record<string, unknown>[] };

/**
 * A small XML well-formedness check: balanced, properly nested tags, quoted attributes, no
 * stray `<` or `&`; returns the root element's name and attributes.
 */
function parseXml(text: string): { root: string; attributes: Record<string, string> } {
  let s = text.replace(/^<\?xml[^?]*\?>\s*/, '');
  const stack: string[] = [];
  let root: { root: string; attributes: Record<string, string> } | null = null;
  const tag =
    /^<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[A-Za-z_][\w:.-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/;
  while (s.length > 0) {
    const lt = s.indexOf('<');
    const textPart = lt < 0 ? s : s.slice(0, lt);
    if (/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(textPart)) {
      throw new Error(`bad entity in text: ${textPart.slice(0, 40)}`);
    }
    if (lt < 0) {
      if (textPart.trim() !== '') throw new Error('text after the root element');
      break;
    }
    if (stack.length === 0 && root !== null) {
      if (s.slice(lt).trim() !== '') throw new Error('more than one root element');
      break;
    }
    s = s.slice(lt);
    const m = tag.exec(s);
    if (!m) throw new Error(`malformed tag at: ${s.slice(0, 60)}`);
    const [whole, close, name, attrs, selfClose] = m;
    if (close) {
      if (stack.pop() !== name) throw new Error(`mismatched </${name}>`);
    } else {
      if (root === null) {
        const attributes: Record<string, string> = {};
        for (const a of attrs.matchAll(/([\w:.-]+)\s*=\s*"([^"]*)"/g)) attributes[a[1]] = a[2];
        root = { root: name, attributes };
      }
      if (!selfClose) stack.push(name);
    }
    s = s.slice(whole.length);
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.at(-1)}>`);
  if (root === null) throw new Error('no root element');
  return root;
}

describe('parseXml (the checker used below)', () => {
  it('rejects malformed documents', () => {
    expect(() => parseXml('<svg><g></svg>')).toThrow();
    expect(() => parseXml('<svg a=1></svg>')).toThrow();
    expect(() => parseXml('<svg>a & b</svg>')).toThrow();
    expect(() => parseXml('<svg></svg><svg></svg>')).toThrow();
    expect(parseXml('<svg xmlns="u"><g/><text>a &amp; b</text></svg>')).toEqual({
      root: 'svg',
      attributes: { xmlns: 'u' },
    });
  });
});

describe('default figures', () => {
  it('picks the size parameter with the most distinct values', () => {
    expect(pickSizeKey(grid)).toBe('n');
    expect(pickSizeKey([c('a', { n: 1 }, 1), c('b', { n: 1 }, 2)])).toBeNull();
  });

  it('draws time vs size on log-log axes, a series per method and other varying size', () => {
    const f = timeVsSizeFigure('demo', grid);
    expect(f?.name).toBe('time');
    const spec = f?.spec as { encoding: Record<string, { scale?: { type: string } }> };
    expect(spec.encoding.x.scale?.type).toBe('log');
    expect(spec.encoding.y.scale?.type).toBe('log');
    const values = (f?.spec.data as Values | undefined)?.values ?? [];
    expect(values).toHaveLength(6);
    expect(new Set(values.map((v) => v.series))).toEqual(
      new Set(['fast (m=4)', 'slow (m=4)', 'fast (m=8)', 'slow (m=8)']),
    );
  });

  it('groups problems into families by their label without sizes', () => {
    expect(problemFamily('gemm 256')).toBe('gemm');
    expect(problemFamily('cholesky solve 1e+3')).toBe('cholesky solve');
    expect(problemFamily('dna n=1e6 m=1024')).toBe('dna');
    expect(problemFamily('csr matvec 1e5 nnz 1e6')).toBe('csr matvec nnz');
    expect(problemFamily('n=10')).toBe('all');
  });

  it('draws one panel per family that has two sizes, without undefined labels', () => {
    const mixed = [
      { ...c('core', { n: 10 }, 1), problem: 'gemm 10' },
      { ...c('core', { n: 20 }, 8), problem: 'gemm 20' },
      { ...c('core', { n: 10, nnz: 5 }, 1), problem: 'csr 10 nnz 5' },
      { ...c('core', { n: 20, nnz: 9 }, 2), problem: 'csr 20 nnz 9' },
      { ...c('core', { n: 30 }, 2), problem: 'svd 30' },
    ];
    const f = timeVsSizeFigure('demo', mixed);
    const spec = f?.spec as { facet?: unknown; data: Values };
    expect(spec.facet).toEqual({ field: 'family', type: 'nominal', title: null });
    // svd has a single size: no line to draw
    expect(new Set(spec.data.values.map((v) => v.family))).toEqual(new Set(['gemm', 'csr nnz']));
    const series = spec.data.values.map((v) => String(v.series));
    expect(series.filter((s) => s.includes('undefined'))).toEqual([]);
    expect(series).toContain('core (nnz=9)');
  });

  it('lists every timed case, one row each, up to a limit', () => {
    const f = casesFigure('demo', [...grid, c('none', { n: 1 }, null)]);
    const rows = (f?.spec.data as Values | undefined)?.values ?? [];
    expect(rows).toHaveLength(grid.length);
    expect(rows[0]).toMatchObject({
      problem: 'grid n=10 m=4',
      order: 0,
      method: 'fast',
      kind: 'method',
      ms: 0.1,
    });
    // one order index per problem, in order of first appearance, for the panel order
    expect(rows.map((r) => r.order)).toEqual([0, 0, 1, 1, 2, 2]);
    expect(casesFigure('demo', [])).toBeNull();
    const many = Array.from({ length: MAX_CASE_ROWS + 1 }, (_, i) => c(`m${i}`, { n: i }, 1));
    expect(casesFigure('demo', many)).toBeNull();
  });

  it('skips time vs size without varying sizes or times', () => {
    expect(timeVsSizeFigure('demo', [c('a', {}, 1), c('b', {}, 2)])).toBeNull();
    expect(
      timeVsSizeFigure(
        'demo',
        grid.map((g) => ({ ...g, medianMs: null })),
      ),
    ).toBeNull();
  });

  it('draws quality vs time for the first varying numeric metric, on a log axis when wide', () => {
    expect(pickQualityKey(grid)).toBe('error');
    const f = qualityVsTimeFigure('demo', grid);
    expect(f?.name).toBe('quality');
    const spec = f?.spec as { encoding: Record<string, { scale?: { type?: string } }> };
    expect(spec.encoding.y.scale?.type).toBe('log');
    expect(qualityVsTimeFigure('demo', grid, { metric: 'calls', log: false })).not.toBeNull();
    const constant = grid.map((g) => ({ ...g, quality: { calls: 5 } }));
    expect(qualityVsTimeFigure('demo', constant)).toBeNull();
  });

  it('follows the suite settings and leaves out names the suite uses', () => {
    const names = (figures: { name: string }[]) => figures.map((f) => f.name);
    expect(names(defaultFigures('demo', grid, []))).toEqual(['time', 'cases', 'quality']);
    expect(names(defaultFigures('demo', grid, [], { timeVsSize: false, cases: false }))).toEqual([
      'quality',
    ]);
    expect(names(defaultFigures('demo', grid, [], { qualityVsTime: false }))).toEqual([
      'time',
      'cases',
    ]);
    const own = [{ name: 'time', title: 'own', spec: {} }];
    expect(names(defaultFigures('demo', grid, own))).toEqual(['cases', 'quality']);
  });
});

describe('renderSvg', () => {
  it('writes a standalone, well-formed SVG with xmlns for every default figure', async () => {
    for (const figure of defaultFigures('demo <&> suite', grid, [])) {
      const svg = await renderSvg(figure.spec);
      expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
      const root = parseXml(svg);
      expect(root.root).toBe('svg');
      expect(root.attributes.xmlns).toBe('http://www.w3.org/2000/svg');
      expect(Number(root.attributes.width)).toBeGreaterThan(0);
      expect(svg).toContain('demo &lt;&amp;&gt; suite');
    }
  });
});

describe('writeSuite', () => {
  it('names the figure whose spec cannot be rendered', async () => {
    const out = mkdtempSync(join(tmpdir(), 'optkit-fig-'));
    try {
      const bad = { name: 'broken', title: 'broken', spec: { mark: 'nope', data: { values: [] } } };
      const report = {
        suite: 'demo',
        figures: [{ name: 'broken', title: 'broken', file: 'demo-broken.svg' }],
      } as unknown as SuiteReport;
      await expect(writeSuite(out, { report, figures: [bad] })).rejects.toThrow(
        'figure "broken" could not be rendered',
      );
      expect(readdirSync(out)).toEqual([]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
