import { describe, expect, it } from 'vitest'
import { makeEvalPreview } from './finetune-preview'

const bytes = (b64: string): number[] => Array.from(Buffer.from(b64, 'base64'))

describe('makeEvalPreview', () => {
  it('crops the centre of input, output and target and maps all three with the target’s display range', () => {
    // 4×4 target 0…15; centre 2×2 crop = indices 5, 6, 9, 10 → range [5, 10] (4 px: nothing saturated)
    const y = Float32Array.from({ length: 16 }, (_, i) => i)
    const x = Float32Array.from(y, (v) => v - 5)
    const out = Float32Array.from(y, (v) => v + 1)
    const preview = makeEvalPreview('cells_03', { x, y, width: 4, height: 4 }, out, 2)
    expect(preview).toMatchObject({ pair: 'cells_03', width: 2, height: 2 })
    const g = (v: number): number => Math.round(((v - 5) / 5) * 255)
    expect(bytes(preview.target)).toEqual([5, 6, 9, 10].map(g))
    expect(bytes(preview.target)).toEqual([0, 51, 204, 255])
    expect(bytes(preview.output)).toEqual([51, 102, 255, 255])
    expect(bytes(preview.input)).toEqual([0, 0, 0, 0])
  })

  it('keeps a plane smaller than the crop whole and never exceeds 96² by default', () => {
    const small = makeEvalPreview('a', { x: new Float32Array(6), y: Float32Array.from([0, 1, 2, 3, 4, 5]), width: 3, height: 2 }, new Float32Array(6))
    expect([small.width, small.height]).toEqual([3, 2])
    const big = makeEvalPreview('b', { x: new Float32Array(200 * 150), y: new Float32Array(200 * 150), width: 200, height: 150 }, new Float32Array(200 * 150))
    expect([big.width, big.height]).toEqual([96, 96])
    expect(bytes(big.output)).toHaveLength(96 * 96)
  })
})
