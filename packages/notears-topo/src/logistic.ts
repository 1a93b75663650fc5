/**
 * l1-penalised logistic regression of one binary column on others, without intercept:
 * `f(b) = (1/n) sum_i [log(1 + e^{eta_i}) - y_i eta_i] + lambda1 |b|_1`, `eta = X_S b`.
 * Solver: proximal Newton (glmnet-style coordinate descent on the weighted least-squares model)
 * with a backtracking step that never increases f, so every refit is monotone and deterministic.
 */

/** `log(1 + e^x)` without overflow. */
export function log1pExp(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** Scratch buffers for {@link fitLogisticColumn}, sized for n samples and up to d predictors. */
export class LogisticWorkspace {
  readonly eta: Float64Array;
  readonly trialEta: Float64Array;
  readonly weight: Float64Array;
  readonly resid: Float64Array;
  readonly u: Float64Array;
  readonly delta: Float64Array;
  readonly trial: Float64Array;

  constructor(n: number, d: number) {
    this.eta = new Float64Array(n);
    this.trialEta = new Float64Array(n);
    this.weight = new Float64Array(n);
    this.resid = new Float64Array(n);
    this.u = new Float64Array(n);
    this.delta = new Float64Array(d);
    this.trial = new Float64Array(d);
  }
}

function objective(
  x: Float64Array,
  n: number,
  d: number,
  y: number,
  eta: Float64Array,
  b: Float64Array,
  m: number,
  lambda1: number,
): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += log1pExp(eta[i]) - x[i * d + y] * eta[i];
  let pen = 0;
  for (let k = 0; k < m; k++) pen += Math.abs(b[k]);
  return s / n + lambda1 * pen;
}

function linearPredictor(
  x: Float64Array,
  n: number,
  d: number,
  S: ArrayLike<number>,
  b: Float64Array,
  m: number,
  eta: Float64Array,
): void {
  eta.fill(0);
  for (let k = 0; k < m; k++) {
    const bk = b[k];
    if (bk === 0) continue;
    const col = S[k];
    for (let i = 0; i < n; i++) eta[i] += bk * x[i * d + col];
  }
}

/**
 * Fits column `y` of the binary row-major `x` (n x d) on columns `S[0..m)`, starting from `b`
 * (length >= m, overwritten with the solution). Returns the objective value.
 */
export function fitLogisticColumn(
  x: Float64Array,
  n: number,
  d: number,
  y: number,
  S: ArrayLike<number>,
  m: number,
  b: Float64Array,
  lambda1: number,
  ws: LogisticWorkspace,
  maxNewton = 50,
): number {
  const { eta, trialEta, weight, resid, u, delta, trial } = ws;
  linearPredictor(x, n, d, S, b, m, eta);
  let f = objective(x, n, d, y, eta, b, m, lambda1);
  if (m === 0) return f;
  for (let outer = 0; outer < maxNewton; outer++) {
    for (let i = 0; i < n; i++) {
      const p = 1 / (1 + Math.exp(-eta[i]));
      weight[i] = Math.max(p * (1 - p), 1e-6);
      resid[i] = x[i * d + y] - p;
    }
    // Coordinate descent on the quadratic model in delta (u = X_S delta).
    delta.fill(0, 0, m);
    u.fill(0);
    for (let sweep = 0; sweep < 100; sweep++) {
      let maxChange = 0;
      for (let k = 0; k < m; k++) {
        const col = S[k];
        let a = 0;
        let g = 0;
        for (let i = 0; i < n; i++) {
          const xik = x[i * d + col];
          if (xik === 0) continue;
          a += weight[i] * xik * xik;
          g += xik * (weight[i] * u[i] - resid[i]);
        }
        if (a <= 0) continue;
        a /= n;
        g /= n;
        const beta = b[k] + delta[k];
        const z = beta - g / a;
        const t = lambda1 / a;
        const next = z > t ? z - t : z < -t ? z + t : 0;
        const change = next - beta;
        if (change !== 0) {
          delta[k] += change;
          for (let i = 0; i < n; i++) {
            const xik = x[i * d + col];
            if (xik !== 0) u[i] += change * xik;
          }
          const ac = Math.abs(change);
          if (ac > maxChange) maxChange = ac;
        }
      }
      if (maxChange < 1e-10) break;
    }
    // Backtracking: accept the largest step 2^-s that does not increase f.
    let step = 1;
    let fNew = f;
    let accepted = false;
    for (let s = 0; s < 30; s++) {
      for (let k = 0; k < m; k++) trial[k] = b[k] + step * delta[k];
      for (let i = 0; i < n; i++) trialEta[i] = eta[i] + step * u[i];
      fNew = objective(x, n, d, y, trialEta, trial, m, lambda1);
      if (fNew <= f) {
        accepted = true;
        break;
      }
      step *= 0.5;
    }
    if (!accepted) break;
    let maxStep = 0;
    for (let k = 0; k < m; k++) {
      maxStep = Math.max(maxStep, Math.abs(trial[k] - b[k]));
      b[k] = trial[k];
    }
    eta.set(trialEta);
    const gain = f - fNew;
    f = fNew;
    if (gain <= 1e-13 * Math.max(1, Math.abs(f)) && maxStep < 1e-9) break;
  }
  return f;
}
