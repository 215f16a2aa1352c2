/**
 * Percentile normalization (CARE: Weigert et al., Nat. Methods 15 (2018), `csbdeep.utils.normalize`):
 * y = (x − low)/(high − low) with low, high the pLow-th and pHigh-th percentiles of the whole image or stack,
 * computed from histograms fed one page at a time (never per tile), and stored so outputs map back to input units.
 */
import { FloatHistogram, IntegerHistogram, isIntegerPage, type Page, RangeAccumulator } from './histogram'

/** Percentile normalization parameters, in the data's units (low/high) and percent (pLow/pHigh). */
export interface PercentileNormalization {
  /** pLow-th percentile of the data (maps to 0). */
  low: number
  /** pHigh-th percentile of the data (maps to 1). */
  high: number
  /** Lower percentile in [0, 100], e.g. 1. */
  pLow: number
  /** Upper percentile in [0, 100], e.g. 99.8. */
  pHigh: number
}

/** Options of {@link computeNormalization}. */
export interface NormalizationOptions {
  /** Lower percentile, default 1 (CARE's pmin). */
  pLow?: number
  /** Upper percentile, default 99.8 (CARE's pmax). */
  pHigh?: number
  /** Bins of the float histogram, default 2²⁰ (error ≤ range/2²⁰); integer data is always exact. */
  bins?: number
}

/** A re-iterable page source: called once for integer data, twice (range, then histogram) for float data. */
export type PageSource = () => Iterable<Page> | AsyncIterable<Page>

/**
 * Computes whole-stack percentiles from pages streamed one at a time (peak memory: one page + the histogram).
 * uint8/uint16/int16 pages: one pass, exact. float32/float64 pages: two passes, error ≤ range/bins.
 * @throws RangeError when the source is empty, mixes integer and float pages, or the percentiles are invalid
 */
export async function computeNormalization(source: PageSource, options: NormalizationOptions = {}): Promise<PercentileNormalization> {
  const pLow = options.pLow ?? 1
  const pHigh = options.pHigh ?? 99.8
  if (!(pLow >= 0 && pHigh <= 100 && pLow < pHigh)) throw new RangeError(`need 0 ≤ pLow < pHigh ≤ 100, got ${pLow}, ${pHigh}`)
  let integer: IntegerHistogram | null = null
  let range: RangeAccumulator | null = null
  for await (const page of source()) {
    if (isIntegerPage(page)) {
      if (range) throw new RangeError('cannot mix integer and float pages')
      ;(integer ??= new IntegerHistogram()).add(page)
    } else {
      if (integer) throw new RangeError('cannot mix integer and float pages')
      ;(range ??= new RangeAccumulator()).add(page)
    }
  }
  if (integer) return { low: integer.percentile(pLow), high: integer.percentile(pHigh), pLow, pHigh }
  if (!range || range.count === 0) throw new RangeError('no finite pixels to normalize')
  const hist = new FloatHistogram(range.min, range.max, options.bins)
  for await (const page of source()) hist.add(page as Float32Array | Float64Array)
  return { low: hist.percentile(pLow), high: hist.percentile(pHigh), pLow, pHigh }
}

/**
 * Synchronous form of {@link computeNormalization} for pages already in memory.
 * @param pages - one image, or the pages of a stack
 */
export function normalizationOf(pages: Page | Page[], options: NormalizationOptions = {}): PercentileNormalization {
  const list = Array.isArray(pages) ? pages : [pages]
  const pLow = options.pLow ?? 1
  const pHigh = options.pHigh ?? 99.8
  if (!(pLow >= 0 && pHigh <= 100 && pLow < pHigh)) throw new RangeError(`need 0 ≤ pLow < pHigh ≤ 100, got ${pLow}, ${pHigh}`)
  if (list.length > 0 && list.every(isIntegerPage)) {
    const h = new IntegerHistogram()
    for (const p of list) h.add(p)
    return { low: h.percentile(pLow), high: h.percentile(pHigh), pLow, pHigh }
  }
  if (list.some(isIntegerPage)) throw new RangeError('cannot mix integer and float pages')
  const range = new RangeAccumulator()
  for (const p of list) range.add(p)
  if (range.count === 0) throw new RangeError('no finite pixels to normalize')
  const h = new FloatHistogram(range.min, range.max, options.bins)
  for (const p of list) h.add(p)
  return { low: h.percentile(pLow), high: h.percentile(pHigh), pLow, pHigh }
}

/** Scale of a normalization; a flat image (high = low) uses 1 so values stay finite. */
function span(n: PercentileNormalization): number {
  return n.high > n.low ? n.high - n.low : 1
}

/**
 * Maps data to normalized units, y = (x − low)/(high − low): low → 0, high → 1 (values beyond are kept unless clip).
 * @param data - any numeric array (one page or a whole image)
 * @param clip - clamp to [0, 1], default false (CARE keeps the tails)
 * @returns float32 array of the same length
 */
export function normalize(data: ArrayLike<number>, n: PercentileNormalization, clip = false): Float32Array {
  const out = new Float32Array(data.length)
  const s = 1 / span(n)
  for (let i = 0; i < data.length; i++) {
    const y = (data[i] - n.low) * s
    out[i] = clip ? Math.min(1, Math.max(0, y)) : y
  }
  return out
}

/**
 * Inverse of {@link normalize}: x = y·(high − low) + low, back in the input's intensity units.
 * For a standard deviation (uncertainty) map pass `scaleOnly` = true: σ_x = σ_y·(high − low).
 * @returns float32 array of the same length
 */
export function denormalize(data: ArrayLike<number>, n: PercentileNormalization, scaleOnly = false): Float32Array {
  const out = new Float32Array(data.length)
  const s = span(n)
  const o = scaleOnly ? 0 : n.low
  for (let i = 0; i < data.length; i++) out[i] = data[i] * s + o
  return out
}
