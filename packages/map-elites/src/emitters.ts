/**
 * Emitters make the offspring of each iteration from the archive's elites.
 *
 * - Gaussian mutation (pyribs `GaussianEmitter`): `x' = x + sigma * N(0, I)`, parent `x` drawn
 *   uniformly with replacement from the occupied cells.
 * - Iso+LineDD (Vassiliades and Mouret 2018, eq. 1):
 *   `x' = x_i + sigma_iso * N(0, I) + sigma_line * (x_j - x_i) * N(0, 1)`, with two independent
 *   uniform parents and one scalar normal shared by all coordinates of the line term.
 *
 * While the archive is empty an emitter returns its initial solutions: `initialSolutions` if
 * given, else `batchSize` draws of `x0 + sigma * N(0, I)` when `x0` is given or there are no
 * bounds (x0 defaults to zeros), else uniform draws in the bounds. Offspring are clipped to the
 * bounds when bounds are given. Draw order per offspring (part of the reproducibility promise):
 * parent index (Iso+LineDD: i then j), then the n coordinates' normals, then the line normal.
 */
import { checker, toMat } from '@optkit/core';
import type { Archive } from './archive.js';
import { Stream, type StreamState } from './random.js';
import type { AddInfo, Batch, BatchInput } from './types.js';

const PKG = 'map-elites';
const check = checker(PKG);

/** What an emitter must provide to plug into {@link MapElites}. */
export interface Emitter {
  /** Rows returned by the next `ask()` (the initial batch may differ: see initialSolutions). */
  readonly batchSize: number;
  /** New candidate solutions, `rows x solutionDim`. */
  ask(): Batch;
  /** The evaluated candidates of the last ask and their insertion result. */
  tell(solutions: Batch, objectives: Float64Array, measures: Batch, info: AddInfo): void;
  /** Plain-JSON state for checkpoints (built-in emitters only). */
  toJSON?(): EmitterJSON;
}

/** Options shared by both built-in emitters. */
export interface EmitterOptions {
  /** Rows per `ask()`, an integer >= 1; default 64 (pyribs). */
  batchSize?: number;
  /** Center of the initial Gaussian batch; default zeros when there are no bounds. */
  x0?: ArrayLike<number>;
  /** Returned by `ask()` while the archive is empty (each row of length solutionDim). */
  initialSolutions?: BatchInput;
  /** `[lo, hi]` per solution coordinate, lo <= hi; offspring are clipped into them. */
  bounds?: ArrayLike<readonly [number, number] | ArrayLike<number>>;
  /** Seed of the emitter's random stream; default 0. Give each emitter its own seed. */
  seed?: number;
}

/** Options of {@link GaussianEmitter}. */
export interface GaussianEmitterOptions extends EmitterOptions {
  /** Mutation scale, a positive number or one per coordinate (required, as in pyribs). */
  sigma: number | ArrayLike<number>;
}

/** Options of {@link IsoLineEmitter}. */
export interface IsoLineEmitterOptions extends EmitterOptions {
  /** Isotropic scale sigma_iso > 0; default 0.01 (for genotypes in [0, 1]). */
  isoSigma?: number;
  /** Line scale sigma_line >= 0; default 0.2. */
  lineSigma?: number;
}

/** Plain-JSON state of a built-in emitter. */
export interface EmitterJSON {
  kind: 'gaussian' | 'isoline';
  batchSize: number;
  sigma?: number | number[];
  isoSigma?: number;
  lineSigma?: number;
  x0: number[] | null;
  initialSolutions: { rows: number; cols: number; data: number[] } | null;
  bounds: [number, number][] | null;
  rng: StreamState;
}

/** Validated state shared by the built-in emitters. */
export abstract class EmitterBase implements Emitter {
  readonly batchSize: number;
  /** The archive the parents are drawn from. */
  readonly archive: Archive;
  protected readonly n: number;
  protected readonly x0: Float64Array | null;
  protected readonly initial: Batch | null;
  protected readonly lower: Float64Array | null;
  protected readonly upper: Float64Array | null;
  protected rng: Stream;
  /** Scratch row used by the initial Gaussian batch: x0 or zeros. */
  private readonly center: Float64Array;

  protected constructor(archive: Archive, options: EmitterOptions) {
    if (typeof archive !== 'object' || archive === null || typeof archive.add !== 'function') {
      throw check.typeError('archive', 'a GridArchive or CVTArchive', archive);
    }
    this.archive = archive;
    const n = archive.solutionDim;
    this.n = n;
    this.batchSize = check.integer('batchSize', options.batchSize ?? 64, { min: 1 });
    this.x0 = options.x0 === undefined ? null : check.vector('x0', options.x0, { length: n });
    this.initial =
      options.initialSolutions === undefined
        ? null
        : toMat(PKG, 'initialSolutions', options.initialSolutions, { cols: n });
    if (this.initial !== null && this.initial.rows < 1) {
      throw check.rangeErrorText('initialSolutions', 'at least one row', '0 rows');
    }
    if (options.bounds === undefined) {
      this.lower = null;
      this.upper = null;
    } else {
      const b = options.bounds as unknown;
      if (!Array.isArray(b)) throw check.typeError('bounds', 'an array of [lo, hi] pairs', b);
      if (b.length !== n) {
        throw check.rangeErrorText('bounds', `of length solutionDim = ${n}`, `length ${b.length}`);
      }
      this.lower = new Float64Array(n);
      this.upper = new Float64Array(n);
      for (let j = 0; j < n; j++) {
        const pair = b[j] as ArrayLike<unknown>;
        if (pair === null || typeof pair !== 'object' || pair.length !== 2) {
          throw check.typeError(`bounds[${j}]`, 'a [lo, hi] pair', pair);
        }
        this.lower[j] = check.number(`bounds[${j}][0]`, pair[0]);
        this.upper[j] = check.number(`bounds[${j}][1]`, pair[1]);
        if (this.lower[j] > this.upper[j]) {
          throw check.rangeErrorText(
            `bounds[${j}]`,
            'a pair with lo <= hi',
            `[${this.lower[j]}, ${this.upper[j]}]`,
          );
        }
      }
    }
    this.rng = new Stream(check.integer('seed', options.seed ?? 0, { min: 0 }));
    this.center = this.x0 ?? new Float64Array(n);
  }

  /** Writes `rows` offspring of elites into `out` from `offset`; the archive is not empty. */
  protected abstract mutate(out: Float64Array, offset: number, rows: number): void;

  /** Scale of the initial Gaussian batch. */
  protected abstract initialSigma(j: number): number;

  ask(): Batch {
    const rows = this.nextRows();
    const data = new Float64Array(rows * this.n);
    this.askInto(data, 0);
    return { rows, cols: this.n, stride: this.n, offset: 0, data };
  }

  /** Rows the next `ask()` returns. */
  nextRows(): number {
    return this.archive.numElites === 0 && this.initial !== null
      ? this.initial.rows
      : this.batchSize;
  }

  /**
   * Writes the next batch (`nextRows()` rows, row-major) into `out` from `offset` on, drawing
   * exactly what `ask()` would; used by `MapElites.run` to reuse one buffer.
   *
   * @param out - destination with room for `nextRows() * solutionDim` values from `offset`.
   * @param offset - start index in `out`.
   * @returns the number of rows written.
   */
  askInto(out: Float64Array, offset: number): number {
    const n = this.n;
    const rows = this.nextRows();
    if (this.archive.numElites === 0) {
      if (this.initial !== null) {
        const src = this.initial;
        for (let i = 0; i < rows; i++) {
          const o = src.offset + i * src.stride;
          out.set(src.data.subarray(o, o + n), offset + i * n);
        }
        return rows;
      }
      const uniform = this.x0 === null && this.lower !== null;
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < n; j++) {
          out[offset + i * n + j] = uniform
            ? this.lower![j] + (this.upper![j] - this.lower![j]) * this.rng.next()
            : this.center[j] + this.initialSigma(j) * this.rng.normal();
        }
      }
    } else {
      this.mutate(out, offset, rows);
    }
    this.clip(out, offset, rows);
    return rows;
  }

  /** The built-in emitters keep no state from the results. */
  tell(_solutions: Batch, _objectives: Float64Array, _measures: Batch, _info: AddInfo): void {}

  private clip(data: Float64Array, offset: number, rows: number): void {
    const lo = this.lower;
    const hi = this.upper;
    if (lo === null || hi === null) return;
    const n = this.n;
    for (let i = 0; i < rows; i++) {
      const o = offset + i * n;
      for (let j = 0; j < n; j++) {
        const v = data[o + j];
        if (v < lo[j]) data[o + j] = lo[j];
        else if (v > hi[j]) data[o + j] = hi[j];
      }
    }
  }

  protected baseJSON(): Omit<EmitterJSON, 'kind'> {
    const bounds: [number, number][] | null =
      this.lower === null || this.upper === null
        ? null
        : Array.from(this.lower, (l, j) => [l, this.upper![j]] as [number, number]);
    return {
      batchSize: this.batchSize,
      x0: this.x0 === null ? null : Array.from(this.x0),
      initialSolutions:
        this.initial === null
          ? null
          : {
              rows: this.initial.rows,
              cols: this.initial.cols,
              data: Array.from(this.initial.data),
            },
      bounds,
      rng: this.rng.toJSON(),
    };
  }

  /** Restores the random stream of a saved state (after construction from its options). */
  protected restoreRng(state: StreamState): void {
    if (typeof state !== 'object' || state === null || !Array.isArray(state.s)) {
      throw check.typeError('json.rng', 'a stream state { s: number[4] }', state);
    }
    this.rng = Stream.fromJSON(state);
  }

  protected static optionsFrom(json: EmitterJSON): EmitterOptions {
    return {
      batchSize: json.batchSize,
      x0: json.x0 ?? undefined,
      initialSolutions:
        json.initialSolutions === null
          ? undefined
          : {
              rows: json.initialSolutions.rows,
              cols: json.initialSolutions.cols,
              stride: json.initialSolutions.cols,
              offset: 0,
              data: Float64Array.from(json.initialSolutions.data),
            },
      bounds: json.bounds ?? undefined,
    };
  }
}

/**
 * Gaussian mutation of uniformly drawn elites, the mutation of the original MAP-Elites and of
 * pyribs's `map_elites` configuration.
 *
 * @example
 * ```ts
 * const archive = new GridArchive({ solutionDim: 10, dims: [20, 20], ranges: [[-1, 1], [-1, 1]] });
 * const emitter = new GaussianEmitter(archive, { sigma: 0.1, batchSize: 32, seed: 1 });
 * emitter.ask().rows; // 32
 * ```
 */
export class GaussianEmitter extends EmitterBase {
  private readonly sigma: number;
  private readonly sigmaVec: Float64Array | null;

  /**
   * @param archive - the archive whose elites are mutated.
   * @param options - see {@link GaussianEmitterOptions}.
   * @throws RangeError / TypeError for sigma <= 0 or non-finite, a per-coordinate sigma of the
   *   wrong length, batchSize < 1, x0 or initialSolutions of the wrong width, bounds with lo > hi.
   */
  constructor(archive: Archive, options: GaussianEmitterOptions) {
    if (typeof options !== 'object' || options === null) {
      throw check.typeError('options', 'an object with sigma', options);
    }
    super(archive, options);
    const s = options.sigma as unknown;
    if (typeof s === 'number') {
      this.sigma = check.positive('sigma', s);
      this.sigmaVec = null;
    } else {
      const v = check.vector('sigma', s, { length: this.n });
      for (let j = 0; j < v.length; j++) check.positive(`sigma[${j}]`, v[j]);
      this.sigma = Number.NaN;
      this.sigmaVec = v;
    }
  }

  protected initialSigma(j: number): number {
    return this.sigmaVec === null ? this.sigma : this.sigmaVec[j];
  }

  protected mutate(out: Float64Array, offset: number, rows: number): void {
    const n = this.n;
    const archive = this.archive;
    const sol = archive.solutionData;
    const e = archive.numElites;
    for (let i = 0; i < rows; i++) {
      const c = archive.eliteCell(this.rng.index(e));
      const o = offset + i * n;
      if (this.sigmaVec === null) this.rng.addNormal(out, o, sol, c * n, n, this.sigma);
      else this.rng.addNormalScaled(out, o, sol, c * n, n, this.sigmaVec);
    }
  }

  /** Plain-JSON state, including the random stream. */
  toJSON(): EmitterJSON {
    const sigma = this.sigmaVec === null ? this.sigma : Array.from(this.sigmaVec);
    return { kind: 'gaussian', sigma, ...this.baseJSON() };
  }

  /**
   * An emitter restored from {@link GaussianEmitter.toJSON}, continuing its random stream.
   *
   * @param archive - the archive it draws from (restored separately).
   * @param json - the saved state.
   * @returns the emitter.
   * @throws TypeError / RangeError for a malformed state.
   */
  static fromJSON(archive: Archive, json: EmitterJSON): GaussianEmitter {
    if (typeof json !== 'object' || json === null || json.kind !== 'gaussian') {
      throw check.typeError('json', 'a Gaussian emitter state ({ kind: "gaussian" })', json);
    }
    const e = new GaussianEmitter(archive, {
      ...EmitterBase.optionsFrom(json),
      sigma: json.sigma ?? Number.NaN,
    });
    e.restoreRng(json.rng);
    return e;
  }
}

/**
 * Iso+LineDD variation (Vassiliades and Mouret 2018): an isotropic Gaussian step plus a step
 * along the line to a second elite, whose length is one scalar normal.
 *
 * @example
 * ```ts
 * const archive = new GridArchive({ solutionDim: 10, dims: [20, 20], ranges: [[-1, 1], [-1, 1]] });
 * const emitter = new IsoLineEmitter(archive, { isoSigma: 0.1, lineSigma: 0.2, seed: 2 });
 * emitter.ask().rows; // 64
 * ```
 */
export class IsoLineEmitter extends EmitterBase {
  readonly isoSigma: number;
  readonly lineSigma: number;

  /**
   * @param archive - the archive whose elites are varied.
   * @param options - see {@link IsoLineEmitterOptions}.
   * @throws RangeError / TypeError for isoSigma <= 0, lineSigma < 0 or non-finite, and the
   *   shared option errors of {@link GaussianEmitter}.
   */
  constructor(archive: Archive, options: IsoLineEmitterOptions = {}) {
    if (typeof options !== 'object' || options === null) {
      throw check.typeError('options', 'an object', options);
    }
    super(archive, options);
    this.isoSigma = check.positive('isoSigma', options.isoSigma ?? 0.01);
    this.lineSigma = check.number('lineSigma', options.lineSigma ?? 0.2, { min: 0 });
  }

  protected initialSigma(): number {
    return this.isoSigma;
  }

  protected mutate(out: Float64Array, offset: number, rows: number): void {
    const n = this.n;
    const archive = this.archive;
    const sol = archive.solutionData;
    const e = archive.numElites;
    const rng = this.rng;
    for (let r = 0; r < rows; r++) {
      const ci = archive.eliteCell(rng.index(e)) * n;
      const cj = archive.eliteCell(rng.index(e)) * n;
      const o = offset + r * n;
      rng.addNormal(out, o, sol, ci, n, this.isoSigma);
      const g = this.lineSigma * rng.normal();
      for (let t = 0; t < n; t++) out[o + t] += g * (sol[cj + t] - sol[ci + t]);
    }
  }

  /** Plain-JSON state, including the random stream. */
  toJSON(): EmitterJSON {
    return {
      kind: 'isoline',
      isoSigma: this.isoSigma,
      lineSigma: this.lineSigma,
      ...this.baseJSON(),
    };
  }

  /**
   * An emitter restored from {@link IsoLineEmitter.toJSON}, continuing its random stream.
   *
   * @param archive - the archive it draws from (restored separately).
   * @param json - the saved state.
   * @returns the emitter.
   * @throws TypeError / RangeError for a malformed state.
   */
  static fromJSON(archive: Archive, json: EmitterJSON): IsoLineEmitter {
    if (typeof json !== 'object' || json === null || json.kind !== 'isoline') {
      throw check.typeError('json', 'an Iso+LineDD emitter state ({ kind: "isoline" })', json);
    }
    const e = new IsoLineEmitter(archive, {
      ...EmitterBase.optionsFrom(json),
      isoSigma: json.isoSigma,
      lineSigma: json.lineSigma,
    });
    e.restoreRng(json.rng);
    return e;
  }
}
