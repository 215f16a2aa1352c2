import { generatePair, normalizationOf, pairSeed, type SynthPair, type SynthTask } from '../data'
import { upsampleBicubic } from '../restore'

/** One aligned pair on the output grid, normalized to ≈[−1, 1] the way restores normalize (whole-image percentiles). */
export interface NormalizedPair {
  x: Float32Array
  y: Float32Array
  width: number
  height: number
}

/** Options of {@link buildSyntheticSet}. */
export interface SyntheticSetOptions {
  task: SynthTask
  count: number
  /** Target side in pixels. */
  size: number
  seed: number | string
  /** Percentiles used for both input and target (those stored in the model). */
  percentiles: { low: number; high: number }
  /** Photon levels drawn per pair (uniformly in log space between the two). */
  photons: [number, number]
}

/** Maps a plane to [−1, 1] by its own percentiles (exact histogram for uint16). */
export function normalizePlane(data: Uint16Array | Float32Array, p: { low: number; high: number }): Float32Array {
  const n = normalizationOf(data, { pLow: p.low, pHigh: p.high })
  const span = n.high - n.low || 1
  return Float32Array.from(data, (v) => ((v - n.low) / span) * 2 - 1)
}

/** Turns a generated pair into a normalized training pair on the target grid (input bicubic-upsampled ×s). */
export function toNormalizedPair(pair: SynthPair, percentiles: { low: number; high: number }): NormalizedPair {
  const s = pair.target.width / pair.input.width
  const x = upsampleBicubic(normalizePlane(pair.input.data, percentiles), pair.input.width, pair.input.height, s)
  return { x, y: normalizePlane(pair.target.data, percentiles), width: pair.target.width, height: pair.target.height }
}

/**
 * Generates `count` deterministic pairs (mixed structures, photon levels log-uniform in `photons`).
 * The i-th pair depends only on (seed, i), so train and test sets with different seeds never overlap.
 */
export function buildSyntheticSet(o: SyntheticSetOptions): { pairs: NormalizedPair[]; raw: SynthPair[] } {
  const pairs: NormalizedPair[] = []
  const raw: SynthPair[] = []
  for (let i = 0; i < o.count; i++) {
    const seed = pairSeed(o.seed, i)
    const u = (seed % 10007) / 10007
    const photons = Math.round(o.photons[0] * (o.photons[1] / o.photons[0]) ** u)
    const pair = generatePair({ task: o.task, structure: 'mix', width: o.size, height: o.size, photons, seed })
    raw.push(pair)
    pairs.push(toNormalizedPair(pair, o.percentiles))
  }
  return { pairs, raw }
}
