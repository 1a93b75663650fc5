/**
 * L-BFGS with a derivative-only line search, for convex objectives near their minimum.
 *
 * Close to the optimum of the (semi-)dual, the decrease a step can make, about g^2 / L, falls
 * below the rounding of f itself, so the Armijo test of a standard line search cannot be
 * decided and the line search fails with the marginals still off by 1e-8 or so. For a convex
 * function the directional derivative phi'(t) = g(x + t d) . d is nondecreasing, and the
 * minimizer along d is its root, which can be found from gradients alone: that is what this
 * polish does (secant steps safeguarded by bisection, stopping at |phi'(t)| <= 0.1 |phi'(0)|).
 * Symbols: x iterate, g gradient, d direction, (s, y) curvature pairs, rho = 1 / (y . s).
 */

/** Result of {@link polishConvex}. */
export interface PolishResult {
  x: Float64Array;
  /** Inf-norm of the gradient at x. */
  gradientInf: number;
  iterations: number;
}

/**
 * Minimizes the convex `fg` (which fills the gradient; its value is ignored) from x0 until the
 * gradient's inf-norm is at most `tolerance`, `maxIterations` pass, or no progress is possible.
 */
export function polishConvex(
  fg: (x: Float64Array, g: Float64Array) => number,
  x0: Float64Array,
  tolerance: number,
  maxIterations: number,
  memory: number,
): PolishResult {
  const n = x0.length;
  const x = x0.slice();
  const g = new Float64Array(n);
  const d = new Float64Array(n);
  const xt = new Float64Array(n);
  const gt = new Float64Array(n);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const al = new Float64Array(memory);
  const inf = (v: Float64Array) => {
    let r = 0;
    for (let i = 0; i < n; i++) r = Math.max(r, Math.abs(v[i]));
    return r;
  };
  const dotp = (u: Float64Array, v: Float64Array) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += u[i] * v[i];
    return s;
  };
  fg(x, g);
  let gInf = inf(g);
  let iterations = 0;
  while (gInf > tolerance && iterations < maxIterations) {
    // 1. Two-loop recursion d = -H g.
    d.set(g);
    for (let t = S.length - 1; t >= 0; t--) {
      al[t] = rho[t] * dotp(S[t], d);
      for (let i = 0; i < n; i++) d[i] -= al[t] * Y[t][i];
    }
    const last = S.length - 1;
    const scale = last >= 0 ? 1 / (rho[last] * dotp(Y[last], Y[last])) : 1 / Math.max(gInf, 1e-300);
    for (let i = 0; i < n; i++) d[i] *= scale;
    for (let t = 0; t < S.length; t++) {
      const be = rho[t] * dotp(Y[t], d);
      for (let i = 0; i < n; i++) d[i] += (al[t] - be) * S[t][i];
    }
    for (let i = 0; i < n; i++) d[i] = -d[i];
    let dphi0 = dotp(g, d);
    if (!(dphi0 < 0)) {
      S.length = 0;
      Y.length = 0;
      rho.length = 0;
      for (let i = 0; i < n; i++) d[i] = -g[i] / Math.max(gInf, 1e-300);
      dphi0 = dotp(g, d);
      if (!(dphi0 < 0)) break;
    }

    // 2. Root of phi'(t) on [lo, hi]: expand until phi' >= 0, then secant/bisection.
    const dphi = (t: number) => {
      for (let i = 0; i < n; i++) xt[i] = x[i] + t * d[i];
      fg(xt, gt);
      return dotp(gt, d);
    };
    let lo = 0;
    let dlo = dphi0;
    let hi = Infinity;
    let dhi = 0;
    let t = 1;
    let accepted = false;
    for (let trial = 0; trial < 60; trial++) {
      const v = dphi(t);
      if (!Number.isFinite(v)) {
        hi = t;
        dhi = Infinity;
      } else if (Math.abs(v) <= 0.1 * -dphi0) {
        accepted = true;
        break;
      } else if (v < 0) {
        lo = t;
        dlo = v;
      } else {
        hi = t;
        dhi = v;
      }
      if (hi === Infinity) t = 2 * t;
      else {
        const secant = Number.isFinite(dhi) ? lo - (dlo * (hi - lo)) / (dhi - dlo) : Number.NaN;
        const width = hi - lo;
        t = secant > lo + 0.01 * width && secant < hi - 0.01 * width ? secant : 0.5 * (lo + hi);
        if (!(width > 1e-300)) break;
      }
    }
    if (!accepted) break;

    // 3. Curvature pair and step.
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = xt[i] - x[i];
      y[i] = gt[i] - g[i];
    }
    const sy = dotp(s, y);
    if (sy > 1e-300) {
      if (S.length === memory) {
        S.shift();
        Y.shift();
        rho.shift();
      }
      S.push(s);
      Y.push(y);
      rho.push(1 / sy);
    }
    x.set(xt);
    g.set(gt);
    gInf = inf(g);
    iterations++;
  }
  return { x, gradientInf: gInf, iterations };
}
