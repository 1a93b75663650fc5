/**
 * @optkit/core: the Float64Array linear algebra and optimization core shared by every optkit
 * package.
 *
 * @packageDocumentation
 */
export * from './checks.js';
export * from './mat.js';
export * from './rng.js';
