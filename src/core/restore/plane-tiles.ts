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
