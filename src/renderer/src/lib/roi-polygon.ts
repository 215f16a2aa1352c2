/**
 * Polygon ROI editing in image pixels (the overlay turns screen points into image points first): vertices snap to
 * the pixel grid inside the image, a polygon moves as a whole and stays inside, a click near the first vertex closes
 * it. Point-in-polygon, bounds and masks live in src/shared/roi-polygon.ts (the restore service masks with them).
 */
import { polygonBounds, type Polygon } from '../../../shared/roi-polygon'
import type { Point, Size } from './view-transform'

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v))

/** A clicked image point as a polygon vertex: rounded to the pixel grid (pixel corners) and clipped to the image. */
export function snapVertex(p: Point, image: Size): [number, number] {
  return [clamp(Math.round(p.x), 0, image.width), clamp(Math.round(p.y), 0, image.height)]
}

/** The draft with `vertex` added; a repeat of the last vertex (e.g. the clicks of a double-click) adds nothing. */
export function addVertex(draft: Polygon, vertex: [number, number]): Polygon {
  const last = draft[draft.length - 1]
  return last && last[0] === vertex[0] && last[1] === vertex[1] ? draft : [...draft, vertex]
}

/** True when `p` is within `tolerance` image pixels of the draft's first vertex and the draft can close (≥ 3). */
export function closesAt(draft: Polygon, p: Point, tolerance: number): boolean {
  return draft.length >= 3 && Math.abs(p.x - draft[0][0]) <= tolerance && Math.abs(p.y - draft[0][1]) <= tolerance
}

/** The polygon moved by (dx, dy) image pixels (rounded), kept whole inside the image. */
export function movePolygon(polygon: Polygon, dx: number, dy: number, image: Size): Polygon {
  const box = polygonBounds(polygon)
  if (!box) return polygon
  const mx = clamp(Math.round(dx), -box.x, image.width - box.x - box.width)
  const my = clamp(Math.round(dy), -box.y, image.height - box.y - box.height)
  return polygon.map(([x, y]) => [x + mx, y + my])
}

/** The SVG `points` attribute of a polygon through a point mapping (image → screen). */
export function svgPoints(polygon: Polygon, toScreen: (p: Point) => Point): string {
  return polygon.map(([x, y]) => toScreen({ x, y })).map((s) => `${s.x},${s.y}`).join(' ')
}

/** "polygon, 5 vertices, box x 10, y 20, 64×32 px" for the status bar. */
export function formatPolygon(polygon: Polygon): string {
  const box = polygonBounds(polygon)
  return `ROI polygon, ${polygon.length} vertices` + (box ? `, box x ${box.x}, y ${box.y}, ${box.width}×${box.height} px` : '')
}
