import { describe, expect, it } from 'vitest'
import { formatRoi, hitRoi, moveRoi, rectFromPoints, resizeRoi } from './roi-geometry'

const image = { width: 100, height: 80 }

describe('ROI geometry', () => {
  it('makes an integer rectangle from a drag in any direction, clipped to the image', () => {
    expect(rectFromPoints({ x: 10.4, y: 20.6 }, { x: 30.2, y: 5 }, image)).toEqual({ x: 10, y: 5, width: 21, height: 16 })
    expect(rectFromPoints({ x: -5, y: -5 }, { x: 500, y: 500 }, image)).toEqual({ x: 0, y: 0, width: 100, height: 80 })
    expect(rectFromPoints({ x: 3, y: 3 }, { x: 3, y: 9 }, image)).toBeUndefined()
  })

  it('moves a ROI and keeps it whole inside the image', () => {
    const roi = { x: 10, y: 10, width: 20, height: 20 }
    expect(moveRoi(roi, 5.4, -3.6, image)).toEqual({ x: 15, y: 6, width: 20, height: 20 })
    expect(moveRoi(roi, 500, 500, image)).toEqual({ x: 80, y: 60, width: 20, height: 20 })
    expect(moveRoi(roi, -500, 0, image).x).toBe(0)
  })

  it('resizes by a handle, keeps the opposite side, flips past it', () => {
    const roi = { x: 10, y: 10, width: 20, height: 20 }
    expect(resizeRoi(roi, 'se', { x: 50, y: 40 }, image)).toEqual({ x: 10, y: 10, width: 40, height: 30 })
    expect(resizeRoi(roi, 'w', { x: 2, y: 999 }, image)).toEqual({ x: 2, y: 10, width: 28, height: 20 })
    expect(resizeRoi(roi, 'n', { x: 0, y: 40 }, image)).toEqual({ x: 10, y: 30, width: 20, height: 10 })
    expect(resizeRoi(roi, 'e', { x: 10, y: 0 }, image)).toEqual(roi)
  })

  it('finds handles within the tolerance and the body inside', () => {
    const roi = { x: 10, y: 10, width: 20, height: 20 }
    expect(hitRoi(roi, { x: 9, y: 11 }, 2)).toBe('nw')
    expect(hitRoi(roi, { x: 20, y: 30.5 }, 2)).toBe('s')
    expect(hitRoi(roi, { x: 15, y: 25 }, 2)).toBe('move')
    expect(hitRoi(roi, { x: 50, y: 50 }, 2)).toBeUndefined()
    expect(formatRoi(roi)).toBe('ROI x 10, y 10, 20×20 px')
  })
})
