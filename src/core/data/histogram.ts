/**
 * Histograms for whole-image/stack percentiles, fed one page at a time. Percentiles follow numpy's default
 * ('linear'): for N sorted values x₀ ≤ … ≤ x_{N−1}, h = (N−1)·p/100 and P = x_⌊h⌋ + (h−⌊h⌋)·(x_⌊h⌋+1 − x_⌊h⌋)
 * (Hyndman & Fan 1996, definition 7). Integer data is exact; float data uses a fine-binned histogram over a range
 * found in a first pass, with an error of at most one bin width, (max − min)/bins.
 */

/** Integer pixel arrays, counted exactly (16-bit histogram). */
export type IntegerPage = Uint8Array | Uint16Array | Int16Array
/** Any pixel array a page may hold (one plane of an image or stack, row-major). */
export type Page = IntegerPage | Float32Array | Float64Array

/** True for the integer page types that {@link IntegerHistogram} counts exactly. */
export function isIntegerPage(page: Page): page is IntegerPage {
  return page instanceof Uint8Array || page instanceof Uint16Array || page instanceof Int16Array
}

/**
 * numpy's 'linear' percentile from a function returning the k-th smallest of `count` values, with numpy's exact
 * arithmetic (h = (p/100)·(N−1); `_lerp` computes b − (b−a)·(1−t) when t ≥ 0.5), so integer data matches bit for bit.
 */
export function percentileFromOrder(count: number, p: number, kth: (k: number) => number): number {
  if (count === 0) throw new RangeError('percentile of an empty set')
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be in [0, 100], got ${p}`)
  const h = (p / 100) * (count - 1)
  const k = Math.floor(h)
  const a = kth(k)
  if (k + 1 >= count) return a
  const b = kth(k + 1)
  const t = h - k
  const d = b - a
  return t >= 0.5 ? b - d * (1 - t) : a + d * t
}

/** Exact 16-bit histogram (65 536 bins) for uint8, uint16 or int16 pages; one pass, constant memory (512 kB). */
export class IntegerHistogram {
  /** Counts per value; float64 so that stacks beyond 2³² pixels still count exactly (up to 2⁵³). */
  readonly counts = new Float64Array(65536)
  /** Value of bin 0: 0 for unsigned data, −32768 for int16. */
  private offset: number | null = null
  /** Number of pixels added. */
  count = 0

  /** Adds every pixel of `page`. @throws RangeError when signed and unsigned pages are mixed */
  add(page: IntegerPage): void {
    const offset = page instanceof Int16Array ? -32768 : 0
    if (this.offset === null) this.offset = offset
    else if (this.offset !== offset) throw new RangeError('cannot mix signed and unsigned 16-bit pages in one histogram')
    const c = this.counts
    if (offset === 0) for (let i = 0; i < page.length; i++) c[page[i]]++
    else for (let i = 0; i < page.length; i++) c[page[i] + 32768]++
    this.count += page.length
  }

  /** The k-th smallest value (0-based) added so far. */
  kth(k: number): number {
    let seen = 0
    for (let v = 0; v < 65536; v++) {
      seen += this.counts[v]
      if (seen > k) return v + (this.offset ?? 0)
    }
    throw new RangeError(`rank ${k} out of range (count ${this.count})`)
  }

  /** The p-th percentile (p ∈ [0, 100]) of all values added, exact (numpy 'linear'). */
  percentile(p: number): number {
    return percentileFromOrder(this.count, p, (k) => this.kth(k))
  }
}

/** First pass over float data: the finite range and count (NaN and ±Infinity are skipped). */
export class RangeAccumulator {
  min = Infinity
  max = -Infinity
  count = 0

  /** Adds every finite pixel of `page`. */
  add(page: ArrayLike<number>): void {
    for (let i = 0; i < page.length; i++) {
      const v = page[i]
      if (!Number.isFinite(v)) continue
      if (v < this.min) this.min = v
      if (v > this.max) this.max = v
      this.count++
    }
  }
}

/**
 * Second pass over float data: `bins` equal bins over [min, max] (from a {@link RangeAccumulator}). Within a bin,
 * values are assumed evenly spread, so a percentile is off by at most (max − min)/bins (≈ 1e-6 of the range for
 * the default 2²⁰ bins). Non-finite values are skipped, matching the first pass.
 */
export class FloatHistogram {
  readonly counts: Float64Array
  count = 0
  private readonly scale: number

  /**
   * @param min - smallest finite value; @param max - largest finite value (≥ min)
   * @param bins - number of bins, default 2²⁰ (8 MB)
   */
  constructor(readonly min: number, readonly max: number, readonly bins = 1 << 20) {
    if (!(Number.isFinite(min) && Number.isFinite(max) && max >= min)) throw new RangeError(`bad histogram range [${min}, ${max}]`)
    this.counts = new Float64Array(bins)
    this.scale = max > min ? bins / (max - min) : 0
  }

  /** Adds every finite pixel of `page`; values outside [min, max] are clamped into the end bins. */
  add(page: ArrayLike<number>): void {
    const last = this.bins - 1
    for (let i = 0; i < page.length; i++) {
      const v = page[i]
      if (!Number.isFinite(v)) continue
      const b = Math.floor((v - this.min) * this.scale)
      this.counts[b < 0 ? 0 : b > last ? last : b]++
      this.count++
    }
  }

  /** Upper bound of the error of {@link percentile} (same units as the data). */
  get maxError(): number {
    return (this.max - this.min) / this.bins
  }

  /** The k-th smallest value, estimated by spreading each bin's values evenly over it. */
  kth(k: number): number {
    if (this.max === this.min) return this.min
    const width = (this.max - this.min) / this.bins
    let seen = 0
    for (let b = 0; b < this.bins; b++) {
      const c = this.counts[b]
      if (seen + c > k) return this.min + (b + (k - seen + 0.5) / c) * width
      seen += c
    }
    return this.max
  }

  /** The p-th percentile (p ∈ [0, 100]), within {@link maxError} of numpy's 'linear' percentile. */
  percentile(p: number): number {
    return percentileFromOrder(this.count, p, (k) => this.kth(k))
  }
}
