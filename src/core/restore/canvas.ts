import { extractTile } from './plane-tiles'
import { boundsOf, type Rect } from './tile-grid'
import { tileWindow } from './tile-window'

/**
 * The working area of a tiled restore: the union of its tiles (image coordinates; it only leaves the image when the
 * image is smaller than one tile, and then it is reflect-padded), the tiles' blending windows and their weight sum.
 */
export interface Canvas {
  rect: Rect
  tiles: Rect[]
  /** Per tile: Float32Array [tile²] tapered weights (tapered on edges shared with a neighbour of the full grid; shared, read-only). */
  windows: Float32Array[]
  /** Float32Array [rect.height · rect.width]: Σ windows over the tiles covering each pixel (> 0 everywhere). */
  weightSum: Float32Array
}

/** Builds the canvas for `tiles` of an image of `width` × `height` with overlap `overlap`. */
export function buildCanvas(tiles: Rect[], width: number, height: number, overlap: number): Canvas {
  const rect = boundsOf(tiles)
  // At most 9 distinct windows (by which edges are tapered): shared, so a canvas of thousands of tiles stays small.
  const shared = new Map<string, Float32Array>()
  const windows = tiles.map((t) => {
    const edges = { left: t.x > 0, top: t.y > 0, right: t.x + t.width < width, bottom: t.y + t.height < height }
    const key = `${t.width}:${Object.values(edges).join()}`
    let w = shared.get(key)
    if (!w) shared.set(key, (w = tileWindow(t.width, overlap, edges)))
    return w
  })
  const weightSum = new Float32Array(rect.width * rect.height)
  tiles.forEach((t, i) => {
    for (let ty = 0; ty < t.height; ty++) {
      const row = (t.y - rect.y + ty) * rect.width + (t.x - rect.x)
      for (let tx = 0; tx < t.width; tx++) weightSum[row + tx] += windows[i][ty * t.width + tx]
    }
  })
  return { rect, tiles, windows, weightSum }
}

/** Copies the canvas area out of a full plane (reflect-padded where it leaves the plane). */
export function planeToCanvas(plane: Float32Array, width: number, height: number, canvas: Canvas): Float32Array {
  return extractTile(plane, width, height, canvas.rect, new Float32Array(canvas.rect.width * canvas.rect.height))
}

/** Copies tile `t` (image coordinates, inside the canvas) out of a canvas-sized array into `out` at `offset`. */
export function canvasTile(data: Float32Array, canvas: Canvas, t: Rect, out: Float32Array, offset: number): void {
  const cw = canvas.rect.width
  for (let ty = 0; ty < t.height; ty++) {
    const src = (t.y - canvas.rect.y + ty) * cw + (t.x - canvas.rect.x)
    out.set(data.subarray(src, src + t.width), offset + ty * t.width)
  }
}

/** Adds window-weighted tile values (from `tile` at `offset`) into a canvas-sized accumulator. */
export function addWeightedTile(acc: Float32Array, canvas: Canvas, index: number, tile: Float32Array, offset: number): void {
  const t = canvas.tiles[index]
  const w = canvas.windows[index]
  const cw = canvas.rect.width
  for (let ty = 0; ty < t.height; ty++) {
    const dst = (t.y - canvas.rect.y + ty) * cw + (t.x - canvas.rect.x)
    for (let tx = 0; tx < t.width; tx++) acc[dst + tx] += w[ty * t.width + tx] * tile[offset + ty * t.width + tx]
  }
}

/** Crops `rect` (inside the canvas) out of a canvas-sized array. */
export function cropCanvas(data: Float32Array, canvas: Canvas, rect: Rect): Float32Array {
  const out = new Float32Array(rect.width * rect.height)
  canvasTile(data, canvas, rect, out, 0)
  return out
}
