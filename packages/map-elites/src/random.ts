/**
 * The fast random stream used by the emitters. It is core's xoshiro128** generator (same seeding,
 * same 32-bit outputs as `Rng.nextU32`) with the four state words held in plain fields, plus a
 * ziggurat normal sampler. MAP-Elites on the sphere benchmark draws 540 x 100 normals per
 * iteration, so the normal sampler is the hot loop of the whole method: the ziggurat takes one
 * 32-bit draw for about 98.8% of the deviates, against two doubles, a log and a square root for
 * the polar method.
 *
 * Ziggurat layout (Marsaglia and Tsang 2000, 128 layers): the low 7 bits of a 32-bit draw pick
 * the layer `i` and the high 25 bits give a signed 24-bit integer `j`, so layer and abscissa come
 * from disjoint bits. `j * w[i]` is accepted at once when `|j| < k[i]`; otherwise the wedge or the
 * tail (x > r = 3.442619855899) is sampled exactly.
 *
 * References: G. Marsaglia and W. W. Tsang (2000), "The ziggurat method for generating random
 * variables", Journal of Statistical Software 5(8). D. Blackman and S. Vigna (2021), "Scrambled
 * linear pseudorandom number generators", ACM TOMS 47(4).
 */
import { checker, Rng } from '@optkit/core';

const check = checker('map-elites');

const LAYERS = 128;
const R = 3.442619855899;
const V = 9.91256303526217e-3;
const SCALE = 16777216; // 2^24: the abscissa integer j lies in [-2^24, 2^24)

const K = new Float64Array(LAYERS);
const W = new Float64Array(LAYERS);
const F = new Float64Array(LAYERS);

(function zigguratTables() {
  let dn = R;
  let tn = dn;
  const q = V / Math.exp(-0.5 * dn * dn);
  K[0] = (dn / q) * SCALE;
  K[1] = 0;
  W[0] = q / SCALE;
  W[LAYERS - 1] = dn / SCALE;
  F[0] = 1;
  F[LAYERS - 1] = Math.exp(-0.5 * dn * dn);
  for (let i = LAYERS - 2; i >= 1; i--) {
    dn = Math.sqrt(-2 * Math.log(V / dn + Math.exp(-0.5 * dn * dn)));
    K[i + 1] = (dn / tn) * SCALE;
    tn = dn;
    F[i] = Math.exp(-0.5 * dn * dn);
    W[i] = dn / SCALE;
  }
})();

const TWO53 = 9007199254740992;

/** Saved stream state: the four xoshiro128** words. */
export interface StreamState {
  s: [number, number, number, number];
}

/**
 * A seeded xoshiro128** stream with a ziggurat normal sampler: the random source of the built-in
 * emitters, exported for custom emitters and for loops that must draw exactly what an emitter
 * draws. `nextU32` and `next` give the same numbers as core's `Rng` with the same seed; `normal`
 * and `addNormal` use the ziggurat (not core's polar method), so their deviates differ from
 * `Rng.normal`. The state is four 32-bit words, saved by `toJSON` and restored by `fromJSON`.
 *
 * @example
 * ```ts
 * const s = new Stream(42);
 * const z = s.normal(); // one N(0, 1) deviate
 * const x = new Float64Array(3);
 * s.addNormal(x, 0, new Float64Array([1, 2, 3]), 0, 3, 0.1); // x = [1, 2, 3] + 0.1 N(0, I)
 * const t = Stream.fromJSON(s.toJSON()); // t continues exactly where s is
 * ```
 */
export class Stream {
  // The four state words, always held as signed 32-bit integers (so V8 keeps them unboxed).
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /**
   * @param seed - an integer in [0, 2^53), mapped to a state exactly as core's `new Rng(seed)`.
   * @throws RangeError for a negative, fractional, non-finite or too large seed.
   */
  constructor(seed: number) {
    const s = new Rng(seed).state();
    this.a = s[0] | 0;
    this.b = s[1] | 0;
    this.c = s[2] | 0;
    this.d = s[3] | 0;
  }

  /**
   * A stream continuing from saved words.
   *
   * @param state - from {@link Stream.toJSON}.
   * @returns the stream.
   * @throws TypeError / RangeError when `state.s` is not four 32-bit words, not all zero.
   */
  static fromJSON(state: StreamState): Stream {
    if (typeof state !== 'object' || state === null || !Array.isArray(state.s)) {
      throw check.typeError('state', 'a stream state { s: number[4] }', state);
    }
    const words = Rng.fromState(state.s).state();
    const out = new Stream(0);
    out.a = words[0] | 0;
    out.b = words[1] | 0;
    out.c = words[2] | 0;
    out.d = words[3] | 0;
    return out;
  }

  /**
   * The state as plain JSON.
   *
   * @returns the four state words.
   */
  toJSON(): StreamState {
    return { s: [this.a >>> 0, this.b >>> 0, this.c >>> 0, this.d >>> 0] };
  }

  /**
   * The next 32-bit output, identical to core's `Rng.nextU32`.
   *
   * @returns an integer in [0, 2^32).
   */
  nextU32(): number {
    const s0 = this.a;
    const s1 = this.b;
    const x = Math.imul(s1, 5);
    const out = Math.imul((x << 7) | (x >>> 25), 9) >>> 0;
    const t = s1 << 9;
    const n2 = this.c ^ s0;
    const n3 = this.d ^ s1;
    this.b = s1 ^ n2;
    this.a = s0 ^ n3;
    this.c = n2 ^ t;
    this.d = (n3 << 11) | (n3 >>> 21);
    return out;
  }

  /**
   * A uniform double with 53 random bits (core's `Rng.next` formula; two 32-bit draws).
   *
   * @returns a number in [0, 1).
   */
  next(): number {
    const hi = this.nextU32() >>> 5;
    const lo = this.nextU32() >>> 6;
    return (hi * 67108864 + lo) / TWO53;
  }

  /**
   * A uniform integer as `floor(n * next())` (bias below n / 2^53). Not checked (hot path).
   *
   * @param n - a positive integer below 2^31.
   * @returns an integer in [0, n).
   */
  index(n: number): number {
    return Math.floor(n * this.next());
  }

  /**
   * One standard normal deviate by the ziggurat.
   *
   * @returns a draw of N(0, 1).
   */
  normal(): number {
    const u = this.nextU32();
    const i = u & 127;
    const j = (u | 0) >> 7;
    if ((j ^ (j >> 31)) - (j >> 31) < K[i]) return j * W[i];
    return this.slowNormal(j, i);
  }

  /**
   * Writes `out[offset + t] = base[baseOffset + t] + sigma * z_t` for t < length with fresh
   * standard normals z_t, the draws made in index order (the same draws as `length` calls of
   * {@link Stream.normal}). The xoshiro state lives in locals for the whole loop. Arguments are
   * not checked (hot path).
   *
   * @param out - destination; it may be `base` itself at the same offset.
   * @param offset - first index written in `out`.
   * @param base - the values the scaled deviates are added to.
   * @param baseOffset - first index read in `base`.
   * @param length - number of values.
   * @param sigma - scale of the deviates.
   */
  addNormal(
    out: Float64Array,
    offset: number,
    base: Float64Array,
    baseOffset: number,
    length: number,
    sigma: number,
  ): void {
    let s0 = this.a | 0;
    let s1 = this.b | 0;
    let s2 = this.c | 0;
    let s3 = this.d | 0;
    let t = 0;
    while (t < length) {
      // Fast path: accept inside the layer's rectangle (about 98.8% of draws).
      let i = 0;
      let j = 0;
      for (; t < length; t++) {
        const x = Math.imul(s1, 5);
        const u = Math.imul((x << 7) | (x >>> 25), 9);
        const sh = s1 << 9;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= sh;
        s3 = (s3 << 11) | (s3 >>> 21);
        i = u & 127;
        j = u >> 7;
        if ((j ^ (j >> 31)) - (j >> 31) >= K[i]) break;
        out[offset + t] = base[baseOffset + t] + sigma * (j * W[i]);
      }
      if (t === length) break;
      // Slow path: wedge or tail, with the state handed to the method and back.
      this.a = s0;
      this.b = s1;
      this.c = s2;
      this.d = s3;
      out[offset + t] = base[baseOffset + t] + sigma * this.slowNormal(j, i);
      s0 = this.a | 0;
      s1 = this.b | 0;
      s2 = this.c | 0;
      s3 = this.d | 0;
      t++;
    }
    this.a = s0;
    this.b = s1;
    this.c = s2;
    this.d = s3;
  }

  /**
   * Like {@link Stream.addNormal} with a per-coordinate scale: `out = base + sigma[t] * z_t`.
   *
   * @param out - destination.
   * @param offset - first index written in `out`.
   * @param base - the values the scaled deviates are added to.
   * @param baseOffset - first index read in `base`.
   * @param length - number of values.
   * @param sigma - one scale per value, read from index 0.
   */
  addNormalScaled(
    out: Float64Array,
    offset: number,
    base: Float64Array,
    baseOffset: number,
    length: number,
    sigma: Float64Array,
  ): void {
    for (let t = 0; t < length; t++) {
      out[offset + t] = base[baseOffset + t] + sigma[t] * this.normal();
    }
  }

  /** The rejection part of the ziggurat: the tail for layer 0, the wedges for the others. */
  private slowNormal(j: number, i: number): number {
    for (;;) {
      if (i === 0) {
        let x: number;
        let y: number;
        do {
          x = -Math.log1p(-this.next()) / R;
          y = -Math.log1p(-this.next());
        } while (y + y < x * x);
        return j > 0 ? R + x : -R - x;
      }
      const x = j * W[i];
      if (F[i] + this.next() * (F[i - 1] - F[i]) < Math.exp(-0.5 * x * x)) return x;
      const u = this.nextU32();
      i = u & 127;
      j = (u | 0) >> 7;
      if ((j ^ (j >> 31)) - (j >> 31) < K[i]) return j * W[i];
    }
  }
}
