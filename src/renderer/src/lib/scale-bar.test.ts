import { describe, expect, it } from 'vitest'
import { formatLength, niceScaleBar, normalizeUnit } from './scale-bar'

describe('niceScaleBar', () => {
  it('picks the largest 1/2/5 × 10ⁿ that fits', () => {
    // 0.1 µm/px at zoom 1: 160 px = 16 µm → 10 µm, 100 px wide
    expect(niceScaleBar(0.1, 'micron', 1, 160)).toEqual({ length: 10, unit: 'µm', widthPx: 100, label: '10 µm' })
    // zoom 4: 160 px = 4 µm → 2 µm, 80 px
    expect(niceScaleBar(0.1, 'µm', 4, 160)).toMatchObject({ length: 2, widthPx: 80, label: '2 µm' })
    // 0.065 µm/px at zoom 0.25: 160 px = 41.6 µm → 20 µm
    expect(niceScaleBar(0.065, 'um', 0.25, 160)?.length).toBe(20)
    // tiny lengths stay clean
    expect(niceScaleBar(0.001, 'µm', 8, 160)?.label).toBe('0.02 µm')
  })

  it('keeps the bar within the allowed width for any zoom', () => {
    for (let zoom = 1 / 72; zoom < 64; zoom *= 1.37) {
      const bar = niceScaleBar(0.123, 'µm', zoom, 150)!
      expect(bar.widthPx).toBeLessThanOrEqual(150 + 1e-6)
      expect(bar.widthPx).toBeGreaterThanOrEqual(150 / 5 - 1e-6)
    }
  })

  it('has no bar for uncalibrated images', () => {
    expect(niceScaleBar(undefined, 'µm', 1)).toBeUndefined()
    expect(niceScaleBar(1, 'pixel', 1)).toBeUndefined()
    expect(niceScaleBar(0, 'µm', 1)).toBeUndefined()
    expect(niceScaleBar(1, undefined, 1)).toBeUndefined()
  })
})

describe('normalizeUnit / formatLength', () => {
  it('normalizes the spellings found in TIFFs', () => {
    expect(normalizeUnit('micron')).toBe('µm')
    expect(normalizeUnit('\\u00B5m')).toBe('µm')
    expect(normalizeUnit('μm')).toBe('µm')
    expect(normalizeUnit('nm')).toBe('nm')
    expect(normalizeUnit('inch')).toBe('inch')
    expect(normalizeUnit('pixels')).toBeUndefined()
  })

  it('prints without float noise', () => {
    expect(formatLength(0.1 + 0.2)).toBe('0.3')
    expect(formatLength(2000)).toBe('2000')
  })
})
