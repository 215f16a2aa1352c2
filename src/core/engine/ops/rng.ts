/**
 * Our own seeded random generator (xoshiro128**, seeded through splitmix32), so that noise, crops, timesteps and
 * weight init are reproducible across backends and a training run can resume exactly: the whole state is four
 * uint32 words that go into the checkpoint. tf.random* ops are not used by the engine for that reason.
 */

import { xoshiro128ssNext } from '../../../shared/xoshiro128'

/** Serializable generator state: four uint32 words (never all zero). */
export interface RngState {
  words: [number, number, number, number]
}

const TWO_POW_32 = 4294967296

function splitmix32(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x9e3779b9) >>> 0
    let z = s
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0
    return (z ^ (z >>> 16)) >>> 0
  }
}

/** A seeded pseudo-random generator; uniform, normal and integer draws plus bulk fills. */
export class Rng {
  private s = new Uint32Array(4)

  /** @param seed - an integer seed, or a state captured by {@link Rng.getState} */
  constructor(seed: number | RngState) {
    if (typeof seed === 'number') {
      const next = splitmix32(seed)
      for (let i = 0; i < 4; i++) this.s[i] = next()
      if (this.s.every((w) => w === 0)) this.s[0] = 1
    } else {
      this.setState(seed)
    }
  }

  /** Next raw 32-bit unsigned integer. */
  nextUint32(): number {
    return xoshiro128ssNext(this.s)
  }

  /** Uniform in the open interval (0, 1). */
  uniform(): number {
    return (this.nextUint32() + 0.5) / TWO_POW_32
  }

  /** Standard normal draw (Box–Muller, no cached spare so the state alone determines the stream). */
  normal(): number {
    const u1 = this.uniform()
    const u2 = this.uniform()
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2)
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    if (!(n >= 1)) throw new Error(`Rng.int needs n >= 1, got ${n}`)
    return Math.floor(this.uniform() * n)
  }

  /** Fills `out` with standard normal draws (both Box–Muller outputs used). Returns `out`. */
  fillNormal(out: Float32Array, std = 1): Float32Array {
    for (let i = 0; i < out.length; i += 2) {
      const r = Math.sqrt(-2 * Math.log(this.uniform())) * std
      const a = 2 * Math.PI * this.uniform()
      out[i] = r * Math.cos(a)
      if (i + 1 < out.length) out[i + 1] = r * Math.sin(a)
    }
    return out
  }

  /** Fills `out` with uniform draws in [lo, hi). Returns `out`. */
  fillUniform(out: Float32Array, lo: number, hi: number): Float32Array {
    for (let i = 0; i < out.length; i++) out[i] = lo + (hi - lo) * this.uniform()
    return out
  }

  /** A copy of the current state (plain JSON). */
  getState(): RngState {
    return { words: [this.s[0], this.s[1], this.s[2], this.s[3]] }
  }

  /**
   * Restores a state from {@link Rng.getState}.
   * @throws Error when the state is not four uint32 words or is all zero
   */
  setState(state: RngState): void {
    const w = state?.words
    if (!Array.isArray(w) || w.length !== 4 || w.some((v) => !Number.isInteger(v) || v < 0 || v >= TWO_POW_32)) {
      throw new Error('RNG state must be four uint32 words')
    }
    if (w.every((v) => v === 0)) throw new Error('RNG state must not be all zero')
    this.s.set(w)
  }

  /** A new independent generator seeded from this one's stream (advances this one). */
  fork(): Rng {
    return new Rng(this.nextUint32())
  }
}

