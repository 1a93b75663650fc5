/**
 * Objective, gradient and plan of the semi-dual S(alpha) and the dual D(alpha, beta) of
 * regularized optimal transport (spec P3, P4). Symbols follow Liu, Puigcerver and Blondel
 * (2023): a, b marginals, c_j column j of C, gamma the regularization, k the column cardinality.
 *
 *   S(alpha) = <alpha, a> - sum_j b_j maxOmega(alpha - c_j; b_j),  grad = a - T 1
 *   D(alpha, beta) = <alpha, a> + <beta, b> - sum_j deltaOmega(alpha + beta_j - c_j),
 *   grad = (a - T 1, b - T^T 1)
 *
 * with, for the squared 2-norm restricted to k nonzeros (k >= m is plain l2),
 *   maxOmega(x; beta) = <y, x> - (gamma beta / 2) ||y||^2,  y = P_{Delta,k}(x / (gamma beta)),
 *   deltaOmega(s) = (1 / (2 gamma)) sum_{i in topk(s)} max(s_i, 0)^2,
 * and for the negative entropy gamma sum t log t,
 *   maxOmega(x; beta) = gamma logsumexp(x / gamma) - gamma log beta,  y = softmax(x / gamma),
 *   deltaOmega(s) = gamma sum exp(s / gamma - 1).
 */
import { ColumnWork, selectTopK, selectTopKAffine, sparseSimplexColumnAffine } from './kernels.js';

/** The regularizer: squared 2-norm with at most k nonzeros per column, or negative entropy. */
export type Regularizer =
  | { kind: 'sparse'; k: number; gamma: number }
  | { kind: 'entropy'; gamma: number };

/**
 * One regularized OT problem, with the plan of the last evaluation kept in fixed column slots:
 * column j's entries are `rowIdx/values[j * cap .. j * cap + count[j])`.
 */
export class TransportOracle {
  readonly m: number;
  readonly n: number;
  /** C transposed (n x m, row-major), so each column of C is contiguous. */
  readonly ct: Float64Array;
  readonly cap: number;
  readonly count: Int32Array;
  readonly rowIdx: Int32Array;
  readonly values: Float64Array;
  /**
   * After a semi-dual evaluation: the target potentials beta_j = -gamma b_j tau_j that make
   * (alpha, beta) a dual point with the same plan (sparse regularizer only).
   */
  readonly beta: Float64Array;
  private readonly work: ColumnWork;
  private readonly x: Float64Array;
  evaluations = 0;

  constructor(
    readonly a: Float64Array,
    readonly b: Float64Array,
    ct: Float64Array,
    readonly reg: Regularizer,
  ) {
    this.m = a.length;
    this.n = b.length;
    this.ct = ct;
    this.cap = reg.kind === 'sparse' ? Math.min(reg.k, this.m) : this.m;
    this.count = new Int32Array(this.n);
    this.beta = new Float64Array(this.n);
    this.rowIdx = new Int32Array(this.n * this.cap);
    this.values = new Float64Array(this.n * this.cap);
    this.work = new ColumnWork(this.m);
    this.x = new Float64Array(this.m);
  }

  /** S(alpha); fills grad (length m) with its gradient and the plan slots with T. */
  semiDual(alpha: Float64Array, grad: Float64Array): number {
    this.evaluations++;
    const { m, n, a, b, ct, cap, count, rowIdx, values, work, x, reg } = this;
    const gamma = reg.gamma;
    let obj = 0;
    for (let i = 0; i < m; i++) {
      obj += alpha[i] * a[i];
      grad[i] = a[i];
    }
    for (let j = 0; j < n; j++) {
      const bj = b[j];
      const base = j * cap;
      if (!(bj > 0)) {
        count[j] = 0;
        continue;
      }
      const cj = j * m;
      let val = 0;
      let r: number;
      if (reg.kind === 'sparse') {
        // y = P_{Delta,k}(x / (gamma b_j)); val = <x, y> - (gamma b_j / 2) ||y||^2.
        const scale = 1 / (gamma * bj);
        r = sparseSimplexColumnAffine(alpha, 0, ct, cj, scale, m, reg.k, 1, work);
        this.beta[j] = -gamma * bj * work.tau;
        const { idx, val: y } = work;
        let xy = 0;
        let yy = 0;
        for (let t = 0; t < r; t++) {
          const i = idx[t];
          const yi = y[t];
          xy += (alpha[i] - ct[cj + i]) * yi;
          yy += yi * yi;
          grad[i] -= bj * yi;
          rowIdx[base + t] = i;
          values[base + t] = bj * yi;
        }
        val = xy - 0.5 * gamma * bj * yy;
      } else {
        // Softmax of x / gamma, shifted by its maximum.
        let mx = -Infinity;
        for (let i = 0; i < m; i++) {
          const v = (alpha[i] - ct[cj + i]) / gamma;
          x[i] = v;
          if (v > mx) mx = v;
        }
        let s = 0;
        for (let i = 0; i < m; i++) {
          const e = Math.exp(x[i] - mx);
          x[i] = e;
          s += e;
        }
        r = 0;
        for (let i = 0; i < m; i++) {
          const t = (bj * x[i]) / s;
          grad[i] -= t;
          if (t > 0) {
            rowIdx[base + r] = i;
            values[base + r++] = t;
          }
        }
        val = gamma * (Math.log(s) + mx) - gamma * Math.log(bj);
      }
      count[j] = r;
      obj -= bj * val;
    }
    return obj;
  }

  /**
   * The smoothed dual D_mu at z = [alpha; beta] (used for continuation; no plan is stored):
   * the top-k choice inside delta_k is relaxed to weights theta in [0, 1]^m with sum k and a
   * binary-entropy bonus mu H(theta),
   *
   *   delta_mu(s) = max_theta sum_i theta_i p_i + mu sum_i H(theta_i),
   *   p_i = max(s_i, 0)^2 / (2 gamma),
   *
   * so theta_i = sigmoid((p_i - lambda) / mu) with lambda fixed by sum theta = k, and
   * grad delta_mu(s)_i = theta_i max(s_i, 0) / gamma. It is smooth for mu > 0 and tends to
   * delta_k as mu -> 0. Entries with p_i far below the (k+1)-th largest get theta ~ 0 and are
   * skipped; the entries with p_i = 0 are handled as one group.
   */
  smoothedDual(z: Float64Array, grad: Float64Array, k: number, mu: number): number {
    this.evaluations++;
    const { m, n, a, b, ct, work, x, reg } = this;
    const gamma = reg.gamma;
    const cand = work.order;
    const pc = work.key;
    let obj = 0;
    for (let i = 0; i < m; i++) {
      obj += z[i] * a[i];
      grad[i] = a[i];
    }
    const spread = mu * (40 + Math.log(m + 1));
    for (let j = 0; j < n; j++) {
      const betaJ = z[m + j];
      obj += betaJ * b[j];
      const cj = j * m;
      for (let i = 0; i < m; i++) x[i] = z[i] + betaJ - ct[cj + i];
      const r = selectTopK(x, m, Math.min(k + 1, m), true, work);
      const sK1 = r > k ? work.val[k] : 0;
      const cutoff = (sK1 * sK1) / (2 * gamma) - spread;
      let nc = 0;
      let zeros = 0;
      let pmax = 0;
      for (let i = 0; i < m; i++) {
        const s = x[i];
        if (!(s > 0)) {
          zeros++;
          continue;
        }
        const p = (s * s) / (2 * gamma);
        if (p >= cutoff) {
          cand[nc] = i;
          pc[nc++] = p;
          if (p > pmax) pmax = p;
        }
      }
      // Solve sum_c sigmoid((p_c - lambda)/mu) + zeros sigmoid(-lambda/mu) = k for lambda by
      // safeguarded Newton (the left side decreases in lambda).
      let lo = Math.min(0, cutoff) - spread;
      let hi = pmax + spread;
      let lam = 0.5 * (lo + hi);
      for (let it = 0; it < 200; it++) {
        let f = -k;
        let df = 0;
        for (let c = 0; c < nc; c++) {
          const t = sigmoid((pc[c] - lam) / mu);
          f += t;
          df += t * (1 - t);
        }
        if (zeros > 0) {
          const t = sigmoid(-lam / mu);
          f += zeros * t;
          df += zeros * t * (1 - t);
        }
        if (f > 0) lo = lam;
        else hi = lam;
        let next = df > 0 ? lam + (f * mu) / df : 0.5 * (lo + hi);
        if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
        const done = Math.abs(next - lam) <= 1e-15 * Math.max(1, Math.abs(lam)) || hi - lo <= 0;
        lam = next;
        if (done) break;
      }
      let val = 0;
      let colSum = 0;
      for (let c = 0; c < nc; c++) {
        const t = sigmoid((pc[c] - lam) / mu);
        val += t * pc[c] + mu * entropy(t);
        const i = cand[c];
        const g = (t * x[i]) / gamma;
        grad[i] -= g;
        colSum += g;
      }
      if (zeros > 0) val += zeros * mu * entropy(sigmoid(-lam / mu));
      obj -= val;
      grad[m + j] = b[j] - colSum;
    }
    return obj;
  }

  /** D(alpha, beta) at z = [alpha; beta]; fills grad (length m + n) and the plan slots. */
  dual(z: Float64Array, grad: Float64Array): number {
    this.evaluations++;
    const { m, n, a, b, ct, cap, count, rowIdx, values, work, reg } = this;
    const gamma = reg.gamma;
    let obj = 0;
    for (let i = 0; i < m; i++) {
      obj += z[i] * a[i];
      grad[i] = a[i];
    }
    for (let j = 0; j < n; j++) {
      const betaJ = z[m + j];
      obj += betaJ * b[j];
      const cj = j * m;
      const base = j * cap;
      let colSum = 0;
      let r = 0;
      let val = 0;
      if (reg.kind === 'sparse') {
        r = selectTopKAffine(z, betaJ, ct, cj, 1, m, reg.k, true, work);
        const { idx, val: s } = work;
        for (let t = 0; t < r; t++) {
          const g = s[t] / gamma;
          val += s[t] * s[t];
          colSum += g;
          grad[idx[t]] -= g;
          rowIdx[base + t] = idx[t];
          values[base + t] = g;
        }
        val /= 2 * gamma;
      } else {
        for (let i = 0; i < m; i++) {
          const g = Math.exp((z[i] + betaJ - ct[cj + i]) / gamma - 1);
          val += g;
          colSum += g;
          grad[i] -= g;
          if (g > 0) {
            rowIdx[base + r] = i;
            values[base + r++] = g;
          }
        }
        val *= gamma;
      }
      count[j] = r;
      obj -= val;
      grad[m + j] = b[j] - colSum;
    }
    return obj;
  }
}

function sigmoid(u: number): number {
  if (u >= 0) return 1 / (1 + Math.exp(-u));
  const e = Math.exp(u);
  return e / (1 + e);
}

/** Binary entropy -t log t - (1 - t) log(1 - t). */
function entropy(t: number): number {
  if (!(t > 0 && t < 1)) return 0;
  return -(t * Math.log(t) + (1 - t) * Math.log1p(-t));
}
