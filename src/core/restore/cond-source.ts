/**
 * Where a tiled restore gets its condition x (normalized, on the output grid) for one canvas: cut from a full
 * upsampled plane, or computed on demand for just the rows a band needs, straight from the raw input plane, so
 * the full-resolution condition of a large image never has to exist in memory (bounded peak RSS).
 */
import { extractTile, reflectIndex } from './plane-tiles'
import { upsampleBicubicRows } from './resample'
import type { Rect } from './tile-grid'

/** The condition of an image of `width` × `height` output pixels, by region (reflect-padded outside). */
export interface CondSource {
  width: number
  height: number
  /** Float32Array [rect.height · rect.width]: the condition over `rect` (≈[−1, 1]). */
  region(rect: Rect): Float32Array
}

/** A condition already in memory as one plane (Float32Array [height · width]). */
export function planeCondSource(plane: Float32Array, width: number, height: number): CondSource {
  return { width, height, region: (rect) => extractTile(plane, width, height, rect, new Float32Array(rect.width * rect.height)) }
}

/**
 * The condition of a raw input plane: x = bicubic×`scale`(2·(v − low)/span − 1), computed for the rows a region
 * needs (plus the 2-row bicubic support) only.
 * @param raw - the input plane as read (any numeric typed array) [inHeight · inWidth]
 */
export function rawCondSource(raw: ArrayLike<number>, inWidth: number, inHeight: number, scale: number, low: number, span: number): CondSource {
  const width = inWidth * scale
  const height = inHeight * scale
  return {
    width,
    height,
    region(rect) {
      // Output rows the region touches (reflected into the image), then the input rows their taps reach.
      let lo = height
      let hi = -1
      for (let y = rect.y; y < rect.y + rect.height; y++) {
        const r = reflectIndex(y, height)
        lo = Math.min(lo, r)
        hi = Math.max(hi, r)
      }
      const rows = upsampleBicubicRows(raw, inWidth, inHeight, scale, lo, hi + 1, (v) => ((v - low) / span) * 2 - 1)
      // `rows` holds output rows [lo, hi]: extract from it as if it were the image, shifted by lo.
      const out = new Float32Array(rect.width * rect.height)
      for (let ty = 0; ty < rect.height; ty++) {
        const src = (reflectIndex(rect.y + ty, height) - lo) * width
        for (let tx = 0; tx < rect.width; tx++) out[ty * rect.width + tx] = rows[src + reflectIndex(rect.x + tx, width)]
      }
      return out
    }
  }
}
