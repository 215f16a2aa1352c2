import { describe, expect, it } from 'vitest'
import { tileGrid } from './tiles'

describe('tileGrid', () => {
  it('is one tile when the image fits', () => {
    expect(tileGrid(2048, 1024, 4096)).toEqual([{ x: 0, y: 0, width: 2048, height: 1024 }])
  })

  it('covers a large image exactly once with edge tiles cut to size', () => {
    const tiles = tileGrid(10_000, 5_000, 4096)
    expect(tiles).toHaveLength(6)
    expect(tiles.at(-1)).toEqual({ x: 8192, y: 4096, width: 1808, height: 904 })
    expect(tiles.reduce((sum, t) => sum + t.width * t.height, 0)).toBe(10_000 * 5_000)
  })

  it('rejects a nonsensical tile size', () => {
    expect(() => tileGrid(10, 10, 0)).toThrow()
  })
})
