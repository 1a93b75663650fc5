/**
 * @optkit/sparse-ot: sparsity-constrained optimal transport, with the exact and regularized
 * baselines a user would otherwise reach for.
 *
 * - {@link sparseOT}: transport plans with at most k nonzeros per column (Liu, Puigcerver and
 *   Blondel 2023), by L-BFGS on the semi-dual or dual.
 * - {@link smoothOT}: quadratically (l2) or entropically regularized OT (Blondel, Seguy and
 *   Rolet 2018), same solver.
 * - {@link emd}: exact OT by a network simplex; {@link emd1d}: exact OT on the line;
 *   {@link sinkhorn}: entropic OT by matrix scaling (log-domain by default).
 * - Building blocks: {@link projectSparseSimplex}, {@link topkSquaredRelu},
 *   {@link semiDualObjective}, {@link dualObjective}; cost helpers
 *   {@link squaredEuclideanCost} and {@link normalizeCost}.
 *
 * Symbols: a, b marginals (lengths m, n), C the m x n cost, T the plan, gamma the
 * regularization, k the largest number of nonzeros allowed in a column of T.
 *
 * References:
 * - T. Liu, J. Puigcerver and M. Blondel (2023). Sparsity-Constrained Optimal Transport.
 *   ICLR 2023. arXiv:2209.15466.
 * - M. Blondel, V. Seguy and A. Rolet (2018). Smooth and Sparse Optimal Transport. AISTATS
 *   2018. arXiv:1710.06276.
 * - A. Kyrillidis, S. Becker, V. Cevher and C. Koch (2013). Sparse projections onto the
 *   simplex. ICML 2013. arXiv:1206.1529.
 * - W. H. Cunningham (1976). A network simplex method. Mathematical Programming 11, 105-116.
 * - M. Cuturi (2013). Sinkhorn Distances: Lightspeed Computation of Optimal Transport. NIPS
 *   2013. arXiv:1306.0895.
 * - G. Peyre and M. Cuturi (2019). Computational Optimal Transport. Foundations and Trends in
 *   Machine Learning 11(5-6). arXiv:1803.00567.
 *
 * @packageDocumentation
 */
export { projectSparseSimplex } from '@optkit/core';
export {
  dualObjective,
  type ObjectiveEvaluation,
  type ObjectiveOptions,
  semiDualObjective,
  topkSquaredRelu,
} from './blocks.js';
export { normalizeCost, squaredEuclideanCost } from './cost.js';
export { type EmdOptions, type EmdResult, emd } from './emd.js';
export { type Emd1dResult, emd1d } from './emd1d.js';
export type { SparsePlan } from './plan.js';
export { type SinkhornOptions, type SinkhornResult, sinkhorn } from './sinkhorn.js';
export type {
  SmoothOTCommonOptions,
  SmoothOTResult,
  SmoothOTStopReason,
  SparseOTOptions,
} from './solve.js';
export { type CostMatrix, type SmoothOTOptions, smoothOT, sparseOT } from './sparse-ot.js';
