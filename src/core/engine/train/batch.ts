/**
 * Training batches from plain arrays: random aligned square crops of (x, y) at the same location (CVDM.md §1.3,
 * §9.1) plus random flips / rot90 (dihedral group), all drawn from our seeded generator so a resumed run sees the
 * same batches.
 */
import { CodedError } from '../../../shared/errors'
import type { AugmentKind } from '../config/train-config'
import type { Rng } from '../ops/rng'

/** One aligned training pair on the same grid, interleaved HWC float32, already normalised to [−1, 1]. */
export interface TrainingPair {
  /** Condition (e.g. widefield upsampled to the target grid): height·width·xChannels values. */
  x: Float32Array
  /** Target (e.g. SIM): height·width·yChannels values. */
  y: Float32Array
  height: number
  width: number
  /** Channels of x and y (default 1 each). */
  xChannels?: number
  yChannels?: number
}

/** A batch as flat NHWC arrays. */
export interface ArrayBatch {
  /** [B, S, S, Cx]. */
  x: Float32Array
  /** [B, S, S, C]. */
  y: Float32Array
  shapeX: [number, number, number, number]
  shapeY: [number, number, number, number]
}

/**
 * Checks every pair has consistent sizes and is at least `crop` on each side.
 * @throws CodedError `bad-pairs` naming the bad pair
 */
export function checkPairs(pairs: TrainingPair[], crop: number, xChannels: number, yChannels: number): void {
  if (pairs.length === 0) throw new CodedError('bad-pairs', 'Training needs at least one image pair.')
  pairs.forEach((p, i) => {
    if ((p.xChannels ?? 1) !== xChannels || (p.yChannels ?? 1) !== yChannels) {
      throw new CodedError('bad-pairs', `Pair ${i}: channels ${p.xChannels ?? 1}/${p.yChannels ?? 1}, model expects ${xChannels}/${yChannels}.`)
    }
    if (p.x.length !== p.height * p.width * xChannels || p.y.length !== p.height * p.width * yChannels) {
      throw new CodedError('bad-pairs', `Pair ${i}: array lengths don't match ${p.height}×${p.width}.`)
    }
    if (p.height < crop || p.width < crop) throw new CodedError('bad-pairs', `Pair ${i} (${p.height}×${p.width}) is smaller than the ${crop}² training crop; use larger images or a smaller crop.`)
  })
}

/** Which of the 8 dihedral transforms to draw from for an augmentation kind. */
function drawTransform(rng: Rng, augment: AugmentKind): number {
  switch (augment) {
    case 'none':
      return 0
    case 'flips':
      return [0, 2, 4, 6][rng.int(4)] // identity, rot180, flip-h, flip-h∘rot180 (= flip-v)
    case 'dihedral':
      return rng.int(8)
    default: {
      const never: never = augment
      throw new Error(`Unknown augmentation "${String(never)}"`)
    }
  }
}

/**
 * Source coordinates in the crop for output (i, j) under dihedral transform d (bit 2: horizontal flip, bits 0–1:
 * number of 90° rotations).
 */
export function dihedralSource(d: number, i: number, j: number, s: number): [number, number] {
  const jf = d & 4 ? s - 1 - j : j
  switch (d & 3) {
    case 0:
      return [i, jf]
    case 1:
      return [jf, s - 1 - i]
    case 2:
      return [s - 1 - i, s - 1 - jf]
    default:
      return [s - 1 - jf, i]
  }
}

/**
 * Draws a batch: for each sample a pair, a crop position and a transform, in that order.
 * @param s - crop side
 */
export function sampleBatch(
  pairs: TrainingPair[],
  rng: Rng,
  batch: number,
  s: number,
  augment: AugmentKind,
  cx: number,
  cy: number
): ArrayBatch {
  const x = new Float32Array(batch * s * s * cx)
  const y = new Float32Array(batch * s * s * cy)
  for (let b = 0; b < batch; b++) {
    const p = pairs[rng.int(pairs.length)]
    const top = rng.int(p.height - s + 1)
    const left = rng.int(p.width - s + 1)
    const d = drawTransform(rng, augment)
    for (let i = 0; i < s; i++) {
      for (let j = 0; j < s; j++) {
        const [si, sj] = dihedralSource(d, i, j, s)
        const src = (top + si) * p.width + left + sj
        const dst = (b * s + i) * s + j
        for (let k = 0; k < cx; k++) x[dst * cx + k] = p.x[src * cx + k]
        for (let k = 0; k < cy; k++) y[dst * cy + k] = p.y[src * cy + k]
      }
    }
  }
  return { x, y, shapeX: [batch, s, s, cx], shapeY: [batch, s, s, cy] }
}
