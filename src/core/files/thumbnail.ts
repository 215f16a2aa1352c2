/**
 * File-browser thumbnails: the middle Z plane of the first channel and time point, shrunk by area averaging and
 * mapped to 8-bit gray with ImageJ's "Auto" rule (0.35 % of the plane's pixels saturated, half at each end).
 */
import { stat } from 'node:fs/promises'
import path from 'node:path'
import { CodedError } from '../../shared/errors'
import type { Thumbnail } from '../../shared/image'
import { TiffReader, type Raster } from '../tiff'
import { resolveAllowedPath } from './allowed-roots'

/** ImageJ's Auto saturation, the viewer's default (percent of pixels, half at each end). */
export const THUMBNAIL_SATURATED_PERCENT = 0.35
/** Thumbnails kept in memory (≈ 16 KB each at 128²). */
export const THUMBNAIL_CACHE_SIZE = 1000
const FLOAT_BINS = 4096
const MAX_EXACT_BINS = 65_536

/**
 * Gray values of a raster (mean over samples for RGB) shrunk so that the longer side is ≤ `maxSide`, each output
 * pixel being the mean of the finite source pixels in its box (integer box edges: floor(i·w/outW) … floor((i+1)·w/outW)).
 * @param raster - `height · width · samples` values, row-major, samples interleaved
 * @returns Float32Array [outHeight · outWidth]; NaN where a box has no finite value
 */
export function downsampleArea(raster: Pick<Raster, 'width' | 'height' | 'samples' | 'data'>, maxSide: number): { width: number; height: number; data: Float32Array } {
  const { width: w, height: h, samples, data } = raster
  const scale = Math.max(1, Math.max(w, h) / maxSide)
  const ow = Math.max(1, Math.min(w, Math.round(w / scale)))
  const oh = Math.max(1, Math.min(h, Math.round(h / scale)))
  const out = new Float32Array(ow * oh)
  for (let oy = 0; oy < oh; oy++) {
    const y0 = Math.floor((oy * h) / oh)
    const y1 = Math.max(y0 + 1, Math.floor(((oy + 1) * h) / oh))
    for (let ox = 0; ox < ow; ox++) {
      const x0 = Math.floor((ox * w) / ow)
      const x1 = Math.max(x0 + 1, Math.floor(((ox + 1) * w) / ow))
      let sum = 0
      let n = 0
      for (let y = y0; y < y1; y++) {
        for (let i = (y * w + x0) * samples, end = (y * w + x1) * samples; i < end; i++) {
          const v = Number(data[i])
          if (Number.isFinite(v)) {
            sum += v
            n++
          }
        }
      }
      out[oy * ow + ox] = n ? sum / n : NaN
    }
  }
  return { width: ow, height: oh, data: out }
}

/**
 * The display range that saturates `saturated` % of the finite values (half at each end), ImageJ's Auto rule:
 * one histogram bin per value for integer data spanning ≤ 65,536 values, else 4,096 bins over [min, max].
 * A constant plane gives [v, v + 1]; no finite value gives [0, 1].
 */
export function autoRange(data: ArrayLike<number | bigint>, saturated = THUMBNAIL_SATURATED_PERCENT): [number, number] {
  let min = Infinity
  let max = -Infinity
  let integer = true
  for (let i = 0; i < data.length; i++) {
    const v = Number(data[i])
    if (!Number.isFinite(v)) continue
    if (v < min) min = v
    if (v > max) max = v
    if (integer && !Number.isInteger(v)) integer = false
  }
  if (min > max) return [0, 1]
  if (min === max) return [min, min + 1]
  const exact = integer && max - min + 1 <= MAX_EXACT_BINS
  const bins = exact ? max - min + 1 : FLOAT_BINS
  const width = exact ? 1 : (max - min) / bins
  const counts = new Uint32Array(bins)
  let total = 0
  for (let i = 0; i < data.length; i++) {
    const v = Number(data[i])
    if (!Number.isFinite(v)) continue
    counts[Math.min(bins - 1, Math.floor((v - min) / width))]++
    total++
  }
  const threshold = Math.floor((total * saturated) / 200)
  let low = 0
  for (let count = 0; low < bins - 1; low++) if ((count += counts[low]) > threshold) break
  let high = bins - 1
  for (let count = 0; high > 0; high--) if ((count += counts[high]) > threshold) break
  if (high <= low) return [min, max]
  const lo = min + low * width
  const hi = exact ? min + high : Math.min(max, min + (high + 1) * width)
  return hi > lo ? [lo, hi] : [min, max]
}

/** Maps values to 0…255 linearly over [low, high] (clamped; NaN → 0). Returns Uint8Array of the same length. */
export function toGray8(values: Float32Array, [low, high]: [number, number]): Uint8Array {
  const out = new Uint8Array(values.length)
  const span = high - low
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    out[i] = Number.isNaN(v) ? 0 : Math.round(Math.min(255, Math.max(0, ((v - low) / span) * 255)))
  }
  return out
}

/** The thumbnail of an open reader: middle Z plane, first channel and time point. */
export async function readerThumbnail(reader: TiffReader, maxSide: number): Promise<Thumbnail> {
  const z = Math.floor((reader.metadata.sizes.Z ?? 1) / 2)
  const raster = await reader.readPlane({ t: 0, z, c: 0 })
  const range = autoRange(raster.samples === 1 ? (raster.data as ArrayLike<number>) : downsampleArea(raster, Math.max(raster.width, raster.height)).data)
  const small = downsampleArea(raster, maxSide)
  return { width: small.width, height: small.height, data: toGray8(small.data, range) }
}

/**
 * Thumbnails for the file browser, only inside the allowed roots, cached by path + modification time + size (a
 * rewritten file gets a new one). Each miss opens the file lazily (IFD chain + one plane) and closes it.
 */
export class ThumbnailService {
  private readonly cache = new Map<string, Thumbnail>()

  constructor(private readonly roots: () => string[]) {}

  /**
   * The thumbnail of `untrustedPath`, longer side ≤ `maxSide`.
   * @throws CodedError `forbidden-path` / `not-found` (path), `not-tiff`, `truncated`, `unsupported-*` (file)
   */
  async thumbnail(untrustedPath: string, maxSide: number): Promise<Thumbnail> {
    const file = await resolveAllowedPath(untrustedPath, this.roots())
    const info = await stat(file)
    if (!info.isFile()) throw new CodedError('not-tiff', `${path.basename(file)} is a folder, not a TIFF.`)
    const key = `${file}\0${info.mtimeMs}\0${info.size}\0${maxSide}`
    const hit = this.cache.get(key)
    if (hit) {
      this.cache.delete(key)
      this.cache.set(key, hit)
      return hit
    }
    const reader = await TiffReader.open(file)
    let thumb: Thumbnail
    try {
      thumb = await readerThumbnail(reader, maxSide)
    } finally {
      await reader.close()
    }
    this.cache.set(key, thumb)
    if (this.cache.size > THUMBNAIL_CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string)
    return thumb
  }

  /** Cached thumbnails (tests, diagnostics). */
  get cached(): number {
    return this.cache.size
  }
}
