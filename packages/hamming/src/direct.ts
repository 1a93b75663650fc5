/**
 * Direct counting of matches for Abrahamson's infrequent symbols (spec B.3.2): for every text
 * position x whose symbol c is counted directly and every occurrence j of c in the pattern,
 * M[x − j] += 1. Exactly Σ_c cT(c)·cP(c) increments (minus those falling outside 0..W−1).
 */

/**
 * Adds to M (length W = n − m + 1) the matches of the given symbols.
 *
 * @param symbols - codes to count directly (each below sigma).
 * @returns the number of increments done.
 */
export function addMatchesDirect(
  t: Int32Array,
  p: Int32Array,
  symbols: Int32Array,
  sigma: number,
  M: Int32Array,
): number {
  const n = t.length;
  const m = p.length;
  const W = n - m + 1;
  if (symbols.length === 0) return 0;

  // 1. Occurrence lists of the chosen symbols in the pattern, ascending (CSR layout).
  const chosen = new Uint8Array(sigma);
  for (let s = 0; s < symbols.length; s++) chosen[symbols[s]] = 1;
  const start = new Int32Array(sigma + 1);
  for (let j = 0; j < m; j++) if (chosen[p[j]] === 1) start[p[j] + 1]++;
  for (let c = 0; c < sigma; c++) start[c + 1] += start[c];
  const occ = new Int32Array(start[sigma]);
  const fill = start.slice(0, sigma);
  for (let j = 0; j < m; j++) if (chosen[p[j]] === 1) occ[fill[p[j]]++] = j;

  // 2. Interior positions m−1 ≤ x ≤ W−1: every x − j lies in [0, W), no bounds checks.
  let increments = 0;
  const lo = m - 1;
  const hi = Math.min(W - 1, n - 1);
  for (let x = lo; x <= hi; x++) {
    const c = t[x];
    const a = start[c];
    const b = start[c + 1];
    if (a === b) continue;
    increments += b - a;
    for (let e = a; e < b; e++) M[x - occ[e]]++;
  }

  // 3. Border positions (x < m−1 or x > W−1) with checks.
  for (let x = 0; x < n; x++) {
    if (x === lo && lo <= hi) x = hi + 1;
    if (x >= n) break;
    const c = t[x];
    for (let e = start[c], b = start[c + 1]; e < b; e++) {
      const i = x - occ[e];
      if (i >= 0 && i < W) {
        M[i]++;
        increments++;
      }
    }
  }
  return increments;
}
