/** The result object shared by the optimizers; not part of the public surface. */

import type { OptResult, StopReason } from './lbfgs.js';

/**
 * Builds the result every optimizer of this package returns; `converged` follows from the stop
 * reason. Internal.
 */
export function optResult(
  x: Float64Array,
  f: number,
  g: Float64Array,
  pg: number,
  iterations: number,
  evaluations: number,
  stopReason: StopReason,
  message: string,
  history: number[] | null,
): OptResult {
  const r: OptResult = {
    x,
    f,
    gradient: g,
    projGradInf: pg,
    iterations,
    evaluations,
    converged: stopReason === 'converged-gtol' || stopReason === 'converged-ftol',
    stopReason,
    message,
  };
  if (history !== null) r.history = Float64Array.from(history);
  return r;
}
