/**
 * Which t to train on (STYLE.md rule 25). Official: one t per sample, t ~ U(0, 1), no antithetic or stratified
 * sampling (CVDM.md §4.1). Ours: `stratified` (one t per batch stratum, variance reduction) and `quadratic`
 * (t = u², density ∝ 1/√t: more training at low noise, where a small residual's detail is learned; it reweights the
 * ε-loss over t, which keeps its minimiser).
 */
import type { Rng } from '../ops/rng'

/** Timestep sampler kinds. */
export type TimestepSamplerKind = 'uniform' | 'stratified' | 'quadratic'

/**
 * Draws per-sample training times.
 * @param batch - number of samples B
 * @returns [B] float32 in (0, 1) (the time nets clip to 0.99999)
 */
export function sampleTimesteps(kind: TimestepSamplerKind, rng: Rng, batch: number): Float32Array {
  const t = new Float32Array(batch)
  switch (kind) {
    case 'uniform':
      for (let i = 0; i < batch; i++) t[i] = rng.uniform()
      return t
    case 'stratified':
      for (let i = 0; i < batch; i++) t[i] = (i + rng.uniform()) / batch
      return t
    case 'quadratic':
      for (let i = 0; i < batch; i++) t[i] = rng.uniform() ** 2
      return t
    default: {
      const never: never = kind
      throw new Error(`Unknown timestep sampler "${String(never)}"`)
    }
  }
}
