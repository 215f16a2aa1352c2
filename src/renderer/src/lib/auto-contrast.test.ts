import { describe, expect, it } from 'vitest'
import { autoContrast, robustDomain } from './auto-contrast'
import { computeHistogram, finiteRange, rebin } from './histogram'

/** 0, 1, …, n−1 shuffled deterministically. */
const ramp = (n: number): Float32Array => {
  const a = new Float32Array(n)
  for (let i = 0; i < n; i++) a[i] = (i * 7919) % n
  return a
}

describe('computeHistogram', () => {
  it('bins values into equal bins, clamps the top edge into the last bin and skips NaN', () => {
    const h = computeHistogram([0, 1, 2, 3, 4, NaN, Infinity], 4, 0, 4)
    expect([...h.counts]).toEqual([1, 1, 1, 2])
    expect(h.total).toBe(5)
    expect(h.binWidth).toBe(1)
  })

  it('puts a constant plane in one bin', () => {
    const h = computeHistogram([5, 5, 5], 8, 5, 5)
    expect(h.counts[0]).toBe(3)
  })
})

describe('finiteRange', () => {
  it('ignores NaN and infinities', () => {
    expect(finiteRange([NaN, 3, -2, 7])).toEqual([-2, 7])
    expect(finiteRange([NaN])).toBeUndefined()
  })
})

describe('autoContrast (ImageJ 0.35 % saturation)', () => {
  it('saturates 0.175 % at each end of uint16 data exactly', () => {
    // 100,000 distinct values 0…99,999: threshold = floor(100000 · 0.35 / 200) = 175 pixels per side.
    const data = ramp(100_000)
    const [low, high] = autoContrast(data, { integer: true })
    expect(low).toBe(175)
    expect(high).toBe(99_999 - 175)
    const below = data.filter((v) => v < low).length
    const above = data.filter((v) => v > high).length
    expect(below).toBe(175)
    expect(above).toBe(175)
  })

  it('ignores a few hot pixels that a min/max stretch would not', () => {
    const data = new Float32Array(10_000).map((_, i) => 100 + (i % 50))
    data[0] = 65_535
    data[1] = 60_000
    const [low, high] = autoContrast(data, { integer: true })
    expect(low).toBe(100)
    expect(high).toBe(149)
  })

  it('works on float data with negative values to within one bin', () => {
    const data = new Float32Array(200_000).map((_, i) => ((i * 7919) % 200_000) / 1000 - 100)
    const [low, high] = autoContrast(data)
    expect(low).toBeCloseTo(-100 + 0.35, 1)
    expect(high).toBeCloseTo(100 - 0.35, 1)
  })

  it('returns the full range when the data are too flat to saturate, and a non-empty range for constants', () => {
    expect(autoContrast([0, 0, 0, 1, 1, 1], { integer: true })).toEqual([0, 1])
    expect(autoContrast([7, 7, 7])).toEqual([7, 8])
    expect(autoContrast([NaN, NaN])).toEqual([0, 1])
  })

  it('honours another saturation', () => {
    const data = ramp(10_000)
    expect(autoContrast(data, { integer: true, saturated: 2 })).toEqual([100, 9_899])
  })
})

describe('robustDomain', () => {
  it('leaves out a few hot pixels but keeps nearly all data', () => {
    const data = new Float32Array(100_000).map((_, i) => i % 1000)
    data[5] = 65_535
    data[6] = 65_535
    expect(robustDomain(data, { integer: true })).toEqual([0, 999])
  })
})

describe('rebin', () => {
  it('sums fine bins into coarse ones by their centres', () => {
    const fine = computeHistogram([0, 1, 2, 3, 4, 5, 6, 7], 8, 0, 8)
    expect([...rebin(fine, 4, 0, 8).counts]).toEqual([2, 2, 2, 2])
    // values 2…6 inclusive: 2, 3 → first bin; 4, 5, 6 → second (the top edge belongs to the last bin)
    const part = rebin(fine, 2, 2, 6)
    expect([...part.counts]).toEqual([2, 3])
    expect(part.total).toBe(5)
  })
})
