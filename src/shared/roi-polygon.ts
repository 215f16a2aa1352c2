/**
 * Polygon ROIs in input pixels, shared by the UI (drawing, status) and the restore service (masking the outputs):
 * even-odd point-in-polygon, the integer bounding box (the rectangle that is restored) and the mask raster of a
 * rectangle at an output scale. Pure functions, no DOM.
 */
import type { Roi } from './jobs'

/** A closed polygon: ≥ 3 vertices `[x, y]` in input pixels (pixel (i, j) covers [i, i+1) × [j, j+1)). */
export type Polygon = Array<[number, number]>

/** True when (x, y) lies inside the polygon (even-odd rule, like ImageJ's `Polygon.contains`). */
export function pointInPolygon(x: number, y: number, polygon: Polygon): boolean {
  let inside = false
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i]
    const [xj, yj] = polygon[j]
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside
  }
  return inside
}

/** The integer rectangle that holds the polygon (floor of the minimum, ceil of the maximum); undefined when empty. */
export function polygonBounds(polygon: Polygon): Roi | undefined {
  if (polygon.length < 3) return undefined
  const xs = polygon.map((p) => p[0])
  const ys = polygon.map((p) => p[1])
  const x = Math.floor(Math.min(...xs))
  const y = Math.floor(Math.min(...ys))
  const width = Math.ceil(Math.max(...xs)) - x
  const height = Math.ceil(Math.max(...ys)) - y
  return width >= 1 && height >= 1 ? { x, y, width, height } : undefined
}

/**
 * The mask of `rect` (input pixels) at `scale` output pixels per input pixel: a `[height·scale, width·scale]`
 * row-major Uint8Array, 1 where the output pixel's centre lies inside the polygon, else 0.
 */
export function polygonMask(polygon: Polygon, rect: Roi, scale = 1): Uint8Array {
  const w = rect.width * scale
  const h = rect.height * scale
  const mask = new Uint8Array(w * h)
  for (let j = 0; j < h; j++) {
    const y = rect.y + (j + 0.5) / scale
    for (let i = 0; i < w; i++) if (pointInPolygon(rect.x + (i + 0.5) / scale, y, polygon)) mask[j * w + i] = 1
  }
  return mask
}
