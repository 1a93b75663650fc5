import type { ArchiveJSON, CVTArchive, GridArchive } from '../src/index.js';

/** Standard normal CDF (Abramowitz and Stegun 7.1.26, error below 1.5e-7). */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}

/** One-sample Kolmogorov-Smirnov statistic against N(0, 1). */
export function ksNormal(sample: ArrayLike<number>): number {
  const s = Float64Array.from(sample).sort();
  const n = s.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = normalCdf(s[i]);
    d = Math.max(d, Math.abs(f - i / n), Math.abs((i + 1) / n - f));
  }
  return d;
}

/** Two-sample Kolmogorov-Smirnov statistic. */
export function ksTwo(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const x = Float64Array.from(a).sort();
  const y = Float64Array.from(b).sort();
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < x.length && j < y.length) {
    const v = Math.min(x[i], y[j]);
    while (i < x.length && x[i] === v) i++;
    while (j < y.length && y[j] === v) j++;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  return d;
}

/**
 * Checks every structural invariant of an archive: the occupied list matches the occupancy
 * flags, each elite's stored measures map back to its cell, empty cells hold -Infinity, and the
 * stats agree with a direct recomputation.
 */
export function checkArchive(archive: GridArchive | CVTArchive): void {
  const seen = new Set<number>();
  for (let t = 0; t < archive.numElites; t++) {
    const c = archive.eliteCell(t);
    if (seen.has(c)) throw new Error(`cell ${c} listed twice`);
    seen.add(c);
    if (archive.occupiedData[c] !== 1) throw new Error(`listed cell ${c} not occupied`);
    const k = archive.measureDim;
    const m = [Array.from(archive.measureData.subarray(c * k, c * k + k))];
    const back = archive.indexOf(m)[0];
    if (back !== c) throw new Error(`elite of cell ${c} has measures in cell ${back}`);
    if (!Number.isFinite(archive.objectiveData[c])) throw new Error(`cell ${c} objective`);
  }
  let sum = 0;
  let max = -Infinity;
  for (let c = 0; c < archive.cells; c++) {
    if (archive.occupiedData[c] === 0) {
      if (seen.has(c)) throw new Error('flag mismatch');
      if (archive.objectiveData[c] !== -Infinity) throw new Error(`empty cell ${c} objective`);
    } else {
      if (!seen.has(c)) throw new Error(`occupied cell ${c} not listed`);
      sum += archive.objectiveData[c];
      max = Math.max(max, archive.objectiveData[c]);
    }
  }
  const s = archive.stats();
  const e = seen.size;
  if (s.numElites !== e) throw new Error('numElites');
  if (Math.abs(s.qdScore - (sum - e * archive.qdScoreOffset)) > 1e-9 * (1 + Math.abs(sum))) {
    throw new Error('qdScore');
  }
  if (e > 0 && s.objMax !== max) throw new Error('objMax');
  if (e === 0 && (s.objMax !== null || s.objMean !== null)) throw new Error('empty stats');
}

/** A deep copy of the archive's state, for before/after comparisons. */
export function snapshot(archive: GridArchive | CVTArchive): ArchiveJSON {
  return JSON.parse(JSON.stringify(archive.toJSON()));
}
