import { describe, expect, it } from 'vitest'
import { inputToRestored, restoredToInput, restoredView } from './compare-mapping'
import { imageToScreen } from './view-transform'

const viewport = { width: 640, height: 480 }

describe('compare mapping', () => {
  it('maps input pixels to a 2× restored ROI and back', () => {
    const placement = { origin: { x: 100, y: 50 }, scale: 2 }
    expect(inputToRestored({ x: 110, y: 60 }, placement)).toEqual({ x: 20, y: 20 })
    expect(restoredToInput({ x: 20, y: 20 }, placement)).toEqual({ x: 110, y: 60 })
  })

  it('shows the same specimen point at the same screen place in both views', () => {
    for (const placement of [{ origin: { x: 0, y: 0 }, scale: 2 }, { origin: { x: 37, y: 12 }, scale: 2 }, { origin: { x: 5, y: 9 }, scale: 1 }]) {
      const view = { zoom: 3, centerX: 64.5, centerY: 40.25 }
      const mapped = restoredView(view, placement)
      for (const p of [{ x: 40, y: 20 }, { x: 64.5, y: 40.25 }, { x: 90, y: 70 }]) {
        const a = imageToScreen(view, viewport, p)
        const b = imageToScreen(mapped, viewport, inputToRestored(p, placement))
        expect(b.x).toBeCloseTo(a.x, 9)
        expect(b.y).toBeCloseTo(a.y, 9)
      }
    }
  })
})
