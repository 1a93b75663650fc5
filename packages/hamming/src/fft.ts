/**
 * Per-symbol cross-correlation with overlap-save blocks (spec B.3.1) on fft.js.
 *
 * Symbols: N FFT size (power of two ≥ m), L = N − m + 1 shifts per block, B = ⌈W/L⌉ blocks.
 * For symbol c, t_c and p_c are its indicators; M[i] = Σ_c Σ_j p_c[j]·t_c[i + j].
 *
 * Two symbols share one complex transform: with z = t_a + i·t_b and w = p_a + i·p_b,
 * Re Σ_j conj(w[j])·z[i + j] = Σ_j (p_a t_a + p_b t_b)[i + j], so the real part of
 * IFFT(Σ_pairs conj(W)·Z) is the match count of every symbol of every pair. Only that real part
 * is needed: it is the inverse of the Hermitian part of the spectrum, done as one complex
 * transform of size N/2 (even samples in the real, odd samples in the imaginary lane). The
 * inverse itself is a forward transform of the conjugate, with the 1/(2N) of both steps folded
 * into the pattern spectra (a power of two, so the scaling is exact).
 *
 * The same holds for any real "channels" in place of indicators (see `Channels`): an odd last
 * channel carries blocks b and b+1 in one transform, and four-letter alphabets use the three
 * ±1 characters of Z_2^2 (M = (m + C_1 + C_2 + C_3)/4).
 *
 * Two-letter alphabets use one ±1 correlation, HD = (m − C)/2, two blocks per complex transform
 * (block b in the real lane, block b+1 in the imaginary lane).
 */
import FFT from 'fft.js';

/** The fft.js methods used here, typed. */
interface Transform {
  transform(out: Float64Array, data: Float64Array): void;
}

const instances = new Map<number, Transform>();

/** One fft.js instance per size (it holds the twiddle table); a few sizes are kept. */
export function fftOfSize(size: number): Transform {
  let f = instances.get(size);
  if (f === undefined) {
    if (instances.size >= 6) instances.delete(instances.keys().next().value as number);
    f = new FFT(size) as unknown as Transform;
    instances.set(size, f);
  }
  return f;
}

const foldTables = new Map<number, { cosT: Float64Array; sinT: Float64Array }>();

/**
 * cos and sin of 2πk/N for k < N/2 (the twiddles of `foldHermitian`), kept per size like the
 * fft.js instances: computing them costs about as much as one transform of size N.
 */
function foldTablesOfSize(N: number): { cosT: Float64Array; sinT: Float64Array } {
  let tables = foldTables.get(N);
  if (tables === undefined) {
    if (foldTables.size >= 6) foldTables.delete(foldTables.keys().next().value as number);
    const h = N >>> 1;
    const cosT = new Float64Array(h);
    const sinT = new Float64Array(h);
    for (let k = 0; k < h; k++) {
      cosT[k] = Math.cos((2 * Math.PI * k) / N);
      sinT[k] = Math.sin((2 * Math.PI * k) / N);
    }
    tables = { cosT, sinT };
    foldTables.set(N, tables);
  }
  return tables;
}

/**
 * Bytes of the FFT working buffers that do not depend on the number of symbols: six block
 * buffers, two twiddle tables here and fft.js's own tables (11N + 3N doubles).
 */
export function fixedBufferBytes(N: number): number {
  return 14 * 8 * N;
}

/** Bytes of one precomputed pattern spectrum (one pair of channels, or the odd channel). */
export function pairSpectrumBytes(N: number): number {
  return 16 * N;
}

/** Counts returned by the FFT engines. */
export interface FFTRun {
  maxRoundingError: number;
  blocks: number;
  groups: number;
}

/**
 * Correlation channels: channel q gives every code c the value luts[q][c]. The match count is
 * M[i] = (Σ_q Σ_j luts[q][P[j]]·luts[q][T[i+j]] + offset) >> shift.
 */
export interface Channels {
  luts: Float64Array[];
  offset: number;
  shift: number;
}

/** One indicator channel per symbol of F: M = Σ_c [P[j] = c]·[T[i+j] = c]. */
export function indicatorChannels(F: Int32Array, sigma: number): Channels {
  const luts: Float64Array[] = [];
  for (let q = 0; q < F.length; q++) {
    const lut = new Float64Array(sigma);
    lut[F[q]] = 1;
    luts.push(lut);
  }
  return { luts, offset: 0, shift: 0 };
}

/**
 * Three ±1 channels (the nontrivial characters of Z_2^2) for an alphabet of at most 4 codes:
 * Σ over all four characters of χ(a)·χ(b) = 4·[a = b], so M = (m + C_1 + C_2 + C_3)/4. Three
 * correlations replace four indicator correlations.
 *
 * @param used - the (at most 4) codes in use.
 */
export function walshChannels(used: Int32Array, sigma: number, m: number): Channels {
  const luts = [new Float64Array(sigma), new Float64Array(sigma), new Float64Array(sigma)];
  for (let u = 0; u < used.length; u++) {
    const c = used[u];
    const x1 = u & 1 ? -1 : 1;
    const x2 = u & 2 ? -1 : 1;
    luts[0][c] = x1;
    luts[1][c] = x2;
    luts[2][c] = x1 * x2;
  }
  return { luts, offset: m, shift: 2 };
}

/**
 * Adds to M[i] (i < W) the match counts given by the channels. Channels go two per complex
 * transform; an odd last channel carries two consecutive blocks in one transform (real lane
 * block b, imaginary lane block b+1), so every channel costs half a transform per block.
 *
 * @param pairsPerGroup - spectra held at once (memory budget); the text is scanned once per
 *   group, with one inverse per block per group.
 */
export function addMatchesFFT(
  t: Int32Array,
  p: Int32Array,
  ch: Channels,
  N: number,
  pairsPerGroup: number,
  M: Int32Array,
): FFTRun {
  const n = t.length;
  const m = p.length;
  const W = n - m + 1;
  const L = N - m + 1;
  const B = Math.ceil(W / L);
  const h = N >>> 1;
  const C = ch.luts.length;
  const units = Math.ceil(C / 2);
  const groups = Math.ceil(units / pairsPerGroup);
  const full = fftOfSize(N);
  const half = fftOfSize(h);

  const z = new Float64Array(2 * N);
  const Z = new Float64Array(2 * N);
  const A0 = new Float64Array(2 * N);
  const A1 = new Float64Array(2 * N);
  const Y = new Float64Array(N);
  const r = new Float64Array(N);
  const { cosT, sinT } = foldTablesOfSize(N);
  const scale = 1 / (2 * N);
  const zero = new Float64Array(ch.luts[0].length);
  let maxErr = 0;

  for (let g = 0; g < groups; g++) {
    // 1. Pattern spectra of this group: FFT(lutA(P) + i·lutB(P)), scaled by 1/(2N); the odd
    //    channel (if in this group) has an empty imaginary lane.
    const first = g * pairsPerGroup;
    const count = Math.min(pairsPerGroup, units - first);
    const spectra: Float64Array[] = [];
    const lutA: Float64Array[] = [];
    const lutB: Float64Array[] = [];
    let odd = -1;
    for (let q = 0; q < count; q++) {
      const a = ch.luts[2 * (first + q)];
      const b = 2 * (first + q) + 1 < C ? ch.luts[2 * (first + q) + 1] : null;
      if (b === null) odd = q;
      lutA.push(a);
      lutB.push(b ?? zero);
      fillPair(p, 0, m, a, b ?? zero, z);
      const S = new Float64Array(2 * N);
      full.transform(S, z);
      for (let k = 0; k < 2 * N; k++) S[k] *= scale;
      spectra.push(S);
    }

    for (let blk = 0; blk < B; blk += 2) {
      // 2. A_b = Σ_pairs conj(S)·FFT(lutA(T) + i·lutB(T)) over the windows t[s .. s+N) of
      //    the blocks b = blk and blk+1.
      const s0 = blk * L;
      const s1 = s0 + L;
      const two = blk + 1 < B;
      A0.fill(0);
      A1.fill(0);
      for (let q = 0; q < count; q++) {
        if (q === odd) continue;
        fillPair(t, s0, Math.min(N, n - s0), lutA[q], lutB[q], z);
        full.transform(Z, z);
        macAdd(spectra[q], Z, A0);
        if (!two) continue;
        fillPair(t, s1, Math.min(N, n - s1), lutA[q], lutB[q], z);
        full.transform(Z, z);
        macAdd(spectra[q], Z, A1);
      }

      // 3. Odd channel: Q = conj(S)·FFT(lut(T_b) + i·lut(T_{b+1})) has inverse c_b + i·c_{b+1};
      //    A_b += Q and A_{b+1} += −i·Q put c_b and c_{b+1} in the real parts.
      if (odd >= 0) {
        const lim1 = two ? Math.min(N, n - s1) : 0;
        fillTwoBlocks(t, s0, Math.min(N, n - s0), s1, lim1, lutA[odd], z);
        full.transform(Z, z);
        macOddChannel(spectra[odd], Z, A0, A1);
      }

      // 4. Per block: Hermitian part folded to a half-size spectrum, inverse, round, add.
      for (let u = 0; u < (two ? 2 : 1); u++) {
        const s = u === 0 ? s0 : s1;
        foldHermitian(u === 0 ? A0 : A1, Y, cosT, sinT);
        half.transform(r, Y);
        const e = roundInto(r, M, s, Math.min(L, W - s), ch.offset, ch.shift);
        if (e > maxErr) maxErr = e;
      }
    }
  }
  return { maxRoundingError: maxErr, blocks: B, groups };
}

/** z = lutA(t) + i·lutB(t) on the window t[s .. s+lim), zero beyond. */
function fillPair(
  t: Int32Array,
  s: number,
  lim: number,
  lutA: Float64Array,
  lutB: Float64Array,
  z: Float64Array,
): void {
  for (let x = 0; x < lim; x++) {
    const c = t[s + x];
    z[2 * x] = lutA[c];
    z[2 * x + 1] = lutB[c];
  }
  z.fill(0, 2 * lim);
}

/** z = lut(t[s0 + x]) + i·lut(t[s1 + x]), each lane zero beyond its window. */
function fillTwoBlocks(
  t: Int32Array,
  s0: number,
  lim0: number,
  s1: number,
  lim1: number,
  lut: Float64Array,
  z: Float64Array,
): void {
  z.fill(0);
  for (let x = 0; x < lim0; x++) z[2 * x] = lut[t[s0 + x]];
  for (let x = 0; x < lim1; x++) z[2 * x + 1] = lut[t[s1 + x]];
}

/** Q = conj(S)·Z; A0 += Q, A1 += −i·Q. */
function macOddChannel(S: Float64Array, Z: Float64Array, A0: Float64Array, A1: Float64Array) {
  for (let k = 0; k < A0.length; k += 2) {
    const wr = S[k];
    const wi = S[k + 1];
    const zr = Z[k];
    const zi = Z[k + 1];
    const qr = wr * zr + wi * zi;
    const qi = wr * zi - wi * zr;
    A0[k] += qr;
    A0[k + 1] += qi;
    A1[k] += qi;
    A1[k + 1] -= qr;
  }
}

/** A += conj(S)·Z. */
function macAdd(S: Float64Array, Z: Float64Array, A: Float64Array): void {
  for (let k = 0; k < A.length; k += 2) {
    const wr = S[k];
    const wi = S[k + 1];
    const zr = Z[k];
    const zi = Z[k + 1];
    A[k] += wr * zr + wi * zi;
    A[k + 1] += wr * zi - wi * zr;
  }
}

/**
 * Hermitian part X of A (length N) folded to the conjugated half-size spectrum Y (length N/2):
 * X[k] = A[k] + conj A[−k], E = X[k] + X[k+h], O = (X[k] − X[k+h])·e^{2πik/N},
 * Y[k] = conj(E + i·O), so that a forward transform of Y gives the real signal.
 */
function foldHermitian(
  A: Float64Array,
  Y: Float64Array,
  cosT: Float64Array,
  sinT: Float64Array,
): void {
  const N = A.length >>> 1;
  const h = N >>> 1;
  for (let k = 0; k < h; k++) {
    const k2 = 2 * k;
    const nk = k === 0 ? 0 : 2 * (N - k);
    const kh = 2 * (k + h);
    const hk = 2 * (h - k);
    const x1r = A[k2] + A[nk];
    const x1i = A[k2 + 1] - A[nk + 1];
    const x2r = A[kh] + A[hk];
    const x2i = A[kh + 1] - A[hk + 1];
    const dr = x1r - x2r;
    const di = x1i - x2i;
    const c = cosT[k];
    const sn = sinT[k];
    const or = dr * c - di * sn;
    const oi = dr * sn + di * c;
    Y[k2] = x1r + x2r - oi;
    Y[k2 + 1] = -(x1i + x2i + or);
  }
}

/**
 * M[s+i] += (round(x[i]) + offset) >> shift for i < valid, where x[i] = r[i] for even i and
 * −r[i] for odd i; returns the largest |x − round(x)|.
 */
function roundInto(
  r: Float64Array,
  M: Int32Array,
  s: number,
  valid: number,
  offset: number,
  shift: number,
): number {
  let maxErr = 0;
  for (let i = 0; i < valid; i += 2) {
    const v = r[i];
    const rounded = Math.round(v);
    maxErr = Math.max(maxErr, Math.abs(v - rounded));
    M[s + i] += (rounded + offset) >> shift;
  }
  for (let i = 1; i < valid; i += 2) {
    const v = -r[i];
    const rounded = Math.round(v);
    maxErr = Math.max(maxErr, Math.abs(v - rounded));
    M[s + i] += (rounded + offset) >> shift;
  }
  return maxErr;
}

/**
 * Adds to M[i] the matches for a joint alphabet of exactly two codes (c0 and any other), by one
 * ±1 correlation C[i] = Σ_j v[j]·u[i + j] = m − 2·HD[i], i.e. M[i] = (m + C[i])/2.
 */
export function addMatchesBinary(
  t: Int32Array,
  p: Int32Array,
  c0: number,
  N: number,
  M: Int32Array,
): FFTRun {
  const n = t.length;
  const m = p.length;
  const W = n - m + 1;
  const L = N - m + 1;
  const B = Math.ceil(W / L);
  const full = fftOfSize(N);
  const z = new Float64Array(2 * N);
  const Z = new Float64Array(2 * N);
  const V = new Float64Array(2 * N);
  const r = new Float64Array(2 * N);

  // 1. Pattern spectrum of v = ±1, scaled by 1/N for the inverse done as a forward transform.
  for (let j = 0; j < m; j++) z[2 * j] = p[j] === c0 ? 1 : -1;
  full.transform(V, z);
  const scale = 1 / N;
  for (let k = 0; k < 2 * N; k++) V[k] *= scale;

  let maxErr = 0;
  for (let blk = 0; blk < B; blk += 2) {
    // 2. Block blk in the real lane, block blk+1 (if any) in the imaginary lane.
    const s0 = blk * L;
    const s1 = s0 + L;
    const lim0 = Math.min(N, n - s0);
    const lim1 = blk + 1 < B ? Math.min(N, n - s1) : 0;
    z.fill(0);
    for (let x = 0; x < lim0; x++) z[2 * x] = t[s0 + x] === c0 ? 1 : -1;
    for (let x = 0; x < lim1; x++) z[2 * x + 1] = t[s1 + x] === c0 ? 1 : -1;
    full.transform(Z, z);

    // 3. conj(conj(V)·Z) = V·conj(Z); its forward transform is N·conj(IFFT(conj(V)·Z)).
    for (let k = 0; k < 2 * N; k += 2) {
      const vr = V[k];
      const vi = V[k + 1];
      const zr = Z[k];
      const zi = -Z[k + 1];
      z[k] = vr * zr - vi * zi;
      z[k + 1] = vr * zi + vi * zr;
    }
    full.transform(r, z);

    // 4. C for block blk is r's real lane, for block blk+1 minus its imaginary lane.
    for (let lane = 0; lane < 2; lane++) {
      const s = lane === 0 ? s0 : s1;
      if (lane === 1 && lim1 === 0) break;
      const valid = Math.min(L, W - s);
      const sign = lane === 0 ? 1 : -1;
      for (let i = 0; i < valid; i++) {
        const v = sign * r[2 * i + lane];
        const rounded = Math.round(v);
        const e = Math.abs(v - rounded);
        if (e > maxErr) maxErr = e;
        M[s + i] += (m + rounded) >> 1;
      }
    }
  }
  return { maxRoundingError: maxErr, blocks: B, groups: 1 };
}
