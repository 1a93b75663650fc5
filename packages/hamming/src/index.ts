/**
 * @optkit/hamming: text-to-pattern Hamming distances. For a text T of length n and a pattern P
 * of length m over any alphabet, computes HD[i] = #{j : T[i+j] ≠ P[j]} for every shift
 * i = 0..n−m, exactly (naive, bit-parallel, per-symbol FFT cross-correlation with overlap-save
 * blocks, Abrahamson's frequent/infrequent split, and an automatic choice by a calibrated cost
 * model), bounded by k (early exit, pigeonhole filter) or approximately with a stated guarantee
 * (hash-and-max, Karloff's ±1 projections, position sampling).
 *
 * Symbols used in the kernels: n, m text and pattern lengths; W = n − m + 1 shifts; σ alphabet
 * size, σ_PT symbols shared by T and P; cT(c), cP(c) symbol counts; N FFT size,
 * L = N − m + 1 shifts per block, B = ⌈W/L⌉ blocks; M[i] = m − HD[i] match counts.
 *
 * References:
 * - T. M. Chan, C. Jin, V. Vassilevska Williams, Y. Xu (2023), "Faster Algorithms for
 *   Text-to-Pattern Hamming Distances", FOCS 2023, arXiv:2310.13174 (the theoretical state of
 *   the art; this package ships the practical methods, see the README's notes).
 * - K. Abrahamson (1987), "Generalized string matching", SIAM J. Comput. 16(6):1039–1051.
 * - M. J. Fischer, M. S. Paterson (1974), "String-matching and other products", SIAM-AMS Proc. 7.
 * - H. Karloff (1993), "Fast algorithms for approximately counting mismatches", Inf. Process.
 *   Lett. 48(2):53–60.
 * - T. Kopelowitz, E. Porat (2018), "A simple algorithm for approximating the text-to-pattern
 *   Hamming distance", SOSA 2018, doi:10.4230/OASIcs.SOSA.2018.10.
 * - R. A. Baeza-Yates, G. H. Gonnet (1992), "A new approach to text searching", Commun. ACM
 *   35(10):74–82 (bit-parallel scanning).
 * - T. Rocher, "PatternMatching" (practical comparisons of these methods),
 *   github.com/Cyanael/PatternMatching.
 *
 * @packageDocumentation
 */
export {
  type ApproximateMethod,
  type ApproximateOptions,
  type ApproximateResult,
  approximateHammingDistances,
} from './approximate.js';
export { DEFAULT_COST_MODEL } from './cost.js';
export { hammingDistances } from './hamming.js';
export {
  type KMismatchMethod,
  type KMismatchOptions,
  type KMismatchResult,
  kMismatch,
} from './kmismatch.js';
export { calibrate, chooseStrategy, matchCountsFFT, type StrategyChoice } from './tools.js';
export * from './types.js';
