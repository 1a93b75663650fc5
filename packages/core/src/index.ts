/**
 * @optkit/core: the Float64Array linear algebra and optimization core shared by every optkit
 * package: row-major dense matrices and CSR sparse matrices, BLAS-like kernels (packed gemm),
 * Cholesky, LU, QR, matrix exponential, SVD and eigen through ml-matrix, L-BFGS (with bounds),
 * SPG and FISTA, exact projections, a seeded RNG and argument checks.
 *
 * @packageDocumentation
 */
export * from './blas1.js';
export * from './checks.js';
export * from './cholesky.js';
export * from './decomp.js';
export * from './dense.js';
export * from './errors.js';
export * from './expm.js';
export * from './firstorder.js';
export * from './lbfgs.js';
export * from './lu.js';
export * from './mat.js';
export * from './projections.js';
export * from './rng.js';
export * from './sparse.js';
