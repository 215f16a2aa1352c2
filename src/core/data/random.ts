/**
 * Seeded pseudo-random numbers for the synthetic data generator: xoshiro128** (Blackman & Vigna 2018,
 * https://prng.di.unimi.it/xoshiro128starstar.c) seeded through splitmix32, with uniform, normal (Box–Muller)
 * and Poisson (inversion for small λ, PTRS of Hörmann 1993 for λ ≥ 10) samplers. Pure 32-bit integer state, so
 * the same seed gives the same stream on every machine.
 */

import { xoshiro128ssNext } from '../../shared/xoshiro128'

/** A deterministic random source. All methods advance the state. */
export interface Rng {
  /** Next raw 32-bit unsigned integer in [0, 2^32). */
  nextUint32(): number
  /** Uniform double in the open interval (0, 1) (32-bit resolution). */
  uniform(): number
  /** Uniform double in [a, b). */
  range(a: number, b: number): number
  /** Uniform integer in [0, n). */
  int(n: number): number
  /** Standard normal N(0, 1) (Box–Muller, the second value of each pair is cached). */
  normal(): number
  /** Poisson(λ) count, λ ≥ 0. Exact in distribution for all λ (no normal approximation). */
  poisson(lambda: number): number
  /** An independent generator derived from this one (for per-structure streams). */
  fork(): Rng
}

/** Turns a seed (integer or string) into a 32-bit integer (strings: FNV-1a). */
export function seedToUint32(seed: number | string): number {
  if (typeof seed === 'number') {
    if (!Number.isFinite(seed)) throw new RangeError(`seed must be finite, got ${seed}`)
    return (Math.trunc(seed) ^ Math.trunc(seed / 2 ** 32)) >>> 0
  }
  let h = 0x811c9dc5
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193)
  return h >>> 0
}

/** splitmix32 step (used only to expand a 32-bit seed into the 128-bit xoshiro state). */
function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0
  let z = state.s
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
  return (z ^ (z >>> 16)) >>> 0
}

/** Stirling-series log Γ(x) for x > 0, as numpy's `random_loggam` (|error| < 1e-14 for x ≥ 1). */
export function logGamma(x: number): number {
  const a = [
    8.333333333333333e-2, -2.777777777777778e-3, 7.936507936507937e-4, -5.952380952380952e-4,
    8.417508417508418e-4, -1.917526917526918e-3, 6.41025641025641e-3, -2.955065359477124e-2,
    1.796443723688307e-1, -1.3924322169059
  ]
  if (x === 1 || x === 2) return 0
  let x0 = x
  let n = 0
  if (x < 7) {
    n = Math.floor(7 - x)
    x0 = x + n
  }
  const x2 = 1 / (x0 * x0)
  let gl0 = a[9]
  for (let k = 8; k >= 0; k--) gl0 = gl0 * x2 + a[k]
  let gl = gl0 / x0 + 0.5 * Math.log(2 * Math.PI) + (x0 - 0.5) * Math.log(x0) - x0
  for (let k = 1; k <= n; k++) {
    gl -= Math.log(x0 - 1)
    x0 -= 1
  }
  return gl
}

/**
 * Creates a xoshiro128** generator.
 * @param seed - integer or string; equal seeds give identical streams
 */
export function createRng(seed: number | string): Rng {
  const init = { s: seedToUint32(seed) }
  return createRngFromState([splitmix32(init), splitmix32(init), splitmix32(init), splitmix32(init)])
}

/**
 * Creates a xoshiro128** generator from its raw 128-bit state (four uint32, not all zero); for tests against the
 * reference C implementation and for resuming a stream.
 */
export function createRngFromState(state: readonly [number, number, number, number]): Rng {
  const s = Uint32Array.from(state)
  if (s.every((v) => v === 0)) throw new RangeError('xoshiro128** state must not be all zero')
  let spare: number | null = null

  const nextUint32 = (): number => xoshiro128ssNext(s)
  const uniform = (): number => (nextUint32() + 0.5) / 4294967296

  const normal = (): number => {
    if (spare !== null) {
      const v = spare
      spare = null
      return v
    }
    const r = Math.sqrt(-2 * Math.log(uniform()))
    const theta = 2 * Math.PI * uniform()
    spare = r * Math.sin(theta)
    return r * Math.cos(theta)
  }

  const poisson = (lambda: number): number => {
    if (!(lambda >= 0) || !Number.isFinite(lambda)) throw new RangeError(`Poisson λ must be ≥ 0, got ${lambda}`)
    if (lambda === 0) return 0
    if (lambda < 10) return poissonInversion(lambda, uniform)
    return poissonPtrs(lambda, uniform)
  }

  const rng: Rng = {
    nextUint32,
    uniform,
    range: (a, b) => a + (b - a) * uniform(),
    int: (n) => Math.min(n - 1, Math.floor(uniform() * n)),
    normal,
    poisson,
    fork: () => createRng(nextUint32() ^ Math.imul(nextUint32(), 0x9e3779b9))
  }
  return rng
}


/** Sequential-search inversion (Devroye 1986, §X.3.3); fine for λ < 10 (≤ ~λ+1 iterations on average). */
function poissonInversion(lambda: number, uniform: () => number): number {
  let k = 0
  let p = Math.exp(-lambda)
  let cdf = p
  const u = uniform()
  while (u > cdf && k < 1000) {
    k++
    p *= lambda / k
    cdf += p
  }
  return k
}

/**
 * PTRS: transformed rejection with squeeze, W. Hörmann, "The transformed rejection method for generating Poisson
 * random variables", Insurance: Mathematics and Economics 12 (1993); constants as in numpy `random_poisson_ptrs`.
 */
function poissonPtrs(lambda: number, uniform: () => number): number {
  const slam = Math.sqrt(lambda)
  const loglam = Math.log(lambda)
  const b = 0.931 + 2.53 * slam
  const a = -0.059 + 0.02483 * b
  const invalpha = 1.1239 + 1.1328 / (b - 3.4)
  const vr = 0.9277 - 3.6224 / (b - 2)
  for (;;) {
    const u = uniform() - 0.5
    const v = uniform()
    const us = 0.5 - Math.abs(u)
    const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43)
    if (us >= 0.07 && v <= vr) return k
    if (k < 0 || (us < 0.013 && v > us)) continue
    if (Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b) <= -lambda + k * loglam - logGamma(k + 1)) {
      return k
    }
  }
}
