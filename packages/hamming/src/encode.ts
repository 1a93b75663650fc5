/**
 * Input validation and dense symbol coding (spec B.3, preprocessing).
 *
 * Symbols occurring in both strings get codes 0..S−1 (S = σ_PT). Every text symbol absent from
 * the pattern is mapped to the one code S, every pattern symbol absent from the text to S + 1:
 * such symbols can never match, so merging them changes no distance and keeps the alphabet small.
 */
import { checker, describeValue } from '@optkit/core';

export const check = checker('hamming');

const MAX_CODE = 4294967295;

/** Dense integer codes of a text/pattern pair and their symbol counts. */
export interface Encoded {
  t: Int32Array;
  p: Int32Array;
  n: number;
  m: number;
  /** Codes are below sigma. */
  sigma: number;
  /** The one code of every text symbol absent from the pattern. */
  textOther: number;
  /** The one code of every pattern symbol absent from the text. */
  patternOther: number;
  /** Number of symbols occurring in both strings (σ_PT). */
  shared: number;
  /** The shared codes, by decreasing cT·cP (ties by code). */
  sharedCodes: Int32Array;
  /** Number of distinct codes that occur in text or pattern. */
  codesUsed: number;
  countsT: Int32Array;
  countsP: Int32Array;
}

type Raw = ArrayLike<number>;

function stringUnits(s: string): Uint16Array {
  const out = new Uint16Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

function stringCodePoints(s: string): Uint32Array {
  const out = new Uint32Array(s.length);
  let k = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.codePointAt(i) as number;
    out[k++] = c;
    if (c > 0xffff) i++;
  }
  return out.subarray(0, k);
}

/** Checks one sequence and returns its raw integer codes (no copy for unsigned typed arrays). */
function rawCodes(name: string, value: unknown, codePoints: boolean): Raw {
  if (typeof value === 'string') {
    return codePoints ? stringCodePoints(value) : stringUnits(value);
  }
  if (
    value instanceof Uint8Array ||
    value instanceof Uint16Array ||
    value instanceof Uint32Array ||
    value instanceof Uint8ClampedArray
  ) {
    return value;
  }
  const isNumericView =
    ArrayBuffer.isView(value) &&
    !(value instanceof DataView) &&
    !(value instanceof BigInt64Array) &&
    !(value instanceof BigUint64Array);
  if (!Array.isArray(value) && !isNumericView) {
    throw check.typeError(name, 'a string, a typed array or an array of integer codes', value);
  }
  const a = value as ArrayLike<unknown>;
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (typeof v !== 'number') throw check.typeError(`${name}[${i}]`, 'a number', v);
    if (!Number.isInteger(v) || v < 0 || v > MAX_CODE) {
      throw check.rangeError(`${name}[${i}]`, `an integer in [0, ${MAX_CODE}]`, v);
    }
  }
  return a as Raw;
}

/**
 * Validates text and pattern and codes them densely.
 *
 * @throws TypeError for a wrong kind of input or a string mixed with a numeric array.
 * @throws RangeError for an empty pattern, a pattern longer than the text or a bad code.
 */
export function encode(text: unknown, pattern: unknown, codePoints: boolean): Encoded {
  const textIsString = typeof text === 'string';
  const patternIsString = typeof pattern === 'string';
  const rt = rawCodes('text', text, codePoints);
  const rp = rawCodes('pattern', pattern, codePoints);
  if (textIsString !== patternIsString) {
    const rule = textIsString ? 'a string like text' : 'an array of codes like text';
    throw check.typeError('pattern', rule, pattern);
  }
  const n = rt.length;
  const m = rp.length;
  if (m === 0) throw check.rangeErrorText('pattern', 'non-empty', 'length 0');
  if (m > n) {
    throw check.rangeErrorText(
      'pattern',
      `no longer than the text (${n} symbols)`,
      `${m} symbols (${describeValue(pattern)})`,
    );
  }
  return denseCodes(rt, rp);
}

/** Dense coding of already validated raw codes. */
export function denseCodes(rt: Raw, rp: Raw): Encoded {
  const n = rt.length;
  const m = rp.length;

  // 1. Table size: the code range of the input type, or the largest code when it is small.
  let range = 0;
  if (rt instanceof Uint8Array && rp instanceof Uint8Array) range = 256;
  else if (rt instanceof Uint16Array && rp instanceof Uint16Array) range = 65536;
  else {
    let maxCode = 0;
    for (let j = 0; j < m; j++) if (rp[j] > maxCode) maxCode = rp[j];
    for (let x = 0; x < n; x++) if (rt[x] > maxCode) maxCode = rt[x];
    range = maxCode < Math.max(65536, 4 * (n + m)) ? maxCode + 1 : 0;
  }

  // 2. Pattern symbols get codes 0..σP−1 in order of first appearance; every other symbol
  //    gets textOther = σP. Then one pass codes and counts the text.
  const p = new Int32Array(m);
  const t = new Int32Array(n);
  let sigmaP: number;
  let countsT: Int32Array;
  if (range > 0) {
    const table = new Int32Array(range).fill(-1);
    sigmaP = 0;
    for (let j = 0; j < m; j++) {
      const c = rp[j];
      if (table[c] < 0) table[c] = sigmaP++;
      p[j] = table[c];
    }
    for (let c = 0; c < range; c++) if (table[c] < 0) table[c] = sigmaP;
    countsT = new Int32Array(sigmaP + 2);
    codeText(rt, table, t, countsT);
  } else {
    const map = new Map<number, number>();
    for (let j = 0; j < m; j++) {
      let id = map.get(rp[j]);
      if (id === undefined) {
        id = map.size;
        map.set(rp[j], id);
      }
      p[j] = id;
    }
    sigmaP = map.size;
    countsT = new Int32Array(sigmaP + 2);
    for (let x = 0; x < n; x++) {
      const id = map.get(rt[x]) ?? sigmaP;
      t[x] = id;
      countsT[id]++;
    }
  }
  const textOther = sigmaP;
  const patternOther = sigmaP + 1;

  // 3. Pattern symbols absent from the text share the code patternOther.
  const countsP = new Int32Array(sigmaP + 2);
  for (let j = 0; j < m; j++) {
    if (countsT[p[j]] === 0) p[j] = patternOther;
    countsP[p[j]]++;
  }
  const ids: number[] = [];
  for (let c = 0; c < sigmaP; c++) if (countsT[c] > 0 && countsP[c] > 0) ids.push(c);
  ids.sort((a, b) => countsT[b] * countsP[b] - countsT[a] * countsP[a] || a - b);
  const shared = ids.length;
  const codesUsed = shared + (countsT[textOther] > 0 ? 1 : 0) + (countsP[patternOther] > 0 ? 1 : 0);
  return {
    t,
    p,
    n,
    m,
    sigma: sigmaP + 2,
    textOther,
    patternOther,
    shared,
    sharedCodes: Int32Array.from(ids),
    codesUsed,
    countsT,
    countsP,
  };
}

/** t[x] = table[rt[x]] and the text counts, in one pass. */
function codeText(rt: Raw, table: Int32Array, t: Int32Array, countsT: Int32Array): void {
  for (let x = 0; x < rt.length; x++) {
    const id = table[rt[x]];
    t[x] = id;
    countsT[id]++;
  }
}
