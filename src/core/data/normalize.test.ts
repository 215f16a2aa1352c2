import { describe, expect, it } from 'vitest'
import { FloatHistogram, IntegerHistogram, percentileFromOrder, RangeAccumulator } from './histogram'
import { computeNormalization, denormalize, normalizationOf, normalize } from './normalize'
import { createRng } from './random'

/** numpy.percentile(x, p) (method 'linear') by sorting: the definition the histograms must reproduce. */
function sortedPercentile(values: ArrayLike<number>, p: number): number {
  const s = Float64Array.from(values).sort()
  return percentileFromOrder(s.length, p, (k) => s[k])
}

function uint16Pages(seed: number, pages: number, size: number): Uint16Array[] {
  const rng = createRng(seed)
  return Array.from({ length: pages }, (_, z) =>
    Uint16Array.from({ length: size }, () => Math.min(65535, rng.poisson(100 + 50 * z) + (rng.uniform() < 0.001 ? 60000 : 0)))
  )
}

const concat = (pages: ArrayLike<number>[]): Float64Array => Float64Array.from(pages.flatMap((p) => Array.from(p)))
const P = [0, 0.1, 1, 2, 50, 99.5, 99.8, 99.9, 100]

describe('IntegerHistogram', () => {
  it('gives exact numpy percentiles over a uint16 stack', () => {
    const pages = uint16Pages(1, 5, 3001)
    const h = new IntegerHistogram()
    for (const p of pages) h.add(p)
    const all = concat(pages)
    for (const p of P) expect(h.percentile(p)).toBe(sortedPercentile(all, p))
    expect(h.count).toBe(5 * 3001)
  })

  it('handles int16 (negative values) and rejects mixing signed and unsigned pages', () => {
    const page = Int16Array.from([-32768, -5, 0, 7, 32767, -5])
    const h = new IntegerHistogram()
    h.add(page)
    for (const p of P) expect(h.percentile(p)).toBe(sortedPercentile(page, p))
    expect(() => h.add(new Uint16Array(3))).toThrow(RangeError)
  })
})

describe('FloatHistogram', () => {
  it('is within one bin width of the exact percentile, ignoring NaN', () => {
    const rng = createRng(2)
    const data = Float32Array.from({ length: 50_000 }, () => Math.exp(2 * rng.normal()))
    const withNan = Float32Array.from([...data, NaN, Infinity])
    const range = new RangeAccumulator()
    range.add(withNan)
    const h = new FloatHistogram(range.min, range.max, 4096)
    h.add(withNan)
    expect(h.count).toBe(data.length)
    for (const p of P) expect(Math.abs(h.percentile(p) - sortedPercentile(data, p))).toBeLessThanOrEqual(h.maxError)
  })
})

describe('computeNormalization', () => {
  it('streams pages one at a time (async) and equals the in-memory result, exactly for uint16', async () => {
    const pages = uint16Pages(3, 4, 2000)
    let yielded = 0
    async function* source(): AsyncGenerator<Uint16Array> {
      for (const p of pages) {
        yielded++
        yield p
      }
    }
    const n = await computeNormalization(source, { pLow: 2, pHigh: 99.8 })
    expect(yielded).toBe(4)
    const all = concat(pages)
    expect(n).toEqual({ low: sortedPercentile(all, 2), high: sortedPercentile(all, 99.8), pLow: 2, pHigh: 99.8 })
    expect(normalizationOf(pages, { pLow: 2, pHigh: 99.8 })).toEqual(n)
  })

  it('makes two passes over float pages, within the documented error', async () => {
    const rng = createRng(4)
    const pages = Array.from({ length: 3 }, () => Float32Array.from({ length: 5000 }, () => 10 * rng.normal()))
    let passes = 0
    const n = await computeNormalization(() => {
      passes++
      return pages
    })
    expect(passes).toBe(2)
    const all = concat(pages)
    const range = Math.max(...all) - Math.min(...all)
    expect(Math.abs(n.low - sortedPercentile(all, 1))).toBeLessThanOrEqual(range / 2 ** 20)
    expect(Math.abs(n.high - sortedPercentile(all, 99.8))).toBeLessThanOrEqual(range / 2 ** 20)
  })

  it('rejects empty sources, mixed types and bad percentiles', async () => {
    await expect(computeNormalization(() => [])).rejects.toThrow(/no finite pixels/)
    await expect(computeNormalization(() => [new Uint16Array(2), new Float32Array(2)])).rejects.toThrow(/mix/)
    await expect(computeNormalization(() => [new Uint16Array(2)], { pLow: 50, pHigh: 10 })).rejects.toThrow(RangeError)
  })
})

describe('normalize / denormalize', () => {
  it('maps low → 0, high → 1 and back to input units', () => {
    const n = { low: 100, high: 612, pLow: 1, pHigh: 99.8 }
    const data = Uint16Array.from([100, 612, 356, 0, 65535])
    const y = normalize(data, n)
    expect(Array.from(y.subarray(0, 3))).toEqual([0, 1, 0.5])
    expect(y[3]).toBeLessThan(0)
    const x = denormalize(y, n)
    for (let i = 0; i < data.length; i++) expect(x[i]).toBeCloseTo(data[i], 1)
    expect(Array.from(normalize(data, n, true))).toEqual([0, 1, 0.5, 0, 1])
    expect(Array.from(denormalize([0.5], n, true))).toEqual([256])
  })

  it('keeps a flat image finite', () => {
    const n = normalizationOf(new Uint16Array(10).fill(7))
    expect(n.low).toBe(7)
    expect(n.high).toBe(7)
    expect(Array.from(normalize([7, 8], n))).toEqual([0, 1])
  })
})
