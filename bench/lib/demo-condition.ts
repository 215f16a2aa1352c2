/**
 * The shipped demo sample (resources/samples/demo-widefield.tif, 256² uint16) as a sampler condition for the restore
 * benches: normalized by its 0.1 % and `high` percentiles to [−1, 1] and bicubic-upsampled ×`scale`.
 */
import path from 'node:path'
import { upsampleBicubic } from '../../src/core/restore'
import { TiffReader } from '../../src/core/tiff'

/** Where the benches find the shipped models. */
export const SHIPPED_MODELS = path.join(__dirname, '..', '..', 'resources', 'models')

/**
 * Reads and normalizes the demo sample.
 * @param scale - the model's scale factor; @param high - upper percentile as a fraction (0.998 or 0.999)
 * @returns cond: Float32Array [side²] in ≈[−1, 1] on the output grid; side = 256 · scale
 */
export async function demoCondition(scale: number, high = 0.998): Promise<{ cond: Float32Array; side: number }> {
  const reader = await TiffReader.open(path.join(__dirname, '..', '..', 'resources', 'samples', 'demo-widefield.tif'))
  const plane = await reader.readPlane({})
  await reader.close()
  const data = Float32Array.from(plane.data as ArrayLike<number>)
  const sorted = Float32Array.from(data).sort()
  const [lo, hi] = [sorted[Math.floor(0.001 * data.length)], sorted[Math.floor(high * data.length)]]
  const cond = upsampleBicubic(data.map((v) => ((v - lo) / (hi - lo)) * 2 - 1), plane.width, plane.height, scale)
  return { cond, side: plane.width * scale }
}
