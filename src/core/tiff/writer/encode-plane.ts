/** How planes become the strips we store: raw little-endian bytes (one strip), or Deflate strips with a predictor. */
import { deflateSync } from 'node:zlib'
import { applyFloat, applyHorizontal } from '../predictor'

/** Target size of one compressed strip's input (bytes): small enough for random access, big enough to compress well. */
const STRIP_BYTES = 256 * 1024

/** Rows per strip for a plane of `rowBytes` bytes per row. */
export function rowsPerStrip(rowBytes: number, height: number, compressed: boolean): number {
  if (!compressed) return height
  return Math.max(1, Math.min(height, Math.floor(STRIP_BYTES / rowBytes)))
}

/**
 * Encodes one strip in place and compresses it.
 * @param strip - `n` rows of `width` samples of `size` bytes (a copy: the predictor overwrites it)
 * @param predictor - 1 none, 2 horizontal (integers), 3 floating point
 * @param level - Deflate level 0–9
 */
export function deflateStrip(strip: Uint8Array, size: number, width: number, n: number, predictor: number, level: number): Uint8Array {
  if (predictor === 2) applyHorizontal(strip, size, width, n, 1)
  else if (predictor === 3) applyFloat(strip, size, width, n, 1)
  return deflateSync(strip, { level })
}
