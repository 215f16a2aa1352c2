/** Turns one plane into the strips we store: raw little-endian bytes, or Deflate with a predictor. */
import { deflateSync } from 'node:zlib'
import type { PixelArray } from '../types'
import { applyFloat, applyHorizontal } from '../predictor'

/** Target size of one compressed strip's input (bytes): small enough for random access, big enough to compress well. */
const STRIP_BYTES = 256 * 1024

/** Rows per strip for a plane of `rowBytes` bytes per row. */
export function rowsPerStrip(rowBytes: number, height: number, compressed: boolean): number {
  if (!compressed) return height
  return Math.max(1, Math.min(height, Math.floor(STRIP_BYTES / rowBytes)))
}

/**
 * Encodes `data` (one plane, host = little-endian order) into strips.
 * @param predictor - 1 none, 2 horizontal (integers), 3 floating point
 * @param level - Deflate level 0–9
 */
export function encodeStrips(
  data: PixelArray,
  width: number,
  height: number,
  rows: number,
  compression: 'none' | 'deflate',
  predictor: number,
  level: number
): Uint8Array[] {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
  if (compression === 'none') return [bytes]
  const size = data.BYTES_PER_ELEMENT
  const rowBytes = width * size
  const strips: Uint8Array[] = []
  for (let y = 0; y < height; y += rows) {
    const n = Math.min(rows, height - y)
    const strip = bytes.slice(y * rowBytes, (y + n) * rowBytes)
    if (predictor === 2) applyHorizontal(strip, size, width, n, 1)
    else if (predictor === 3) applyFloat(strip, size, width, n, 1)
    strips.push(deflateSync(strip, { level }))
  }
  return strips
}
