/**
 * Fine-tuning data: a fixed-seed train/validation split of the discovered pairs, and the pairs read and normalized
 * exactly as a restore normalizes its input (DESIGN.md §2, restoreFile): each image by its own whole-image
 * percentiles (the model's, e.g. 0.1/99.9) to [−1, 1], the low-quality one bicubic-upsampled ×scale onto the
 * high-quality grid. The target is normalized the same way, as the shipped model was trained (synthetic-set.ts).
 */
import { CodedError } from '../../shared/errors'
import type { ImagePair } from '../../shared/finetune'
import { createRng } from '../data'
import { upsampleBicubic } from '../restore'
import { readSinglePlane, type PlaneImage } from './pairs'
import { normalizePlane, type NormalizedPair } from './synthetic-set'

/**
 * Splits pairs into training and validation sets (Fisher–Yates with a seeded generator over the name-sorted list,
 * so the split depends only on the names and the seed). At least one pair goes to each side.
 * @throws CodedError `bad-pairs` with fewer than 2 pairs
 */
export function splitPairs(pairs: ImagePair[], validationFraction: number, seed: number): { train: ImagePair[]; validation: ImagePair[] } {
  if (pairs.length < 2) throw new CodedError('bad-pairs', `Fine-tuning needs at least 2 usable image pairs (found ${pairs.length}).`)
  const order = [...pairs].sort((a, b) => (a.name < b.name ? -1 : 1))
  const rng = createRng(`split-${seed}`)
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(i + 1)
    ;[order[i], order[j]] = [order[j], order[i]]
  }
  const nVal = Math.min(order.length - 1, Math.max(1, Math.round(order.length * validationFraction)))
  const byName = (a: ImagePair, b: ImagePair): number => (a.name < b.name ? -1 : 1)
  return { validation: order.slice(0, nVal).sort(byName), train: order.slice(nVal).sort(byName) }
}

const asPage = (img: PlaneImage): Uint16Array | Float32Array => (img.data instanceof Uint16Array || img.data instanceof Float32Array ? img.data : Float32Array.from(img.data))

/**
 * Reads and normalizes pairs onto the high-quality grid.
 * @returns x (condition) and y (target), each Float32Array [height·width] ≈ [−1, 1]
 * @throws CodedError from the TIFF reader, or `bad-pairs` when a pair's size ratio isn't `scale`
 */
export async function loadNormalizedPairs(pairs: ImagePair[], percentiles: { low: number; high: number }, scale: number): Promise<(NormalizedPair & { name: string })[]> {
  const out: (NormalizedPair & { name: string })[] = []
  for (const p of pairs) {
    const low = await readSinglePlane(p.low)
    const high = await readSinglePlane(p.high)
    if (high.width !== low.width * scale || high.height !== low.height * scale) {
      throw new CodedError('bad-pairs', `${p.name}: the high-quality image must be ${scale}× the low-quality one, as the model expects.`)
    }
    const x = upsampleBicubic(normalizePlane(asPage(low), percentiles), low.width, low.height, scale)
    out.push({ name: p.name, x, y: normalizePlane(asPage(high), percentiles), width: high.width, height: high.height })
  }
  return out
}
