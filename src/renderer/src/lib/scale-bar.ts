/** A calibrated scale bar: a "nice" physical length (1, 2 or 5 × 10ⁿ in the file's unit) that fits the view. */

/** What the overlay draws. */
export interface ScaleBar {
  /** Physical length in `unit`. */
  length: number
  unit: string
  /** Bar width in CSS pixels at the current zoom. */
  widthPx: number
  /** "10 µm". */
  label: string
}

/**
 * Normalizes the unit names found in TIFFs ("micron", "um", "\u00b5m", "microns") to a display form; returns
 * undefined for "pixel"/empty (an uncalibrated image has no scale bar).
 */
export function normalizeUnit(unit: string | undefined): string | undefined {
  const u = (unit ?? '').trim()
  if (!u || /^(pixels?|px)$/i.test(u)) return undefined
  if (/^(microns?|micrometers?|micrometres?|um|µm|μm|\\u00b5m)$/i.test(u)) return 'µm'
  if (/^(nanometers?|nanometres?|nm)$/i.test(u)) return 'nm'
  if (/^(millimeters?|millimetres?|mm)$/i.test(u)) return 'mm'
  if (/^(angstroms?|å)$/i.test(u)) return 'Å'
  return u
}

/** Formats a length without float noise: 0.30000000000000004 → "0.3", 2000 → "2000". */
export function formatLength(value: number): string {
  return String(Number(value.toPrecision(6)))
}

/**
 * The largest 1/2/5 × 10ⁿ length whose bar is at most `maxWidthPx` wide (and, where possible, at least a
 * third of it).
 * @param pixelSize - physical size of one image pixel, in `unit`
 * @param zoom - CSS pixels per image pixel
 * @param maxWidthPx - widest bar allowed, in CSS pixels
 * @returns undefined when the image is not calibrated (pixelSize missing, ≤ 0 or not finite)
 */
export function niceScaleBar(pixelSize: number | undefined, unit: string | undefined, zoom: number, maxWidthPx = 160): ScaleBar | undefined {
  const shown = normalizeUnit(unit)
  if (!shown || !pixelSize || !Number.isFinite(pixelSize) || pixelSize <= 0 || !(zoom > 0)) return undefined
  const maxLength = (maxWidthPx * pixelSize) / zoom
  const decade = 10 ** Math.floor(Math.log10(maxLength))
  const length = [5, 2, 1].map((m) => m * decade).find((l) => l <= maxLength * (1 + 1e-9)) ?? decade
  return { length, unit: shown, widthPx: (length * zoom) / pixelSize, label: `${formatLength(length)} ${shown}` }
}
