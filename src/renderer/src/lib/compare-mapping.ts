/**
 * Maps the viewer's view of the input image onto a restored image so both show the same specimen region at the same
 * screen place (synchronized zoom/pan). A restored image covers the input region starting at `origin` (the ROI's
 * corner, or 0,0 for a whole image) with `scale` output pixels per input pixel (2 for sr2x):
 * restored = (input − origin) × scale.
 */
import type { Point, ViewState } from './view-transform'

/** Where a restored image sits in input pixel coordinates. */
export interface RestoredPlacement {
  /** Input pixel at the restored image's (0, 0) corner. */
  origin: Point
  /** Restored pixels per input pixel (≥ 1). */
  scale: number
}

/** Input image point → restored image point. */
export function inputToRestored(p: Point, placement: RestoredPlacement): Point {
  return { x: (p.x - placement.origin.x) * placement.scale, y: (p.y - placement.origin.y) * placement.scale }
}

/** Restored image point → input image point. */
export function restoredToInput(p: Point, placement: RestoredPlacement): Point {
  return { x: p.x / placement.scale + placement.origin.x, y: p.y / placement.scale + placement.origin.y }
}

/** The view of the restored image equivalent to `view` of the input: zoom ÷ scale, same centre in specimen space. */
export function restoredView(view: ViewState, placement: RestoredPlacement): ViewState {
  const center = inputToRestored({ x: view.centerX, y: view.centerY }, placement)
  return { zoom: view.zoom / placement.scale, centerX: center.x, centerY: center.y }
}
