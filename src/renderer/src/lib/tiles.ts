/** Splitting a plane into GPU textures no larger than the device's MAX_TEXTURE_SIZE. */

/** A rectangle of image pixels. */
export interface TileRect {
  x: number
  y: number
  width: number
  height: number
}

/**
 * Row-major tiles of at most `maxTile` × `maxTile` pixels covering a `width` × `height` image exactly once.
 * @throws Error when maxTile < 1
 */
export function tileGrid(width: number, height: number, maxTile: number): TileRect[] {
  if (!(maxTile >= 1)) throw new Error(`maxTile must be ≥ 1, got ${maxTile}`)
  const tiles: TileRect[] = []
  for (let y = 0; y < height; y += maxTile) {
    for (let x = 0; x < width; x += maxTile) tiles.push({ x, y, width: Math.min(maxTile, width - x), height: Math.min(maxTile, height - y) })
  }
  return tiles
}
