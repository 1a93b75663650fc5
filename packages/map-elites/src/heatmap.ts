/**
 * Archive heatmaps as vega-lite specifications (plain objects; no plotting dependency). A 2-D
 * grid becomes one rectangle per occupied cell, colored by the elite's objective, as pyribs's
 * `grid_archive_heatmap`; a 2-D CVT archive becomes one dot per occupied centroid.
 */
import { checker } from '@optkit/core';
import { CVTArchive, GridArchive } from './archive.js';

const check = checker('map-elites');

/** Options of {@link heatmapSpec}. */
export interface HeatmapOptions {
  /** Plot title; default none. */
  title?: string;
  /** Plot width and height in pixels; default 400 x 400. */
  width?: number;
  height?: number;
  /** Color domain `[vmin, vmax]`; default the range of the elites' objectives. */
  domain?: [number, number];
  /** vega color scheme; default `"viridis"`. */
  scheme?: string;
  /** Axis titles; default `"measure 0"`, `"measure 1"`. */
  xTitle?: string;
  yTitle?: string;
}

/**
 * A vega-lite spec of the archive's elites over its 2-D measure space, with inline data. Render
 * it with vega-lite and vega (e.g. `vega.View(...).toSVG()`) or any vega-lite viewer.
 *
 * @param archive - a 2-D {@link GridArchive} or {@link CVTArchive}.
 * @param options - see {@link HeatmapOptions}.
 * @returns a vega-lite v5 spec object.
 * @throws RangeError for an archive whose measure space is not 2-D, a bad size or a domain with
 *   vmin >= vmax.
 * @example
 * ```ts
 * const archive = new GridArchive({ solutionDim: 1, dims: [4, 4], ranges: [[0, 1], [0, 1]] });
 * archive.add([[0]], [1], [[0.1, 0.1]]);
 * heatmapSpec(archive).mark; // { type: 'rect', aria: false }
 * ```
 */
export function heatmapSpec(
  archive: GridArchive | CVTArchive,
  options: HeatmapOptions = {},
): Record<string, unknown> {
  if (!(archive instanceof GridArchive) && !(archive instanceof CVTArchive)) {
    throw check.typeError('archive', 'a GridArchive or CVTArchive', archive);
  }
  if (archive.measureDim !== 2) {
    throw check.rangeErrorText('archive', 'a 2-D measure space', `${archive.measureDim}-D`);
  }
  const width = check.integer('width', options.width ?? 400, { min: 1 });
  const height = check.integer('height', options.height ?? 400, { min: 1 });
  const [[x0, x1], [y0, y1]] = archive.ranges;
  const values: Record<string, number>[] = [];
  const grid = archive instanceof GridArchive;
  for (let t = 0; t < archive.numElites; t++) {
    const c = archive.eliteCell(t);
    const objective = archive.objectiveData[c];
    if (grid) {
      const [i, j] = archive.gridIndex(c);
      const [nx, ny] = archive.dims;
      values.push({
        x: x0 + ((x1 - x0) * i) / nx,
        x2: x0 + ((x1 - x0) * (i + 1)) / nx,
        y: y0 + ((y1 - y0) * j) / ny,
        y2: y0 + ((y1 - y0) * (j + 1)) / ny,
        objective,
      });
    } else {
      const cen = archive.centroids;
      values.push({ x: cen[2 * c], y: cen[2 * c + 1], objective });
    }
  }
  const color: Record<string, unknown> = {
    field: 'objective',
    type: 'quantitative',
    scale: { scheme: options.scheme ?? 'viridis' },
    title: 'objective',
  };
  if (options.domain !== undefined) {
    const d = options.domain as unknown;
    if (!Array.isArray(d) || d.length !== 2) {
      throw check.typeError('domain', 'a [vmin, vmax] pair', d);
    }
    const lo = check.number('domain[0]', d[0]);
    const hi = check.number('domain[1]', d[1]);
    if (!(lo < hi)) {
      throw check.rangeErrorText('domain', 'a pair with vmin < vmax', `[${lo}, ${hi}]`);
    }
    (color.scale as Record<string, unknown>).domain = [lo, hi];
  }
  const axis = (title: string, lo: number, hi: number) => ({
    field: 'x',
    type: 'quantitative',
    scale: { domain: [lo, hi], nice: false, zero: false },
    title,
  });
  const xEnc = axis(options.xTitle ?? 'measure 0', x0, x1);
  const yEnc = { ...axis(options.yTitle ?? 'measure 1', y0, y1), field: 'y' };
  const encoding: Record<string, unknown> = grid
    ? { x: xEnc, x2: { field: 'x2' }, y: yEnc, y2: { field: 'y2' }, color }
    : { x: xEnc, y: yEnc, color };
  const size = grid ? null : Math.max(1, Math.round((width * height) / archive.cells / 2));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    ...(options.title === undefined ? {} : { title: options.title }),
    width,
    height,
    background: 'white',
    config: { axis: { grid: false }, view: { fill: '#f4f4f4' } },
    data: { values },
    // aria: false keeps thousands of per-cell ARIA labels out of rendered SVGs.
    mark: grid ? { type: 'rect', aria: false } : { type: 'circle', size, opacity: 1, aria: false },
    encoding,
  };
}
