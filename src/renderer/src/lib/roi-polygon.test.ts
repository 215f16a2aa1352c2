import { describe, expect, it } from 'vitest'
import { addVertex, closesAt, formatPolygon, movePolygon, snapVertex, svgPoints } from './roi-polygon'

const IMAGE = { width: 100, height: 80 }

describe('polygon editing', () => {
  it('snaps clicks to the pixel grid inside the image and skips repeated vertices', () => {
    expect(snapVertex({ x: 10.4, y: 19.6 }, IMAGE)).toEqual([10, 20])
    expect(snapVertex({ x: -3, y: 99 }, IMAGE)).toEqual([0, 80])
    const draft = addVertex(addVertex([], [1, 1]), [1, 1])
    expect(draft).toEqual([[1, 1]])
    expect(addVertex(draft, [5, 1])).toEqual([[1, 1], [5, 1]])
  })

  it('closes near the first vertex only once there are 3 vertices', () => {
    expect(closesAt([[10, 10], [20, 10]], { x: 10, y: 10 }, 2)).toBe(false)
    expect(closesAt([[10, 10], [20, 10], [15, 20]], { x: 11, y: 9 }, 2)).toBe(true)
    expect(closesAt([[10, 10], [20, 10], [15, 20]], { x: 14, y: 10 }, 2)).toBe(false)
  })

  it('moves a polygon whole and stops it at the image edge', () => {
    const triangle: Array<[number, number]> = [[10, 10], [30, 10], [20, 40]]
    expect(movePolygon(triangle, 5.4, -2.6, IMAGE)).toEqual([[15, 7], [35, 7], [25, 37]])
    expect(movePolygon(triangle, 500, -500, IMAGE)).toEqual([[80, 0], [100, 0], [90, 30]])
  })

  it('formats the SVG points and the status line', () => {
    expect(svgPoints([[1, 2], [3, 4], [5, 6]], (p) => ({ x: p.x * 2, y: p.y * 2 }))).toBe('2,4 6,8 10,12')
    expect(formatPolygon([[10, 10], [30, 10], [20, 40]])).toBe('ROI polygon, 3 vertices, box x 10, y 10, 20×30 px')
  })
})
