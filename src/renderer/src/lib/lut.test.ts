import { describe, expect, it } from 'vitest'
import { buildLut, colorize, LUT_NAMES, lutFromFileName, lutGradientCss, lutIndex } from './lut'

describe('buildLut', () => {
  it('builds 256 opaque RGBA entries for every LUT', () => {
    for (const name of LUT_NAMES) {
      const lut = buildLut(name)
      expect(lut).toHaveLength(1024)
      for (let i = 3; i < 1024; i += 4) expect(lut[i]).toBe(255)
    }
  })

  it('ramps primaries from black to full colour', () => {
    const green = buildLut('green')
    expect([...green.slice(0, 4)]).toEqual([0, 0, 0, 255])
    expect([...green.slice(1020)]).toEqual([0, 255, 0, 255])
    const magenta = buildLut('magenta')
    expect([...magenta.slice(128 * 4, 128 * 4 + 3)]).toEqual([128, 0, 128])
    expect([...buildLut('inverted').slice(0, 3)]).toEqual([255, 255, 255])
  })

  it('reproduces ImageJ Fire: black → blue → red → yellow → white', () => {
    const fire = buildLut('fire')
    expect([...fire.slice(0, 3)]).toEqual([0, 0, 0])
    expect([...fire.slice(1020, 1023)]).toEqual([255, 255, 255])
    // entry 8 interpolates control points 1 and 2 (scale 32/256): r 0, g 0, b 61
    expect([...fire.slice(8 * 4, 8 * 4 + 3)]).toEqual([0, 0, 61])
  })
})

describe('lutIndex and colorize', () => {
  it('maps the display range onto 0–255, clamps outside and sends NaN to 0', () => {
    expect(lutIndex(100, 100, 200)).toBe(0)
    expect(lutIndex(150, 100, 200)).toBe(128)
    expect(lutIndex(199.9, 100, 200)).toBe(255)
    expect(lutIndex(1e9, 100, 200)).toBe(255)
    expect(lutIndex(-5, 100, 200)).toBe(0)
    expect(lutIndex(NaN, 0, 1)).toBe(0)
  })

  it('colours a plane with the same rule', () => {
    const data = new Float32Array([100, 150, 250, NaN])
    const out = new Uint8ClampedArray(16)
    colorize(data, 100, 200, buildLut('gray'), out)
    expect([...out]).toEqual([0, 0, 0, 255, 128, 128, 128, 255, 255, 255, 255, 255, 0, 0, 0, 255])
    for (const v of [100, 123.4, 150, 199, 250]) {
      const one = new Uint8ClampedArray(4)
      colorize([v], 100, 200, buildLut('gray'), one)
      expect(one[0]).toBe(lutIndex(v, 100, 200))
    }
  })
})

describe('lutFromFileName / lutGradientCss', () => {
  it('maps ImageJ names', () => {
    expect(lutFromFileName('Grays')).toBe('gray')
    expect(lutFromFileName('Fire.lut')).toBe('fire')
    expect(lutFromFileName('Magenta')).toBe('magenta')
    expect(lutFromFileName('mpl-viridis')).toBeUndefined()
    expect(lutFromFileName(undefined)).toBeUndefined()
  })

  it('writes a CSS gradient', () => {
    expect(lutGradientCss('green', 2)).toBe('linear-gradient(to right, rgb(0, 0, 0) 0.0%, rgb(0, 255, 0) 100.0%)')
  })
})
