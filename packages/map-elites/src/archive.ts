/**
 * Archives of elites: the grid of MAP-Elites (Mouret and Clune 2015) and the centroidal Voronoi
 * tessellation of CVT-MAP-Elites (Vassiliades et al. 2018). Both store a structure of arrays over
 * `C` cells (occupancy, objective, measures, solution) plus the list of occupied cells in
 * insertion order, which makes uniform parent sampling O(1). Insertion follows pyribs's
 * `add_mode="batch"`: per cell the best row of the batch (earliest on ties) replaces the elite iff
 * its objective is strictly higher, and every row's status is relative to the archive before the
 * batch.
 */
import { checker, MAX_ELEMENTS, type Rng, toMat } from '@optkit/core';
import { KdTree, kMeansCentroids, nearestBrute, parseRanges } from './cvt.js';
import type { AddInfo, ArchiveJSON, ArchiveStats, Batch, BatchInput, Elite } from './types.js';

const PKG = 'map-elites';
const check = checker(PKG);

/** How `add` inserts a batch: pyribs's `"batch"` (default) or row by row (`"single"`). */
export type AddMode = 'batch' | 'single';

/** Options shared by both archives. */
export interface ArchiveOptions {
  /** Length of a solution vector, an integer >= 1. */
  solutionDim: number;
  /** `[lo, hi]` per measure dimension, finite, lo < hi. */
  ranges: ArrayLike<readonly [number, number] | ArrayLike<number>>;
  /** Subtracted from every objective in the QD-score; default 0. Choose a lower bound of f. */
  qdScoreOffset?: number;
  /**
   * Measures outside the ranges: `"clamp"` (default) sends them to the nearest edge cell (grid)
   * or nearest centroid (CVT); `"discard"` leaves such rows out with status 0 and index -1.
   */
  outOfBounds?: 'clamp' | 'discard';
}

/** Options of {@link GridArchive}. */
export interface GridArchiveOptions extends ArchiveOptions {
  /** Cells per measure dimension, integers >= 1; same length as `ranges`. */
  dims: ArrayLike<number>;
  /** Added before truncation so that exact interior boundaries fall in the upper cell; 1e-6. */
  epsilon?: number;
}

/** Options of {@link CVTArchive}. */
export interface CVTArchiveOptions extends ArchiveOptions {
  /** Number of cells C, an integer >= 1. */
  cells: number;
  /** Given centroids (`cells x k`, row-major or as rows); skips k-means. */
  centroids?: Float64Array | ArrayLike<number>[];
  /** Uniform samples for k-means; default 100,000; must be >= cells. */
  samples?: number;
  /** Seed for the k-means samples and start; default 0. */
  seed?: number;
  /** Cap on Lloyd iterations; default 300. */
  maxIterations?: number;
  /** k-means tolerance relative to the sample variance; default 1e-4. */
  tolerance?: number;
}

/** The interface both archives implement; emitters and {@link MapElites} use only this. */
export interface Archive {
  readonly cells: number;
  readonly measureDim: number;
  readonly solutionDim: number;
  readonly qdScoreOffset: number;
  readonly numElites: number;
  indexOf(measures: BatchInput): Int32Array;
  add(
    solutions: BatchInput,
    objectives: ArrayLike<number>,
    measures: BatchInput,
    mode?: AddMode,
  ): AddInfo;
  stats(): ArchiveStats;
  eliteCell(k: number): number;
  readonly solutionData: Float64Array;
  toJSON(): ArchiveJSON;
}

/**
 * A validated batch argument (finite values, `cols` columns, `rows` rows when given), not copied
 * when it already is a dense `Mat`. An empty array is an empty batch of the expected width.
 */
export function batchArg(argument: string, value: BatchInput, cols: number, rows?: number): Batch {
  if (Array.isArray(value) && value.length === 0 && (rows === undefined || rows === 0)) {
    return { rows: 0, cols, stride: cols, offset: 0, data: new Float64Array(0) };
  }
  return toMat(PKG, argument, value, { rows, cols, copy: false });
}

/** A validated vector argument of `length` finite values, not copied when it is a Float64Array. */
export function vectorArg(argument: string, value: ArrayLike<number>, length: number) {
  return check.vector(argument, value, { length, copy: false });
}

/** Storage and insertion shared by the grid and the CVT archive. */
abstract class ArchiveBase implements Archive {
  /** Number of cells C. */
  readonly cells: number;
  /** Number of measures k. */
  readonly measureDim: number;
  /** Solution length n. */
  readonly solutionDim: number;
  readonly qdScoreOffset: number;
  readonly outOfBounds: 'clamp' | 'discard';
  /**
   * `outOfBounds === "discard"`, read by `cellsOf`.
   *
   * @internal
   */
  protected readonly discard: boolean;
  /** `[lo, hi]` per measure. */
  readonly ranges: [number, number][];
  protected readonly lo: Float64Array;
  protected readonly hi: Float64Array;

  /** 1 where a cell holds an elite (read-only view). */
  readonly occupiedData: Uint8Array;
  /** Elite objective per cell, -Infinity when empty (read-only view). */
  readonly objectiveData: Float64Array;
  /** Elite measures, `C x k` row-major (read-only view). */
  readonly measureData: Float64Array;
  /** Elite solutions, `C x n` row-major (read-only view). */
  readonly solutionData: Float64Array;

  private list: Int32Array;
  private count = 0;
  private stamp: Int32Array;
  private winner: Int32Array;
  private epoch = 0;
  private touched = new Int32Array(64);

  protected constructor(options: ArchiveOptions, cells: number) {
    const n = check.integer('solutionDim', options.solutionDim, { min: 1 });
    const { lo, hi, list } = parseRanges('ranges', options.ranges);
    this.cells = cells;
    this.measureDim = lo.length;
    this.solutionDim = n;
    this.lo = lo;
    this.hi = hi;
    this.ranges = list;
    this.qdScoreOffset = check.number('qdScoreOffset', options.qdScoreOffset ?? 0);
    this.outOfBounds = check.oneOf('outOfBounds', options.outOfBounds ?? 'clamp', [
      'clamp',
      'discard',
    ]);
    this.discard = this.outOfBounds === 'discard';
    if (cells * n > MAX_ELEMENTS) {
      const mb = Math.round((cells * n * 8) / 2 ** 20);
      throw check.rangeErrorText(
        'cells * solutionDim',
        `at most ${MAX_ELEMENTS} (solution storage of 2 GiB)`,
        `${cells} x ${n} (${mb} MiB)`,
      );
    }
    this.occupiedData = new Uint8Array(cells);
    this.objectiveData = new Float64Array(cells).fill(-Infinity);
    this.measureData = new Float64Array(cells * this.measureDim);
    this.solutionData = new Float64Array(cells * n);
    this.list = new Int32Array(Math.min(cells, 1024));
    this.stamp = new Int32Array(cells);
    this.winner = new Int32Array(cells);
  }

  /**
   * Writes the cell of every row of `m` into `out[0 .. m.rows)`, -1 for a row discarded by
   * `outOfBounds: "discard"`. Inputs are finite. One call per batch keeps the per-row work in
   * one monomorphic loop.
   */
  protected abstract cellsOf(m: Batch, out: Int32Array): void;

  /** Number of occupied cells. */
  get numElites(): number {
    return this.count;
  }

  /**
   * The k-th occupied cell in insertion order, for `0 <= k < numElites` (not checked).
   *
   * @param k - position in the insertion order.
   * @returns the cell index.
   */
  eliteCell(k: number): number {
    return this.list[k];
  }

  /**
   * Cell index of each row of measures.
   *
   * @param measures - `rows x measureDim`, finite.
   * @returns one cell index per row; -1 for rows outside the ranges under `"discard"`.
   * @throws RangeError for a wrong width or a non-finite value.
   */
  indexOf(measures: BatchInput): Int32Array {
    const m = batchArg('measures', measures, this.measureDim);
    const out = new Int32Array(m.rows);
    this.cellsOf(m, out);
    return out;
  }

  /**
   * Inserts a batch. Per cell, the row with the highest objective (the earliest on ties)
   * replaces the elite iff its objective is strictly higher. Statuses are relative to the
   * archive before the batch, so two rows landing in the same empty cell both get status 2.
   * With `mode = "single"` rows are inserted one after another (same final archive, statuses
   * relative to the archive at each row).
   *
   * @param solutions - `rows x solutionDim`, finite.
   * @param objectives - `rows` finite values.
   * @param measures - `rows x measureDim`, finite.
   * @param mode - `"batch"` (default) or `"single"`.
   * @returns status, value and cell index per row (see {@link AddInfo}).
   * @throws RangeError / TypeError for wrong shapes or non-finite values; the archive is then
   *   unchanged.
   */
  add(
    solutions: BatchInput,
    objectives: ArrayLike<number>,
    measures: BatchInput,
    mode: AddMode = 'batch',
  ): AddInfo {
    const s = batchArg('solutions', solutions, this.solutionDim);
    const f = vectorArg('objectives', objectives, s.rows);
    const m = batchArg('measures', measures, this.measureDim, s.rows);
    check.oneOf('mode', mode, ['batch', 'single']);
    return this.addChecked(s, f, m, mode);
  }

  /**
   * `add` without validation, for callers that validated already.
   *
   * @internal
   */
  addChecked(s: Batch, f: Float64Array, m: Batch, mode: AddMode): AddInfo {
    const B = s.rows;
    const index = new Int32Array(B);
    this.cellsOf(m, index);
    const status = new Int8Array(B);
    const value = new Float64Array(B);
    const obj = this.objectiveData;
    if (mode === 'single') {
      for (let i = 0; i < B; i++) {
        const c = index[i];
        if (c < 0) continue;
        if (this.occupiedData[c] === 0) {
          status[i] = 2;
          value[i] = f[i];
          this.write(c, s, m, f, i);
        } else {
          const d = f[i] - obj[c];
          value[i] = d;
          if (d > 0) {
            status[i] = 1;
            this.write(c, s, m, f, i);
          }
        }
      }
      return { status, value, index };
    }

    // 1. One pass over the rows: the cell, the status against the archive before the batch,
    //    and per cell the winning candidate. Only rows strictly above the cell's elite (every
    //    row of an empty cell, which holds -Infinity) are candidates; among them the highest
    //    objective wins, the earliest on ties.
    if (++this.epoch === 0x7fffffff) {
      this.stamp.fill(0);
      this.epoch = 1;
    }
    const epoch = this.epoch;
    if (this.touched.length < B) this.touched = new Int32Array(B);
    const touched = this.touched;
    const stamp = this.stamp;
    const winner = this.winner;
    const occupied = this.occupiedData;
    let nt = 0;
    for (let i = 0; i < B; i++) {
      const c = index[i];
      if (c < 0) continue;
      const fi = f[i];
      if (occupied[c] === 0) {
        status[i] = 2;
        value[i] = fi;
      } else {
        const d = fi - obj[c];
        value[i] = d;
        if (d > 0) status[i] = 1;
        else continue;
      }
      if (stamp[c] !== epoch) {
        stamp[c] = epoch;
        winner[c] = i;
        touched[nt++] = c;
      } else if (fi > f[winner[c]]) {
        winner[c] = i;
      }
    }

    // 2. Each winner replaces its cell's elite.
    for (let t = 0; t < nt; t++) {
      const c = touched[t];
      this.write(c, s, m, f, winner[c]);
    }
    return { status, value, index };
  }

  private write(c: number, s: Batch, m: Batch, f: Float64Array, i: number): void {
    if (this.occupiedData[c] === 0) {
      this.occupiedData[c] = 1;
      if (this.count === this.list.length) {
        const grown = new Int32Array(Math.min(this.cells, 2 * this.list.length));
        grown.set(this.list);
        this.list = grown;
      }
      this.list[this.count++] = c;
    }
    this.objectiveData[c] = f[i];
    const n = this.solutionDim;
    const k = this.measureDim;
    const sd = s.data;
    const md = m.data;
    const sol = this.solutionData;
    const mea = this.measureData;
    const so = s.offset + i * s.stride;
    sol.set(sd.subarray(so, so + n), c * n);
    const mo = m.offset + i * m.stride - c * k;
    for (let j = c * k; j < c * k + k; j++) mea[j] = md[mo + j];
  }

  /**
   * Inserts every elite of another archive with the same solution and measure dimensions (for
   * comparing tessellations), as one batch in the other archive's insertion order.
   *
   * @param other - the source archive; not modified.
   * @returns the insertion result, one row per elite of `other`.
   * @throws TypeError when `other` is not an archive; RangeError when the dimensions differ.
   */
  addAll(other: AnyArchive): AddInfo {
    if (!(other instanceof ArchiveBase)) {
      throw check.typeError('other', 'a GridArchive or CVTArchive', other);
    }
    if (other.solutionDim !== this.solutionDim || other.measureDim !== this.measureDim) {
      throw check.rangeErrorText(
        'other',
        `an archive with solutionDim ${this.solutionDim} and measureDim ${this.measureDim}`,
        `solutionDim ${other.solutionDim} and measureDim ${other.measureDim}`,
      );
    }
    const e = other.numElites;
    const n = this.solutionDim;
    const k = this.measureDim;
    const s = new Float64Array(e * n);
    const m = new Float64Array(e * k);
    const f = new Float64Array(e);
    for (let t = 0; t < e; t++) {
      const c = other.eliteCell(t);
      s.set(other.solutionData.subarray(c * n, c * n + n), t * n);
      m.set(other.measureData.subarray(c * k, c * k + k), t * k);
      f[t] = other.objectiveData[c];
    }
    const mk = (data: Float64Array, cols: number): Batch => ({
      rows: e,
      cols,
      stride: cols,
      offset: 0,
      data,
    });
    return this.addChecked(mk(s, n), f, mk(m, k), 'batch');
  }

  /**
   * Summary metrics, computed from the elites in insertion order.
   *
   * @returns numElites, cells, coverage, qdScore (objectives minus `qdScoreOffset`, summed),
   *   normQdScore, objMax and objMean (`null` when empty).
   */
  stats(): ArchiveStats {
    const e = this.count;
    let sum = 0;
    let max = -Infinity;
    for (let t = 0; t < e; t++) {
      const v = this.objectiveData[this.list[t]];
      sum += v;
      if (v > max) max = v;
    }
    const qd = sum - e * this.qdScoreOffset;
    return {
      numElites: e,
      cells: this.cells,
      coverage: e / this.cells,
      qdScore: qd,
      normQdScore: qd / this.cells,
      objMax: e === 0 ? null : max,
      objMean: e === 0 ? null : sum / e,
    };
  }

  /**
   * The elite of one cell.
   *
   * @param index - cell index in [0, cells).
   * @returns a copy of the elite, or `null` for an empty cell.
   * @throws RangeError for an index outside [0, cells).
   */
  elite(index: number): Elite | null {
    check.integer('index', index, { min: 0, max: this.cells - 1 });
    if (this.occupiedData[index] === 0) return null;
    const n = this.solutionDim;
    const k = this.measureDim;
    return {
      index,
      solution: this.solutionData.slice(index * n, index * n + n),
      objective: this.objectiveData[index],
      measures: this.measureData.slice(index * k, index * k + k),
    };
  }

  /** Every elite (copies), in insertion order of their cells. */
  elites(): Elite[] {
    const out: Elite[] = [];
    for (let t = 0; t < this.count; t++) out.push(this.elite(this.list[t]) as Elite);
    return out;
  }

  /** The elite with the highest objective (the first occupied on ties), or `null` if empty. */
  bestElite(): Elite | null {
    let best = -1;
    for (let t = 0; t < this.count; t++) {
      const c = this.list[t];
      if (best < 0 || this.objectiveData[c] > this.objectiveData[best]) best = c;
    }
    return best < 0 ? null : this.elite(best);
  }

  /**
   * The elites in the cells of the given measures.
   *
   * @param measures - `rows x measureDim`, finite.
   * @returns per row: `occupied` (0/1), the cell `index`, `objectives` (NaN where empty) and
   *   `solutions` (`rows x solutionDim`, NaN rows where empty).
   * @throws RangeError for a wrong width or a non-finite value.
   */
  retrieve(measures: BatchInput): {
    occupied: Uint8Array;
    index: Int32Array;
    objectives: Float64Array;
    solutions: Batch;
  } {
    const index = this.indexOf(measures);
    const r = index.length;
    const n = this.solutionDim;
    const occupied = new Uint8Array(r);
    const objectives = new Float64Array(r).fill(Number.NaN);
    const data = new Float64Array(r * n).fill(Number.NaN);
    for (let i = 0; i < r; i++) {
      const c = index[i];
      if (c < 0 || this.occupiedData[c] === 0) continue;
      occupied[i] = 1;
      objectives[i] = this.objectiveData[c];
      data.set(this.solutionData.subarray(c * n, c * n + n), i * n);
    }
    return {
      occupied,
      index,
      objectives,
      solutions: { rows: r, cols: n, stride: n, offset: 0, data },
    };
  }

  /**
   * Solutions of `count` elites drawn uniformly with replacement.
   *
   * @param count - number of rows, an integer >= 0.
   * @param rng - core's `Rng`, advanced by `count` draws.
   * @returns a `count x solutionDim` batch.
   * @throws RangeError when the archive is empty and `count > 0`.
   */
  sampleElites(count: number, rng: Rng): Batch {
    check.integer('count', count, { min: 0 });
    if (count > 0 && this.count === 0) {
      throw check.rangeErrorText('archive', 'non-empty to sample elites', 'an empty archive');
    }
    const n = this.solutionDim;
    const data = new Float64Array(count * n);
    for (let i = 0; i < count; i++) {
      const c = this.list[rng.int(this.count)];
      data.set(this.solutionData.subarray(c * n, c * n + n), i * n);
    }
    return { rows: count, cols: n, stride: n, offset: 0, data };
  }

  /** Removes every elite. */
  clear(): void {
    for (let t = 0; t < this.count; t++) {
      const c = this.list[t];
      this.occupiedData[c] = 0;
      this.objectiveData[c] = -Infinity;
    }
    this.count = 0;
  }

  /** Occupied cells, objectives, measures and solutions as plain JSON. */
  protected baseJSON(): Omit<ArchiveJSON, 'kind'> {
    const e = this.count;
    const n = this.solutionDim;
    const k = this.measureDim;
    const occupied: number[] = [];
    const objectives: number[] = [];
    const measures: number[] = [];
    const solutions: number[] = [];
    for (let t = 0; t < e; t++) {
      const c = this.list[t];
      occupied.push(c);
      objectives.push(this.objectiveData[c]);
      for (let j = 0; j < k; j++) measures.push(this.measureData[c * k + j]);
      for (let j = 0; j < n; j++) solutions.push(this.solutionData[c * n + j]);
    }
    return {
      version: 1,
      solutionDim: n,
      ranges: this.ranges.map(([a, b]) => [a, b]),
      qdScoreOffset: this.qdScoreOffset,
      outOfBounds: this.outOfBounds,
      occupied,
      objectives,
      measures,
      solutions,
    };
  }

  /** Restores the elites of a JSON state (validated) in their insertion order. */
  protected loadElites(json: ArchiveJSON): void {
    const e = Array.isArray(json.occupied) ? json.occupied.length : -1;
    if (e < 0) throw check.typeError('json.occupied', 'an array of cell indices', json.occupied);
    const n = this.solutionDim;
    const k = this.measureDim;
    const f = check.vector('json.objectives', json.objectives, { length: e });
    const m = check.vector('json.measures', json.measures, { length: e * k });
    const s = check.vector('json.solutions', json.solutions, { length: e * n });
    for (let t = 0; t < e; t++) {
      const c = check.integer(`json.occupied[${t}]`, json.occupied[t], {
        min: 0,
        max: this.cells - 1,
      });
      if (this.occupiedData[c] !== 0) {
        throw check.rangeError('json.occupied', 'free of duplicates', c);
      }
      this.write(
        c,
        { rows: e, cols: n, stride: n, offset: 0, data: s },
        { rows: e, cols: k, stride: k, offset: 0, data: m },
        f,
        t,
      );
    }
  }

  abstract toJSON(): ArchiveJSON;
}

/**
 * The MAP-Elites grid archive: `dims[j]` equal cells per measure over `ranges[j]`, flat index in
 * row-major order. The cell of a measure `m_j` is
 * `trunc((dims_j * (m_j - lo_j) + epsilon) / (hi_j - lo_j))` clamped into `[0, dims_j - 1]`
 * (pyribs's `GridArchive` rule).
 *
 * @example
 * ```ts
 * const archive = new GridArchive({ solutionDim: 2, dims: [10, 10], ranges: [[-1, 1], [-1, 1]] });
 * archive.add([[0.1, 0.2]], [3], [[0.5, -0.5]]).status; // Int8Array [2]
 * archive.stats().qdScore; // 3
 * ```
 */
export class GridArchive extends ArchiveBase {
  /** Cells per measure dimension. */
  readonly dims: number[];
  readonly epsilon: number;
  private readonly dimsArr: Float64Array;
  private readonly widths: Float64Array;

  /**
   * @param options - see {@link GridArchiveOptions}.
   * @throws RangeError for non-integer or < 1 dims, a length mismatch with ranges, lo >= hi,
   *   non-finite bounds, solutionDim < 1, epsilon < 0 or a non-finite qdScoreOffset.
   */
  constructor(options: GridArchiveOptions) {
    if (typeof options !== 'object' || options === null) {
      throw check.typeError('options', 'an object', options);
    }
    const dimsIn = options.dims as unknown;
    if (!Array.isArray(dimsIn) && !ArrayBuffer.isView(dimsIn)) {
      throw check.typeError('dims', 'an array of integers', dimsIn);
    }
    const dims = Array.from(dimsIn as ArrayLike<number>);
    if (dims.length < 1) throw check.rangeErrorText('dims', 'non-empty', 'an empty array');
    let cells = 1;
    dims.forEach((d, j) => {
      cells *= check.integer(`dims[${j}]`, d, { min: 1 });
    });
    const nRanges = Array.isArray(options.ranges) ? options.ranges.length : -1;
    if (nRanges >= 0 && nRanges !== dims.length) {
      throw check.rangeErrorText(
        'ranges',
        `of length dims.length = ${dims.length}`,
        `length ${nRanges}`,
      );
    }
    super(options, cells);
    this.dims = dims;
    this.epsilon = check.number('epsilon', options.epsilon ?? 1e-6, { min: 0 });
    this.dimsArr = Float64Array.from(dims);
    this.widths = new Float64Array(dims.length);
    for (let j = 0; j < dims.length; j++) this.widths[j] = this.hi[j] - this.lo[j];
  }

  protected cellsOf(m: Batch, out: Int32Array): void {
    const rows = m.rows;
    const stride = m.stride;
    const x = m.data;
    const eps = this.epsilon;
    if (this.measureDim === 2 && !this.discard) {
      // The common 2-D case with the constants in locals; the same arithmetic as below.
      const lo0 = this.lo[0];
      const lo1 = this.lo[1];
      const w0 = this.widths[0];
      const w1 = this.widths[1];
      const d0 = this.dimsArr[0];
      const d1 = this.dimsArr[1];
      for (let i = 0, o = m.offset; i < rows; i++, o += stride) {
        let g0 = Math.trunc((d0 * (x[o] - lo0) + eps) / w0);
        let g1 = Math.trunc((d1 * (x[o + 1] - lo1) + eps) / w1);
        if (g0 < 0) g0 = 0;
        else if (g0 > d0 - 1) g0 = d0 - 1;
        if (g1 < 0) g1 = 0;
        else if (g1 > d1 - 1) g1 = d1 - 1;
        out[i] = g0 * d1 + g1;
      }
      return;
    }
    const k = this.measureDim;
    const lo = this.lo;
    const hi = this.hi;
    const dims = this.dimsArr;
    const widths = this.widths;
    const discard = this.discard;
    for (let i = 0, o = m.offset; i < rows; i++, o += stride) {
      let idx = 0;
      for (let j = 0; j < k; j++) {
        const v = x[o + j];
        const d = dims[j];
        if (discard && (v < lo[j] || v > hi[j])) {
          idx = -1;
          break;
        }
        let g = Math.trunc((d * (v - lo[j]) + eps) / widths[j]);
        if (g < 0) g = 0;
        else if (g > d - 1) g = d - 1;
        idx = idx * d + g;
      }
      out[i] = idx;
    }
  }

  /**
   * The grid coordinates of a flat cell index.
   *
   * @param index - flat index in [0, cells).
   * @returns one integer per measure dimension.
   * @throws RangeError for an index outside [0, cells).
   */
  gridIndex(index: number): number[] {
    check.integer('index', index, { min: 0, max: this.cells - 1 });
    const out = new Array<number>(this.dims.length);
    for (let j = this.dims.length - 1; j >= 0; j--) {
      out[j] = index % this.dims[j];
      index = Math.floor(index / this.dims[j]);
    }
    return out;
  }

  /**
   * The elite objectives of a 2-D grid as a matrix: `values[i0 * dims[1] + i1]` (the flat cell
   * index) holds the objective of cell (i0, i1), NaN where empty; i0 runs along measure 0.
   *
   * @returns `nx = dims[0]`, `ny = dims[1]` and the values.
   * @throws RangeError for a grid that is not 2-D.
   */
  heatmap(): { nx: number; ny: number; values: Float64Array } {
    if (this.dims.length !== 2) {
      throw check.rangeErrorText('archive', 'a 2-D grid for a heatmap', `${this.dims.length}-D`);
    }
    const values = new Float64Array(this.cells).fill(Number.NaN);
    for (let t = 0; t < this.numElites; t++) {
      const c = this.eliteCell(t);
      values[c] = this.objectiveData[c];
    }
    return { nx: this.dims[0], ny: this.dims[1], values };
  }

  /** Plain-JSON state (see {@link ArchiveJSON}); restore with {@link GridArchive.fromJSON}. */
  toJSON(): ArchiveJSON {
    return { kind: 'grid', dims: [...this.dims], epsilon: this.epsilon, ...this.baseJSON() };
  }

  /**
   * A grid archive restored from {@link GridArchive.toJSON}, with the same insertion order.
   *
   * @param json - the saved state.
   * @returns the archive.
   * @throws TypeError / RangeError for a malformed state.
   */
  static fromJSON(json: ArchiveJSON): GridArchive {
    if (typeof json !== 'object' || json === null || json.kind !== 'grid') {
      throw check.typeError('json', 'a grid archive state ({ kind: "grid", ... })', json);
    }
    const archive = new GridArchive({
      solutionDim: json.solutionDim,
      dims: json.dims ?? [],
      ranges: json.ranges,
      epsilon: json.epsilon,
      qdScoreOffset: json.qdScoreOffset,
      outOfBounds: json.outOfBounds,
    });
    archive.loadElites(json);
    return archive;
  }
}

/**
 * The CVT-MAP-Elites archive: `cells` centroids in the measure box (from k-means on uniform
 * samples, or given), a measure vector belongs to its nearest centroid (ties to the lower
 * index), found with a k-d tree.
 *
 * @example
 * ```ts
 * const archive = new CVTArchive({ solutionDim: 3, cells: 100, ranges: [[0, 1], [0, 1]],
 *   samples: 10_000 });
 * archive.indexOf([[0.5, 0.5]]); // Int32Array [the nearest centroid]
 * ```
 */
export class CVTArchive extends ArchiveBase {
  /** Row-major `cells x measureDim` centroids (read-only view). */
  readonly centroids: Float64Array;
  /** Lloyd iterations used to build the centroids (0 when they were given). */
  readonly kMeansIterations: number;
  /** Warnings raised while building, e.g. duplicate centroids. */
  readonly warnings: string[] = [];
  private readonly tree: KdTree;

  /**
   * @param options - see {@link CVTArchiveOptions}.
   * @throws RangeError for cells < 1, samples < cells, centroids of the wrong shape or
   *   non-finite, and the errors of the shared options.
   */
  constructor(options: CVTArchiveOptions) {
    if (typeof options !== 'object' || options === null) {
      throw check.typeError('options', 'an object', options);
    }
    const C = check.integer('cells', options.cells, { min: 1 });
    super(options, C);
    const k = this.measureDim;
    let iterations = 0;
    let centroids: Float64Array;
    if (options.centroids !== undefined) {
      if (options.centroids instanceof Float64Array) {
        centroids = check.vector('centroids', options.centroids, { length: C * k });
      } else {
        const c = toMat(PKG, 'centroids', options.centroids, { rows: C, cols: k });
        centroids = c.data;
      }
      const seen = new Set<string>();
      for (let c = 0; c < C; c++) {
        const key = Array.from(centroids.subarray(c * k, c * k + k)).join(',');
        if (seen.has(key)) {
          this.warnings.push(`centroid ${c} duplicates an earlier centroid; its cell stays empty`);
        }
        seen.add(key);
      }
    } else {
      const r = kMeansCentroids({
        cells: C,
        ranges: this.ranges,
        samples: options.samples,
        seed: options.seed,
        maxIterations: options.maxIterations,
        tolerance: options.tolerance,
      });
      centroids = r.centroids;
      iterations = r.iterations;
      if (!r.converged) {
        this.warnings.push(`k-means stopped at the cap of ${r.iterations} iterations`);
      }
    }
    this.centroids = centroids;
    this.kMeansIterations = iterations;
    this.tree = new KdTree(centroids, k);
  }

  protected cellsOf(m: Batch, out: Int32Array): void {
    const k = this.measureDim;
    const x = m.data;
    const tree = this.tree;
    for (let i = 0, o = m.offset; i < m.rows; i++, o += m.stride) {
      let inside = true;
      if (this.discard) {
        for (let j = 0; j < k; j++) {
          const v = x[o + j];
          if (v < this.lo[j] || v > this.hi[j]) inside = false;
        }
      }
      out[i] = inside ? tree.nearest(x, o) : -1;
    }
  }

  /**
   * Nearest centroid by a linear scan, the reference the k-d tree must agree with.
   *
   * @param measures - `rows x measureDim`, finite.
   * @returns the nearest centroid per row (ties to the lower index; no discarding).
   */
  indexOfBruteForce(measures: BatchInput): Int32Array {
    const m = batchArg('measures', measures, this.measureDim);
    const out = new Int32Array(m.rows);
    for (let i = 0; i < m.rows; i++) {
      out[i] = nearestBrute(this.centroids, this.measureDim, m.data, m.offset + i * m.stride);
    }
    return out;
  }

  /** Plain-JSON state including the centroids; restore with {@link CVTArchive.fromJSON}. */
  toJSON(): ArchiveJSON {
    return { kind: 'cvt', centroids: Array.from(this.centroids), ...this.baseJSON() };
  }

  /**
   * A CVT archive restored from {@link CVTArchive.toJSON}.
   *
   * @param json - the saved state.
   * @returns the archive, with the saved centroids and insertion order.
   * @throws TypeError / RangeError for a malformed state.
   */
  static fromJSON(json: ArchiveJSON): CVTArchive {
    if (typeof json !== 'object' || json === null || json.kind !== 'cvt') {
      throw check.typeError('json', 'a CVT archive state ({ kind: "cvt", ... })', json);
    }
    const k = Array.isArray(json.ranges) ? json.ranges.length : 1;
    const centroids = check.vector('json.centroids', json.centroids);
    const archive = new CVTArchive({
      solutionDim: json.solutionDim,
      cells: centroids.length / k,
      centroids,
      ranges: json.ranges,
      qdScoreOffset: json.qdScoreOffset,
      outOfBounds: json.outOfBounds,
    });
    archive.loadElites(json);
    return archive;
  }
}

/** Any archive of this package. */
export type AnyArchive = GridArchive | CVTArchive;

/**
 * Restores a grid or CVT archive from its JSON state.
 *
 * @param json - from `archive.toJSON()`.
 * @returns the archive.
 * @throws TypeError / RangeError for a malformed state.
 * @example
 * ```ts
 * const saved = JSON.stringify(archive.toJSON());
 * const restored = archiveFromJSON(JSON.parse(saved)); // same elites, same insertion order
 * ```
 */
export function archiveFromJSON(json: ArchiveJSON): AnyArchive {
  if (typeof json === 'object' && json !== null && json.kind === 'cvt') {
    return CVTArchive.fromJSON(json);
  }
  return GridArchive.fromJSON(json);
}
