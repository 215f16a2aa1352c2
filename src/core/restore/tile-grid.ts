import { CodedError } from '../../shared/errors'

/** A rectangle in image pixel coordinates (x right, y down); may extend past the image, which is then reflect-padded. */
export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

/** How to cut an image into network tiles. */
export interface TileGridOptions {
  /** Tile side in pixels; must be a multiple of `multiple`. */
  tile: number
  /** Overlap between neighbouring tiles in pixels (≥ the network's effective receptive field for seamless fusion). */
  overlap: number
  /** The network's divisibility (2^downsamplings). */
  multiple: number
}

/** Tile starts along one axis of length `length`, anchored at 0 so that any sub-range sees the same grid. */
export function axisStarts(length: number, tile: number, overlap: number): number[] {
  if (length <= tile) return [0]
  const stride = tile - overlap
  const starts: number[] = []
  for (let s = 0; s + tile < length; s += stride) starts.push(s)
  starts.push(length - tile)
  return starts
}

/**
 * Plans the tiles of an image (optionally only those touching `roi` + `margin`). Positions depend only on the image
 * size and the options, never on the ROI, so an ROI restore runs exactly the tiles the full restore runs there.
 * @throws CodedError `bad-request` for a tile size that is not a positive multiple of `multiple`, or overlap ≥ tile
 */
export function planTiles(width: number, height: number, options: TileGridOptions, roi?: Rect, margin = 0): Rect[] {
  const { tile, overlap, multiple } = options
  if (!(tile > 0 && tile % multiple === 0)) {
    throw new CodedError('bad-request', `Tile size ${tile} must be a positive multiple of ${multiple}.`)
  }
  if (!(overlap >= 0 && overlap < tile / 2 + 1 && overlap < tile)) {
    throw new CodedError('bad-request', `Overlap ${overlap} must be in [0, tile/2] (tile ${tile}).`)
  }
  const area = roi
    ? { x0: Math.max(0, roi.x - margin), y0: Math.max(0, roi.y - margin), x1: Math.min(width, roi.x + roi.width + margin), y1: Math.min(height, roi.y + roi.height + margin) }
    : { x0: 0, y0: 0, x1: width, y1: height }
  const tiles: Rect[] = []
  for (const y of axisStarts(height, tile, overlap)) {
    if (y + tile <= area.y0 || y >= area.y1) continue
    for (const x of axisStarts(width, tile, overlap)) {
      if (x + tile <= area.x0 || x >= area.x1) continue
      tiles.push({ x, y, width: tile, height: tile })
    }
  }
  return tiles
}

/** The bounding box of a set of tiles (the region whose pixels a fused restore computes). */
export function boundsOf(tiles: Rect[]): Rect {
  const x0 = Math.min(...tiles.map((t) => t.x))
  const y0 = Math.min(...tiles.map((t) => t.y))
  const x1 = Math.max(...tiles.map((t) => t.x + t.width))
  const y1 = Math.max(...tiles.map((t) => t.y + t.height))
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 }
}
