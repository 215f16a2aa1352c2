/**
 * ROI geometry in image pixels: a rectangle from a drag, moved or resized by a handle, always integer and inside the
 * image (what `restore:start` takes). Pure functions; the overlay turns screen points into image points first.
 */
import type { Roi } from '../../../shared/jobs'
import type { Point, Size } from './view-transform'

/** A resize handle: corners and edge midpoints (compass names), or the body for moving. */
export type RoiHandle = 'nw' | 'n' | 'ne' | 'e' | 'se' | 's' | 'sw' | 'w' | 'move'

/** Every resize handle, for drawing them. */
export const RESIZE_HANDLES: readonly Exclude<RoiHandle, 'move'>[] = ['nw', 'n', 'ne', 'e', 'se', 's', 'sw', 'w']

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v))

/** The integer rectangle spanned by two image points (any drag direction), clipped to the image; undefined when empty. */
export function rectFromPoints(a: Point, b: Point, image: Size): Roi | undefined {
  const x0 = clamp(Math.floor(Math.min(a.x, b.x)), 0, image.width)
  const y0 = clamp(Math.floor(Math.min(a.y, b.y)), 0, image.height)
  const x1 = clamp(Math.ceil(Math.max(a.x, b.x)), 0, image.width)
  const y1 = clamp(Math.ceil(Math.max(a.y, b.y)), 0, image.height)
  return x1 - x0 >= 1 && y1 - y0 >= 1 ? { x: x0, y: y0, width: x1 - x0, height: y1 - y0 } : undefined
}

/** The ROI moved by (dx, dy) image pixels (rounded), kept whole inside the image. */
export function moveRoi(roi: Roi, dx: number, dy: number, image: Size): Roi {
  return {
    ...roi,
    x: clamp(Math.round(roi.x + dx), 0, image.width - roi.width),
    y: clamp(Math.round(roi.y + dy), 0, image.height - roi.height)
  }
}

/**
 * The ROI with one handle dragged to `to` (image coordinates); the opposite side stays put, at least 1 pixel remains,
 * and dragging past the opposite side flips the rectangle (like ImageJ).
 */
export function resizeRoi(roi: Roi, handle: RoiHandle, to: Point, image: Size): Roi {
  if (handle === 'move') return roi
  let left = roi.x
  let top = roi.y
  let right = roi.x + roi.width
  let bottom = roi.y + roi.height
  if (handle.includes('w')) left = to.x
  if (handle.includes('e')) right = to.x
  if (handle.includes('n')) top = to.y
  if (handle.includes('s')) bottom = to.y
  const rect = rectFromPoints({ x: left, y: top }, { x: right, y: bottom }, image)
  return rect ?? roi
}

/** Which handle (or the body) is at image point `p`; `tolerance` in image pixels (handle half-size / zoom). */
export function hitRoi(roi: Roi, p: Point, tolerance: number): RoiHandle | undefined {
  const xs = { w: roi.x, c: roi.x + roi.width / 2, e: roi.x + roi.width }
  const ys = { n: roi.y, c: roi.y + roi.height / 2, s: roi.y + roi.height }
  for (const handle of RESIZE_HANDLES) {
    const hx = handle.includes('w') ? xs.w : handle.includes('e') ? xs.e : xs.c
    const hy = handle.includes('n') ? ys.n : handle.includes('s') ? ys.s : ys.c
    if (Math.abs(p.x - hx) <= tolerance && Math.abs(p.y - hy) <= tolerance) return handle
  }
  const inside = p.x >= roi.x && p.x <= roi.x + roi.width && p.y >= roi.y && p.y <= roi.y + roi.height
  return inside ? 'move' : undefined
}

/** "x 10, y 20, 64×32 px" for the status bar. */
export function formatRoi(roi: Roi): string {
  return `ROI x ${roi.x}, y ${roi.y}, ${roi.width}×${roi.height} px`
}
