import { describe, expect, it } from 'vitest'
import { decodeFrames, encodeFrames, hasBinary } from './wire'

describe('framed wire format', () => {
  it('round-trips typed arrays bit-exactly inside plain data', () => {
    const value = {
      ok: true,
      value: { width: 3, data: Float32Array.from([1.5, -0, NaN, 3e38]), ids: Uint16Array.from([1, 65535]), name: 'x' }
    }
    expect(hasBinary(value)).toBe(true)
    expect(hasBinary({ a: [1, 'b'] })).toBe(false)
    const bytes = encodeFrames(value)
    const copy = new Uint8Array(bytes).buffer
    const back = decodeFrames(copy) as typeof value
    expect(back.value.name).toBe('x')
    expect(back.value.data).toBeInstanceOf(Float32Array)
    expect(Array.from(new Uint32Array(back.value.data.buffer, back.value.data.byteOffset, 4))).toEqual(
      Array.from(new Uint32Array(value.value.data.buffer))
    )
    expect(Array.from(back.value.ids)).toEqual([1, 65535])
  })

  it('refuses truncated frames', () => {
    const bytes = encodeFrames({ data: new Float32Array(10) })
    expect(() => decodeFrames(bytes.slice(0, bytes.length - 8).buffer)).toThrow(/Malformed/)
  })
})
