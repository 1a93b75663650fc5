/**
 * Shared types of the public surface: batches, insertion results and archive statistics.
 */
import type { Mat } from '@optkit/core';

/**
 * A row-major batch of vectors, one per row: core's `Mat` (`rows`, `cols`, `stride`, `offset`,
 * `data`). Public methods also accept `number[][]`.
 */
export type Batch = Mat;

/** A batch argument as users may pass it: a {@link Batch} or an array of rows. */
export type BatchInput = Mat | ArrayLike<number>[];

/** Insertion status of one row: 0 = not added, 1 = improved an existing cell, 2 = new cell. */
export type AddStatus = 0 | 1 | 2;

/**
 * What an insertion did to each row, relative to the archive before the batch.
 * - `status[i]`: 2 = the row's cell was empty, 1 = the row beats the cell's elite, 0 = neither.
 * - `value[i]`: the objective for status 2; `objective - previous elite objective` otherwise.
 * - `index[i]`: the row's cell, or -1 for a row discarded by `outOfBounds: 'discard'`.
 */
export interface AddInfo {
  status: Int8Array;
  value: Float64Array;
  index: Int32Array;
}

/** Summary metrics of an archive (pyribs conventions). */
export interface ArchiveStats {
  /** Number of occupied cells. */
  numElites: number;
  /** Number of cells. */
  cells: number;
  /** `numElites / cells`, in [0, 1]. */
  coverage: number;
  /** `sum over elites of (objective - qdScoreOffset)`. */
  qdScore: number;
  /** `qdScore / cells`. */
  normQdScore: number;
  /** Largest elite objective, `null` for an empty archive. */
  objMax: number | null;
  /** Mean elite objective, `null` for an empty archive. */
  objMean: number | null;
}

/** One elite as returned by the archive accessors (copies, safe to keep). */
export interface Elite {
  /** Cell index. */
  index: number;
  solution: Float64Array;
  objective: number;
  measures: Float64Array;
}

/** Plain-JSON archive state, from `archive.toJSON()`. */
export interface ArchiveJSON {
  kind: 'grid' | 'cvt';
  version: 1;
  solutionDim: number;
  ranges: [number, number][];
  qdScoreOffset: number;
  outOfBounds: 'clamp' | 'discard';
  /** Grid only. */
  dims?: number[];
  /** Grid only. */
  epsilon?: number;
  /** CVT only: `cells x measureDim` row-major centroids. */
  centroids?: number[];
  /** Occupied cells in insertion order. */
  occupied: number[];
  /** Per occupied cell, in the order of `occupied`. */
  objectives: number[];
  /** Per occupied cell, `measureDim` values each. */
  measures: number[];
  /** Per occupied cell, `solutionDim` values each. */
  solutions: number[];
}
