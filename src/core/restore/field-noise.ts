import type { Rect } from './tile-grid'

/** 32-bit integer hash (lowbias32 by Chris Wellons), the core of the counter-based generator below. */
function hash32(v: number): number {
  v ^= v >>> 16
  v = Math.imul(v, 0x7feb352d)
  v ^= v >>> 15
  v = Math.imul(v, 0x846ca68b)
  v ^= v >>> 16
  return v >>> 0
}

/** Uniform in (0, 1) from a key, never exactly 0 or 1. */
function uniform(key: number): number {
  return (hash32(key) + 0.5) / 4294967296
}

/**
 * Fills `out` with standard normal noise for the pixels of `region`, as a pure function of
 * (seed, stream, absolute pixel position). The same pixel gets the same value whether the whole image or only an ROI
 * is restored, and every tile covering a pixel sees the same value: one shared noise field per step and sample.
 * @param stream - distinguishes draws: e.g. step index × samples + sample index
 * @param out - Float32Array [region.height * region.width]
 */
export function fillFieldNoise(seed: number, stream: number, region: Rect, imageWidth: number, out: Float32Array): Float32Array {
  const base = hash32((seed >>> 0) ^ hash32(stream + 0x9e3779b9))
  for (let y = 0; y < region.height; y++) {
    for (let x = 0; x < region.width; x++) {
      const index = (region.y + y) * imageWidth + (region.x + x)
      const key = hash32(base ^ hash32(index))
      const u1 = uniform(key)
      const u2 = uniform(key ^ 0x68e31da4)
      out[y * region.width + x] = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2)
    }
  }
  return out
}
