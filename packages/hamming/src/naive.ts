/**
 * Naive O(W·m) kernels on dense codes (spec B.3.3, last paragraph; B.3.4 item 1).
 * t: text codes (length n), p: pattern codes (length m), W = n − m + 1 shifts.
 */

/**
 * HD[i] for shifts i0 ≤ i < i1, written to out[i]. Eight shifts share each text load: the
 * window t[i..i+7] slides through registers, which halves the loads of the textbook loop.
 */
export function naiveKernel(
  t: Int32Array,
  p: Int32Array,
  out: Int32Array,
  i0: number,
  i1: number,
): void {
  const m = p.length;
  let i = i0;
  for (; i + 8 <= i1; i += 8) {
    let a0 = 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    let a4 = 0;
    let a5 = 0;
    let a6 = 0;
    let a7 = 0;
    let t0 = t[i];
    let t1 = t[i + 1];
    let t2 = t[i + 2];
    let t3 = t[i + 3];
    let t4 = t[i + 4];
    let t5 = t[i + 5];
    let t6 = t[i + 6];
    for (let j = 0; j < m; j++) {
      const t7 = t[i + j + 7];
      const pj = p[j];
      a0 += +(t0 !== pj);
      a1 += +(t1 !== pj);
      a2 += +(t2 !== pj);
      a3 += +(t3 !== pj);
      a4 += +(t4 !== pj);
      a5 += +(t5 !== pj);
      a6 += +(t6 !== pj);
      a7 += +(t7 !== pj);
      t0 = t1;
      t1 = t2;
      t2 = t3;
      t3 = t4;
      t4 = t5;
      t5 = t6;
      t6 = t7;
    }
    out[i] = a0;
    out[i + 1] = a1;
    out[i + 2] = a2;
    out[i + 3] = a3;
    out[i + 4] = a4;
    out[i + 5] = a5;
    out[i + 6] = a6;
    out[i + 7] = a7;
  }
  for (; i < i1; i++) {
    let mis = 0;
    for (let j = 0; j < m; j++) mis += +(t[i + j] !== p[j]);
    out[i] = mis;
  }
}

/**
 * k-bounded naive with early exit: out[i] = HD[i] if HD[i] ≤ k, else −1. A shift stops at its
 * (k+1)-th mismatch, so it costs about (k+1)/p̄ comparisons on random-like text.
 */
export function earlyExitKernel(
  t: Int32Array,
  p: Int32Array,
  k: number,
  out: Int32Array,
  i0: number,
  i1: number,
): number {
  const m = p.length;
  let compares = 0;
  for (let i = i0; i < i1; i++) {
    let mis = 0;
    let j = 0;
    for (; j < m; j++) {
      if (t[i + j] !== p[j] && ++mis > k) break;
    }
    compares += j < m ? j + 1 : m;
    out[i] = mis > k ? -1 : mis;
  }
  return compares;
}

/** HD at one shift with early exit after k+1 mismatches (returns k+1 when exceeded). */
export function boundedDistance(t: Int32Array, p: Int32Array, i: number, k: number): number {
  const m = p.length;
  let mis = 0;
  for (let j = 0; j < m; j++) {
    if (t[i + j] !== p[j] && ++mis > k) return mis;
  }
  return mis;
}
