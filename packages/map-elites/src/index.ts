/**
 * @optkit/map-elites: MAP-Elites and CVT-MAP-Elites quality-diversity search with an ask/tell
 * loop, checkpoints and archive metrics.
 *
 * Quality-diversity search returns an archive holding the best solution found in every cell of
 * a tessellated measure space, instead of a single optimum. The package provides the grid and
 * CVT archives with pyribs's insertion rules, Gaussian and Iso+LineDD emitters, the
 * {@link MapElites} ask/tell loop with a `run` driver, standard tasks and a vega-lite heatmap.
 * Everything here runs in any JavaScript runtime; a worker-thread evaluator for Node lives in
 * `@optkit/map-elites/node`.
 *
 * References:
 * - J.-B. Mouret and J. Clune (2015), "Illuminating search spaces by mapping elites",
 *   arXiv:1504.04909.
 * - V. Vassiliades, K. Chatzilygeroudis and J.-B. Mouret (2018), "Using centroidal Voronoi
 *   tessellations to scale up the multidimensional archive of phenotypic elites algorithm",
 *   IEEE Transactions on Evolutionary Computation 22(4):623-630, arXiv:1610.05729.
 * - V. Vassiliades and J.-B. Mouret (2018), "Discovering the elite hypervolume by leveraging
 *   interspecies correlation", GECCO 2018, arXiv:1804.03906.
 * - M. C. Fontaine, J. Togelius, S. Nikolaidis and A. K. Hoover (2020), "Covariance matrix
 *   adaptation for the rapid illumination of behavior space", GECCO 2020, arXiv:1912.02400.
 * - B. Tjanaka et al. (2023), "pyribs: A bare-bones Python library for quality diversity
 *   optimization", GECCO 2023, arXiv:2303.00191.
 * - G. Marsaglia and W. W. Tsang (2000), "The ziggurat method for generating random
 *   variables", Journal of Statistical Software 5(8).
 *
 * @packageDocumentation
 */
export {
  type AddMode,
  type AnyArchive,
  type Archive,
  type ArchiveOptions,
  archiveFromJSON,
  CVTArchive,
  type CVTArchiveOptions,
  GridArchive,
  type GridArchiveOptions,
} from './archive.js';
export { type KMeansOptions, type KMeansResult, kMeansCentroids } from './cvt.js';
export {
  type Emitter,
  type EmitterJSON,
  type EmitterOptions,
  GaussianEmitter,
  type GaussianEmitterOptions,
  IsoLineEmitter,
  type IsoLineEmitterOptions,
} from './emitters.js';
export { type HeatmapOptions, heatmapSpec } from './heatmap.js';
export {
  type Evaluate,
  type Evaluation,
  MapElites,
  type MapElitesJSON,
  type MapElitesOptions,
  type RunOptions,
  type RunResult,
  type StopReason,
} from './map-elites.js';
export { Stream, type StreamState } from './random.js';
export { planarArm, rastrigin, sphere, type Task, type TaskOutput } from './tasks.js';
export type {
  AddInfo,
  AddStatus,
  ArchiveJSON,
  ArchiveStats,
  Batch,
  BatchInput,
  Elite,
} from './types.js';
