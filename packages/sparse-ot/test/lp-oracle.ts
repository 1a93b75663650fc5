/** Exact OT as a linear program on javascript-lp-solver (a test oracle for small sizes). */
import solver from 'javascript-lp-solver';

/** Optimal cost of the transport LP, computed from the returned variable values. */
export function lpTransportCost(a: Float64Array, b: Float64Array, C: Float64Array): number {
  const m = a.length;
  const n = b.length;
  const constraints: Record<string, { equal: number }> = {};
  for (let i = 0; i < m; i++) constraints[`r${i}`] = { equal: a[i] };
  for (let j = 0; j < n; j++) constraints[`c${j}`] = { equal: b[j] };
  const variables: Record<string, Record<string, number>> = {};
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++)
      variables[`x${i}_${j}`] = { cost: C[i * n + j], [`r${i}`]: 1, [`c${j}`]: 1 };
  }
  const result = solver.Solve({
    optimize: 'cost',
    opType: 'min',
    constraints,
    variables,
  }) as Record<string, unknown>;
  if (result.feasible !== true) throw new Error('LP oracle: infeasible');
  let cost = 0;
  for (const [key, value] of Object.entries(result)) {
    const match = /^x(\d+)_(\d+)$/.exec(key);
    if (match) cost += (value as number) * C[Number(match[1]) * n + Number(match[2])];
  }
  return cost;
}
