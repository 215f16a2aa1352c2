/**
 * Data sets of the quality benchmark, all from src/core/data's generator (sr2x) and normalized the way restores
 * normalize (whole-image percentiles of the model): a training set (mixed structures, 20–1000 photons), a small
 * validation set for the PSNR-vs-step curves, and the test set: one image per structure × photon level, seeds
 * disjoint from training ('qb-test-…' vs 'qb-train').
 */
import { generatePair, STRUCTURE_KINDS, type StructureKind } from '../../src/core/data'
import { buildSyntheticSet, type NormalizedPair, toNormalizedPair } from '../../src/core/training/synthetic-set'

/** A test image and the condition it was made under. */
export interface LabelledPair extends NormalizedPair {
  structure: StructureKind
  photons: number
}

/** Photon levels of the test set (low and high SNR). */
export const TEST_PHOTONS = [20, 500] as const

/** One image per structure × photon level × `perCell`, `size`² target pixels. */
export function testSet(size: number, percentiles: { low: number; high: number }, perCell = 1): LabelledPair[] {
  const out: LabelledPair[] = []
  for (const structure of STRUCTURE_KINDS) {
    for (const photons of TEST_PHOTONS) {
      for (let i = 0; i < perCell; i++) {
        const pair = generatePair({ task: 'sr2x', structure, width: size, height: size, photons, seed: `qb-test-${structure}-${photons}-${i}` })
        out.push({ ...toNormalizedPair(pair, percentiles), structure, photons })
      }
    }
  }
  return out
}

/** Training pairs (mixed structures, photons log-uniform in [20, 1000]). */
export function trainSet(count: number, size: number, percentiles: { low: number; high: number }): NormalizedPair[] {
  return buildSyntheticSet({ task: 'sr2x', count, size, seed: 'qb-train', percentiles, photons: [20, 1000] }).pairs
}

/** Validation pairs for the training curves (seed 'qb-val'). */
export function valSet(count: number, size: number, percentiles: { low: number; high: number }): NormalizedPair[] {
  return buildSyntheticSet({ task: 'sr2x', count, size, seed: 'qb-val', percentiles, photons: [20, 1000] }).pairs
}

/** Stacks equally sized pairs into flat NHWC arrays. */
export function stack(pairs: NormalizedPair[], key: 'x' | 'y'): Float32Array {
  const n = pairs[0].width * pairs[0].height
  const out = new Float32Array(pairs.length * n)
  pairs.forEach((p, i) => out.set(p[key], i * n))
  return out
}
