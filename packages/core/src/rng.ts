/**
 * Seeded pseudo-random numbers: xoshiro128** (Blackman and Vigna) on four 32-bit words, seeded
 * through splitmix64. Every stochastic method in optkit takes a `seed` and draws from this
 * generator, so the same seed gives the same answer bit for bit on every platform.
 *
 * Stream format (a published promise; changing it is a breaking change):
 * - seed s -> splitmix64 twice -> state [lo(z1), hi(z1), lo(z2), hi(z2)];
 * - `nextU32()` = rotl(s1 * 5, 7) * 9;
 * - `next()` = ((a >>> 5) * 2^26 + (b >>> 6)) / 2^53 from two outputs a, b (53 bits in [0, 1));
 * - `int(n)`: Lemire's multiply-and-reject on 32 bits for n <= 2^32 (no modulo bias);
 * - `normal()`: Marsaglia's polar method, the second value of each pair cached.
 *
 * References: D. Blackman and S. Vigna (2021), "Scrambled linear pseudorandom number
 * generators", ACM TOMS 47(4). D. Lemire (2019), "Fast random integer generation in an
 * interval", ACM TOMACS 29(1). G. Marsaglia and T. A. Bray (1964), "A convenient method for
 * generating normal variables", SIAM Review 6(3).
 */
import { checker, describeValue } from './checks.js';

const check = checker('core');
const MASK64 = (1n << 64n) - 1n;
const TWO32 = 4294967296;
const TWO53 = 9007199254740992;

/** Saved generator state, plain JSON: four words and the cached normal, if any. */
export interface RngState {
  s: [number, number, number, number];
  spare: number | null;
}

function splitmix64(state: bigint): [bigint, bigint] {
  const next = (state + 0x9e3779b97f4a7c15n) & MASK64;
  let z = next;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return [next, z ^ (z >> 31n)];
}

function toSeed(seed: number | bigint): bigint {
  if (typeof seed === 'bigint') {
    if (seed < 0n || seed > MASK64) {
      throw check.rangeError('seed', 'a bigint in [0, 2^64)', seed);
    }
    return seed;
  }
  if (typeof seed !== 'number') throw check.typeError('seed', 'an integer or a bigint', seed);
  if (!Number.isInteger(seed) || seed < 0 || seed >= TWO53) {
    throw check.rangeError('seed', 'an integer in [0, 2^53)', seed);
  }
  return BigInt(seed);
}

/**
 * A seeded xoshiro128** generator.
 *
 * @example
 * ```ts
 * const rng = new Rng(42);
 * rng.next();   // 0.4137016681565887
 * rng.int(6);   // an integer in [0, 6)
 * ```
 */
export class Rng {
  // State words live in a typed array: as object fields, values above 2^30 would be boxed.
  private readonly s = new Int32Array(4);
  private spare: number | null = null;

  /**
   * @param seed - an integer in [0, 2^53) or a bigint in [0, 2^64); default 0.
   * @throws RangeError for NaN, infinite, negative, fractional or too large seeds.
   */
  constructor(seed: number | bigint = 0) {
    let s = toSeed(seed);
    const [s1, z1] = splitmix64(s);
    s = s1;
    const [, z2] = splitmix64(s);
    this.setWords(
      Number(z1 & 0xffffffffn),
      Number(z1 >> 32n),
      Number(z2 & 0xffffffffn),
      Number(z2 >> 32n),
    );
  }

  /**
   * A generator with the given four-word state.
   *
   * @throws RangeError when the state is not four 32-bit words or is all zeros.
   */
  static fromState(state: ArrayLike<number>): Rng {
    const rng = new Rng(0);
    if (state.length !== 4) {
      throw check.rangeErrorText('state', 'four 32-bit words', describeValue(state));
    }
    for (let i = 0; i < 4; i++) {
      const w = state[i];
      if (!Number.isInteger(w) || w < 0 || w >= TWO32) {
        throw check.rangeError(`state[${i}]`, 'an integer in [0, 2^32)', w);
      }
    }
    if (state[0] === 0 && state[1] === 0 && state[2] === 0 && state[3] === 0) {
      throw check.rangeErrorText('state', 'not all zeros', '[0, 0, 0, 0]');
    }
    rng.setWords(state[0], state[1], state[2], state[3]);
    return rng;
  }

  /** A generator restored from {@link Rng.toJSON}; continues the stream exactly. */
  static fromJSON(saved: RngState): Rng {
    if (typeof saved !== 'object' || saved === null || !Array.isArray(saved.s)) {
      throw check.typeError('saved', 'an object { s: number[4], spare }', saved);
    }
    const rng = Rng.fromState(saved.s);
    if (saved.spare !== null && saved.spare !== undefined) {
      rng.spare = check.number('saved.spare', saved.spare);
    }
    return rng;
  }

  private setWords(a: number, b: number, c: number, d: number): void {
    this.s[0] = a;
    this.s[1] = b;
    this.s[2] = c;
    this.s[3] = d;
    this.spare = null;
  }

  /** The four state words (a copy). The cached normal is not included; see `toJSON`. */
  state(): Uint32Array {
    return Uint32Array.from(this.s, (w) => w >>> 0);
  }

  /** Plain JSON of the full state, including the cached normal. */
  toJSON(): RngState {
    const [a, b, c, d] = this.state();
    return { s: [a, b, c, d], spare: this.spare };
  }

  /** An independent copy with the same state. */
  clone(): Rng {
    return Rng.fromJSON(this.toJSON());
  }

  /** The next 32-bit output, an integer in [0, 2^32). */
  nextU32(): number {
    const s = this.s;
    const s0 = s[0];
    const s1 = s[1];
    const x = Math.imul(s1, 5);
    const result = Math.imul((x << 7) | (x >>> 25), 9) >>> 0;
    const n2 = s[2] ^ s0;
    const n3 = s[3] ^ s1;
    s[1] = s1 ^ n2;
    s[0] = s0 ^ n3;
    s[2] = n2 ^ (s1 << 9);
    s[3] = (n3 << 11) | (n3 >>> 21);
    return result;
  }

  /** A double in [0, 1) with 53 random bits (two outputs, inlined). */
  next(): number {
    const s = this.s;
    let s0 = s[0];
    let s1 = s[1];
    let x = Math.imul(s1, 5);
    const a = Math.imul((x << 7) | (x >>> 25), 9) >>> 5;
    let n2 = s[2] ^ s0;
    let n3 = s[3] ^ s1;
    const t1 = s1 ^ n2;
    const t0 = s0 ^ n3;
    const t2 = n2 ^ (s1 << 9);
    const t3 = (n3 << 11) | (n3 >>> 21);
    s0 = t0;
    s1 = t1;
    x = Math.imul(s1, 5);
    const b = Math.imul((x << 7) | (x >>> 25), 9) >>> 6;
    n2 = t2 ^ s0;
    n3 = t3 ^ s1;
    s[1] = s1 ^ n2;
    s[0] = s0 ^ n3;
    s[2] = n2 ^ (s1 << 9);
    s[3] = (n3 << 11) | (n3 >>> 21);
    return (a * 67108864 + b) / TWO53;
  }

  /** A double uniform in [lo, hi). */
  uniform(lo = 0, hi = 1): number {
    return lo + (hi - lo) * this.next();
  }

  /**
   * An integer uniform in [0, n), without modulo bias.
   *
   * @param n - a positive integer at most 2^53.
   */
  int(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > TWO53) {
      throw check.rangeError('n', 'an integer in [1, 2^53]', n);
    }
    if (n <= TWO32) return this.intSmall(n);
    const limit = TWO53 - (TWO53 % n);
    for (;;) {
      const u = (this.nextU32() >>> 11) * TWO32 + this.nextU32();
      if (u < limit) return u % n;
    }
  }

  /** Lemire's method: the high word of x * n, rejecting the biased low words. */
  private intSmall(n: number): number {
    let x = this.nextU32();
    let [hi, lo] = mul32(x, n);
    if (lo < n) {
      const threshold = (TWO32 - n) % n;
      while (lo < threshold) {
        x = this.nextU32();
        [hi, lo] = mul32(x, n);
      }
    }
    return hi;
  }

  /** A normal deviate with the given mean and standard deviation. */
  normal(mean = 0, sd = 1): number {
    if (this.spare !== null) {
      const z = this.spare;
      this.spare = null;
      return mean + sd * z;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.next() - 1;
      v = 2 * this.next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * f;
    return mean + sd * u * f;
  }

  /** An exponential deviate with the given rate. */
  exponential(rate = 1): number {
    return -Math.log1p(-this.next()) / rate;
  }

  /**
   * Fills `out` with uniform values in [lo, hi): the same stream as calling `uniform` in a loop,
   * with the state kept in locals for speed.
   */
  fillUniform(out: Float64Array, lo = 0, hi = 1): Float64Array {
    const w = hi - lo;
    const s = this.s;
    let s0 = s[0];
    let s1 = s[1];
    let s2 = s[2];
    let s3 = s[3];
    for (let i = 0; i < out.length; i++) {
      let x = Math.imul(s1, 5);
      const a = Math.imul((x << 7) | (x >>> 25), 9) >>> 5;
      let t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      x = Math.imul(s1, 5);
      const b = Math.imul((x << 7) | (x >>> 25), 9) >>> 6;
      t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      out[i] = lo + w * ((a * 67108864 + b) / TWO53);
    }
    s[0] = s0;
    s[1] = s1;
    s[2] = s2;
    s[3] = s3;
    return out;
  }

  /** Fills `out` with normal values. */
  fillNormal(out: Float64Array, mean = 0, sd = 1): Float64Array {
    for (let i = 0; i < out.length; i++) out[i] = this.normal(mean, sd);
    return out;
  }

  /** Shuffles in place (Fisher-Yates, i from n - 1 down to 1). */
  shuffle<T extends { length: number; [i: number]: unknown }>(a: T): T {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.intSmall(i + 1);
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }

  /** A uniformly random permutation of 0..n-1. */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    return this.shuffle(p);
  }

  /** Advances the state by 2^64 outputs (for non-overlapping streams). */
  jump(): void {
    const JUMP = [0x8764000b, 0xf542d2d3, 0x6fa035c3, 0x77f2db5b];
    let a = 0;
    let b = 0;
    let c = 0;
    let d = 0;
    const s = this.s;
    for (const word of JUMP) {
      for (let bit = 0; bit < 32; bit++) {
        if ((word >>> bit) & 1) {
          a ^= s[0];
          b ^= s[1];
          c ^= s[2];
          d ^= s[3];
        }
        this.nextU32();
      }
    }
    this.setWords(a, b, c, d);
  }

  /**
   * A new generator on the current stream; this one then jumps 2^64 steps ahead, so repeated
   * splits give non-overlapping streams.
   */
  split(): Rng {
    const child = Rng.fromState(this.state());
    this.jump();
    return child;
  }
}

/** [high 32 bits, low 32 bits] of the 64-bit product x * n, both below 2^32. */
function mul32(x: number, n: number): [number, number] {
  const p1 = (x & 0xffff) * n;
  const p2 = (x >>> 16) * n;
  const p1lo = p1 % 65536;
  const mid = p2 + Math.floor(p1 / 65536);
  return [Math.floor(mid / 65536), (mid % 65536) * 65536 + p1lo];
}
