import { describe, expect, it } from 'vitest'
import { fillFieldNoise } from './field-noise'
import { addWeightedTile, buildCanvas } from './canvas'
import { extractTile, reflectIndex } from './plane-tiles'
import { axisStarts, boundsOf, planTiles } from './tile-grid'
import { tileWindow } from './tile-window'

describe('tile grid', () => {
  it('covers the axis with the requested overlap and ends flush with the image', () => {
    expect(axisStarts(100, 64, 16)).toEqual([0, 36])
    expect(axisStarts(64, 64, 16)).toEqual([0])
    expect(axisStarts(40, 64, 16)).toEqual([0])
    const starts = axisStarts(1000, 128, 32)
    for (let i = 1; i < starts.length; i++) expect(starts[i - 1] + 128 - starts[i]).toBeGreaterThanOrEqual(32)
    expect(starts.at(-1)! + 128).toBe(1000)
  })

  it('plans the same tiles for an ROI as the full image has there (grid anchored to image coordinates)', () => {
    const options = { tile: 64, overlap: 16, multiple: 8 }
    const full = planTiles(300, 200, options)
    const roi = planTiles(300, 200, options, { x: 120, y: 50, width: 30, height: 30 }, 8)
    expect(roi.length).toBeGreaterThan(0)
    expect(roi.length).toBeLessThan(full.length)
    for (const tile of roi) expect(full).toContainEqual(tile)
    const b = boundsOf(roi)
    expect(b.x).toBeLessThanOrEqual(112)
    expect(b.x + b.width).toBeGreaterThanOrEqual(158)
  })

  it('refuses tile sizes the network cannot take', () => {
    expect(() => planTiles(100, 100, { tile: 60, overlap: 8, multiple: 8 })).toThrow(expect.objectContaining({ code: 'bad-request' }))
    expect(() => planTiles(100, 100, { tile: 64, overlap: 64, multiple: 8 })).toThrow(/Overlap/)
  })
})

describe('tile window', () => {
  it('is positive, tapers only shared edges and makes overlapping ramps sum to ~1', () => {
    const w = tileWindow(32, 8, { left: true, right: true, top: false, bottom: false })
    expect(Math.min(...w)).toBeGreaterThan(0)
    expect(w[16 * 32 + 0]).toBeLessThan(0.1)
    expect(w[0 * 32 + 16]).toBe(1)
    for (let i = 0; i < 8; i++) expect(w[16 * 32 + i] + w[16 * 32 + (32 - 8 + i)]).toBeCloseTo(1, 5)
  })
})

describe('plane tiles', () => {
  it('reflects out-of-range coordinates like numpy reflect', () => {
    expect([-2, -1, 0, 3, 4, 5].map((i) => reflectIndex(i, 4))).toEqual([2, 1, 0, 3, 2, 1])
    expect(reflectIndex(-9, 4)).toBe(reflectIndex(-9 + 6, 4))
  })

  it('extract → accumulate with the canvas windows → normalize reproduces the plane exactly', () => {
    const width = 50
    const height = 37
    const plane = Float32Array.from({ length: width * height }, (_, i) => Math.sin(i * 0.37) * 100)
    const canvas = buildCanvas(planTiles(width, height, { tile: 16, overlap: 4, multiple: 8 }), width, height, 4)
    expect(canvas.rect).toEqual({ x: 0, y: 0, width, height })
    const sum = new Float32Array(width * height)
    const buffer = new Float32Array(16 * 16)
    canvas.tiles.forEach((rect, i) => addWeightedTile(sum, canvas, i, extractTile(plane, width, height, rect, buffer), 0))
    for (let i = 0; i < plane.length; i++) expect(sum[i] / canvas.weightSum[i]).toBeCloseTo(plane[i], 3)
  })
})

describe('field noise', () => {
  it('depends only on (seed, stream, absolute pixel), so ROI and full image agree', () => {
    const full = fillFieldNoise(7, 3, { x: 0, y: 0, width: 64, height: 64 }, 64, new Float32Array(64 * 64))
    const part = fillFieldNoise(7, 3, { x: 10, y: 20, width: 8, height: 4 }, 64, new Float32Array(32))
    for (let y = 0; y < 4; y++) for (let x = 0; x < 8; x++) expect(part[y * 8 + x]).toBe(full[(20 + y) * 64 + 10 + x])
    const other = fillFieldNoise(7, 4, { x: 0, y: 0, width: 64, height: 64 }, 64, new Float32Array(64 * 64))
    expect(other).not.toEqual(full)
  })

  it('is standard normal', () => {
    const n = fillFieldNoise(1, 0, { x: 0, y: 0, width: 256, height: 256 }, 256, new Float32Array(65536))
    const mean = n.reduce((a, b) => a + b, 0) / n.length
    const variance = n.reduce((a, b) => a + (b - mean) ** 2, 0) / n.length
    expect(Math.abs(mean)).toBeLessThan(0.02)
    expect(Math.abs(variance - 1)).toBeLessThan(0.03)
    let neighbour = 0
    for (let i = 1; i < n.length; i++) neighbour += n[i] * n[i - 1]
    expect(Math.abs(neighbour / n.length)).toBeLessThan(0.02)
  })
})
