import { describe, expect, it } from 'vitest'
import { applyFloat, applyHorizontal, swapBytes, undoFloat, undoHorizontal } from './predictor'
import { toRational } from './writer/ifd-encoder'
import { halfToFloat, unpackBits } from './widen'

describe('predictors and byte order', () => {
  it('horizontal differencing round-trips for 8/16/32-bit with 1 and 3 samples', () => {
    for (const [Arr, size] of [[Uint8Array, 1], [Uint16Array, 2], [Uint32Array, 4]] as const) {
      for (const stride of [1, 3]) {
        const a = new Arr(6 * 4 * stride).map((_, i) => (i * 2654435761) >>> 0)
        const b = a.slice()
        const bytes = new Uint8Array(b.buffer)
        applyHorizontal(bytes, size, 6 * stride, 4, stride)
        expect(b).not.toEqual(a)
        undoHorizontal(bytes, size, 6 * stride, 4, stride)
        expect(b).toEqual(a)
      }
    }
  })

  it('floating-point predictor round-trips float32 and float64', () => {
    for (const Arr of [Float32Array, Float64Array]) {
      const a = new Arr(7 * 3 * 2).map((_, i) => Math.sin(i) * 1e3)
      const bytes = new Uint8Array(a.slice().buffer)
      applyFloat(bytes, Arr.BYTES_PER_ELEMENT, 14, 3, 2)
      undoFloat(bytes, Arr.BYTES_PER_ELEMENT, 14, 3, 2)
      expect(new Arr(bytes.buffer)).toEqual(a)
    }
  })

  it('swapBytes reverses 2, 4 and 8-byte samples', () => {
    const b = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8])
    swapBytes(b, 2)
    expect(Array.from(b)).toEqual([2, 1, 4, 3, 6, 5, 8, 7])
    swapBytes(b, 2)
    swapBytes(b, 4)
    expect(Array.from(b)).toEqual([4, 3, 2, 1, 8, 7, 6, 5])
    swapBytes(b, 4)
    swapBytes(b, 8)
    expect(Array.from(b)).toEqual([8, 7, 6, 5, 4, 3, 2, 1])
  })

  it('widens float16 and unpacks 1-bit rows', () => {
    expect(Array.from(halfToFloat(Uint16Array.from([0x3c00, 0xc000, 0x0001, 0x7c00])))).toEqual([1, -2, 2 ** -24, Infinity])
    expect(Array.from(unpackBits(Uint8Array.from([0b10100000, 0b01000000]), 3, 2))).toEqual([1, 0, 1, 0, 1, 0])
  })

  it('toRational keeps pixel sizes exact enough', () => {
    expect(toRational(1 / 0.065)).toEqual([200, 13])
    for (const v of [1e-7, 0.5, 15.384615, 1234567.89, 3e9]) {
      const [n, d] = toRational(v)
      expect(n).toBeLessThan(2 ** 32)
      expect(Math.abs(n / d - v) / v).toBeLessThan(1e-6)
    }
  })
})
