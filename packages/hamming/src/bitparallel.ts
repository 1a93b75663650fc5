/**
 * Bit-parallel naive scan for joint alphabets of at most 4 symbols (spec B.3.3).
 *
 * Symbols are packed b bits each (b = 1 for two codes, b = 2 for three or four) into 32-bit
 * words, S = 32/b symbols per word. The text is stored in S shifted copies, copy r holding the
 * symbols r, r+1, ... so that the window of every shift i is a run of aligned words of copy
 * i mod S. A window word XOR the pattern word is nonzero exactly in the mismatching fields;
 * the fields are summed with SWAR adds (several words per byte-fold) instead of one popcount
 * per word.
 */

/** Shifts per tile of the scan (a multiple of 32). */
const TILE = 4096;

/** Number of 1 bits of a 32-bit word (SWAR). */
function popcount32(v: number): number {
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** Packs codes (each < 2^b) into words of S = 32/b symbols, one zero word of padding. */
function pack(codes: Int32Array, b: number, words: number): Int32Array {
  const S = 32 / b;
  const out = new Int32Array(words);
  for (let x = 0; x < codes.length; x++) {
    out[(x / S) | 0] |= codes[x] << ((x % S) * b);
  }
  return out;
}

/**
 * HD[i] for every shift into out (length W), for codes in [0, sigma) with at most 4 used.
 *
 * @param t - text codes; p - pattern codes; both already dense.
 */
export function bitParallelKernel(
  t: Int32Array,
  p: Int32Array,
  sigma: number,
  out: Int32Array,
): void {
  const n = t.length;
  const m = p.length;
  const W = n - m + 1;

  // 1. Compact the used codes to 0..u−1 and choose b.
  const compact = new Int32Array(sigma).fill(-1);
  let u = 0;
  for (let x = 0; x < n; x++) if (compact[t[x]] < 0) compact[t[x]] = u++;
  for (let j = 0; j < m; j++) if (compact[p[j]] < 0) compact[p[j]] = u++;
  const b = u <= 2 ? 1 : 2;
  const S = 32 / b;
  const tc = new Int32Array(n);
  for (let x = 0; x < n; x++) tc[x] = compact[t[x]];
  const pc = new Int32Array(m);
  for (let j = 0; j < m; j++) pc[j] = compact[p[j]];

  // 2. Packed pattern: fw full words, then rem symbols in a masked last word.
  const fw = Math.floor(m / S);
  const rem = m - fw * S;
  const P = pack(pc, b, fw + 1);
  const lastMask = rem === 0 ? 0 : (1 << (rem * b)) - 1;
  const lastP = P[fw];

  // 3. Shifted copies of the packed text, Q words each, copy r at offset r·Q.
  const Q = Math.ceil(n / S) + 1;
  const T0 = pack(tc, b, Q + 1);
  const T = new Int32Array(S * Q);
  T.set(T0.subarray(0, Q), 0);
  for (let r = 1; r < S; r++) {
    const lo = r * b;
    const hi = 32 - lo;
    const base = r * Q;
    for (let q = 0; q < Q; q++) T[base + q] = (T0[q] >>> lo) | (T0[q + 1] << hi);
  }

  // 4. Scan tile by tile (TILE shifts, a multiple of S): within a tile, copy r serves the
  //    shifts i ≡ r (mod S) in order. Tiles keep the strided writes to out in cache; a single
  //    pass per copy over all W shifts would touch every cache line of out S times.
  if (b === 2) scan2(T, P, Q, S, W, fw, lastMask, lastP, out);
  else scan1(T, P, Q, S, W, fw, lastMask, lastP, out);
}

function scan2(
  T: Int32Array,
  P: Int32Array,
  Q: number,
  S: number,
  W: number,
  fw: number,
  lastMask: number,
  lastP: number,
  out: Int32Array,
): void {
  const groups = Math.floor(fw / 6);
  const tail = groups * 6;
  for (let i0 = 0; i0 < W; i0 += TILE) {
    const i1 = Math.min(W, i0 + TILE);
    for (let r = 0; r < S; r++) {
      for (let i = i0 + r, base = r * Q + i0 / S; i < i1; i += S, base++) {
        let mis = 0;
        let w = 0;
        for (let g = 0; g < groups; g++, w += 6) {
          // Six words: fields are 0/1 in the low bit of each 2-bit field; three fit a field.
          let x = T[base + w] ^ P[w];
          let s = (x | (x >>> 1)) & 0x55555555;
          x = T[base + w + 1] ^ P[w + 1];
          s += (x | (x >>> 1)) & 0x55555555;
          x = T[base + w + 2] ^ P[w + 2];
          s += (x | (x >>> 1)) & 0x55555555;
          let v = (s & 0x33333333) + ((s >>> 2) & 0x33333333);
          x = T[base + w + 3] ^ P[w + 3];
          s = (x | (x >>> 1)) & 0x55555555;
          x = T[base + w + 4] ^ P[w + 4];
          s += (x | (x >>> 1)) & 0x55555555;
          x = T[base + w + 5] ^ P[w + 5];
          s += (x | (x >>> 1)) & 0x55555555;
          v += (s & 0x33333333) + ((s >>> 2) & 0x33333333);
          v = (v & 0x0f0f0f0f) + ((v >>> 4) & 0x0f0f0f0f);
          mis += Math.imul(v, 0x01010101) >>> 24;
        }
        for (w = tail; w < fw; w++) {
          const x = T[base + w] ^ P[w];
          mis += popcount32((x | (x >>> 1)) & 0x55555555);
        }
        if (lastMask !== 0) {
          const x = (T[base + fw] ^ lastP) & lastMask;
          mis += popcount32((x | (x >>> 1)) & 0x55555555);
        }
        out[i] = mis;
      }
    }
  }
}

function scan1(
  T: Int32Array,
  P: Int32Array,
  Q: number,
  S: number,
  W: number,
  fw: number,
  lastMask: number,
  lastP: number,
  out: Int32Array,
): void {
  const groups = Math.floor(fw / 3);
  const tail = groups * 3;
  for (let i0 = 0; i0 < W; i0 += TILE) {
    const i1 = Math.min(W, i0 + TILE);
    for (let r = 0; r < S; r++) {
      for (let i = i0 + r, base = r * Q + i0 / S; i < i1; i += S, base++) {
        let mis = 0;
        let w = 0;
        for (let g = 0; g < groups; g++, w += 3) {
          // Three words: 4-bit field sums of at most 4 each, 12 in all, then one byte fold.
          let x = T[base + w] ^ P[w];
          x -= (x >>> 1) & 0x55555555;
          let v = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
          x = T[base + w + 1] ^ P[w + 1];
          x -= (x >>> 1) & 0x55555555;
          v += (x & 0x33333333) + ((x >>> 2) & 0x33333333);
          x = T[base + w + 2] ^ P[w + 2];
          x -= (x >>> 1) & 0x55555555;
          v += (x & 0x33333333) + ((x >>> 2) & 0x33333333);
          v = (v & 0x0f0f0f0f) + ((v >>> 4) & 0x0f0f0f0f);
          mis += Math.imul(v, 0x01010101) >>> 24;
        }
        for (w = tail; w < fw; w++) mis += popcount32(T[base + w] ^ P[w]);
        if (lastMask !== 0) mis += popcount32((T[base + fw] ^ lastP) & lastMask);
        out[i] = mis;
      }
    }
  }
}
