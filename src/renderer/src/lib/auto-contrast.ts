/**
 * ImageJ's "Auto" contrast: saturate a given percentage of pixels (default 0.35 %, half at each end).
 * Port of ij.plugin.ContrastEnhancer.getMinAndMax: threshold = pixelCount · saturated / 200, scan the histogram
 * from each end until the cumulative count exceeds it. ImageJ uses 256 bins over min–max; we bin integer data
 * exactly (one bin per value when the range allows) and floats into 65,536 bins, so the result is finer but the
 * same rule.
 */
import { computeHistogram, finiteRange, type Histogram } from './histogram'

/** The default saturation of ImageJ's Auto button and Enhance Contrast. */
export const AUTO_SATURATED_PERCENT = 0.35

const FLOAT_BINS = 65_536
const MAX_EXACT_INTEGER_BINS = 1 << 20

/** Options for {@link autoContrast}. */
export interface AutoContrastOptions {
  /** Percentage of pixels to saturate, split evenly between both ends (ImageJ: 0.35). */
  saturated?: number
  /** Known finite min/max of the data (saves a pass). */
  min?: number
  max?: number
  /** Values are integers (uint8/16/32, int*): bin one value per bin so the limits are exact. */
  integer?: boolean
}

/** Share of pixels left out at each end of {@link robustDomain}: 0.01 % (hot pixels, dead pixels). */
export const DOMAIN_TAIL_PERCENT = 0.02

/**
 * The span of "real" data for sliders and the histogram: the range that leaves out the 0.01 % most extreme
 * pixels at each end, so that a few hot pixels don't squash everything else into one end of a slider.
 */
export function robustDomain(data: ArrayLike<number>, options: Omit<AutoContrastOptions, 'saturated'> = {}): [number, number] {
  return saturatedRange(fineHistogram(data, options), DOMAIN_TAIL_PERCENT)
}

/**
 * The histogram Auto works on: one bin per value for integer data whose range allows it (exact limits), else
 * 65,536 bins over [min, max]. Compute it once per plane and derive Auto, the slider domain and the display
 * histogram from it (see {@link saturatedRange}, {@link rebin}). Undefined when no value is finite.
 */
export function fineHistogram(data: ArrayLike<number>, options: Omit<AutoContrastOptions, 'saturated'> = {}): Histogram | undefined {
  const known = options.min !== undefined && options.max !== undefined ? ([options.min, options.max] as [number, number]) : undefined
  const range = known ?? finiteRange(data)
  if (!range) return undefined
  const [min, max] = range
  if (max <= min) return computeHistogram(data, 1, min, min)
  const exact = options.integer === true && Number.isInteger(min) && max - min + 1 <= MAX_EXACT_INTEGER_BINS
  return exact ? { ...computeHistogram(data, max - min + 1, min, max + 1), integerBins: true } : computeHistogram(data, FLOAT_BINS, min, max)
}

/**
 * The range that saturates `saturated` % of the histogram's pixels (half at each end), ImageJ's rule.
 * For an exact integer histogram (bin width 1) the limits are the values themselves.
 */
export function saturatedRange(histogram: Histogram | undefined, saturated = AUTO_SATURATED_PERCENT): [number, number] {
  if (!histogram) return [0, 1]
  const { counts, binWidth, total, min } = histogram
  const exact = histogram.integerBins === true
  const max = exact ? min + counts.length - 1 : histogram.max
  if (counts.length === 1 || max <= min) return [min, min + 1]
  const threshold = Math.floor((total * saturated) / 200)
  let lowBin = 0
  for (let count = 0; lowBin < counts.length - 1; lowBin++) {
    count += counts[lowBin]
    if (count > threshold) break
  }
  let highBin = counts.length - 1
  for (let count = 0; highBin > 0; highBin--) {
    count += counts[highBin]
    if (count > threshold) break
  }
  if (highBin <= lowBin) return [min, max]
  const low = min + lowBin * binWidth
  const high = exact ? min + highBin : Math.min(max, min + (highBin + 1) * binWidth)
  return high > low ? [low, high] : [min, max]
}

/**
 * The display range [low, high] that saturates `saturated` % of the finite pixels of `data`.
 * Falls back to the data's full range when the data are too flat to saturate (as ImageJ does), and to
 * [v, v + 1] for a constant plane so that the range is never empty. Returns [0, 1] when no value is finite.
 */
export function autoContrast(data: ArrayLike<number>, options: AutoContrastOptions = {}): [number, number] {
  return saturatedRange(fineHistogram(data, options), options.saturated ?? AUTO_SATURATED_PERCENT)
}
