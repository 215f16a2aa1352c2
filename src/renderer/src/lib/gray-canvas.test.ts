import { afterEach, describe, expect, it, vi } from 'vitest'
import { base64Bytes, drawGray } from './gray-canvas'

describe('gray canvas', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('decodes base64 pixels', () => {
    expect(Array.from(base64Bytes(btoa('\x00\x80\xff')))).toEqual([0, 128, 255])
  })

  it('paints gray as opaque RGBA, and ignores a size mismatch', () => {
    vi.stubGlobal('ImageData', class { constructor(public data: Uint8ClampedArray, public width: number, public height: number) {} })
    const putImageData = vi.fn()
    const canvas = { getContext: () => ({ putImageData }) } as unknown as HTMLCanvasElement
    drawGray(canvas, Uint8Array.from([7, 200]), 2, 1)
    expect(Array.from((putImageData.mock.calls[0][0] as ImageData).data)).toEqual([7, 7, 7, 255, 200, 200, 200, 255])
    drawGray(canvas, Uint8Array.from([7]), 2, 1)
    expect(putImageData).toHaveBeenCalledTimes(1)
  })
})
