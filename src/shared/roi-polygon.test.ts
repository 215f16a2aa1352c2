import { describe, expect, it } from 'vitest'
import { pointInPolygon, polygonBounds, polygonMask, type Polygon } from './roi-polygon'

// A right triangle with legs of 4 px from (0, 0): inside means x + y < 4 (for pixel centres off the hypotenuse).
const TRIANGLE: Polygon = [[0, 0], [4, 0], [0, 4]]
// A U shape (concave): the notch x in (2, 4), y in (0, 4) is outside.
const U: Polygon = [[0, 0], [2, 0], [2, 4], [4, 4], [4, 0], [6, 0], [6, 6], [0, 6]]

describe('pointInPolygon', () => {
  it('tells inside from outside, also in a concave notch', () => {
    expect(pointInPolygon(1, 1, TRIANGLE)).toBe(true)
    expect(pointInPolygon(3, 3, TRIANGLE)).toBe(false)
    expect(pointInPolygon(-1, 1, TRIANGLE)).toBe(false)
    expect(pointInPolygon(1, 1, U)).toBe(true)
    expect(pointInPolygon(3, 2, U)).toBe(false)
    expect(pointInPolygon(3, 5, U)).toBe(true)
  })
})

describe('polygonBounds', () => {
  it('is the integer box around fractional vertices; undefined for fewer than 3 or a flat polygon', () => {
    expect(polygonBounds([[1.5, 2.2], [7.1, 3], [4, 9.9]])).toEqual({ x: 1, y: 2, width: 7, height: 8 })
    expect(polygonBounds([[0, 0], [3, 3]])).toBeUndefined()
    expect(polygonBounds([[0, 0], [3, 0], [5, 0]])).toBeUndefined()
  })
})

describe('polygonMask', () => {
  it('rasterizes pixel centres: the triangle keeps the 6 pixels with i + j < 3 (centre sums < 4)', () => {
    const mask = polygonMask(TRIANGLE, { x: 0, y: 0, width: 4, height: 4 })
    const rows = Array.from({ length: 4 }, (_, j) => Array.from(mask.subarray(j * 4, j * 4 + 4)).join(''))
    expect(rows).toEqual(['1110', '1100', '1000', '0000'])
  })
  it('works at an output scale and for a rect that does not start at 0', () => {
    const mask = polygonMask(U, { x: 2, y: 3, width: 2, height: 2 }, 2)
    // Input pixels x 2–3, y 3–4 at 2×: the notch (x < 4, y < 4) is 0, the row y ≥ 4 is 1.
    const rows = Array.from({ length: 4 }, (_, j) => Array.from(mask.subarray(j * 4, j * 4 + 4)).join(''))
    expect(rows).toEqual(['0000', '0000', '1111', '1111'])
  })
})
