import { describe, expect, it } from 'vitest'
import { clipTransform, constrainView, fitView, imageToScreen, panBy, pixelAt, screenToImage, stepZoomLevel, zoomTo, type ViewState } from './view-transform'

const viewport = { width: 800, height: 600 }
const image = { width: 2048, height: 1024 }

describe('view transforms', () => {
  it('round-trips screen ↔ image', () => {
    const view: ViewState = { zoom: 2.5, centerX: 100.25, centerY: 40 }
    for (const p of [{ x: 0, y: 0 }, { x: 123.5, y: 456.25 }, { x: 800, y: 600 }]) {
      const back = imageToScreen(view, viewport, screenToImage(view, viewport, p))
      expect(back.x).toBeCloseTo(p.x, 9)
      expect(back.y).toBeCloseTo(p.y, 9)
    }
    expect(imageToScreen(view, viewport, { x: 100.25, y: 40 })).toEqual({ x: 400, y: 300 })
  })

  it('fits the whole image, centred, and never above the cap', () => {
    expect(fitView(image, viewport)).toEqual({ zoom: 800 / 2048, centerX: 1024, centerY: 512 })
    expect(fitView({ width: 64, height: 64 }, viewport, 1).zoom).toBe(1)
    expect(fitView({ width: 64, height: 64 }, viewport).zoom).toBeCloseTo(600 / 64)
  })

  it('zooms about the anchor, keeping the image point under it fixed', () => {
    const view: ViewState = { zoom: 1, centerX: 500, centerY: 300 }
    const anchor = { x: 100, y: 500 }
    const before = screenToImage(view, viewport, anchor)
    const next = zoomTo(view, viewport, 4, anchor)
    const after = screenToImage(next, viewport, anchor)
    expect(next.zoom).toBe(4)
    expect(after.x).toBeCloseTo(before.x, 9)
    expect(after.y).toBeCloseTo(before.y, 9)
    expect(zoomTo(view, viewport, 1e6).zoom).toBe(64)
  })

  it('steps through ImageJ zoom levels', () => {
    expect(stepZoomLevel(1, 1)).toBe(1.5)
    expect(stepZoomLevel(1, -1)).toBe(0.75)
    expect(stepZoomLevel(0.39, 1)).toBe(0.5)
    expect(stepZoomLevel(0.39, -1)).toBe(1 / 3)
    expect(stepZoomLevel(64, 1)).toBe(64)
  })

  it('pans with the pointer and finds the pixel under it', () => {
    const view = panBy({ zoom: 2, centerX: 10, centerY: 10 }, 20, -10)
    expect(view).toEqual({ zoom: 2, centerX: 0, centerY: 15 })
    const v: ViewState = { zoom: 4, centerX: 5, centerY: 5 }
    expect(pixelAt(v, { width: 40, height: 40 }, { width: 10, height: 10 }, { x: 20, y: 20 })).toEqual({ x: 5, y: 5 })
    expect(pixelAt(v, { width: 40, height: 40 }, { width: 10, height: 10 }, { x: 19.9, y: 0 })).toEqual({ x: 4, y: 0 })
    expect(pixelAt(v, { width: 40, height: 40 }, { width: 10, height: 10 }, { x: -1, y: 0 })).toBeUndefined()
  })

  it('keeps part of the image on screen', () => {
    const lost = constrainView({ zoom: 1, centerX: 1e6, centerY: -1e6 }, viewport, image)
    expect(imageToScreen(lost, viewport, { x: image.width, y: 0 }).x).toBeCloseTo(48)
    expect(imageToScreen(lost, viewport, { x: 0, y: 0 }).y).toBeCloseTo(600 - 48)
  })

  it('maps the image to clip space consistently with imageToScreen', () => {
    const view: ViewState = { zoom: 1.5, centerX: 300, centerY: 200 }
    const { scale, offset } = clipTransform(view, { width: 1600, height: 1200 }, 2)
    const p = { x: 123, y: 77 }
    const s = imageToScreen(view, viewport, p)
    expect(p.x * scale[0] + offset[0]).toBeCloseTo((s.x / 800) * 2 - 1, 9)
    expect(p.y * scale[1] + offset[1]).toBeCloseTo(1 - (s.y / 600) * 2, 9)
  })
})
