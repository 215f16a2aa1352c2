import type { Rect } from './tile-grid'

/** Reflects an index into [0, n) without repeating the edge pixel (like numpy 'reflect'); works for any overshoot. */
export function reflectIndex(i: number, n: number): number {
  if (n === 1) return 0
  const period = 2 * (n - 1)
  let m = ((i % period) + period) % period
  if (m >= n) m = period - m
  return m
}

/**
 * Copies the rectangle `rect` of a plane into `out`, reflecting coordinates outside the plane.
 * @param plane - Float32Array [height * width], row-major
 * @param out - Float32Array [rect.height * rect.width] (filled)
 */
export function extractTile(plane: Float32Array, width: number, height: number, rect: Rect, out: Float32Array): Float32Array {
  for (let ty = 0; ty < rect.height; ty++) {
    const row = reflectIndex(rect.y + ty, height) * width
    for (let tx = 0; tx < rect.width; tx++) out[ty * rect.width + tx] = plane[row + reflectIndex(rect.x + tx, width)]
  }
  return out
}

/**
 * Adds `weight · tile` into `sum` and `weight` into `weights` for the tile pixels that lie inside `region`
 * (both accumulators are region-sized, row-major).
 */
export function accumulateTile(
  tile: Float32Array,
  weight: Float32Array,
  rect: Rect,
  region: Rect,
  sum: Float32Array,
  weights: Float32Array
): void {
  for (let ty = 0; ty < rect.height; ty++) {
    const y = rect.y + ty - region.y
    if (y < 0 || y >= region.height) continue
    for (let tx = 0; tx < rect.width; tx++) {
      const x = rect.x + tx - region.x
      if (x < 0 || x >= region.width) continue
      const w = weight[ty * rect.width + tx]
      sum[y * region.width + x] += w * tile[ty * rect.width + tx]
      weights[y * region.width + x] += w
    }
  }
}
