/** Human-readable numbers for the browser, the viewer's readout and the display panel. */
import type { ImageSummary, PixelType } from '../../../shared/image'

/** "12.3 MB" (SI units, like file managers). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—'
  if (bytes < 1000) return `${bytes} B`
  const units = ['kB', 'MB', 'GB', 'TB']
  let value = bytes / 1000
  let unit = 0
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000
    unit++
  }
  return `${value.toFixed(value < 10 ? 2 : value < 100 ? 1 : 0)} ${units[unit]}`
}

/** True for the integer pixel types. */
export function isIntegerType(dtype: PixelType): boolean {
  return !dtype.startsWith('float')
}

/** Bits per sample of a pixel type ("16-bit"). */
export function bitDepth(dtype: PixelType): number {
  return Number(/\d+/.exec(dtype)?.[0] ?? 0)
}

/** "1024 × 1024 · 30 z · 2 c · 5 t" (only the axes longer than 1). */
export function formatDims(summary: Pick<ImageSummary, 'width' | 'height' | 'sizes'>): string {
  const { t, z, c } = summary.sizes
  const extra = [z > 1 ? `${z} z` : '', c > 1 ? `${c} c` : '', t > 1 ? `${t} t` : ''].filter(Boolean)
  return [`${summary.width} × ${summary.height}`, ...extra].join(' · ')
}

/**
 * A pixel value as ImageJ shows it: integers as integers, floats with 4 significant digits (exponent outside
 * 1e-3…1e5), NaN as "NaN".
 */
export function formatValue(value: number, dtype: PixelType): string {
  if (Number.isNaN(value)) return 'NaN'
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞'
  if (isIntegerType(dtype)) return String(Math.round(value))
  const abs = Math.abs(value)
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e5)) return value.toExponential(3)
  return String(Number(value.toPrecision(4)))
}

/** A calibrated coordinate, e.g. 12.35 (3 decimals at most, no float noise). */
export function formatCoordinate(value: number): string {
  return String(Number(value.toFixed(3)))
}

/** "31 %" or "400 %" for a zoom factor. */
export function formatZoom(zoom: number): string {
  const percent = zoom * 100
  return `${percent >= 10 ? Math.round(percent) : Number(percent.toPrecision(2))} %`
}
