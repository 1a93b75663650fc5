/**
 * The inner problem of TOPO for a fixed order, behind one interface: fit every column on its
 * predecessors, report the exact score change of exchanging two positions, and hand out W.
 * `l2` runs entirely on the Gram matrix and its Cholesky factor (O((q-p)^2) per swap); `logistic`
 * refits the columns whose predecessor sets change (spec 2.4, slow path).
 */
import { cholPermuted, coefficients, halfPivotSum, scatter, swapDelta } from './gram.js';
import { fitLogisticColumn, LogisticWorkspace } from './logistic.js';

/** Inner solver for a fixed topological order. */
export interface OrderScorer {
  readonly d: number;
  /** Fits every column for `order` (kept as the current order) and returns F(order). */
  fit(order: Int32Array): number;
  /** F(order with positions p < q exchanged) - F(order), for the current order. */
  delta(p: number, q: number): number;
  /** Writes the current fit's W (label coordinates, row = parent) into `W`. */
  weights(W: Float64Array): void;
  /** Score of the best fit restricted to the support `B` (0/1, row = parent). */
  supportScore(B: ArrayLike<number>): number;
}

/**
 * Least squares through `C = X^T X / n + ridge I`; the column loss is `1/2 (L_kk^2 - ridge)`,
 * i.e. `(1/2n)|x_j - X b|^2 + (ridge/2)|b|^2` at its optimum.
 */
export class L2Scorer implements OrderScorer {
  readonly d: number;
  private readonly C: Float64Array;
  private readonly ridge: number;
  readonly L: Float64Array;
  private readonly Linv: Float64Array;
  private readonly B: Float64Array;
  private readonly S: Float64Array;
  private order: Int32Array;
  /** Smallest pivot ratio L_kk^2 / C_kk of the last fit (singularity indicator). */
  minPivotRatio = 1;

  constructor(C: Float64Array, d: number, ridge: number) {
    this.d = d;
    this.C = C;
    this.ridge = ridge;
    this.L = new Float64Array(d * d);
    this.Linv = new Float64Array(d * d);
    this.B = new Float64Array(d * d);
    this.S = new Float64Array(d * d);
    this.order = new Int32Array(d);
  }

  fit(order: Int32Array): number {
    this.order = order;
    this.minPivotRatio = cholPermuted(this.C, this.d, order, this.L);
    return halfPivotSum(this.L, this.d) - 0.5 * this.d * this.ridge;
  }

  delta(p: number, q: number): number {
    return swapDelta(this.L, this.d, p, q, this.S);
  }

  weights(W: Float64Array): void {
    coefficients(this.L, this.d, this.Linv, this.B);
    scatter(this.B, this.d, this.order, W);
  }

  supportScore(B: ArrayLike<number>): number {
    const d = this.d;
    const C = this.C;
    let total = 0;
    const parents: number[] = [];
    const Lp = new Float64Array(d * d);
    const z = new Float64Array(d);
    for (let j = 0; j < d; j++) {
      parents.length = 0;
      for (let i = 0; i < d; i++) if (i !== j && B[i * d + j] !== 0) parents.push(i);
      const m = parents.length;
      // Cholesky of C[pa, pa], then resid = C_jj - |L^-1 c|^2.
      for (let a = 0; a < m; a++) {
        for (let b = 0; b <= a; b++) {
          let s = C[parents[a] * d + parents[b]];
          for (let t = 0; t < b; t++) s -= Lp[a * d + t] * Lp[b * d + t];
          if (a === b) Lp[a * d + a] = Math.sqrt(Math.max(s, 0));
          else Lp[a * d + b] = Lp[b * d + b] > 0 ? s / Lp[b * d + b] : 0;
        }
      }
      let res = C[j * d + j];
      for (let a = 0; a < m; a++) {
        let s = C[parents[a] * d + j];
        for (let t = 0; t < a; t++) s -= Lp[a * d + t] * z[t];
        z[a] = Lp[a * d + a] > 0 ? s / Lp[a * d + a] : 0;
        res -= z[a] * z[a];
      }
      total += 0.5 * (Math.max(res, 0) - this.ridge);
    }
    return total;
  }
}

/** l1-penalised logistic columns on binary data (mean loss, lambda1 once). */
export class LogisticScorer implements OrderScorer {
  readonly d: number;
  private readonly x: Float64Array;
  private readonly n: number;
  private readonly lambda1: number;
  private readonly ws: LogisticWorkspace;
  /** Current W, label coordinates. */
  private readonly W: Float64Array;
  /** Loss of each node's column under the current order. */
  private readonly loss: Float64Array;
  /** predOf[v * d + u] = 1 when u precedes v in the order of the stored fit of v. */
  private readonly predOf: Uint8Array;
  private readonly fitted: Uint8Array;
  private order: Int32Array;
  private readonly S: Int32Array;
  private readonly b: Float64Array;

  constructor(x: Float64Array, n: number, d: number, lambda1: number) {
    this.d = d;
    this.x = x;
    this.n = n;
    this.lambda1 = lambda1;
    this.ws = new LogisticWorkspace(n, d);
    this.W = new Float64Array(d * d);
    this.loss = new Float64Array(d);
    this.predOf = new Uint8Array(d * d);
    this.fitted = new Uint8Array(d);
    this.order = new Int32Array(d);
    this.S = new Int32Array(d);
    this.b = new Float64Array(d);
  }

  /** Fits node `v` on `order[0..k)`, warm-started from the stored column; returns the loss. */
  private fitColumn(
    order: ArrayLike<number>,
    k: number,
    v: number,
    out: Float64Array | null,
  ): number {
    const d = this.d;
    for (let t = 0; t < k; t++) {
      this.S[t] = order[t];
      this.b[t] = this.W[order[t] * d + v];
    }
    const f = fitLogisticColumn(this.x, this.n, d, v, this.S, k, this.b, this.lambda1, this.ws);
    if (out !== null) {
      for (let u = 0; u < d; u++) out[u * d + v] = 0;
      for (let t = 0; t < k; t++) out[order[t] * d + v] = this.b[t];
    }
    return f;
  }

  fit(order: Int32Array): number {
    const d = this.d;
    const next = new Float64Array(this.W);
    let total = 0;
    for (let k = 0; k < d; k++) {
      const v = order[k];
      let same = this.fitted[v] === 1;
      if (same) {
        for (let u = 0; u < d && same; u++) {
          const before = this.predOf[v * d + u] === 1;
          let now = false;
          for (let t = 0; t < k; t++) if (order[t] === u) now = true;
          if (before !== now) same = false;
        }
      }
      if (!same) {
        this.loss[v] = this.fitColumn(order, k, v, next);
        this.predOf.fill(0, v * d, v * d + d);
        for (let t = 0; t < k; t++) this.predOf[v * d + order[t]] = 1;
        this.fitted[v] = 1;
      }
      total += this.loss[v];
    }
    this.W.set(next);
    this.order = order;
    return total;
  }

  delta(p: number, q: number): number {
    const order = Int32Array.from(this.order);
    const t = order[p];
    order[p] = order[q];
    order[q] = t;
    let change = 0;
    for (let k = p; k <= q; k++) {
      const v = order[k];
      change += this.fitColumn(order, k, v, null) - this.loss[v];
    }
    return change;
  }

  weights(W: Float64Array): void {
    W.set(this.W);
  }

  supportScore(B: ArrayLike<number>): number {
    const d = this.d;
    let total = 0;
    const S = new Int32Array(d);
    const b = new Float64Array(d);
    for (let j = 0; j < d; j++) {
      let m = 0;
      for (let i = 0; i < d; i++) {
        if (i !== j && B[i * d + j] !== 0) {
          S[m] = i;
          b[m] = this.W[i * d + j];
          m++;
        }
      }
      total += fitLogisticColumn(this.x, this.n, d, j, S, m, b, this.lambda1, this.ws);
    }
    return total;
  }
}
