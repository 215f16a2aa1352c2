/** Histograms of float32 planes, for Auto contrast and the display panel's histogram plot. */

/** Counts of values in `bins` equal-width bins over [min, max]; non-finite values are not counted. */
export interface Histogram {
  counts: Uint32Array
  /** Lower edge of the first bin. */
  min: number
  /** Upper edge of the last bin. */
  max: number
  /** Width of one bin, in data units. */
  binWidth: number
  /** Number of finite values counted. */
  total: number
  /** One bin per integer value (bin i holds exactly the value min + i). */
  integerBins?: boolean
}

/**
 * Bins `data` into `bins` equal bins spanning [min, max] (values outside are clamped to the end bins).
 * @param data - raw plane values (any bit depth, as float32)
 * @param bins - number of bins (≥ 1)
 * @param min - lower edge (usually the plane minimum)
 * @param max - upper edge (usually the plane maximum); equal to min gives one populated bin
 */
export function computeHistogram(data: ArrayLike<number>, bins: number, min: number, max: number): Histogram {
  const counts = new Uint32Array(Math.max(1, Math.floor(bins)))
  const last = counts.length - 1
  const span = max - min
  const binWidth = span > 0 ? span / counts.length : 1
  const scale = span > 0 ? counts.length / span : 0
  let total = 0
  for (let i = 0; i < data.length; i++) {
    const v = data[i]
    if (!Number.isFinite(v)) continue
    let bin = Math.floor((v - min) * scale)
    if (bin < 0) bin = 0
    else if (bin > last) bin = last
    counts[bin]++
    total++
  }
  return { counts, min, max: span > 0 ? max : min + binWidth * counts.length, binWidth, total }
}

/** Finite minimum and maximum of `data` (undefined when it holds no finite value). */
export function finiteRange(data: ArrayLike<number>): [number, number] | undefined {
  let lo = Infinity
  let hi = -Infinity
  for (let i = 0; i < data.length; i++) {
    const v = data[i]
    if (v < lo) lo = v
    if (v > hi) hi = v
  }
  return Number.isFinite(lo) && Number.isFinite(hi) ? [lo, hi] : undefined
}

/**
 * Re-bins a (fine) histogram into `bins` bins over [min, max] by each fine bin's lower edge (the value itself for
 * integer bins); fine bins outside [min, max] (max inclusive, like display ranges) are dropped. Lets the display histogram come from the plane's one fine histogram instead of another pass.
 */
export function rebin(source: Histogram, bins: number, min: number, max: number): Histogram {
  const counts = new Uint32Array(Math.max(1, Math.floor(bins)))
  const span = max - min
  const scale = span > 0 ? counts.length / span : 0
  const last = counts.length - 1
  let total = 0
  for (let i = 0; i < source.counts.length; i++) {
    const count = source.counts[i]
    if (!count) continue
    const edge = source.min + i * source.binWidth
    if (edge < min || edge > max) continue
    const bin = Math.min(last, Math.max(0, Math.floor((edge - min) * scale)))
    counts[bin] += count
    total += count
  }
  return { counts, min, max: span > 0 ? max : min + 1, binWidth: span > 0 ? span / counts.length : 1, total }
}
