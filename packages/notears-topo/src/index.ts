/**
 * @optkit/notears-topo: learn a directed acyclic graph (DAG) from tabular data by TOPO, a local
 * search over topological orders that swaps pairs of nodes and scores each order exactly
 * (least squares through the Gram matrix and its Cholesky factor, or l1-penalised logistic
 * regression for binary data). Ships the baselines users compare with (NOTEARS, DAGMA,
 * sortnregress, an exact dynamic program over orders for small d), the standard NOTEARS data
 * generator, and NOTEARS' accuracy metrics.
 *
 * Conventions: W[i][j] != 0 means an edge i -> j (row = parent, column = child); the least-squares
 * score is `(1/2n)|X - XW|_F^2` on centred data.
 *
 * References:
 * - C. Deng, K. Bello, B. Aragam, P. Ravikumar (2023), "Optimizing NOTEARS Objectives via
 *   Topological Swaps", ICML 2023, PMLR 202:7563-7595, arXiv:2305.17277.
 * - X. Zheng, B. Aragam, P. Ravikumar, E. P. Xing (2018), "DAGs with NO TEARS: Continuous
 *   Optimization for Structure Learning", NeurIPS 2018, arXiv:1803.01422.
 * - K. Bello, B. Aragam, P. Ravikumar (2022), "DAGMA: Learning DAGs via M-matrices and a
 *   Log-Determinant Acyclicity Characterization", NeurIPS 2022, arXiv:2209.08037.
 * - A. G. Reisach, C. Seiler, S. Weichwald (2021), "Beware of the Simulated DAG! Causal
 *   Discovery Benchmarks May Be Easy To Game", NeurIPS 2021, arXiv:2102.13647.
 * - P.-L. Loh, P. Buhlmann (2014), "High-Dimensional Learning of Linear Causal Networks via
 *   Inverse Covariance Estimation", JMLR 15.
 *
 * @packageDocumentation
 */
export {
  type DagmaOptions,
  dagma,
  type GradientDagResult,
  type NotearsOptions,
  notears,
} from './baselines.js';
export {
  exactOrderSearch,
  fitOrder,
  fitSupport,
  type ScoreOptions,
  type SortnregressResult,
  sortnregress,
  swapLocalOptimalityGap,
} from './extras.js';
export { isDag, thresholdTillDag, topologicalOrder } from './graph.js';
export { type Accuracy, countAccuracy } from './metrics.js';
export {
  type GraphType,
  type RandomSource,
  type SemType,
  simulateDag,
  simulateLinearSem,
  simulateParameter,
} from './simulate.js';
export {
  presetSizes,
  type TopoIterationInfo,
  type TopoOptions,
  type TopoPreset,
  type TopoResult,
  type TopoScore,
  type TopoStopReason,
  topo,
} from './topo.js';
