/**
 * Before/after previews of fine-tuning evaluations: a centre crop of one validation pair's input, restored output
 * and target as 8-bit gray, with one shared display range so that the three are comparable by eye.
 */
import { FINETUNE_PREVIEW_SIDE, type FineTunePreview } from '../../shared/finetune'
import { autoRange, toGray8 } from '../files'
import type { NormalizedPair } from './synthetic-set'

/** The centre `side`² (or smaller) crop of a `width × height` row-major plane. */
function centreCrop(data: Float32Array, width: number, height: number, side: number): { data: Float32Array; width: number; height: number } {
  const w = Math.min(width, side)
  const h = Math.min(height, side)
  const x0 = Math.floor((width - w) / 2)
  const y0 = Math.floor((height - h) / 2)
  const out = new Float32Array(w * h)
  for (let y = 0; y < h; y++) out.set(data.subarray((y0 + y) * width + x0, (y0 + y) * width + x0 + w), y * w)
  return { data: out, width: w, height: h }
}

const base64 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')

/**
 * The preview of `pair` restored as `output`.
 * @param pair - normalized input `x` (upsampled to the target's size) and target `y`, Float32Array [height · width]
 * @param output - the model's restoration of `pair.x`, same shape and normalization
 * @param side - largest crop side (default {@link FINETUNE_PREVIEW_SIDE})
 */
export function makeEvalPreview(name: string, pair: NormalizedPair, output: Float32Array, side = FINETUNE_PREVIEW_SIDE): FineTunePreview {
  const crop = (data: Float32Array): Float32Array => centreCrop(data, pair.width, pair.height, side).data
  const { data: target, width, height } = centreCrop(pair.y, pair.width, pair.height, side)
  const range = autoRange(target)
  return {
    pair: name,
    width,
    height,
    input: base64(toGray8(crop(pair.x), range)),
    output: base64(toGray8(crop(output), range)),
    target: base64(toGray8(target, range))
  }
}
