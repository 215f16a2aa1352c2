/**
 * Screen ↔ image transforms of the viewer. A view is a zoom (screen pixels per image pixel) and the image point
 * shown at the viewport's centre, so it survives window resizes. Image pixel (i, j) covers [i, i+1) × [j, j+1).
 */

/** Zoom and the image coordinates at the viewport centre. */
export interface ViewState {
  zoom: number
  centerX: number
  centerY: number
}

/** A width × height in pixels. */
export interface Size {
  width: number
  height: number
}

/** A point in screen (viewport) or image coordinates. */
export interface Point {
  x: number
  y: number
}

/** ImageJ's zoom levels (ij.gui.ImageCanvas.zoomLevels), stepped through by `+` and `-`. */
export const ZOOM_LEVELS = [1 / 72, 1 / 48, 1 / 32, 1 / 24, 1 / 16, 1 / 12, 1 / 8, 1 / 6, 1 / 4, 1 / 3, 1 / 2, 0.75, 1, 1.5, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64]
/** Smallest and largest zoom allowed. */
export const MIN_ZOOM = ZOOM_LEVELS[0]
export const MAX_ZOOM = ZOOM_LEVELS[ZOOM_LEVELS.length - 1]

/** Clamps a zoom to [MIN_ZOOM, MAX_ZOOM]. */
export function clampZoom(zoom: number): number {
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom))
}

/** Where image point `p` lands on screen. */
export function imageToScreen(view: ViewState, viewport: Size, p: Point): Point {
  return { x: (p.x - view.centerX) * view.zoom + viewport.width / 2, y: (p.y - view.centerY) * view.zoom + viewport.height / 2 }
}

/** Which image point is under screen point `p`. */
export function screenToImage(view: ViewState, viewport: Size, p: Point): Point {
  return { x: (p.x - viewport.width / 2) / view.zoom + view.centerX, y: (p.y - viewport.height / 2) / view.zoom + view.centerY }
}

/** The integer pixel under screen point `p`, or undefined outside the image. */
export function pixelAt(view: ViewState, viewport: Size, image: Size, p: Point): Point | undefined {
  const q = screenToImage(view, viewport, p)
  const x = Math.floor(q.x)
  const y = Math.floor(q.y)
  return x >= 0 && y >= 0 && x < image.width && y < image.height ? { x, y } : undefined
}

/** The view that shows the whole image centred, as large as fits (never above `maxZoom`, ImageJ opens at ≤ 100 %). */
export function fitView(image: Size, viewport: Size, maxZoom = MAX_ZOOM): ViewState {
  const fit = Math.min(viewport.width / image.width, viewport.height / image.height)
  const zoom = clampZoom(Math.min(maxZoom, fit > 0 && Number.isFinite(fit) ? fit : 1))
  return { zoom, centerX: image.width / 2, centerY: image.height / 2 }
}

/** Zooms to `zoom` keeping the image point under `anchor` (default: the viewport centre) fixed on screen. */
export function zoomTo(view: ViewState, viewport: Size, zoom: number, anchor?: Point): ViewState {
  const at = anchor ?? { x: viewport.width / 2, y: viewport.height / 2 }
  const fixed = screenToImage(view, viewport, at)
  const next = clampZoom(zoom)
  return { zoom: next, centerX: fixed.x - (at.x - viewport.width / 2) / next, centerY: fixed.y - (at.y - viewport.height / 2) / next }
}

/** The next ImageJ zoom level above (direction 1) or below (−1) `zoom`. */
export function stepZoomLevel(zoom: number, direction: 1 | -1): number {
  const eps = 1e-6
  if (direction > 0) return ZOOM_LEVELS.find((level) => level > zoom * (1 + eps)) ?? MAX_ZOOM
  return [...ZOOM_LEVELS].reverse().find((level) => level < zoom * (1 - eps)) ?? MIN_ZOOM
}

/** Moves the view by a screen-space drag of (dx, dy) pixels (the image follows the pointer). */
export function panBy(view: ViewState, dx: number, dy: number): ViewState {
  return { ...view, centerX: view.centerX - dx / view.zoom, centerY: view.centerY - dy / view.zoom }
}

/**
 * Keeps at least `margin` screen pixels of the image inside the viewport so that it can't be lost off-screen.
 */
export function constrainView(view: ViewState, viewport: Size, image: Size, margin = 48): ViewState {
  const halfW = viewport.width / 2 / view.zoom
  const halfH = viewport.height / 2 / view.zoom
  const m = margin / view.zoom
  const clamp = (c: number, half: number, size: number): number => Math.min(Math.max(c, m - half), size - m + half)
  return { ...view, centerX: clamp(view.centerX, halfW, image.width), centerY: clamp(view.centerY, halfH, image.height) }
}

/**
 * The affine map image → WebGL clip space for a viewport of `viewport` device pixels at `dpr` device pixels
 * per CSS pixel: clip = image · scale + offset (y flipped).
 */
export function clipTransform(view: ViewState, viewport: Size, dpr = 1): { scale: [number, number]; offset: [number, number] } {
  const z = view.zoom * dpr
  const sx = (2 * z) / viewport.width
  const sy = (-2 * z) / viewport.height
  return { scale: [sx, sy], offset: [-view.centerX * sx, -view.centerY * sy] }
}
